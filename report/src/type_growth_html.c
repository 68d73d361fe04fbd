/* The HTML report's "What grows, by type": the bytes of the types that
 * grow most, one line each over the heap-shots (or dumps), and the table
 * the text report prints, with each type's verdict; and "Native
 * allocation sites", heaptrack's leaked bytes by site, the same way. */
#include "html_sections.h"

#include "html_writer.h"
#include "svg_chart.h"
#include "text_format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Lines drawn: the palette's distinct colours. */
#define TYPES_CHARTED 6

/* The bytes of the first of LIST's COUNT items, one line each. */
static void growth_chart(const ll_type_growth *list, size_t count, const char *id, const char *title,
                         const char *x_label, FILE *out)
{
    size_t n = count < TYPES_CHARTED ? count : TYPES_CHARTED;
    double x_min = INFINITY, x_max = -INFINITY, top = 0;
    for (size_t i = 0; i < n; i++) {
        const ll_type_growth *g = &list[i];
        for (size_t k = 0; k < g->point_count; k++) {
            x_min = fmin(x_min, g->points[k][0]);
            x_max = fmax(x_max, g->points[k][0]);
            top = fmax(top, g->points[k][1]);
        }
    }
    if (!(x_max > x_min))
        return;
    ll_chart c;
    ll__chart_begin(&c, out, id, title, x_label, "bytes", x_min, x_max, 0, top > 0 ? top * 1.05 : 1, 1);
    const char *names[TYPES_CHARTED];
    int colors[TYPES_CHARTED];
    for (size_t i = 0; i < n; i++) {
        const ll_type_growth *g = &list[i];
        double *x = malloc((g->point_count + 1) * sizeof *x), *y = malloc((g->point_count + 1) * sizeof *y);
        for (size_t k = 0; x && y && k < g->point_count; k++) {
            x[k] = g->points[k][0];
            y[k] = g->points[k][1];
        }
        if (x && y)
            ll__chart_line(&c, g->type, (int)i, x, y, g->point_count, 0);
        free(x);
        free(y);
        names[i] = g->type;
        colors[i] = (int)i;
    }
    ll__chart_legend(&c, names, colors, n);
    ll__chart_end(&c);
}

/* G's bytes per unit of x, its interval and its share, as the tables show
 * them ("-" where there is none). */
struct growth_cells {
    char bytes[32], low[32], high[32], share[COUNT_TEXT_LEN];
};

static void growth_cells(const ll_type_growth *g, struct growth_cells *c)
{
    strcpy(c->low, "-");
    strcpy(c->high, "-");
    strcpy(c->share, "-");
    ll__growth_text(g->bytes_per_iteration, 1, c->bytes, sizeof c->bytes);
    if (!isnan(g->ci95[0])) {
        ll__growth_text(g->ci95[0], 1, c->low, sizeof c->low);
        ll__growth_text(g->ci95[1], 1, c->high, sizeof c->high);
    }
    if (!isnan(g->share))
        ll__percent_text(g->share, c->share);
}

static void types_table(const ll_report *r, FILE *out)
{
    ll__html_printf(out, "<table class=\"types\"><tr><th>type</th><th>objects per %s</th><th>bytes per %s</th>"
                        "<th>95 %% interval</th><th>share</th><th>live objects, first &rarr; last</th>"
                        "<th>verdict</th></tr>\n",
                   ll__x_unit_text(r), ll__x_unit_text(r));
    for (size_t i = 0; i < r->growth_by_type_count; i++) {
        const ll_type_growth *g = &r->growth_by_type[i];
        char first[COUNT_TEXT_LEN], last[COUNT_TEXT_LEN];
        struct growth_cells c;
        growth_cells(g, &c);
        ll__html_printf(out, "<tr><td><code>%s</code></td><td>%+.3g</td><td>%s</td><td>[%s, %s]</td><td>%s</td>"
                            "<td>%s &rarr; %s</td><td>%s</td></tr>\n",
                       g->type, g->count_per_iteration, c.bytes, c.low, c.high, c.share, ll__count_text(g->first_count, first),
                       ll__count_text(g->last_count, last), ll_verdict_name(g->verdict));
    }
    ll__html_printf(out, "</table>\n");
}

