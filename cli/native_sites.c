/* `leaklab native-sites SCENARIO [run options] [--iterations A,B]`: who
 * allocated the native memory a run keeps. Runs the scenario under
 * heaptrack (Debian's `heaptrack`) at each iteration count, in a `leaklab
 * run` process of its own; reads each run's leaked bytes by allocation
 * site from heaptrack_print's collapsed stacks, through a pipe (they are
 * half a gigabyte for a few calls); attaches them to the longest run's
 * series at the matching snapshots; and analyses that series: each site's
 * bytes per call, beside the malloc slope the same run measured. */
#include "child.h"
#include "commands.h"
#include "output.h"
#include "signals.h"

#include "leaklab/native_sites.h"
#include "leaklab/report.h"
#include "leaklab/text.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: leaklab native-sites SCENARIO [RUN OPTIONS] [--iterations A,B] [-o FILE] [--format text|json]\n"
    "\n"
    "Runs SCENARIO under heaptrack (Debian: apt-get install heaptrack) once per iteration\n"
    "count, each in a leaklab run of its own, and reads the bytes each run still held at its\n"
    "end by allocation site: the first function of the stack that is not an allocation or\n"
    "container helper (malloc, operator new, glib/eglib) nor nameless (Mono's static\n"
    "functions are named by their caller). The sites are added to the snapshots at the same\n"
    "iterations of a run without heaptrack, and that series is analysed: each site's bytes\n"
    "per call, and how much of malloc's slope they explain.\n"
    "\n"
    "options:\n"
    "  --iterations LIST  two or more increasing iteration counts (default 4,20), a run\n"
    "                     under heaptrack each; one more run of the longest, without\n"
    "                     heaptrack (whose bookkeeping is malloc'd in the process) and with\n"
    "                     glibc's per-thread caches off (a cached chunk is free to the\n"
    "                     program but in use to mallinfo2), gives the series its figures\n"
    "  -o, --output FILE  the series (default SCENARIO-CONTEXT-native-sites.jsonl)\n"
    "  --format text|json the analysis printed (default text)\n"
    "  RUN OPTIONS        passed to leaklab run (--context, --recycle-every, --wsdl, ...);\n"
    "                     --heapshot and --retainers are off under heaptrack\n"
    "\n"
    "A run takes about 5 s per proxy call under heaptrack on a 2-core machine. A run under\n"
    "heaptrack that fails is tried up to three times (its unwinder now and then faults in\n"
    "Mono's JIT-compiled frames).\n"
    "\n"
    "exit status: as leaklab analyze's (0 no leak or inconclusive, 1 leak); 2 bad arguments,\n"
    "heaptrack missing, or a run or heaptrack failed.\n";

#define MAX_COUNTS 8
/* Tries per run under heaptrack: its unwinder walks Mono's JIT-compiled
 * frames at every malloc, and now and then faults there, which Mono's
 * SIGSEGV handler turns into an abort: one run of 20 calls in ten here,
 * and both tries of one in a loaded CI run. */
#define ATTEMPTS 3
#define MAX_RUN_ARGS 64

struct options {
    const char *scenario, *output, *format, *context;
    long counts[MAX_COUNTS];
    size_t count_total;
    char *run_args[MAX_RUN_ARGS]; /* passed to leaklab run as given */
    size_t run_arg_count;
};

static int usage_error(const char *fmt, const char *arg)
{
    ll_text_printf(stderr, "leaklab native-sites: ");
    ll_text_printf(stderr, fmt, arg);
    ll_text_printf(stderr, "\n");
    fputs(usage_text, stderr);
    return 2;
}

static int parse_counts(const char *text, struct options *o)
{
    char *copy = strdup(text), *save = NULL;
    int rc = copy ? 0 : -1;
    o->count_total = 0;
    for (char *item = copy ? strtok_r(copy, ",", &save) : NULL; item && rc == 0; item = strtok_r(NULL, ",", &save)) {
        long n;
        if (o->count_total == MAX_COUNTS || cli_parse_count(item, &n) < 0 ||
            (o->count_total && n <= o->counts[o->count_total - 1]))
            rc = -1;
        else
            o->counts[o->count_total++] = n;
    }
    free(copy);
    return rc == 0 && o->count_total >= 2 ? 0 : -1;
}

