/* `leaklab analyze`: options, the report written through cli_deliver, and
 * diff(1)-like exit statuses. */
#include "commands.h"
#include "inputs.h"
#include "options.h"
#include "output.h"

#include "leaklab/analyzer.h"
#include "leaklab/report.h"
#include "leaklab/import.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
    "usage: leaklab analyze FILE.jsonl [--format text|json] [-o REPORT] [--strict] [thresholds]\n"
    "       leaklab analyze --import FILE... [--import-format F] [same options]\n"
    "\n"
    "Reads a snapshot series (streaming; FILE.jsonl.gz too) and says whether it leaks,\n"
    "what kind of memory grows, which assemblies are behind it and how to fix it. With\n"
    "--import, FILE... are debugger or dotnet-counters outputs, imported first (see\n"
    "leaklab import --help). With too few snapshots for a trend (a single dump), it\n"
    "triages by composition and calls a leak only on strong evidence, as suspected.\n"
    "\n"
    "options:\n"
    "  --format text|json   text for people (default), json for machines\n"
    "  -o, --output REPORT  write the report to REPORT instead of stdout (atomically for a\n"
    "                       regular file; never through a symbolic link or over an input)\n"
    "  --strict             exit 2 when the verdict is inconclusive\n";

static const char exit_text[] =
    "\n"
    "exit status: 0 no leak (or inconclusive, or every leak within its --budget), 1 leak,\n"
    "2 error or inconclusive with --strict.\n";

struct analyze_options {
    const char *input;
    char **imports;
    int import_count;
    ll_import_format import_format;
    int strict;
    cli_result_options result;
};

enum { OPT_STRICT = 'S', OPT_IMPORT = 'I', OPT_IMPORT_FORMAT = 'F' };

/* Returns 0, 1 after --help, -1 on a usage error. */
static int parse_args(int argc, char **argv, struct analyze_options *o)
{
    static const struct option longopts[] = {{"strict", no_argument, 0, OPT_STRICT},
                                             {"import", no_argument, 0, OPT_IMPORT},
                                             {"import-format", required_argument, 0, OPT_IMPORT_FORMAT},
                                             CLI_RESULT_LONGOPTS,
                                             {0, 0, 0, 0}};
    int importing = 0;
    int c, rc;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        if (c == OPT_STRICT)
            o->strict = 1;
        else if (c == OPT_IMPORT)
            importing = 1;
        else if (c == OPT_IMPORT_FORMAT && ll_import_format_from_name(optarg, &o->import_format) < 0)
            return cli_bad_value("analyze", "--import-format", optarg);
        else if (c == OPT_IMPORT_FORMAT)
            continue;
        else if ((rc = cli_result_option("analyze", c, optarg, argv, usage_text, exit_text, &o->result)) != 0)
            return rc;
    }
    if (importing && optind < argc) {
        o->imports = argv + optind;
        o->import_count = argc - optind;
        return 0;
    }
    if (optind != argc - 1) {
        ll_text_printf(stderr, "leaklab analyze: give exactly one snapshot file, or --import FILE... "
                        "(see leaklab analyze --help)\n");
        return -1;
    }
    o->input = argv[optind];
    return 0;
}

static json_t *report_json(const void *report)
{
    return ll_report_to_json(report);
}

static void report_text(const void *report, FILE *out)
{
    ll_report_write_text(report, out);
}

int cli_analyze(int argc, char **argv)
{
    struct analyze_options o = {0};
    ll_thresholds_default(&o.result.t);
    int rc = parse_args(argc, argv, &o);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    ll_error err;
    ll_report *report = o.import_count ? cli_analyze_imports("analyze", (const char *const *)o.imports,
                                                             o.import_count, o.import_format, &o.result.t, &err)
                                       : cli_analyze_series(o.input, &o.result.t, &err);
    if (!report) {
        ll_text_printf(stderr, "leaklab analyze: %s\n", err.message);
        return 2;
    }
    const char *const *inputs = o.import_count ? (const char *const *)o.imports : &o.input;
    rc = cli_deliver_result("analyze", o.result.output, inputs, o.import_count ? (size_t)o.import_count : 1, report, o.result.json,
                            report_json, report_text);
    ll_verdict v = ll_result_verdict(report);
    int fails = ll_result_fails_budget(report);
    ll_result_free(report);
    if (rc != 0)
        return 2;
    return v == LL_LEAK ? fails : v == LL_INCONCLUSIVE && o.strict ? 2 : 0;
}
