/* The HTML report's "What grows, by type" (type_growth_html.c). */
#ifndef LEAKLAB_TYPE_GROWTH_HTML_H
#define LEAKLAB_TYPE_GROWTH_HTML_H

#include "leaklab/result.h"

#include <stdio.h>

/* A chart of the growing types' bytes over X_LABEL, the table behind it;
 * nothing when R had no heap-shots to compare. */
void ll_html_growth_by_type(const ll_report *r, const char *x_label, FILE *out);

#endif
