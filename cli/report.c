/* `leaklab report FILE... [-o report.html] [--title T]`: one self-contained
 * HTML page (report/) for snapshot series (analysed here), results of
 * `leaklab analyze --format json`, and sweeps (`leaklab sweep`'s
 * sweep.json). */
#include "commands.h"
#include "inputs.h"
#include "options.h"
#include "output.h"

#include "leaklab/analyzer.h"
#include "leaklab/report.h"

#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: leaklab report FILE... [-o report.html] [--title T] [thresholds]\n"
    "\n"
    "Writes one self-contained HTML page (inline SVG and CSS, nothing fetched) for each FILE:\n"
    "a snapshot series (.jsonl or .jsonl.gz: a run or an import, analysed with the thresholds\n"
    "given), a result of `leaklab analyze --format json`, or a sweep.json of `leaklab sweep`.\n"
    "With two runs or more, the page starts with their comparison.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE    write there instead of stdout (atomically for a regular file)\n"
    "  --title T            the page's title (default \"leaklab report\")\n";

static const char exit_text[] = "\nexit status: 0 written, 2 error.\n";

enum { OPT_TITLE = 't' };

/* FILE as a result, a sweep or an analysed series into *LOADED, the
 * caller's to free, which IN then draws. Returns 0 or -1 after saying why. */
static int load_input(const char *file, const ll_thresholds *t, ll_html_input *in, cli_input *loaded)
{
    ll_error err;
    if (cli_read_input(file, t, loaded, &err) < 0) {
        ll_text_printf(stderr, "leaklab report: %s\n", err.message);
        return -1;
    }
    in->report = loaded->report;
    in->sweep = loaded->sweep;
    return 0;
}

struct page {
    const char *title;
    ll_html_input *inputs;
    size_t count;
};

static int write_page(FILE *out, void *context)
{
    struct page *p = context;
    return ll_report_write_html(p->title, p->inputs, p->count, out);
}

int cli_report(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, 0, 'o'},
                                             {"title", required_argument, 0, OPT_TITLE},
                                             {"help", no_argument, 0, 'h'},
                                             CLI_THRESHOLD_LONGOPTS,
                                             {0, 0, 0, 0}};
    const char *output = NULL, *title = "leaklab report";
    ll_thresholds t;
    ll_thresholds_default(&t);
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        if (c == 'o')
            output = optarg;
        else if (c == OPT_TITLE)
            title = optarg;
        else if (c == 'h')
            return printf("%s%s%s", usage_text, cli_threshold_usage, exit_text), 0;
        else if (c == '?' || c == ':')
            return ll_text_printf(stderr, "leaklab report: unknown or incomplete option '%s'\n", argv[optind - 1]), 2;
        else if (cli_threshold_option("report", c, optarg, &t) < 0)
            return 2;
    }
    if (optind == argc) {
        ll_text_printf(stderr, "leaklab report: give FILE... (see leaklab report --help)\n");
        return 2;
    }
    size_t n = (size_t)(argc - optind);
    ll_html_input *inputs = calloc(n, sizeof *inputs);
    char **names = calloc(n, sizeof *names);
    cli_input *loaded = calloc(n, sizeof *loaded);
    int rc = inputs && names && loaded ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char *copy = strdup(argv[optind + (int)i]);
        names[i] = strdup(copy ? basename(copy) : "input");
        free(copy);
        inputs[i].name = names[i];
        rc = load_input(argv[optind + (int)i], &t, &inputs[i], &loaded[i]);
    }
    struct page page = {title, inputs, n};
    if (rc == 0)
        rc = cli_deliver("report", output, (const char *const *)argv + optind, n, write_page, &page);
    for (size_t i = 0; inputs && names && loaded && i < n; i++) {
        ll_result_free(loaded[i].report);
        ll_result_sweep_free(loaded[i].sweep);
        free(names[i]);
    }
    free(inputs);
    free(names);
    free(loaded);
    return rc < 0 ? 2 : 0;
}
