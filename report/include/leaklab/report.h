/* Presenting the analyzer's results (present, in collect | store |
 * interpret | present): a run's typed result (leaklab/result.h) as JSON,
 * as text or as one self-contained HTML page; two runs compared; a sweep's
 * points and its Markdown table. Every renderer reads the same typed
 * result, so text, JSON and HTML always say the same thing. */
#ifndef LEAKLAB_REPORT_H
#define LEAKLAB_REPORT_H

#include "leaklab/analyzer.h"

#include <stdio.h>

/* The JSON report of `leaklab analyze --format json` (README.md, "The
 * JSON report"). */
json_t *ll_report_to_json(const ll_report *report);
/* A saved JSON report read back; NULL with ERR naming NAME and the field
 * when it is not one. */
ll_report *ll_report_from_json(const json_t *json, const char *name, ll_error *err);

/* The text report of `leaklab analyze`. */
void ll_report_write_text(const ll_report *report, FILE *out);

/* `leaklab compare --format json` (README.md, "Comparing a fix"):
 * {comparison better|same|worse, x_unit, kinds {SERIES: {base, fix,
 * difference, measurable, removed_share}}, ms_per_call, base, fix, budget
 * (the fix's)}. */
json_t *ll_comparison_to_json(const ll_comparison *c);

/* DIR/sweep.json of `leaklab sweep` (README.md, "The recycle sweep"):
 * {scenario, wsdl, iterations, points [{recycle_every, file, ms_per_call,
 * kept_per_call {SERIES: {value, ci95}}, kept_bytes_per_call, verdict,
 * kind, severity, iterations, pareto}], failures [...]}. */
json_t *ll_sweep_to_json(const ll_sweep *sweep);
/* 1 when JSON is a sweep.json (it has "points"), not a result. */
int ll_document_is_sweep(const json_t *json);
/* A saved sweep.json read back; NULL with ERR naming NAME and the field
 * when it is not one. */
ll_sweep *ll_sweep_from_json(const json_t *json, const char *name, ll_error *err);

/* `leaklab compare`'s text. */
void ll_comparison_write_text(const ll_comparison *c, FILE *out);

/* `leaklab sweep`'s table (DIR/sweep.md). 0 or -1. */
int ll_sweep_write_markdown(const ll_sweep *sweep, FILE *out);

/* One input of the HTML report: a run's (or import's) result, or a sweep
 * (sweep.json), under NAME. */
typedef struct ll_html_input {
    const char *name;
    const ll_report *report; /* or NULL */
    const ll_sweep *sweep; /* or NULL */
} ll_html_input;

/* One self-contained page: with two runs or more, their comparison first;
 * then each run's or sweep's section. 0, or -1 on a write error. */
int ll_report_write_html(const char *title, const ll_html_input *inputs, size_t n, FILE *out);

/* LEN bytes of TEXT with HTML's special characters escaped. */
void ll_html_escape(FILE *out, const char *text, size_t len);

/* printf(3) for text meant for a terminal: every %s argument shown with
 * its control characters escaped (\xNN), so that a name from a series or
 * a dump cannot clear the screen or retitle the window. The text reports,
 * the comparison, the sweep's table and `leaklab summary` print through it. */
void ll_text_printf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
