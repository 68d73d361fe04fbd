/* See child.h. */
#include "child.h"

#include "leaklab/report.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A child past its deadline is asked to stop (SIGTERM: it records how it
 * ended), then, GRACE_SECONDS later, killed. */
#define GRACE_SECONDS 15

static volatile pid_t running;

pid_t cli_running_child(void)
{
    return running;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits for PID, stopping it once past DEADLINE seconds (0: none). */
static int wait_child(pid_t pid, double deadline, int *timed_out, int *status)
{
    double started = now_seconds();
    int asked = 0;
    for (;;) {
        pid_t done = waitpid(pid, status, deadline > 0 ? WNOHANG : 0);
        if (done == pid)
            return 0;
        if (done < 0 && errno != EINTR)
            return -1;
        if (deadline <= 0)
            continue;
        double waited = now_seconds() - started;
        if (waited >= deadline && !asked) {
            kill(pid, SIGTERM);
            asked = 1;
            *timed_out = 1;
        } else if (waited >= deadline + GRACE_SECONDS) {
            kill(pid, SIGKILL);
        }
        struct timespec pause = {0, 20 * 1000000L};
        nanosleep(&pause, NULL);
    }
}

/* Runs PROGRAM (looked up in PATH unless it has a slash) with ARGV, its
 * standard error ERR (-1: this process's); the signal that killed it, if
 * one did, in *KILLED_BY (may be NULL); stopped past DEADLINE seconds (0:
 * none), *TIMED_OUT (may be NULL) then set. */
static int run_with(const char *program, char *const *argv, int out, int err, int *killed_by, double deadline,
                    int *timed_out)
{
    int late = 0;
    if (killed_by)
        *killed_by = 0;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if ((err >= 0 && dup2(err, 2) < 0) || (out >= 0 && dup2(out, 1) < 0))
            _exit(126);
        execvp(program, argv);
        ll_text_printf(stderr, "leaklab: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    running = pid;
    int status;
    int rc = wait_child(pid, deadline, &late, &status);
    running = 0;
    if (timed_out)
        *timed_out = late;
    if (rc < 0)
        return -1;
    if (WIFSIGNALED(status) && killed_by)
        *killed_by = WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run(const char *program, char *const *argv, int err, int *killed_by, double deadline, int *timed_out)
{
    return run_with(program, argv, -1, err, killed_by, deadline, timed_out);
}

int cli_run_program(char *const *argv)
{
    return run(argv[0], argv, -1, NULL, 0, NULL);
}

int cli_run_program_to(char *const *argv, int out)
{
    return run_with(argv[0], argv, out, -1, NULL, 0, NULL);
}

FILE *cli_start_program_piped(char *const *argv, int child_fd, pid_t *pid)
{
    int ends[2];
    if (pipe(ends) < 0)
        return NULL;
    *pid = fork();
    if (*pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null < 0 || dup2(null, 1) < 0 || dup2(ends[1], child_fd) < 0)
            _exit(126);
        execvp(argv[0], argv);
        ll_text_printf(stderr, "leaklab: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(ends[1]);
    FILE *f = *pid > 0 ? fdopen(ends[0], "r") : NULL;
    if (!f)
        close(ends[0]);
    if (!f && *pid > 0)
        cli_wait_program(*pid);
    return f;
}

int cli_wait_program(pid_t pid)
{
    int status, late = 0;
    running = pid;
    int rc = wait_child(pid, 0, &late, &status);
    running = 0;
    return rc == 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int cli_self_path(char *buf, size_t len)
{
    ssize_t n = readlink("/proc/self/exe", buf, len - 1);
    if (n < 0) {
        ll_text_printf(stderr, "leaklab: cannot find this program: %s\n", strerror(errno));
        return -1;
    }
    buf[n] = '\0';
    return 0;
}

int cli_run_self(char **argv, int err, int *killed_by)
{
    return cli_run_self_until(argv, err, killed_by, 0, NULL);
}

int cli_run_self_until(char **argv, int err, int *killed_by, double deadline, int *timed_out)
{
    char self[4096];
    if (cli_self_path(self, sizeof self) < 0)
        return -1;
    argv[0] = self;
    /* Through /proc/self/exe: a long sweep keeps working when the program
     * file is rebuilt or replaced meanwhile (the running one is still there). */
    return run("/proc/self/exe", argv, err, killed_by, deadline, timed_out);
}
