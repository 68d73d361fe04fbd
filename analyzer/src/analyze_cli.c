/* `leaklab analyze`: options, the report written through ll_output (see
 * snapshot.h), and diff(1)-like exit statuses. */
#include "leaklab/analyzer.h"
#include "leaklab/analyzer_cli.h"
#include "leaklab/import.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: leaklab analyze FILE.jsonl [--format text|json] [-o REPORT] [--strict] [thresholds]\n"
    "       leaklab analyze --import FILE... [--import-format F] [same options]\n"
    "\n"
    "Reads a snapshot series (streaming) and says whether it leaks, what kind of memory\n"
    "grows, which assemblies are behind it and how to fix it. With --import, FILE... are\n"
    "debugger or dotnet-counters outputs, imported first (see leaklab import --help).\n"
    "With too few snapshots for a trend (a single dump), it triages by composition and\n"
    "calls a leak only on strong evidence, as suspected.\n"
    "\n"
    "options:\n"
    "  --format text|json   text for people (default), json for machines\n"
    "  -o, --output REPORT  write the report to REPORT instead of stdout (atomically for a\n"
    "                       regular file; never through a symbolic link or over an input)\n"
    "  --strict             exit 2 when the verdict is inconclusive\n"
    "  --budget KIND=LIMIT  CI budget per iteration (repeatable): KIND rss, managed, native\n"
    "                       (LIMIT in B, kB, MB) or assemblies (a count); a leak within its\n"
    "                       budget still says leak but exits 0\n"
    "thresholds (see README.md, \"How the verdict is decided\"):\n"
    "  --alpha P                         significance of the trend test (default 0.01)\n"
    "  --floor KIND=SIZE                 resolution floor per iteration (repeatable; units as\n"
    "                                    --budget; defaults rss, managed, native 1kB,\n"
    "                                    assemblies 0.05)\n"
    "  --min-bytes-per-iteration B       the same floor for rss, managed and native at once\n"
    "  --min-share-per-iteration F       also a floor relative to RSS (default 0: none)\n"
    "  --min-assemblies-per-iteration A  the assemblies floor\n"
    "  --warmup N                        iterations to discard (default 10 %, at least 2)\n"
    "  --min-points N                    snapshots needed after warm-up (default 8)\n"
    "  --min-suspect-assemblies N        single snapshot: generated-looking assemblies in one\n"
    "                                    group that make a suspected leak (default 200)\n"
    "  --min-suspect-loader-bytes B      single snapshot: loader heap size that, at 10 %% of\n"
    "                                    committed memory or more, makes one (default 256 MiB)\n"
    "\n"
    "exit status: 0 no leak (or inconclusive, or every leak within its --budget), 1 leak,\n"
    "2 error or inconclusive with --strict.\n";

struct analyze_options {
    const char *input, *output;
    char **imports;
    int import_count;
    ll_import_format import_format;
    int json, strict;
    ll_thresholds t;
};

static int bad_value(const char *option, const char *value)
{
    fprintf(stderr, "leaklab analyze: %s: bad value '%s' (see leaklab analyze --help)\n", option, value);
    return -1;
}

static int parse_real(const char *option, const char *text, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v >= min && v <= max))
        return bad_value(option, text);
    *out = v;
    return 0;
}

/* KIND=SIZE, for --budget and --floor: SIZE per iteration, in B, kB, MB
 * (1024-based, as the reports print) or, for assemblies, a count. Sets
 * PER_KIND[the series' index]. */
static int parse_kind_size(const char *option, const char *arg, double per_kind[4])
{
    char kind[32];
    const char *eq = strchr(arg, '=');
    if (!eq || (size_t)(eq - arg) >= sizeof kind)
        return bad_value(option, arg);
    memcpy(kind, arg, (size_t)(eq - arg));
    kind[eq - arg] = '\0';
    int k = ll_series_index(kind);
    char *end;
    errno = 0;
    double v = strtod(eq + 1, &end);
    if (k < 0 || errno || end == eq + 1 || !(v >= 0 && v <= 1e15))
        return bad_value(option, arg);
    double unit = strcmp(end, "") == 0 || strcmp(end, "B") == 0 ? 1
                  : strcmp(end, "kB") == 0                     ? 1024
                  : strcmp(end, "MB") == 0                     ? 1048576
                                                               : -1;
    if (unit < 0 || (strcmp(kind, "assemblies") == 0 && unit != 1) ||
        (strcmp(kind, "assemblies") != 0 && *end == '\0' && v != 0))
        return bad_value(option, arg);
    per_kind[k] = v * unit;
    return 0;
}

