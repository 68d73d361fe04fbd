/* Options several commands share: the analyzer's thresholds (analyze,
 * compare, corpus check), budgets, and number parsing. Each command splices
 * CLI_THRESHOLD_LONGOPTS into its getopt_long table and hands the codes it
 * does not know to cli_threshold_option. */
#ifndef LEAKLAB_CLI_OPTIONS_H
#define LEAKLAB_CLI_OPTIONS_H

#include "leaklab/analyzer.h"

#include <getopt.h>

enum cli_threshold_code {
    CLI_OPT_ALPHA = 256,
    CLI_OPT_FLOOR,
    CLI_OPT_MIN_BYTES,
    CLI_OPT_MIN_SHARE,
    CLI_OPT_MIN_ASSEMBLIES,
    CLI_OPT_WARMUP,
    CLI_OPT_MIN_POINTS,
    CLI_OPT_MIN_SUSPECT_ASSEMBLIES,
    CLI_OPT_MIN_SUSPECT_LOADER_BYTES,
    CLI_OPT_BUDGET,
};

#define CLI_THRESHOLD_LONGOPTS                                                                                       \
    {"alpha", required_argument, 0, CLI_OPT_ALPHA}, {"floor", required_argument, 0, CLI_OPT_FLOOR},                  \
        {"min-bytes-per-iteration", required_argument, 0, CLI_OPT_MIN_BYTES},                                        \
        {"min-share-per-iteration", required_argument, 0, CLI_OPT_MIN_SHARE},                                        \
        {"min-assemblies-per-iteration", required_argument, 0, CLI_OPT_MIN_ASSEMBLIES},                              \
        {"warmup", required_argument, 0, CLI_OPT_WARMUP}, {"min-points", required_argument, 0, CLI_OPT_MIN_POINTS}, \
        {"min-suspect-assemblies", required_argument, 0, CLI_OPT_MIN_SUSPECT_ASSEMBLIES},                            \
        {"min-suspect-loader-bytes", required_argument, 0, CLI_OPT_MIN_SUSPECT_LOADER_BYTES},                        \
        {"budget", required_argument, 0, CLI_OPT_BUDGET}

/* What analyze and compare share: --format text|json, -o FILE, -h and the
 * thresholds. */
typedef struct cli_result_options {
    const char *output;
    int json;
    ll_thresholds t;
} cli_result_options;

enum { CLI_OPT_FORMAT = 'f' };

#define CLI_RESULT_LONGOPTS                                                                                          \
    {"format", required_argument, 0, CLI_OPT_FORMAT}, {"output", required_argument, 0, 'o'},                         \
        {"help", no_argument, 0, 'h'}, CLI_THRESHOLD_LONGOPTS

/* Applies option CODE (getopt_long's, with ARG), one of
 * CLI_RESULT_LONGOPTS or an unknown one, to O. Returns 0, 1 after printing
 * the help for -h (USAGE, the thresholds' help, EXIT_TEXT), or -1 after
 * printing what is wrong (an unknown option is named from ARGV). */
int cli_result_option(const char *command, int code, const char *arg, char **argv, const char *usage,
                      const char *exit_text, cli_result_options *o);

/* The help text of those options. */
extern const char cli_threshold_usage[];

/* Applies option CODE with ARG to T. Returns 0, or -1 after printing
 * "leaklab COMMAND: --option: bad value". */
int cli_threshold_option(const char *command, int code, const char *arg, ll_thresholds *t);

/* Prints "leaklab COMMAND: OPTION: bad value 'VALUE'" and returns -1. */
int cli_bad_value(const char *command, const char *option, const char *value);


#endif