/* Options that take a value, ours or leaklab run's. */
static int takes_value(const char *arg)
{
    static const char *const with_value[] = {"--context",  "--recycle-every",   "--wsdl",   "--call-timeout-ms",
                                             "--runtime",  "--snapshot-every",  "--assembly", "--entry"};
    for (size_t i = 0; i < sizeof with_value / sizeof with_value[0]; i++)
        if (strcmp(arg, with_value[i]) == 0)
            return 1;
    return 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(usage_text, stdout);
            return 1;
        }
        if (strcmp(arg, "--iterations") == 0 || strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0 ||
            strcmp(arg, "--format") == 0 || takes_value(arg)) {
            if (!value)
                return usage_error("%s needs a value", arg);
            i++;
            if (strcmp(arg, "--iterations") == 0) {
                if (parse_counts(value, o) < 0)
                    return usage_error("--iterations: expected two to eight increasing counts, e.g. 4,16, not '%s'",
                                       value);
                continue;
            }
            if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
                o->output = value;
                continue;
            }
            if (strcmp(arg, "--format") == 0) {
                if (strcmp(value, "text") != 0 && strcmp(value, "json") != 0)
                    return usage_error("--format: expected text or json, not '%s'", value);
                o->format = value;
                continue;
            }
            if (strcmp(arg, "--context") == 0)
                o->context = value;
            if (o->run_arg_count + 2 > MAX_RUN_ARGS)
                return usage_error("too many options%s", "");
            o->run_args[o->run_arg_count++] = argv[i - 1];
            o->run_args[o->run_arg_count++] = argv[i];
            continue;
        }
        if (strcmp(arg, "--heapshot") == 0 || strcmp(arg, "--retainers") == 0 || strcmp(arg, "--quiet") == 0)
            return usage_error("%s: not under heaptrack (the heap walk would be counted as the scenario's)", arg);
        if (arg[0] == '-' && strcmp(arg, "--keep-going") != 0)
            return usage_error("unknown option %s", arg);
        if (arg[0] == '-') {
            o->run_args[o->run_arg_count++] = argv[i];
        } else if (!o->scenario) {
            o->scenario = arg;
        } else {
            return usage_error("one scenario only, not also '%s'", arg);
        }
    }
    if (!o->scenario)
        return usage_error("%s", "a scenario is needed");
    if (o->output && strcmp(o->output, "-") == 0)
        return usage_error("%s", "-o -: the series must be a file (it is analysed once written)");
    return 0;
}

/* Whether PROGRAM is on the PATH. */
static int on_path(const char *program)
{
    const char *path = getenv("PATH");
    char candidate[4096];
    for (const char *p = path ? path : ""; *p;) {
        const char *end = strchr(p, ':');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        snprintf(candidate, sizeof candidate, "%.*s/%s", (int)n, p, program);
        if (n && access(candidate, X_OK) == 0)
            return 1;
        p += n + (end ? 1 : 0);
    }
    return 0;
}

/* Runs the scenario for N iterations into SERIES: under heaptrack, its
 * data in PREFIX.*, with neither heap-shots nor retainers (the heap walk
 * would count as the scenario's); or, PREFIX NULL, as leaklab run would.
 * 0, or -1 after saying why. */

static int run_scenario(const struct options *o, long n, const char *series, const char *prefix)
{
    char self[4096], iterations[32];
    if (cli_self_path(self, sizeof self) < 0)
        return -1;
    snprintf(iterations, sizeof iterations, "%ld", n);
    char *argv[MAX_RUN_ARGS + 20];
    size_t k = 0;
    char *under[] = {"heaptrack", "-o", (char *)prefix};
    char *run[] = {self, "run", (char *)o->scenario, "--iterations", iterations, "--quiet", "-o", (char *)series};
    char *walk_off[] = {"--heapshot", "off", "--retainers", "off"};
    for (size_t i = 0; prefix && i < sizeof under / sizeof under[0]; i++)
        argv[k++] = under[i];
    for (size_t i = 0; i < sizeof run / sizeof run[0]; i++)
        argv[k++] = run[i];
    for (size_t i = 0; prefix && i < sizeof walk_off / sizeof walk_off[0]; i++)
        argv[k++] = walk_off[i];
    for (size_t i = 0; i < o->run_arg_count; i++)
        argv[k++] = o->run_args[i];
    argv[k] = NULL;
    ll_text_printf(stderr, "leaklab native-sites: %s, %ld iterations%s\n", o->scenario, n,
                   prefix ? ", under heaptrack"
                          : ", without heaptrack and glibc's per-thread caches (the series' own figures)");
    /* heaptrack's own lines go to stderr: stdout is the report's. A run
     * without it goes through /proc/self/exe, as sweep's do (this program
     * may be rebuilt meanwhile); heaptrack needs the program's path. */
    int status = prefix ? cli_run_program_to(argv, 2) : cli_run_self(argv, -1, NULL);
    if (status != 0 && !cli_stop_signal())
        ll_text_printf(stderr, "leaklab native-sites: the run of %ld iterations failed (exit status %d)\n", n,
                       status);
    return status;
}