static int parse_threshold(int c, const char *arg, ll_thresholds *t)
{
    double v;
    switch (c) {
    case 'a': return parse_real("--alpha", arg, 1e-12, 0.5, &t->alpha);
    case 'b':
        if (parse_real("--min-bytes-per-iteration", arg, 0, 1e15, &v) < 0)
            return -1;
        for (const char *const *kind = (const char *const[]){"rss", "managed", "native", NULL}; *kind; kind++)
            t->floor[ll_series_index(*kind)] = v;
        return 0;
    case 's': return parse_real("--min-share-per-iteration", arg, 0, 1, &t->min_share_per_iteration);
    case 'n': return parse_real("--min-assemblies-per-iteration", arg, 0, 1e6, &t->floor[ll_series_index("assemblies")]);
    case 'L': return parse_kind_size("--floor", arg, t->floor);
    case 'w':
        if (parse_real("--warmup", arg, 0, 1e12, &v) < 0)
            return -1;
        t->warmup_iterations = (long)v;
        return 0;
    case 'p':
        if (parse_real("--min-points", arg, 3, 1000, &v) < 0)
            return -1;
        t->min_points = (size_t)v;
        return 0;
    case 'g':
        if (parse_real("--min-suspect-assemblies", arg, 2, 1e9, &v) < 0)
            return -1;
        t->min_suspect_assemblies = (long)v;
        return 0;
    case 'l':
        return parse_real("--min-suspect-loader-bytes", arg, 0, 1e15, &t->min_suspect_loader_bytes);
    }
    return -1;
}

/* Returns 0, 1 after --help, -1 on a usage error. */
static int parse_args(int argc, char **argv, struct analyze_options *o)
{
    static const struct option longopts[] = {
        {"format", required_argument, 0, 'f'}, {"output", required_argument, 0, 'o'},
        {"strict", no_argument, 0, 'S'}, {"help", no_argument, 0, 'h'},
        {"alpha", required_argument, 0, 'a'}, {"min-bytes-per-iteration", required_argument, 0, 'b'},
        {"min-share-per-iteration", required_argument, 0, 's'},
        {"min-assemblies-per-iteration", required_argument, 0, 'n'},
        {"warmup", required_argument, 0, 'w'}, {"min-points", required_argument, 0, 'p'},
        {"min-suspect-assemblies", required_argument, 0, 'g'},
        {"min-suspect-loader-bytes", required_argument, 0, 'l'}, {"floor", required_argument, 0, 'L'},
        {"import", no_argument, 0, 'I'}, {"import-format", required_argument, 0, 'F'},
        {"budget", required_argument, 0, 'B'},
        {0, 0, 0, 0}};
    int importing = 0;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        if (c == 'f' && (strcmp(optarg, "text") == 0 || strcmp(optarg, "json") == 0))
            o->json = strcmp(optarg, "json") == 0;
        else if (c == 'f')
            return bad_value("--format", optarg);
        else if (c == 'o')
            o->output = optarg;
        else if (c == 'S')
            o->strict = 1;
        else if (c == 'I')
            importing = 1;
        else if (c == 'F' && ll_import_format_from_name(optarg, &o->import_format) < 0)
            return bad_value("--import-format", optarg);
        else if (c == 'F')
            continue;
        else if (c == 'B' && parse_kind_size("--budget", optarg, o->t.budget) < 0)
            return -1;
        else if (c == 'B')
            continue;
        else if (c == 'h')
            return fputs(usage_text, stdout), 1;
        else if (c == '?' || c == ':')
            return fprintf(stderr, "leaklab analyze: unknown or incomplete option '%s'\n", argv[optind - 1]), -1;
        else if (parse_threshold(c, optarg, &o->t) < 0)
            return -1;
    }
    if (importing && optind < argc) {
        o->imports = argv + optind;
        o->import_count = argc - optind;
        return 0;
    }
    if (optind != argc - 1) {
        fprintf(stderr, "leaklab analyze: give exactly one snapshot file, or --import FILE... "
                        "(see leaklab analyze --help)\n");
        return -1;
    }
    o->input = argv[optind];
    return 0;
}

