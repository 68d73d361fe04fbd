/* The sections of the HTML report, each in a file of its own
 * (report_html.c writes the page and a run's section; the helpers they
 * share are html_writer.h's and text_format.h's). */
#ifndef LEAKLAB_HTML_SECTIONS_H
#define LEAKLAB_HTML_SECTIONS_H

#include "leaklab/report.h"

#include <stdio.h>

/* type_growth_html.c: a chart of the growing types' bytes over X_LABEL,
 * the table behind it; nothing when R had no heap-shots to compare. */
void ll__html_growth_by_type(const ll_report *r, const char *x_label, FILE *out);
void ll__html_native_sites(const ll_report *r, const char *x_label, FILE *out);
/* retention_html.c: who keeps a type, each path a chain. */
void ll__html_retention(const ll_retention *r, FILE *out);
/* views_html.c: the SOS-like views of a run. */
void ll__html_views(const ll_report *r, FILE *out);
/* comparison_html.c: the runs compared (when there are two or more). */
void ll__html_comparison(const ll_html_input *inputs, size_t n, FILE *out);
/* sweep_html.c: a recycle sweep's section. */
void ll__html_sweep(const ll_sweep *sweep, size_t index, FILE *out);

#endif
