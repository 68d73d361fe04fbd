/* `leaklab compare BASE FIX`: how much of the base's growth a fix removes,
 * per series, and whether it is better, the same or worse. */
#include "commands.h"
#include "inputs.h"
#include "options.h"
#include "output.h"

#include "leaklab/analyzer.h"
#include "leaklab/report.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>

static const char usage_text[] =
    "usage: leaklab compare BASE.jsonl FIX.jsonl [--format text|json] [-o FILE] [--budget SERIES=LIMIT]...\n"
    "\n"
    "Analyses both snapshot series (runs, or imported dumps) and compares them per series\n"
    "(rss, managed, native, assemblies): each one's growth per iteration with its interval,\n"
    "the difference FIX - BASE with its interval, and the share of the base's growth the fix\n"
    "removes; time per call and the verdict of each. Overall: better, same or worse. The runs\n"
    "may be of different scenarios; they must have the same x unit.\n"
    "\n"
    "options:\n"
    "  --format text|json   text (default) or JSON\n"
    "  -o, --output FILE    write there instead of stdout (atomically)\n"
    "The analyzer's thresholds apply to both runs; --budget applies to the fix:\n";

static const char exit_text[] =
    "\n"
    "exit status: 0 better or same, 1 worse or the fix over a --budget, 2 error.\n";


struct compare_options {
    const char *files[2];
    int budgeted;
    cli_result_options result;
};

static int parse_args(int argc, char **argv, struct compare_options *o)
{
    static const struct option longopts[] = {CLI_RESULT_LONGOPTS, {0, 0, 0, 0}};
    int c, rc;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        if ((rc = cli_result_option("compare", c, optarg, argv, usage_text, exit_text, &o->result)) != 0)
            return rc;
        o->budgeted |= c == CLI_OPT_BUDGET;
    }
    if (optind != argc - 2) {
        ll_text_printf(stderr, "leaklab compare: give two snapshot files, BASE and FIX (see leaklab compare --help)\n");
        return -1;
    }
    o->files[0] = argv[optind];
    o->files[1] = argv[optind + 1];
    return 0;
}

static json_t *comparison_json(const void *comparison)
{
    return ll_comparison_to_json(comparison);
}

static void comparison_text(const void *comparison, FILE *out)
{
    ll_comparison_write_text(comparison, out);
}

int cli_compare(int argc, char **argv)
{
    struct compare_options o = {0};
    ll_thresholds_default(&o.result.t);
    int rc = parse_args(argc, argv, &o);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    ll_thresholds base_thresholds = o.result.t;
    for (int k = 0; k < LL_SERIES_COUNT; k++)
        base_thresholds.budget[k] = NAN;
    ll_error err;
    ll_report *base = cli_analyze_series(o.files[0], &base_thresholds, &err), *fix = NULL;
    if (base)
        fix = cli_analyze_series(o.files[1], &o.result.t, &err);
    ll_comparison comparison;
    if (!base || !fix || ll_compare_reports(base, fix, &comparison, &err) < 0) {
        ll_text_printf(stderr, "leaklab compare: %s\n", err.message);
        ll_result_free(base);
        ll_result_free(fix);
        return 2;
    }
    int over_budget = o.budgeted && ll_result_fails_budget(fix);
    rc = cli_deliver_result("compare", o.result.output, o.files, 2, &comparison, o.result.json, comparison_json,
                            comparison_text);
    int worse = comparison.change == LL_CHANGE_WORSE;
    ll_result_free(base);
    ll_result_free(fix);
    return rc < 0 ? 2 : worse || over_budget;
}