/* Whether a run that ended with STATUS may succeed if tried again: one
 * that crashed (killed, or aborted: heaptrack's unwinder faulting in Mono's
 * JIT frames), not one that refused its options (2) or whose scenario
 * failed (1), nor one the user stopped. */
static int worth_retrying(int status)
{
    return !cli_stop_signal() && status != 0 && status != 1 && status != 2;
}



/* DIR/heaptrack-N's data file (heaptrack adds .zst or .gz), into PATH. */
static int heaptrack_file(const char *dir, long n, char *path, size_t len)
{
    char pattern[4200];
    glob_t g;
    snprintf(pattern, sizeof pattern, "%s/heaptrack-%ld.*", dir, n);
    int rc = glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc == 1 ? 0 : -1;
    if (rc == 0)
        snprintf(path, len, "%s", g.gl_pathv[0]);
    else
        ll_text_printf(stderr, "leaklab native-sites: heaptrack wrote no data file %s\n", pattern);
    globfree(&g);
    return rc;
}

/* The sites of the run of N iterations, from heaptrack_print's collapsed
 * stacks of leaked bytes, read through a pipe. */
static ll_native_sites *read_sites(const char *dir, long n)
{
    char data[4200];
    if (heaptrack_file(dir, n, data, sizeof data) < 0)
        return NULL;
    char *argv[] = {"heaptrack_print", "-f", data, "-p", "0", "-a", "0", "-T", "0", "-l", "0",
                    "--flamegraph-cost-type", "leaked", "-F", "/dev/fd/3", NULL};
    pid_t pid;
    FILE *stacks = cli_start_program_piped(argv, 3, &pid);
    if (!stacks) {
        ll_text_printf(stderr, "leaklab native-sites: cannot run heaptrack_print: %s\n", strerror(errno));
        return NULL;
    }
    ll_error err = {0};
    size_t line;
    ll_native_sites *sites = ll_native_sites_read(stacks, data, &err);
    fclose(stacks);
    int status = cli_wait_program(pid);
    if (sites && status != 0) {
        ll_native_sites_free(sites);
        sites = NULL;
        ll_error_set(&err, "heaptrack_print -f %s failed (exit status %d)", data, status);
    }
    if (!sites)
        ll_text_printf(stderr, "leaklab native-sites: %s\n", err.message);
    else if (ll_native_sites_warning(sites, &line))
        ll_text_printf(stderr, "leaklab native-sites: warning: %s:%zu: %s\n", data, line,
                       ll_native_sites_warning(sites, &line));
    return sites;
}

struct attach {
    const char *series;
    ll_native_sites **sites;
    const long *counts;
    size_t count;
};

static int write_attached(FILE *out, void *context)
{
    const struct attach *a = context;
    FILE *series = fopen(a->series, "r");
    ll_error err = {0};
    if (!series) {
        ll_text_printf(stderr, "leaklab native-sites: %s: %s\n", a->series, strerror(errno));
        return -1;
    }
    int rc = ll_native_sites_attach(series, a->series, out, a->sites, a->counts, a->count, &err);
    fclose(series);
    if (rc < 0)
        ll_text_printf(stderr, "leaklab native-sites: %s\n", err.message);
    return rc;
}

/* Removes the files of DIR that PATTERN (under DIR) matches. */
static void remove_matching(const char *dir, const char *pattern)
{
    char path[4200];
    glob_t g;
    snprintf(path, sizeof path, "%s/%s", dir, pattern);
    if (glob(path, 0, NULL, &g) == 0)
        for (size_t i = 0; i < g.gl_pathc; i++)
            unlink(g.gl_pathv[i]);
    globfree(&g);
}

/* A failed attempt's heaptrack data, which the next would sit beside. */
static void remove_data(const char *dir, long n)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "heaptrack-%ld.*", n);
    remove_matching(dir, pattern);
}

