/* The analyzer's thresholds and budgets as command-line options, shared by
 * analyze, compare and corpus check so that they mean the same everywhere. */
#include "options.h"

#include "commands.h"

#include "leaklab/report.h"

#include <limits.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cli_threshold_usage[] =
    "  --budget SERIES=LIMIT  CI budget per iteration (repeatable): SERIES rss, managed,\n"
    "                       native (LIMIT in B, kB, MB) or assemblies (a count); a leak\n"
    "                       within its budget still says leak but exits 0\n"
    "thresholds (see README.md, \"How the verdict is decided\"):\n"
    "  --alpha P                         significance of the trend test (default 0.01)\n"
    "  --floor SERIES=SIZE               resolution floor per iteration (repeatable; units as\n"
    "                                    --budget; defaults rss 4kB, managed 1kB, native\n"
    "                                    3kB, assemblies 0.05)\n"
    "  --min-bytes-per-iteration B       the same floor for rss, managed and native at once\n"
    "  --min-share-per-iteration F       also a floor relative to RSS (default 0: none)\n"
    "  --min-assemblies-per-iteration A  the assemblies floor\n"
    "  --warmup N                        iterations to discard (default 10 %, at least 2)\n"
    "  --min-points N                    snapshots needed after warm-up (default 8)\n"
    "  --min-suspect-assemblies N        single snapshot: generated-looking assemblies in one\n"
    "                                    group that make a suspected leak (default 200)\n"
    "  --min-suspect-loader-bytes B      single snapshot: loader heap size that, at 10 % of\n"
    "                                    committed memory or more, makes one (default 256 MiB)\n";

int cli_bad_value(const char *command, const char *option, const char *value)
{
    ll_text_printf(stderr, "leaklab %s: %s: bad value '%s' (see leaklab %s --help)\n", command, option, value, command);
    return -1;
}

/* A number in [MIN, MAX], or -1 after cli_bad_value. */
static int parse_real(const char *command, const char *option, const char *text, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v >= min && v <= max))
        return cli_bad_value(command, option, text);
    *out = v;
    return 0;
}

/* SERIES=SIZE, for --budget and --floor: SIZE per iteration, in B, kB, MB
 * (1024-based, as the reports print) or, for assemblies, a count. Sets
 * PER_SERIES[the series' index]. */
static int parse_series_size(const char *command, const char *option, const char *arg, double per_series[4])
{
    char series[32];
    const char *eq = strchr(arg, '=');
    if (!eq || (size_t)(eq - arg) >= sizeof series)
        return cli_bad_value(command, option, arg);
    memcpy(series, arg, (size_t)(eq - arg));
    series[eq - arg] = '\0';
    int k = ll_series_index(series);
    char *end;
    errno = 0;
    double v = strtod(eq + 1, &end);
    if (k < 0 || errno || end == eq + 1 || !(v >= 0 && v <= 1e15))
        return cli_bad_value(command, option, arg);
    double unit = strcmp(end, "") == 0 || strcmp(end, "B") == 0 ? 1
                  : strcmp(end, "kB") == 0                     ? 1024
                  : strcmp(end, "MB") == 0                     ? 1048576
                                                               : -1;
    if (unit < 0 || (strcmp(series, "assemblies") == 0 && unit != 1) ||
        (strcmp(series, "assemblies") != 0 && *end == '\0' && v != 0))
        return cli_bad_value(command, option, arg);
    per_series[k] = v * unit;
    return 0;
}

static int parse_whole(const char *command, const char *option, const char *arg, double min, double max, long *out)
{
    double v;
    if (parse_real(command, option, arg, min, max, &v) < 0)
        return -1;
    if (v != (double)(long)v)
        return cli_bad_value(command, option, arg);
    *out = (long)v;
    return 0;
}

int cli_threshold_option(const char *command, int code, const char *arg, ll_thresholds *t)
{
    double v;
    long n;
    switch ((enum cli_threshold_code)code) {
    case CLI_OPT_ALPHA: return parse_real(command, "--alpha", arg, 1e-12, 0.5, &t->alpha);
    case CLI_OPT_FLOOR: return parse_series_size(command, "--floor", arg, t->floor);
    case CLI_OPT_BUDGET: return parse_series_size(command, "--budget", arg, t->budget);
    case CLI_OPT_MIN_BYTES:
        if (parse_real(command, "--min-bytes-per-iteration", arg, 0, 1e15, &v) < 0)
            return -1;
        t->floor[ll_series_index("rss")] = t->floor[ll_series_index("managed")] = t->floor[ll_series_index("native")] = v;
        return 0;
    case CLI_OPT_MIN_SHARE: return parse_real(command, "--min-share-per-iteration", arg, 0, 1, &t->min_share_per_iteration);
    case CLI_OPT_MIN_ASSEMBLIES:
        return parse_real(command, "--min-assemblies-per-iteration", arg, 0, 1e6, &t->floor[ll_series_index("assemblies")]);
    case CLI_OPT_WARMUP: return parse_whole(command, "--warmup", arg, 0, 1e12, &t->warmup_iterations);
    case CLI_OPT_MIN_POINTS:
        if (parse_whole(command, "--min-points", arg, 3, 1000, &n) < 0)
            return -1;
        t->min_points = (size_t)n;
        return 0;
    case CLI_OPT_MIN_SUSPECT_ASSEMBLIES:
        return parse_whole(command, "--min-suspect-assemblies", arg, 2, 1e9, &t->min_suspect_assemblies);
    case CLI_OPT_MIN_SUSPECT_LOADER_BYTES:
        return parse_real(command, "--min-suspect-loader-bytes", arg, 0, 1e15, &t->min_suspect_loader_bytes);
    }
    return -1;
}

int cli_parse_count(const char *text, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < 1 || v > INT_MAX)
        return -1;
    *out = v;
    return 0;
}

int cli_result_option(const char *command, int code, const char *arg, char **argv, const char *usage,
                      const char *exit_text, cli_result_options *o)
{
    if (code == CLI_OPT_FORMAT && (strcmp(arg, "text") == 0 || strcmp(arg, "json") == 0))
        o->json = strcmp(arg, "json") == 0;
    else if (code == CLI_OPT_FORMAT)
        return cli_bad_value(command, "--format", arg);
    else if (code == 'o')
        o->output = arg;
    else if (code == 'h')
        return printf("%s%s%s", usage, cli_threshold_usage, exit_text), 1;
    else if (code == '?' || code == ':')
        return ll_text_printf(stderr, "leaklab %s: unknown or incomplete option '%s'\n", command, argv[optind - 1]), -1;
    else
        return cli_threshold_option(command, code, arg, &o->t);
    return 0;
}
