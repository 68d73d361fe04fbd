/* How fast `leaklab analyze` reads a long soak run, end to end (the
 * read-speed issue's goal: 250 MB/s or more, at most 20 times `wc -l` on
 * the same file, peak RSS under 64 MB on the snapshot-heavy series), on
 * three generated series of 500 MB or more (synthetic_series.c):
 *   analyzer/read_speed/snapshots    a snapshot per iteration, 4 kB each;
 *   analyzer/read_speed/assemblies   50 assembly records per iteration;
 *   analyzer/read_speed/heap_shots   a snapshot per iteration with 700
 *                                    heap-shot rows (the host's default).
 * `wc -l` runs on the same file in the same benchmark, untimed, and its
 * time is a counter beside the analysis's. Each runs in a process of its
 * own (bench/run), so that the peak RSS is its own. */
#include "benches.h"

#include "leaklab/analyzer.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct read_speed {
    bench_series_shape shape;
    long iterations; /* enough for 500 MB or more */
};

static const struct read_speed snapshots = {BENCH_SERIES_SNAPSHOTS, 125000};
static const struct read_speed assemblies = {BENCH_SERIES_ASSEMBLIES, 130000};
static const struct read_speed heap_shots = {BENCH_SERIES_HEAP_SHOTS, 12000};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds `wc -l PATH` takes (its output thrown away), or -1. */
static double time_wc(const char *path)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    char *argv[] = {"wc", "-l", (char *)path, NULL};
    pid_t pid;
    double start = now();
    int rc = posix_spawnp(&pid, "wc", &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    int status;
    if (rc != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return now() - start;
}

struct wc_times {
    const char *path;
    double seconds;
    long runs;
};

/* After each analysis, untimed: `wc -l` on the same file. */
static void time_wc_untimed(llb_state *st, ll_report *report, void *user)
{
    (void)report;
    struct wc_times *wc = user;
    llb_pause_timing(st);
    double seconds = time_wc(wc->path);
    if (seconds < 0) {
        llb_skip_with_error(st, "wc -l failed");
    } else {
        wc->seconds += seconds;
        wc->runs++;
    }
    llb_resume_timing(st);
}

static void bm_read_speed(llb_state *st, void *user)
{
    const struct read_speed *r = user;
    char path[128];
    snprintf(path, sizeof path, "/tmp/leaklab-bench-read-%d.jsonl", (int)getpid());
    struct stat info;
    if (bench_write_series(path, r->shape, r->iterations) != 0 || stat(path, &info) != 0) {
        llb_skip_with_error(st, "cannot write the synthetic series to /tmp");
        unlink(path);
        return;
    }
    struct wc_times wc = {path, 0, 0};
    bench_analyze_loop(st, path, time_wc_untimed, &wc);
    unlink(path);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    llb_set_bytes_processed(st, llb_iterations(st) * (int64_t)info.st_size);
    llb_set_counter(st, "input_bytes", (double)info.st_size, LLB_COUNTER_PLAIN);
    llb_set_counter(st, "wc_seconds", wc.runs ? wc.seconds / (double)wc.runs : -1, LLB_COUNTER_PLAIN);
    llb_set_counter(st, "peak_rss_bytes", (double)usage.ru_maxrss * 1024, LLB_COUNTER_PLAIN);
}

void register_read_speed_benches(void)
{
    llb_set_time_unit(llb_register("analyzer/read_speed/snapshots", bm_read_speed, (void *)&snapshots),
                      LLB_MILLISECOND);
    llb_set_time_unit(llb_register("analyzer/read_speed/assemblies", bm_read_speed, (void *)&assemblies),
                      LLB_MILLISECOND);
    llb_set_time_unit(llb_register("analyzer/read_speed/heap_shots", bm_read_speed, (void *)&heap_shots),
                      LLB_MILLISECOND);
}