void ll__html_growth_by_type(const ll_report *r, const char *x_label, FILE *out)
{
    if (!r->has_growth_by_type)
        return;
    ll__html_printf(out, "<h3>What grows, by type</h3>\n");
    if (r->growth_by_type_count == 0) {
        ll__html_printf(out, "<p>No type grows: the live objects of every type stay level over the %s.</p>\n",
                       r->growth_by_type_by_trend ? "heap-shots, after warm-up" : "dumps");
        return;
    }
    if (!r->growth_by_type_by_trend)
        ll__html_printf(out, "<p class=\"muted\">Too few for a trend: each type's change from the first to the last, "
                            "per %s.</p>\n",
                       ll__x_unit_text(r));
    growth_chart(r->growth_by_type, r->growth_by_type_count, "chart-types", "Live bytes of the types that grow most",
                 x_label, out);
    types_table(r, out);
    int shown = 0;
    for (size_t i = 0; i < r->growth_by_type_count; i++) {
        const ll_type_growth *g = &r->growth_by_type[i];
        if (!g->retention || g->retention->path_count == 0)
            continue;
        if (!shown++)
            ll__html_printf(out, "<h4>Kept by</h4><p class=\"muted\">The shortest paths from a GC root at the last "
                                 "heap capture (statics first, then handles, the runtime, stacks, finalization).</p>\n");
        ll__html_printf(out, "<p><code>%s</code> (%.0f objects)</p>\n", g->type, g->retention->instances);
        ll__html_retention(g->retention, out);
    }
}

static void sites_table(const ll_report *r, FILE *out)
{
    ll__html_printf(out, "<table class=\"types\"><tr><th>site</th><th>bytes per %s</th><th>95 %% interval</th>"
                        "<th>share</th><th>leaked bytes, first &rarr; last</th><th>verdict</th><th>called from</th>"
                        "</tr>\n",
                   ll__x_unit_text(r));
    for (size_t i = 0; i < r->native_site_count; i++) {
        const ll_type_growth *g = &r->native_sites[i];
        char first[32], last[32];
        struct growth_cells c;
        growth_cells(g, &c);
        ll__html_printf(out, "<tr><td><code>%s</code></td><td>%s</td><td>[%s, %s]</td><td>%s</td><td>%s &rarr; %s</td>"
                            "<td>%s</td><td><code>%s</code></td></tr>\n",
                       g->type, c.bytes, c.low, c.high, c.share, ll__bytes_text(g->first_bytes, first, sizeof first, 0),
                       ll__bytes_text(g->last_bytes, last, sizeof last, 0), ll_verdict_name(g->verdict),
                       g->callers ? g->callers : "-");
    }
    ll__html_printf(out, "</table>\n");
}

void ll__html_native_sites(const ll_report *r, const char *x_label, FILE *out)
{
    if (!r->has_native_sites)
        return;
    ll__html_printf(out, "<h3>Native allocation sites</h3>\n<p class=\"muted\">heaptrack's leaked bytes (allocated and "
                        "never freed) by the function that allocated them, the first that is not an allocation or "
                        "container helper.</p>\n");
    if (r->native_site_count == 0) {
        ll__html_printf(out, "<p>No site grows.</p>\n");
        return;
    }
    if (!isnan(r->native_sites_of_malloc))
        ll__html_printf(out, "<p>Together these sites grow by %.0f %% of malloc's slope in the same series.</p>\n",
                       r->native_sites_of_malloc * 100);
    growth_chart(r->native_sites, r->native_site_count, "chart-sites", "Leaked bytes of the sites that grow most",
                 x_label, out);
    sites_table(r, out);
}