/* Removes DIR and what the runs left in it. */
static void remove_dir(const char *dir)
{
    remove_matching(dir, "*");
    rmdir(dir);
}

/* glibc's per-thread caches (tcache) off for the runs started from now
 * on. A chunk a thread caches is free to the program, and heaptrack counts
 * it freed, but mallinfo2 counts it in use: on Mono's collectible proxy
 * runs that is 10 kB a call of the malloc slope that no site allocated
 * (README.md, "Native allocation sites"). 0, or -1 after saying why. */
static int without_thread_caches(void)
{
    const char *tunables = getenv("GLIBC_TUNABLES");
    char value[4096];
    snprintf(value, sizeof value, "%s%sglibc.malloc.tcache_count=0", tunables ? tunables : "", tunables ? ":" : "");
    if (setenv("GLIBC_TUNABLES", value, 1) == 0)
        return 0;
    ll_text_printf(stderr, "leaklab native-sites: cannot set GLIBC_TUNABLES: %s\n", strerror(errno));
    return -1;
}

static int measure(const struct options *o, const char *dir, const char *output)
{
    ll_native_sites *sites[MAX_COUNTS] = {0};
    char series[4200], prefix[4200], traced[4200];
    int rc = 0;
    for (size_t k = 0; k < o->count_total && rc == 0; k++) {
        snprintf(prefix, sizeof prefix, "%s/heaptrack-%ld", dir, o->counts[k]);
        snprintf(traced, sizeof traced, "%s/traced-%ld.jsonl", dir, o->counts[k]);
        int status = -1;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            remove_data(dir, o->counts[k]);
            status = run_scenario(o, o->counts[k], traced, prefix);
            if (!worth_retrying(status) || attempt == ATTEMPTS)
                break;
            ll_text_printf(stderr, "leaklab native-sites: trying the run of %ld iterations once more\n", o->counts[k]);
        }
        if (status != 0 || cli_stop_signal() || !(sites[k] = read_sites(dir, o->counts[k])))
            rc = 2;
    }
    /* heaptrack's own bookkeeping is malloc'd in the process it traces: the
     * series' figures come from a run of the longest count without it. */
    snprintf(series, sizeof series, "%s/run.jsonl", dir);
    if (rc == 0 && (without_thread_caches() < 0 || run_scenario(o, o->counts[o->count_total - 1], series, NULL) != 0))
        rc = 2;
    struct attach a = {series, sites, o->counts, o->count_total};
    if (rc == 0 && !cli_stop_signal() && cli_deliver("native-sites", output, NULL, 0, write_attached, &a) < 0)
        rc = 2;
    for (size_t k = 0; k < o->count_total; k++)
        ll_native_sites_free(sites[k]);
    return rc;
}

int cli_native_sites(int argc, char **argv)
{
    struct options o = {.format = "text", .context = "default", .counts = {4, 20}, .count_total = 2};
    int parsed = parse_args(argc, argv, &o);
    if (parsed)
        return parsed == 1 ? 0 : parsed;
    if (!on_path("heaptrack") || !on_path("heaptrack_print")) {
        ll_text_printf(stderr, "leaklab native-sites: heaptrack is not installed (Debian: apt-get install "
                       "heaptrack; it provides heaptrack and heaptrack_print)\n");
        return 2;
    }
    char output[4096], dir[] = "/tmp/leaklab-native-sites-XXXXXX";
    if (o.output)
        snprintf(output, sizeof output, "%s", o.output);
    else
        snprintf(output, sizeof output, "%s-%s-native-sites.jsonl", o.scenario, o.context);
    if (!mkdtemp(dir)) {
        ll_text_printf(stderr, "leaklab native-sites: cannot make a temporary folder: %s\n", strerror(errno));
        return 2;
    }
    cli_catch_stop();
    int rc = measure(&o, dir, output);
    remove_dir(dir);
    int stopped_by = cli_stop_signal();
    if (stopped_by) {
        ll_text_printf(stderr, "leaklab native-sites: stopped by SIG%s: nothing written, its temporary folder "
                       "removed\n", sigabbrev_np(stopped_by) ? sigabbrev_np(stopped_by) : "?");
        return 128 + stopped_by;
    }
    if (rc != 0)
        return rc;
    ll_text_printf(stderr, "leaklab native-sites: wrote %s\n", output);
    char *analyze[] = {"analyze", output, "--format", (char *)o.format, NULL};
    return cli_analyze(4, analyze);
}
