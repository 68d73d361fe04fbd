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
void ll_report_json_write_text(json_t *report_json, FILE *out);

/* `leaklab compare`'s text. */
void ll_comparison_write_text(const json_t *comparison, FILE *out);

/* `leaklab sweep`'s table: SWEEP is {scenario, points, ...}. 0 or -1. */
int ll_sweep_write_markdown(const json_t *sweep, FILE *out);

#endif
