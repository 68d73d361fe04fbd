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

#include "leaklab/analyzer.h"
#include "leaklab/report.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
    "usage: leaklab sweep SCENARIO --recycle-every LIST [--iterations N] [--wsdl PATH|URL] [-o DIR]\n"
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
    "  -o, --output DIR      the folder (default sweep-SCENARIO; created)\n"
    "\n"
    "exit status: 0 every point measured, 2 an error.\n";

#define MAX_POINTS 32
#define CALLS_PER_RECYCLE_NEEDED 12

enum { OPT_RECYCLE = 'm', OPT_ITERATIONS = 'n', OPT_WSDL = 'w' };

struct sweep_options {
    const char *scenario, *wsdl, *dir;
    long every[MAX_POINTS];
    int count;
    long iterations;
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
        else if (c == OPT_WSDL)
            o->wsdl = optarg;
        else if (c == 'o')
            o->dir = optarg;
        else if (c == 'h')
            return fputs(usage_text, stdout), 1;
        else if (c == '?' || c == ':')
            return fprintf(stderr, "leaklab sweep: unknown or incomplete option '%s'\n", argv[optind - 1]), -1;
    }
    if (optind != argc - 1 || !o->count) {
        fprintf(stderr, "leaklab sweep: give one SCENARIO and --recycle-every LIST (see leaklab sweep --help)\n");
        return -1;
    }
    o->scenario = argv[optind];
    return 0;
}

/* Runs one point (EVERY 0: the default context) and returns its JSON, or
 * NULL after saying why. */
static json_t *measure_point(const struct sweep_options *o, long every)
{
    char path[4300], calls[32], m[32];
    long iterations = o->iterations;
    if (every && iterations < CALLS_PER_RECYCLE_NEEDED * every) {
        iterations = CALLS_PER_RECYCLE_NEEDED * every;
        fprintf(stderr, "leaklab sweep: M=%ld: %ld calls are too few (one snapshot per unload, 8 needed after "
                        "warm-up): running %ld\n", every, o->iterations, iterations);
    }
    snprintf(calls, sizeof calls, "%ld", iterations);
    snprintf(m, sizeof m, "%ld", every);
    if (every)
        snprintf(path, sizeof path, "%s/%s-collectible%ld.jsonl", o->dir, o->scenario, every);
    else
        snprintf(path, sizeof path, "%s/%s-default.jsonl", o->dir, o->scenario);
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
    fprintf(stderr, "leaklab sweep: %s%s, %ld calls\n", every ? "M=" : "", every ? m : "default context", iterations);
    int status = cli_run_self(run);
    if (status != 0) {
        fprintf(stderr, "leaklab sweep: leaklab run for M=%ld failed (status %d)\n", every, status);
        return NULL;
    }
    ll_thresholds t;
    ll_thresholds_default(&t);
    ll_error err;
    ll_report *report = cli_analyze_series(path, &t, &err);
    if (!report) {
        fprintf(stderr, "leaklab sweep: %s\n", err.message);
        return NULL;
    }
    json_t *point = ll_sweep_point(every, path, report);
    ll_report_free(report);
    return point;
}

static int write_json(FILE *out, void *sweep)
{
    return cli_write_json(json_incref(sweep), out);
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
        fprintf(stderr, "leaklab sweep: %s: %s\n", o.dir, errno == EEXIST ? "not a directory" : strerror(errno));
        return 2;
    }
    json_t *points = json_array();
    int failed = 0;
    for (int i = -1; i < o.count && !failed; i++) {
        json_t *point = measure_point(&o, i < 0 ? 0 : o.every[i]);
        failed = !point;
        json_array_append_new(points, point);
    }
    if (failed) {
        json_decref(points);
        return 2;
    }
    ll_sweep_mark_pareto(points);
    json_t *sweep = json_pack("{ss ss* sI so}", "scenario", o.scenario, "wsdl", o.wsdl, "iterations",
                              (json_int_t)o.iterations, "points", points);
    char json_path[4300], md_path[4300];
    snprintf(json_path, sizeof json_path, "%s/sweep.json", o.dir);
    snprintf(md_path, sizeof md_path, "%s/sweep.md", o.dir);
    rc = cli_deliver("sweep", json_path, NULL, 0, write_json, sweep) < 0 ||
         cli_deliver("sweep", md_path, NULL, 0, write_markdown, sweep) < 0;
    if (rc == 0)
        ll_sweep_write_markdown(sweep, stdout);
    json_decref(sweep);
    return rc ? 2 : 0;
}
