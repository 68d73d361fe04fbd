/* What the analysing commands (analyze, compare, corpus check) read: a
 * snapshot series, plain or gzip-compressed (.gz, as `leaklab corpus
 * record` stores them), or debugger/counters outputs imported first. */
#ifndef LEAKLAB_CLI_INPUTS_H
#define LEAKLAB_CLI_INPUTS_H

#include "leaklab/analyzer.h"
#include "leaklab/import.h"
#include "leaklab/report.h"

/* What `leaklab report` draws from one input: a result, or a sweep. */
typedef struct cli_input {
    ll_report *report; /* the caller's to free, or NULL */
    ll_sweep *sweep;   /* the caller's to release, or NULL */
} cli_input;

/* PATH, read once (a pipe works): a snapshot series (analysed with T), a
 * saved JSON result, or a saved sweep. 0, or -1 with ERR. */
int cli_read_input(const char *path, const ll_thresholds *t, cli_input *out, ll_error *err);

/* Analyses the series in PATH. NULL with ERR when it cannot be read or is
 * bad. */
ll_report *cli_analyze_series(const char *path, const ll_thresholds *t, ll_error *err);

/* Imports FILES (FORMAT, or detected) into an anonymous temporary series
 * and analyses it. A file that cannot be imported is a warning on stderr
 * ("leaklab COMMAND: ..."); NULL with ERR when nothing usable is left. */
ll_report *cli_analyze_imports(const char *command, const char *const *files, int count, ll_import_format format,
                               const ll_thresholds *t, ll_error *err);

#endif
