/* `leaklab sweep SCENARIO --recycle-every LIST`: one run per M in LIST in a
 * collectible AppDomain recycled every M calls, plus the default context
 * for reference, each in a `leaklab run` process of its own; then each
 * point's time and kept bytes per call, and the Pareto front, in
 * DIR/sweep.json and DIR/sweep.md. */
#include "child.h"
#include "commands.h"
#include "inputs.h"
#include "options.h"
#include "output.h"
#include "signals.h"

#include "leaklab/analyzer.h"
#include "leaklab/report.h"
#include "leaklab/text.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: leaklab sweep SCENARIO --recycle-every LIST [--iterations N] [--wsdl PATH|URL] [--run-timeout S]\n"
    "                     [-o DIR]\n"
    "\n"
    "Runs SCENARIO in a collectible AppDomain recycled every M calls, for each M in LIST\n"
    "(comma-separated, e.g. 1,2,5,10,20,50,100), and in the default context for reference;\n"
    "analyses each run, and writes DIR/sweep.json and DIR/sweep.md: time per call, bytes kept\n"
    "per call per series with intervals, verdict and grade, and the Pareto front of time\n"
    "against kept bytes. Each run's snapshots stay in DIR.\n"
    "\n"
    "options:\n"
    "  --recycle-every LIST  the values of M\n"
    "  --iterations N        calls per run (default 60). A run recycled every M calls takes a\n"
    "                        snapshot per unload, and the verdict needs 8 after warm-up: at\n"
    "                        least 12 x M calls, which the run is given if N is smaller (said)\n"
    "  --wsdl PATH|URL       passed to leaklab run\n"
    "  --run-timeout S       stop a run still going after S seconds (SIGTERM, then SIGKILL): a\n"
    "                        failed attempt, \"no result after S s\" (default: none)\n"
    "  -o, --output DIR      the folder (default sweep-SCENARIO; created)\n"
    "\n"
    "A run that fails (Mono may die of an assertion in a domain unload) is tried once more;\n"
    "each failed attempt is recorded in sweep.json's failures (signal or exit status, and\n"
    "Mono's last line), each run's standard error is in DIR/RUN.jsonl.log.\n"
    "\n"
    "Ctrl-C (SIGINT) or SIGTERM stops the whole sweep: the run going on is stopped, and\n"
    "sweep.json and sweep.md hold the points measured, marked \"interrupted\".\n"
    "\n"
    "exit status: 0 every point measured, 1 a point failed twice (the others are measured\n"
    "and written), 2 an error (one writing the results included), 130 or 143 interrupted.\n";

#define MAX_POINTS 32
#define CALLS_PER_RECYCLE_NEEDED 12
#define ATTEMPTS_PER_POINT 2

enum { OPT_RECYCLE = 'm', OPT_ITERATIONS = 'n', OPT_WSDL = 'w', OPT_RUN_TIMEOUT = 't' };

struct sweep_options {
    const char *scenario, *wsdl, *dir;
    long every[MAX_POINTS];
    int count;
    long iterations;
    long run_timeout; /* seconds; 0: none */
};

