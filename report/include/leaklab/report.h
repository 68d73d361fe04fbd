/* Presenting the analyzer's results (present, in collect | store |
 * interpret | present): a run's report as text or as one self-contained
 * HTML page, a comparison as text, a sweep as Markdown. Every renderer
 * takes the same result object, the analyzer's JSON report
 * (ll_report_to_json), so text, JSON and HTML always say the same thing. */
#ifndef LEAKLAB_REPORT_H
#define LEAKLAB_REPORT_H

#include "leaklab/analyzer.h"

#include <stdio.h>

/* The text report of `leaklab analyze`. */
void ll_report_write_text(const ll_report *report, FILE *out);
void ll_report_json_write_text(const json_t *report_json, FILE *out);

/* `leaklab compare`'s text. */
void ll_comparison_write_text(const json_t *comparison, FILE *out);

/* `leaklab sweep`'s table: SWEEP is {scenario, points, ...}. 0 or -1. */
int ll_sweep_write_markdown(const json_t *sweep, FILE *out);

/* One input of the HTML report: a run's (or import's) result, or a sweep
 * (sweep.json), under NAME. */
typedef struct ll_html_input {
    const char *name;
    json_t *report; /* ll_report_to_json, or NULL */
    json_t *sweep;  /* or NULL */
} ll_html_input;

/* One self-contained page: with two runs or more, their comparison first;
 * then each run's or sweep's section. 0, or -1 on a write error. */
int ll_report_write_html(const char *title, const ll_html_input *inputs, size_t n, FILE *out);

/* LEN bytes of TEXT with HTML's special characters escaped. */
void ll_html_escape(FILE *out, const char *text, size_t len);

#endif
