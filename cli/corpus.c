/* `leaklab corpus`: the command's usage and subcommands, and `corpus
 * check`, which scores the analyzer against a labels file (see corpus/);
 * `corpus record` is in corpus_record.c. */
#include "commands.h"
#include "inputs.h"
#include "options.h"
#include "output.h"

#include "leaklab/corpus.h"
#include "leaklab/report.h"
#include "leaklab/text.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

enum { OPT_FORMAT = 'f', OPT_BASELINE = 'b', OPT_ALLOW_OUTSIDE = 'A' };
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

static int check_cell(ll_corpus_result *r, const ll_corpus_cell *cell, const ll_thresholds *t)
{
    ll_error err = {0};
    double started = now_seconds();
    ll_report *report = cell->imported
                            ? cli_analyze_imports("corpus", (const char *const *)cell->files, cell->file_count,
                                                  LL_IMPORT_AUTO, t, &err)
                            : cli_analyze_series(cell->files[0], t, &err);
    json_t *j = report ? ll_report_to_json(report) : NULL;
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    int rc = ll_corpus_score(r, cell, text, report && !text ? "out of memory" : err.message, now_seconds() - started);
    free(text);
    json_decref(j);
    ll_result_free(report);
    return rc;
}

struct result_job {
    const ll_corpus_result *result;
    enum output_format format;
};

static int write_result(FILE *out, void *context)
{
    const struct result_job *job = context;
    if (job->format == FORMAT_JUNIT)
        return ll_corpus_write_junit(job->result, out);
    if (job->format == FORMAT_JSON)
        return ll_corpus_write_json(job->result, out);
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
        ll_text_printf(stderr, "leaklab corpus: %s\n", err.message);
        return 2;
    }
    ll_corpus_result *baseline = o->baseline ? ll_corpus_result_load(o->baseline, &err) : NULL;
    ll_corpus_result *result = baseline || !o->baseline ? ll_corpus_result_new(c) : NULL;
    if (!result) {
        ll_text_printf(stderr, "leaklab corpus: %s\n", o->baseline && !baseline ? err.message : "out of memory");
        ll_corpus_result_free(baseline);
        ll_corpus_free(c);
        return 2;
    }
    double started = now_seconds();
    for (size_t i = 0; i < ll_corpus_count(c); i++)
        if (check_cell(result, ll_corpus_cell_at(c, i), &o->t) < 0) {
            ll_text_printf(stderr, "leaklab corpus: out of memory\n");
            ll_corpus_result_free(result);
            ll_corpus_result_free(baseline);
            ll_corpus_free(c);
            return 2;
        }
    ll_corpus_finish(result, baseline, now_seconds() - started);
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
    ll_corpus_result_free(result);
    ll_corpus_result_free(baseline);
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
            return ll_text_printf(stderr, "leaklab corpus: unknown or incomplete option '%s'\n", argv[optind - 1]), -1;
        else if (cli_threshold_option("corpus", c, optarg, &o->t) < 0)
            return -1;
    }
    if (optind != argc - 1) {
        ll_text_printf(stderr, "leaklab corpus check: give exactly one labels file (see leaklab corpus --help)\n");
        return -1;
    }
    o->labels = argv[optind];
    return 0;
}

void cli_corpus_usage(FILE *out)
{
    fprintf(out, "%s%s%s", usage_text, cli_threshold_usage, exit_text);
}

int cli_corpus(int argc, char **argv)
{
    if (argc < 2) {
        cli_corpus_usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        cli_corpus_usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "record") == 0)
        return cli_corpus_record(argc - 1, argv + 1);
    if (strcmp(argv[1], "check") != 0) {
        ll_text_printf(stderr, "leaklab corpus: unknown subcommand '%s' (check or record)\n", argv[1]);
        return 2;
    }
    struct check_options o = {0};
    ll_thresholds_default(&o.t);
    int rc = parse_check(argc - 1, argv + 1, &o);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    return run_check(&o);
}