static int parse_list(const char *text, struct sweep_options *o)
{
    char copy[512], *save = NULL;
    if (snprintf(copy, sizeof copy, "%s", text) >= (int)sizeof copy)
        return -1;
    for (char *m = strtok_r(copy, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
        if (o->count == MAX_POINTS || cli_parse_count(m, &o->every[o->count]) < 0 || o->every[o->count] > 100000)
            return -1;
        for (int i = 0; i < o->count; i++)
            if (o->every[i] == o->every[o->count])
                return -1;
        o->count++;
    }
    return o->count ? 0 : -1;
}

static int parse_args(int argc, char **argv, struct sweep_options *o)
{
    static const struct option longopts[] = {{"recycle-every", required_argument, 0, OPT_RECYCLE},
                                             {"iterations", required_argument, 0, OPT_ITERATIONS},
                                             {"wsdl", required_argument, 0, OPT_WSDL},
                                             {"run-timeout", required_argument, 0, OPT_RUN_TIMEOUT},
                                             {"output", required_argument, 0, 'o'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        if (c == OPT_RECYCLE && parse_list(optarg, o) < 0)
            return cli_bad_value("sweep", "--recycle-every", optarg);
        else if (c == OPT_ITERATIONS && cli_parse_count(optarg, &o->iterations) < 0)
            return cli_bad_value("sweep", "--iterations", optarg);
        else if (c == OPT_RUN_TIMEOUT && cli_parse_count(optarg, &o->run_timeout) < 0)
            return cli_bad_value("sweep", "--run-timeout", optarg);
        else if (c == OPT_WSDL)
            o->wsdl = optarg;
        else if (c == 'o')
            o->dir = optarg;
        else if (c == 'h')
            return fputs(usage_text, stdout), cli_flush_stdout("sweep") < 0 ? -1 : 1;
        else if (c == '?' || c == ':')
            return ll_text_printf(stderr, "leaklab sweep: unknown or incomplete option '%s'\n", argv[optind - 1]), -1;
    }
    if (optind != argc - 1 || !o->count) {
        ll_text_printf(stderr, "leaklab sweep: give one SCENARIO and --recycle-every LIST (see leaklab sweep --help)\n");
        return -1;
    }
    o->scenario = argv[optind];
    return 0;
}

/* The last line of LOG that carries Mono's assertion (or, failing that,
 * its last non-empty line), cut to fit LINE; "" if none. */
static void crash_line(const char *log, char *line, size_t len)
{
    char buf[1024], last[1024] = "";
    line[0] = '\0';
    FILE *f = fopen(log, "r");
    while (f && fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = '\0';
        if (strstr(buf, "Assertion at") || strstr(buf, "assertion"))
            snprintf(line, len, "%s", buf);
        if (buf[0])
            snprintf(last, sizeof last, "%s", buf);
    }
    if (f)
        fclose(f);
    if (!line[0])
        snprintf(line, len, "%s", last);
}

/* Runs `leaklab run` for one point, its standard error in LOG. Returns its
 * exit status, or -1 with the signal that ended it in *KILLED_BY. */
static int run_point(char **run, const char *log, long timeout, int *killed_by, int *timed_out)
{
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        ll_text_printf(stderr, "leaklab sweep: %s: %s\n", log, strerror(errno));
        return -1;
    }
    int status = cli_run_self_until(run, fd, killed_by, (double)timeout, timed_out);
    close(fd);
    return status;
}

/* Why a run that said nothing failed, when its disk can tell: a full disk
 * also kept its standard error (in DIR) from being written. */
static void silent_failure(const char *dir, char *line, size_t len)
{
    struct statvfs fs;
    if (statvfs(dir, &fs) == 0 && fs.f_bavail == 0)
        snprintf(line, len, "the disk holding %.900s is full", dir);
    else
        snprintf(line, len, "(nothing on its standard error)");
}

/* Records a failed attempt at a point in S: its M, attempt number, how
 * it ended (exit status or signal) and Mono's last word. */
static void failed_attempt(ll_sweep *s, long every, int attempt, int status, int killed_by, long timed_out,
                           const char *log, const char *dir)
{
    char line[1024], how[64];
    crash_line(log, line, sizeof line);
    if (timed_out)
        snprintf(line, sizeof line, "no result after %ld s (--run-timeout): stopped", timed_out);
    else if (!line[0])
        silent_failure(dir, line, sizeof line);
    const char *name = killed_by ? sigabbrev_np(killed_by) : NULL;
    if (killed_by)
        snprintf(how, sizeof how, "died of SIG%s", name ? name : "?");
    else
        snprintf(how, sizeof how, "exited with status %d", status);
    ll_text_printf(stderr, "leaklab sweep: M=%ld, attempt %d: leaklab run %s: %s\n", every, attempt, how, line);
    ll_sweep_failure *f = ll_result_sweep_add_failure(s);
    if (!f)
        return;
    *f = (ll_sweep_failure){.recycle_every = every, .attempt = attempt, .signal = killed_by, .exit_status = status,
                            .signal_name = killed_by ? strdup(name ? name : "?") : NULL, .message = strdup(line),
                            .log = strdup(log)};
}

/* Runs one point (EVERY 0: the default context) and adds it to S; 0, -1
 * after saying why, or -2 when the sweep was asked to stop. A `leaklab
 * run` that fails (Mono can die in a domain unload, or outlive
 * --run-timeout) is recorded in S's failures and tried once more. */
static int measure_point(const struct sweep_options *o, long every, ll_sweep *s)
{
    char path[4300], log[4400], calls[32], m[32];
    long iterations = o->iterations;
    if (every && iterations < CALLS_PER_RECYCLE_NEEDED * every) {
        iterations = CALLS_PER_RECYCLE_NEEDED * every;
        ll_text_printf(stderr, "leaklab sweep: M=%ld: %ld calls are too few (one snapshot per unload, 8 needed after "
                        "warm-up): running %ld\n", every, o->iterations, iterations);
    }
    snprintf(calls, sizeof calls, "%ld", iterations);
    snprintf(m, sizeof m, "%ld", every);
    if (every)
        snprintf(path, sizeof path, "%s/%s-collectible%ld.jsonl", o->dir, o->scenario, every);
    else
        snprintf(path, sizeof path, "%s/%s-default.jsonl", o->dir, o->scenario);
    snprintf(log, sizeof log, "%s.log", path);
    char *run[16] = {"leaklab", "run", (char *)o->scenario, "--iterations", calls, "--quiet", "-o", path,
                     "--context", every ? "collectible" : "default"};
    int n = 10;
    if (every) {
        run[n++] = "--recycle-every";
        run[n++] = m;
    }
    if (o->wsdl) {
        run[n++] = "--wsdl";
        run[n++] = (char *)o->wsdl;
    }
    run[n] = NULL;
    int status = -1;
    for (int attempt = 1; attempt <= ATTEMPTS_PER_POINT && status != 0; attempt++) {
        ll_text_printf(stderr, "leaklab sweep: %s%s, %ld calls%s\n", every ? "M=" : "", every ? m : "default context",
                iterations, attempt > 1 ? ", once more" : "");
        int killed_by, timed_out;
        status = run_point(run, log, o->run_timeout, &killed_by, &timed_out);
        if (cli_stop_signal())
            return -2; /* not a failure of the run's: not recorded, not tried again */
        if (status != 0)
            failed_attempt(s, every, attempt, status, killed_by, timed_out ? o->run_timeout : 0, log, o->dir);
    }
    if (status != 0)
        return -1;
    ll_thresholds t;
    ll_thresholds_default(&t);
    ll_error err;
    ll_report *report = cli_analyze_series(path, &t, &err);
    if (!report) {
        ll_text_printf(stderr, "leaklab sweep: %s\n", err.message);
        return -1;
    }
    int rc = ll_result_sweep_add_measured(s, every, path, report);
    ll_result_free(report);
    if (rc < 0)
        ll_text_printf(stderr, "leaklab sweep: M=%ld: out of memory\n", every);
    return rc;
}

static int write_json(FILE *out, void *sweep)
{
    return cli_write_json(ll_sweep_to_json(sweep), out);
}

static int write_markdown(FILE *out, void *sweep)
{
    return ll_sweep_write_markdown(sweep, out);
}

int cli_sweep(int argc, char **argv)
{
    struct sweep_options o = {.iterations = 60};
    int rc = parse_args(argc, argv, &o);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    char default_dir[300];
    if (!o.dir) {
        snprintf(default_dir, sizeof default_dir, "sweep-%s", o.scenario);
        o.dir = default_dir;
    }
    struct stat st;
    if ((mkdir(o.dir, 0777) < 0 && errno != EEXIST) || stat(o.dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
        ll_text_printf(stderr, "leaklab sweep: %s: %s\n", o.dir, errno == EEXIST ? "not a directory" : strerror(errno));
        return 2;
    }
    ll_sweep *sweep = ll_result_sweep_new(o.scenario, o.wsdl, o.iterations);
    if (!sweep) {
        ll_text_printf(stderr, "leaklab sweep: out of memory\n");
        return 2;
    }
    int unmeasured = 0;
    cli_catch_stop();
    for (int i = -1; i < o.count && !cli_stop_signal(); i++)
        unmeasured += measure_point(&o, i < 0 ? 0 : o.every[i], sweep) == -1;
    int stopped_by = cli_stop_signal();
    if (stopped_by) {
        char name[32];
        snprintf(name, sizeof name, "SIG%s", sigabbrev_np(stopped_by) ? sigabbrev_np(stopped_by) : "?");
        sweep->interrupted = strdup(name);
        ll_text_printf(stderr, "leaklab sweep: %s: stopped; the points measured are written\n", name);
    }
    ll_result_sweep_mark_pareto(sweep);
    char json_path[4300], md_path[4300];
    snprintf(json_path, sizeof json_path, "%s/sweep.json", o.dir);
    snprintf(md_path, sizeof md_path, "%s/sweep.md", o.dir);
    rc = cli_deliver("sweep", json_path, NULL, 0, write_json, sweep) < 0 ||
         cli_deliver("sweep", md_path, NULL, 0, write_markdown, sweep) < 0;
    if (rc == 0 && (ll_sweep_write_markdown(sweep, stdout) < 0 || cli_flush_stdout("sweep") < 0))
        rc = 1;
    ll_result_sweep_free(sweep);
    if (rc == 0 && unmeasured)
        ll_text_printf(stderr, "leaklab sweep: %d point(s) not measured after %d attempts: see failures in %s\n",
                unmeasured, ATTEMPTS_PER_POINT, json_path);
    return rc ? 2 : stopped_by ? 128 + stopped_by : unmeasured ? 1 : 0;
}
