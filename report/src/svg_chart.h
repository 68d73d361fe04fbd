/* Hand-written SVG charts for the HTML report: a frame with a title, axes
 * with units and ticks, and a legend; layers drawn into it in data
 * coordinates. Colours come from CSS variables (--c0 ... --c6, an
 * Okabe-Ito palette that colour-blind readers can tell apart), so the
 * page's dark and print styles apply to the charts too. */
#ifndef LL_SVG_CHART_H
#define LL_SVG_CHART_H

#include <stddef.h>
#include <stdio.h>

typedef struct ll_chart {
    FILE *out;
    double x_min, x_max, y_min, y_max;
    int y_bytes; /* y ticks as bytes (1024-based); -1: no y ticks (bars) */
} ll_chart;

/* Opens an <svg> with CLASS (a chart kind the tests look for), TITLE and
 * axis labels; the ranges are the data's. */
void ll__chart_begin(ll_chart *c, FILE *out, const char *css_class, const char *title, const char *x_label,
                    const char *y_label, double x_min, double x_max, double y_min, double y_max, int y_bytes);
/* Legend entries, one per series, colour index and name. */
void ll__chart_legend(ll_chart *c, const char *const *names, const int *colors, size_t n);
void ll__chart_end(ll_chart *c);

/* A series element: a <path> with data-series NAME and data-points N,
 * which the browser test counts. */
void ll__chart_area(ll_chart *c, const char *name, int color, const double *x, const double *low, const double *high,
                   size_t n);
void ll__chart_line(ll_chart *c, const char *name, int color, const double *x, const double *y, size_t n, int dashed);
/* A shaded band of x (warm-up), a tick at the top per mark (unloads), a
 * dot with a hover title per point (failures, sweep points). */
void ll__chart_x_band(ll_chart *c, double from, double to, const char *label);
void ll__chart_x_ticks(ll_chart *c, const char *name, const double *x, size_t n, const char *title);
void ll__chart_dot(ll_chart *c, const char *name, int color, double x, double y, const char *title, const char *label);
/* A bar from 0 to VALUE at slot I of N (horizontal layout: one row per
 * slot), with LABEL. */
void ll__chart_bar(ll_chart *c, const char *name, int color, size_t slot, size_t slots, double value, const char *label);

#endif
