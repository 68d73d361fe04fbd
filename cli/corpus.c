/* `leaklab corpus check` scores the analyzer against a labels file (see
 * corpus/); `leaklab corpus record` runs scenarios with `leaklab run` and
 * stores their series, compressed, with a labels file to fill in. */
#include "child.h"
#include "commands.h"
#include "inputs.h"
#include "options.h"
#include "output.h"

#include "leaklab/corpus.h"
#include "leaklab/report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: leaklab corpus check LABELS.tsv [--format text|json|junit] [-o FILE]\n"
    "                            [--baseline PREVIOUS.json] [thresholds]\n"
    "       leaklab corpus record SCENARIO[:CONTEXT[:M]]... [--iterations N] -o DIR\n"
    "\n"
    "check: analyses every cell of LABELS.tsv (a snapshot series, .jsonl or .jsonl.gz, or\n"
    "import:FILE[+FILE...] for debugger/counters outputs; paths relative to LABELS.tsv),\n"
    "prints the confusion matrices of verdicts and kinds and each wrong cell; with\n"
    "--baseline, the cells whose outcome changed since that result (--format json).\n"
    "  --format text|json|junit  text (default), the result as JSON, or JUnit XML\n"
    "  -o, --output FILE         write there instead of stdout (atomically)\n"
    "  --baseline PREVIOUS.json  a previous `--format json` result\n"
    "  --allow-outside           let cells name files outside the labels file's folder\n"
    "                            (refused by default: a labels file may come from anyone)\n"
    "\n"
    "record: runs each SCENARIO (CONTEXT default or collectible, recycled every M) with\n"
    "leaklab run, stores DIR/NAME.jsonl.gz and writes DIR/labels.tsv with one cell per\n"
    "run and the verdict column TODO, to fill in (corpus check refuses TODO).\n"
    "  --iterations N            per run (default 60; at least 12 x M for a recycled run)\n"
    "  -o, --output DIR          the folder (created, or empty)\n"
    "\n"
    "The analyzer's threshold options apply to check:\n";

static const char exit_text[] =
    "\n"
    "exit status: 0 every cell right (record: every run recorded), 1 a cell wrong or worse\n"
    "than the baseline, 2 error.\n";

enum { OPT_FORMAT = 'f', OPT_BASELINE = 'b', OPT_ITERATIONS = 'n', OPT_ALLOW_OUTSIDE = 'A' };
enum output_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_JUNIT };

struct check_options {
    const char *labels, *output, *baseline;
    int allow_outside;
    enum output_format format;
    ll_thresholds t;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static json_t *check_cell(const ll_corpus_cell *cell, const ll_thresholds *t)
{
    ll_error err = {0};
    double started = now_seconds();
    ll_report *report = cell->imported
                            ? cli_analyze_imports("corpus", (const char *const *)cell->files, cell->file_count,
                                                  LL_IMPORT_AUTO, t, &err)
                            : cli_analyze_series(cell->files[0], t, &err);
    json_t *j = report ? ll_report_to_json(report) : NULL;
    json_t *outcome = ll_corpus_score(cell, j, err.message, now_seconds() - started);
    json_decref(j);
    ll_report_free(report);
    return outcome;
}

static json_t *load_baseline(const char *path)
{
    json_error_t jerr;
    ll_error err;
    json_t *b = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!b) {
        char reason[JSON_ERROR_TEXT_LENGTH];
        fprintf(stderr, "leaklab corpus: %s:%d: %s\n", path, jerr.line,
                ll_json_error_reason(&jerr, reason, sizeof reason));
        return NULL;
    }
    if (ll_corpus_check_baseline(b, path, &err) < 0) {
        fprintf(stderr, "leaklab corpus: %s\n", err.message);
        json_decref(b);
        return NULL;
    }
    return b;
}

struct result_job {
    const json_t *result;
    enum output_format format;
};

static int write_result(FILE *out, void *context)
{
    const struct result_job *job = context;
    if (job->format == FORMAT_JUNIT)
        return ll_corpus_write_junit(job->result, out);
    if (job->format == FORMAT_JSON)
        return cli_write_json(json_incref((json_t *)job->result), out);
    return ll_corpus_write_text(job->result, out);
}