static int write_report(const ll_report *r, int as_json, FILE *out)
{
    if (!as_json) {
        ll_report_write_text(r, out);
        return ferror(out) ? -1 : 0;
    }
    json_t *j = ll_report_to_json(r);
    int rc = json_dumpf(j, out, JSON_INDENT(2) | JSON_REAL_PRECISION(8));
    json_decref(j);
    fputc('\n', out);
    return rc != 0 || ferror(out) ? -1 : 0;
}

/* The report goes to -o (see ll_output_open: atomic for a regular file,
 * never through a symbolic link, never over an input) or stdout; every
 * write is checked, so a full disk or a closed stdout is an error. */
static int deliver_report(const ll_report *r, const struct analyze_options *o)
{
    ll_error err;
    const char *const *inputs = o->import_count ? (const char *const *)o->imports : &o->input;
    ll_output *out = ll_output_open(o->output ? o->output : "-", inputs, o->import_count ? (size_t)o->import_count : 1,
                                    &err);
    if (!out) {
        fprintf(stderr, "leaklab analyze: %s\n", err.message);
        return -1;
    }
    if (write_report(r, o->json, ll_output_stream(out)) < 0) {
        ll_error_set(&err, "%s: cannot write the report: %s", o->output ? o->output : "standard output",
                     errno ? strerror(errno) : "write error");
        ll_output_abort(out);
        fprintf(stderr, "leaklab analyze: %s\n", err.message);
        return -1;
    }
    if (ll_output_commit(out, &err) < 0) {
        fprintf(stderr, "leaklab analyze: %s\n", err.message);
        return -1;
    }
    return 0;
}

/* --import: the files become a snapshot series in an anonymous temporary
 * file (nothing is left behind, whatever happens), which is then analysed. */
static ll_report *import_and_analyze(const struct analyze_options *o)
{
    ll_import *im = ll_import_new();
    FILE *series = tmpfile();
    ll_error err;
    if (!im || !series) {
        fprintf(stderr, "leaklab analyze: cannot create a temporary file: %s\n", strerror(errno));
        ll_import_free(im);
        if (series)
            fclose(series);
        return NULL;
    }
    for (int i = 0; i < o->import_count; i++)
        if (ll_import_add_file(im, o->imports[i], o->import_format, &err) < 0)
            fprintf(stderr, "leaklab analyze: %s\n", err.message);
    int rc = ll_import_write_stream(im, series, "the imported series", &err);
    ll_import_free(im);
    if (rc < 0) {
        fprintf(stderr, "leaklab analyze: %s\n", err.message);
        fclose(series);
        return NULL;
    }
    rewind(series);
    ll_report *report = ll_analyze_stream(series, o->import_count == 1 ? o->imports[0] : "the imported series",
                                          &o->t, &err);
    if (!report)
        fprintf(stderr, "leaklab analyze: %s\n", err.message);
    return report;
}

int ll_analyze_main(int argc, char **argv)
{
    struct analyze_options o = {0};
    ll_thresholds_default(&o.t);
    int rc = parse_args(argc, argv, &o);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    ll_error err;
    ll_report *report;
    if (o.import_count) {
        report = import_and_analyze(&o);
    } else if ((report = ll_analyze_file(o.input, &o.t, &err)) == NULL) {
        fprintf(stderr, "leaklab analyze: %s\n", err.message);
    }
    if (!report)
        return 2;
    rc = deliver_report(report, &o);
    ll_verdict v = ll_report_verdict(report);
    int fails = ll_report_fails_budget(report);
    ll_report_free(report);
    if (rc != 0)
        return 2;
    return v == LL_LEAK ? fails : v == LL_INCONCLUSIVE && o.strict ? 2 : 0;
}
