/* The host's embedding overhead: the same scenario loop run by
 * `leaklab run` (snapshots only at the start and the end) and by a small C#
 * driver under the plain `mono` command, each as a whole process timed on
 * the wall clock. bench/run reports the ratio (goal: within 5 %). */
#include "benches.h"

#include "leaklab/host.h"

#include <limits.h>
#include <libgen.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define EMBEDDING_SCENARIO "proxy-per-call"
#define EMBEDDING_CALLS "20"

extern char **environ;

/* The plain `mono` run gets the thread suspend mode the host sets for
 * itself (see host/src/runtime.c), so that the ratio compares embedding,
 * not runtime settings. */
static int run_process(char *const argv[])
{
    setenv("MONO_THREADS_SUSPEND", "preemptive", 1);
    pid_t pid;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", 1, 0);
    int rc = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    int status;
    if (rc != 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static void bin_dir(char *out, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    snprintf(out, len, "%s", dirname(exe));
}

static void time_process(llb_state *st, char *const argv[])
{
    while (llb_keep_running(st))
        if (run_process(argv) < 0) {
            llb_skip_with_error(st, "the process failed");
            return;
        }
    llb_set_label(st, EMBEDDING_SCENARIO " x" EMBEDDING_CALLS);
}

static void bm_leaklab_run(llb_state *st, void *user)
{
    (void)user;
    char leaklab[PATH_MAX + 16];
    bin_dir(leaklab, PATH_MAX);
    strcat(leaklab, "/leaklab");
    char *argv[] = {leaklab, "run", EMBEDDING_SCENARIO, "--iterations", EMBEDDING_CALLS, "--snapshot-every",
                    EMBEDDING_CALLS, "--quiet", "-o", "/dev/null", NULL};
    time_process(st, argv);
}

static void bm_plain_mono(llb_state *st, void *user)
{
    (void)user;
    char driver[PATH_MAX + 64], assembly[PATH_MAX], entry[512];
    ll_error err;
    if (ll_host_builtin_scenario(EMBEDDING_SCENARIO, NULL, assembly, sizeof assembly, entry, sizeof entry, &err) < 0) {
        llb_skip_with_error(st, err.message);
        return;
    }
    snprintf(driver, sizeof driver, "%s/leaklab-loop-driver.exe", ll_host_lib_dir());
    char *argv[] = {"mono", driver, assembly, entry, EMBEDDING_CALLS, NULL};
    time_process(st, argv);
}

/* One process per run: bench/run asks for repetitions (the customer's loop
 * spawns the C# compiler, so one run varies by several percent) and the
 * report compares the means. */
static void register_timed_process(const char *name, llb_function fn)
{
    llb_set_iterations(llb_set_time_unit(llb_use_real_time(llb_register(name, fn, NULL)), LLB_MILLISECOND), 1);
}

void register_embedding_benches(void)
{
    register_timed_process("embedding/leaklab-run", bm_leaklab_run);
    register_timed_process("embedding/plain-mono", bm_plain_mono);
}