static int run_check(const struct check_options *o)
{
    ll_error err;
    ll_corpus *c = ll_corpus_load(o->labels, &err);
    if (c && !o->allow_outside && ll_corpus_check_inside(c, &err) < 0) {
        ll_corpus_free(c);
        c = NULL;
    }
    if (!c) {
        fprintf(stderr, "leaklab corpus: %s\n", err.message);
        return 2;
    }
    json_t *baseline = o->baseline ? load_baseline(o->baseline) : NULL;
    if (o->baseline && !baseline) {
        ll_corpus_free(c);
        return 2;
    }
    double started = now_seconds();
    json_t *outcomes = json_array();
    for (size_t i = 0; i < ll_corpus_count(c); i++)
        json_array_append_new(outcomes, check_cell(ll_corpus_cell_at(c, i), &o->t));
    json_t *result = ll_corpus_result(c, outcomes, baseline, now_seconds() - started);
    struct result_job job = {result, o->format};
    /* -o must not be the labels file, the baseline, or any cell's input. */
    size_t n = 0, cap = 2;
    for (size_t i = 0; i < ll_corpus_count(c); i++)
        cap += (size_t)ll_corpus_cell_at(c, i)->file_count;
    const char **inputs = calloc(cap, sizeof *inputs);
    int rc = -1;
    if (inputs) {
        inputs[n++] = o->labels;
        if (o->baseline)
            inputs[n++] = o->baseline;
        for (size_t i = 0; i < ll_corpus_count(c); i++)
            for (int k = 0; k < ll_corpus_cell_at(c, i)->file_count; k++)
                inputs[n++] = ll_corpus_cell_at(c, i)->files[k];
        rc = cli_deliver("corpus", o->output, inputs, n, write_result, &job);
        free(inputs);
    }
    int failed = ll_corpus_failed(result);
    json_decref(result);
    json_decref(baseline);
    ll_corpus_free(c);
    return rc < 0 ? 2 : failed;
}

static int parse_check(int argc, char **argv, struct check_options *o)
{
    static const struct option longopts[] = {
        {"format", required_argument, 0, OPT_FORMAT}, {"output", required_argument, 0, 'o'},
        {"baseline", required_argument, 0, OPT_BASELINE}, {"help", no_argument, 0, 'h'},
        {"allow-outside", no_argument, 0, OPT_ALLOW_OUTSIDE},
        CLI_THRESHOLD_LONGOPTS, {0, 0, 0, 0}};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        if (c == OPT_FORMAT && strcmp(optarg, "text") == 0)
            o->format = FORMAT_TEXT;
        else if (c == OPT_FORMAT && strcmp(optarg, "json") == 0)
            o->format = FORMAT_JSON;
        else if (c == OPT_FORMAT && strcmp(optarg, "junit") == 0)
            o->format = FORMAT_JUNIT;
        else if (c == OPT_FORMAT)
            return cli_bad_value("corpus", "--format", optarg);
        else if (c == 'o')
            o->output = optarg;
        else if (c == OPT_BASELINE)
            o->baseline = optarg;
        else if (c == OPT_ALLOW_OUTSIDE)
            o->allow_outside = 1;
        else if (c == 'h')
            return printf("%s%s%s", usage_text, cli_threshold_usage, exit_text), 1;
        else if (c == '?' || c == ':')
            return fprintf(stderr, "leaklab corpus: unknown or incomplete option '%s'\n", argv[optind - 1]), -1;
        else if (cli_threshold_option("corpus", c, optarg, &o->t) < 0)
            return -1;
    }
    if (optind != argc - 1) {
        fprintf(stderr, "leaklab corpus check: give exactly one labels file (see leaklab corpus --help)\n");
        return -1;
    }
    o->labels = argv[optind];
    return 0;
}

/* --- record -------------------------------------------------------------- */

struct record_spec {
    char scenario[128], context[16];
    long recycle_every; /* 0: not recycled */
};

static int parse_spec(const char *text, struct record_spec *s)
{
    char copy[sizeof s->scenario];
    if (snprintf(copy, sizeof copy, "%s", text) >= (int)sizeof copy)
        return -1;
    char *context = strchr(copy, ':'), *every = NULL;
    if (context) {
        *context++ = '\0';
        if ((every = strchr(context, ':')))
            *every++ = '\0';
    }
    memcpy(s->scenario, copy, sizeof copy);
    snprintf(s->context, sizeof s->context, "%s", context ? context : "default");
    s->recycle_every = 0;
    if (!s->scenario[0] || strspn(s->scenario, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(s->scenario))
        return -1;
    if (strcmp(s->context, "default") != 0 && strcmp(s->context, "collectible") != 0)
        return -1;
    if (every && (strcmp(s->context, "collectible") != 0 || cli_parse_count(every, &s->recycle_every) < 0))
        return -1;
    if (!every && strcmp(s->context, "collectible") == 0)
        s->recycle_every = 1;
    return 0;
}

static int record_one(const struct record_spec *s, long iterations, const char *dir, FILE *labels)
{
    char name[256], path[4400], count[32], every[32];
    if (s->recycle_every > 1)
        snprintf(name, sizeof name, "%s-collectible%ld", s->scenario, s->recycle_every);
    else
        snprintf(name, sizeof name, "%s-%s", s->scenario, s->context);
    snprintf(path, sizeof path, "%s/%s.jsonl", dir, name);
    if (iterations < 12 * (s->recycle_every ? s->recycle_every : 1)) {
        iterations = 12 * s->recycle_every;
        fprintf(stderr, "leaklab corpus: %s: %ld iterations, so that the recycled run has the snapshots the rule "
                        "needs\n", name, iterations);
    }
    snprintf(count, sizeof count, "%ld", iterations);
    snprintf(every, sizeof every, "%ld", s->recycle_every ? s->recycle_every : 1);
    char *run[] = {"leaklab", "run", (char *)s->scenario, "--context", (char *)s->context, "--iterations", count,
                   "--quiet", "--keep-going", "-o", path, s->recycle_every ? "--recycle-every" : NULL, every, NULL};
    int status = cli_run_self(run, -1, NULL);
    if (status != 0 && status != 1)
        return fprintf(stderr, "leaklab corpus: leaklab run %s failed (status %d)\n", name, status), -1;
    char *gzip[] = {"gzip", "-n", "-9", "-f", path, NULL};
    if (cli_run_program(gzip) != 0)
        return fprintf(stderr, "leaklab corpus: gzip %s failed\n", path), -1;
    ll_thresholds t;
    ll_thresholds_default(&t);
    ll_error err;
    snprintf(path, sizeof path, "%s/%s.jsonl.gz", dir, name);
    ll_report *report = cli_analyze_series(path, &t, &err);
    char said[128] = "an error";
    if (report)
        snprintf(said, sizeof said, "%s (%s)", ll_verdict_name(report->verdict), ll_leak_kind_name(report->kind));
    time_t now = time(NULL);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
    fprintf(labels, "%s.jsonl.gz\tTODO\t-\t-\t-\trecorded %s: %s, %s%s%s, %ld iterations; the analyzer said %s\n",
            name, date, s->scenario, s->context, s->recycle_every > 1 ? " recycled every " : "",
            s->recycle_every > 1 ? every : "", iterations, said);
    ll_report_free(report);
    fprintf(stderr, "leaklab corpus: recorded %s.jsonl.gz: %s\n", name, said);
    return 0;
}

static int folder_is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int empty = d != NULL;
    while (d && empty && (e = readdir(d)))
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    if (d)
        closedir(d);
    return empty;
}

static int run_record(int argc, char **argv)
{
    static const struct option longopts[] = {{"iterations", required_argument, 0, OPT_ITERATIONS},
                                             {"output", required_argument, 0, 'o'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    long iterations = 60;
    const char *dir = NULL;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        if (c == OPT_ITERATIONS && cli_parse_count(optarg, &iterations) < 0)
            return cli_bad_value("corpus", "--iterations", optarg), 2;
        else if (c == 'o')
            dir = optarg;
        else if (c == 'h')
            return printf("%s%s%s", usage_text, cli_threshold_usage, exit_text), 0;
        else if (c == '?' || c == ':')
            return fprintf(stderr, "leaklab corpus: unknown or incomplete option '%s'\n", argv[optind - 1]), 2;
    }
    if (!dir || optind == argc)
        return fprintf(stderr, "leaklab corpus record: give SCENARIO... and -o DIR (see leaklab corpus --help)\n"), 2;
    struct record_spec *specs = calloc((size_t)(argc - optind), sizeof *specs);
    for (int i = optind; i < argc; i++)
        if (parse_spec(argv[i], &specs[i - optind]) < 0) {
            free(specs);
            return fprintf(stderr, "leaklab corpus record: '%s': SCENARIO, SCENARIO:CONTEXT or "
                                   "SCENARIO:collectible:M\n", argv[i]), 2;
        }
    char labels_path[4200];
    snprintf(labels_path, sizeof labels_path, "%s/labels.tsv", dir);
    if ((mkdir(dir, 0777) < 0 && errno != EEXIST)) {
        free(specs);
        return fprintf(stderr, "leaklab corpus record: %s: %s\n", dir, strerror(errno)), 2;
    }
    if (!folder_is_empty(dir)) {
        free(specs);
        return fprintf(stderr, "leaklab corpus record: %s: not an empty folder (its series would be replaced): "
                               "record into a new or empty folder\n", dir), 2;
    }
    int fd = open(labels_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    FILE *labels = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!labels) {
        fprintf(stderr, "leaklab corpus record: %s: %s%s\n", labels_path, strerror(errno),
                errno == EEXIST ? " (record into a new folder, or move it away)" : "");
        free(specs);
        return 2;
    }
    setvbuf(labels, NULL, _IOLBF, 0); /* whole lines: a killed recording keeps every cell so far */
    fprintf(labels, "# Recorded by leaklab corpus record. Columns (tab-separated): input, verdicts, kind, never,\n"
                    "# generator, notes. Replace each TODO with the allowed verdicts (see README.md).\n");
    int failed = 0;
    for (int i = 0; i < argc - optind; i++)
        failed |= record_one(&specs[i], iterations, dir, labels) < 0;
    free(specs);
    if (fclose(labels) != 0)
        return fprintf(stderr, "leaklab corpus record: %s: %s\n", labels_path, strerror(errno)), 2;
    return failed ? 2 : 0;
}

int cli_corpus(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "%s%s%s", usage_text, cli_threshold_usage, exit_text);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        printf("%s%s%s", usage_text, cli_threshold_usage, exit_text);
        return 0;
    }
    if (strcmp(argv[1], "record") == 0)
        return run_record(argc - 1, argv + 1);
    if (strcmp(argv[1], "check") != 0) {
        fprintf(stderr, "leaklab corpus: unknown subcommand '%s' (check or record)\n", argv[1]);
        return 2;
    }
    struct check_options o = {0};
    ll_thresholds_default(&o.t);
    int rc = parse_check(argc - 1, argv + 1, &o);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    return run_check(&o);
}
