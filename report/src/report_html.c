/* The HTML report: one self-contained page (inline CSS and SVG, no
 * script, nothing fetched) for one run, several runs compared, a sweep, or
 * imported dumps and counters. It renders the same result objects as the
 * text and JSON reports, so the numbers are the same. */
#include "leaklab/report.h"

#include "html_writer.h"
#include "html_sections.h"
#include "svg_chart.h"
#include "text_format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char style[] =
    ":root{--bg:#fff;--fg:#1a1a1a;--muted:#666;--grid:#ddd;--card:#f6f6f4;--c0:#0072B2;--c1:#E69F00;"
    "--c2:#009E73;--c3:#56B4E9;--c4:#D55E00;--c5:#CC79A7;--c6:#F0E442;--c7:#1a1a1a;--leak:#D55E00;--ok:#009E73;"
    "--unsure:#E69F00}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#161616;--fg:#e8e8e8;--muted:#aaa;--grid:#333;--card:#222;"
    "--c7:#e8e8e8}}\n"
    "@media print{:root{--bg:#fff;--fg:#000;--card:#fff;--c7:#000}section{break-inside:avoid}details{display:block}"
    "details>*{display:block}}\n"
    "body{background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,sans-serif;max-width:1000px;margin:0 auto;"
    "padding:1em}h1{font-size:1.5em}h2{border-bottom:1px solid var(--grid);padding-bottom:.2em}"
    "table{border-collapse:collapse;margin:.5em 0;font-size:.9em}td,th{border-bottom:1px solid var(--grid);"
    "padding:.2em .6em;text-align:right}td:first-child,th:first-child{text-align:left}"
    ".verdict{border-left:8px solid var(--unsure);background:var(--card);padding:.6em 1em;margin:1em 0}"
    ".verdict.leak{border-color:var(--leak)}.verdict.no-leak{border-color:var(--ok)}"
    ".verdict strong{font-size:1.2em}.card{background:var(--card);padding:.6em 1em;margin:.6em 0}"
    ".chart svg{width:100%;height:auto}.chart text{fill:var(--fg);font-size:11px}.chart .title{font-size:13px;"
    "font-weight:600}.chart .label{fill:var(--muted)}.grid{stroke:var(--grid)}.axis{stroke:var(--fg)}"
    ".area{opacity:.85;stroke:none}.line{fill:none;stroke-width:2}.dashed{stroke-dasharray:4 3}"
    ".band{fill:var(--muted);opacity:.15}.marks{stroke:var(--muted)}.trend-band{fill:var(--c4);opacity:.2}"
    "figure{margin:.5em 0}code{font-size:.9em}.muted{color:var(--muted)}"
    ".chains{margin:.3em 0;padding-left:1.4em}.chain{margin:.2em 0}.chain .share{font-weight:600}"
    ".chain .root{background:var(--card);padding:0 .3em}\n";

/* --- one run ------------------------------------------------------------- */

/* R's x axis's label. */
static const char *x_label(const ll_report *r)
{
    const char *unit = ll__x_unit_text(r);
    return strcmp(unit, "iteration") == 0 ? "iteration (call)" : strcmp(unit, "dump") == 0 ? "dump" : "sample";
}

static void verdict_banner(const ll_report *r, FILE *out)
{
    char headline[256], p[32] = "-";
    const char *verdict = ll_verdict_name(r->verdict);
    double best_p = NAN;
    for (int k = 0; k < LL_SERIES_COUNT; k++)
        if (r->growth[k].verdict == LL_LEAK && (isnan(best_p) || r->growth[k].p_value < best_p))
            best_p = r->growth[k].p_value;
    if (isfinite(best_p))
        snprintf(p, sizeof p, "%.2g", best_p);
    ll__html_printf(out, "<div class=\"verdict %s\"><strong data-verdict=\"%s\">verdict: ", verdict, verdict);
    ll__html_text(out, ll__verdict_headline(r, headline, sizeof headline));
    ll__html_printf(out, "</strong><br>basis: ");
    ll__html_text(out, r->basis == LL_BASIS_TREND       ? "a trend over the run (Mann-Kendall, Theil-Sen)"
              : r->basis == LL_BASIS_DUMP_DIFF ? "SUSPECTED from what grew between dumps"
              : r->basis == LL_BASIS_SURVIVAL  ? "assemblies that each of the last snapshot intervals left loaded "
                                                 "(the survival rule; the trend test alone does not show it, or not yet)"
              : r->suspected                   ? "SUSPECTED from the composition of one snapshot"
                                               : "too few snapshots for a trend");
    ll__html_printf(out, "; p-value of the leaking series: %s", p);
    if (r->verdict_note)
        ll__html_printf(out, "<br>held: %s", r->verdict_note);
    if (r->more_iterations_needed)
        ll__html_printf(out, "; about %ld more %ss would settle it", r->more_iterations_needed, ll__x_unit_text(r));
    ll__html_printf(out, "</div>\n");
}

/* The buckets of one plotted series: x (middle), min, max, mean. */
struct plotted {
    double *x, *min, *max, *mean;
    size_t n;
};

static struct plotted plotted_series(const ll_plot *plot, ll_plot_series_id series)
{
    const ll_plot_series *s = &plot->series[series];
    struct plotted p = {0};
    size_t n = s->count;
    if (!n)
        return p;
    p.x = calloc(n, sizeof *p.x);
    p.min = calloc(n, sizeof *p.min);
    p.max = calloc(n, sizeof *p.max);
    p.mean = calloc(n, sizeof *p.mean);
    if (!p.x || !p.min || !p.max || !p.mean)
        return p;
    for (size_t i = 0; i < n; i++) {
        p.x[i] = (s->buckets[i].x_first + s->buckets[i].x_last) / 2;
        p.min[i] = s->buckets[i].min;
        p.max[i] = s->buckets[i].max;
        p.mean[i] = s->buckets[i].mean;
    }
    p.n = n;
    return p;
}

static void free_plotted(struct plotted *p)
{
    free(p->x);
    free(p->min);
    free(p->max);
    free(p->mean);
}

/* The value of P at X (P's buckets are sorted by x), or 0. */
static double value_at(const struct plotted *p, double x)
{
    double v = 0;
    for (size_t i = 0; i < p->n && p->x[i] <= x + 1e-9; i++)
        v = p->mean[i];
    return v;
}

static void marks(ll_chart *c, const ll_plot *plot, double y_top)
{
    size_t n = plot->unload_count;
    double *x = calloc(n + 1, sizeof *x);
    for (size_t i = 0; x && i < n; i++)
        x[i] = (double)plot->unloads[i];
    if (x)
        ll__chart_x_ticks(c, "AppDomain unloads", x, n, "an AppDomain unload (recycle)");
    free(x);
    for (size_t i = 0; i < plot->failure_count; i++) {
        const ll_failure *f = &plot->failures[i];
        char title[512];
        snprintf(title, sizeof title, "iteration %ld failed: %s: %s", f->iteration,
                 f->exception_type ? f->exception_type : "?", f->exception_message ? f->exception_message : "");
        ll__chart_dot(c, "failed iterations", 4, (double)f->iteration, y_top, title, NULL);
    }
}

/* Memory by kind, stacked: GC heap in use, malloc in use, mapped managed
 * images, and the rest of RSS; RSS's maximum per bucket drawn over them so
 * that spikes show. */
static void memory_chart(const ll_report *j, FILE *out)
{
    const ll_plot *plot = &j->plot;
    struct plotted rss = plotted_series(plot, LL_PLOT_RSS);
    if (!rss.n)
        return;
    struct plotted gc = plotted_series(plot, LL_PLOT_GC_HEAP), ml = plotted_series(plot, LL_PLOT_MALLOC),
                   img = plotted_series(plot, LL_PLOT_MANAGED_IMAGES);
    size_t n = rss.n;
    double *layer[5];
    for (int k = 0; k < 5; k++)
        layer[k] = calloc(n, sizeof *layer[k]);
    double top = 0;
    for (size_t i = 0; i < n && layer[4]; i++) {
        double g = value_at(&gc, rss.x[i]), m = value_at(&ml, rss.x[i]), im = value_at(&img, rss.x[i]);
        layer[1][i] = g;
        layer[2][i] = g + m;
        layer[3][i] = g + m + im;
        layer[4][i] = fmax(layer[3][i], rss.mean[i]);
        top = fmax(top, fmax(layer[4][i], rss.max[i]));
    }
    ll_chart c;
    ll__chart_begin(&c, out, "chart-memory", "Memory by kind", x_label(j), "bytes", rss.x[0], rss.x[n - 1], 0,
                   top * 1.05, 1);
    if (ll__report_per_iteration(j))
        ll__chart_x_band(&c, rss.x[0], plot->warmup, "warm-up, left out of the statistics");
    static const char *const names[] = {"GC heap in use", "malloc in use", "managed images", "rest of RSS",
                                        "RSS (max)"};
    static const int colors[] = {0, 1, 2, 3, 7};
    for (int k = 0; k < 4 && layer[4]; k++)
        ll__chart_area(&c, names[k], colors[k], rss.x, layer[k], layer[k + 1], n);
    ll__chart_line(&c, names[4], 7, rss.x, rss.max, n, 1);
    ll__chart_legend(&c, names, colors, 5);
    marks(&c, plot, top);
    ll__chart_end(&c);
    ll__html_printf(out, "<details><summary>table</summary><table><tr><th>%s</th><th>GC heap</th><th>malloc</th>"
                 "<th>managed images</th><th>RSS (mean)</th><th>RSS (max)</th></tr>\n", x_label(j));
    for (size_t i = 0; i < n && layer[4]; i++) {
        char a[32], b[32], d[32], e[32], f[32];
        ll__html_printf(out, "<tr><td>%.0f</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", rss.x[i],
                ll__bytes_text(layer[1][i], a, 32, 0), ll__bytes_text(layer[2][i] - layer[1][i], b, 32, 0),
                ll__bytes_text(layer[3][i] - layer[2][i], d, 32, 0), ll__bytes_text(rss.mean[i], e, 32, 0),
                ll__bytes_text(rss.max[i], f, 32, 0));
    }
    ll__html_printf(out, "</table></details>\n");
    for (int k = 0; k < 5; k++)
        free(layer[k]);
    free_plotted(&rss);
    free_plotted(&gc);
    free_plotted(&ml);
    free_plotted(&img);
}

/* Assemblies loaded, the largest groups stacked, with the Theil-Sen line
 * and its 95 % band (through the median point). */
static void assemblies_chart(const ll_report *j, FILE *out)
{
    const ll_plot *plot = &j->plot;
    struct plotted total = plotted_series(plot, LL_PLOT_ASSEMBLIES);
    if (!total.n)
        return;
    double top = 0;
    for (size_t i = 0; i < total.n; i++)
        top = fmax(top, total.max[i]);
    ll_chart c;
    ll__chart_begin(&c, out, "chart-assemblies", "Assemblies loaded", x_label(j), "assemblies", total.x[0],
                   total.x[total.n - 1], 0, top * 1.05, 0);
    if (ll__report_per_iteration(j))
        ll__chart_x_band(&c, total.x[0], plot->warmup, "warm-up, left out of the statistics");
    const char *names[8];
    int colors[8];
    size_t legend = 0, i;
    /* The groups stacked on the total's x: each group's count at x is its
     * last sample at or before x. */
    double *base = calloc(total.n, sizeof *base), *upper = calloc(total.n, sizeof *upper);
    for (i = 0; i < plot->group_count; i++) {
        const ll_plot_group *g = &plot->groups[i];
        if (!base || !upper || legend >= 6)
            break;
        for (size_t b = 0; b < total.n; b++) {
            double v = 0;
            for (size_t k = 0; k < g->point_count; k++)
                if (g->points[k][0] <= total.x[b] + 1e-9)
                    v = g->points[k][1];
            upper[b] = base[b] + v;
        }
        names[legend] = g->name_pattern;
        colors[legend] = (int)legend % 6;
        ll__chart_area(&c, names[legend], colors[legend], total.x, base, upper, total.n);
        memcpy(base, upper, total.n * sizeof *base);
        legend++;
    }
    ll__chart_line(&c, "assemblies loaded", 7, total.x, total.mean, total.n, 0);
    names[legend] = "assemblies loaded";
    colors[legend++] = 7;
    if (plot->has_assembly_trend && base && upper) {
        const typeof(plot->assembly_trend) *t = &plot->assembly_trend;
        double xs[2] = {t->x_from, t->x_to}, mid[2], lo[2], hi[2];
        for (int k = 0; k < 2; k++) {
            double dx = xs[k] - t->pivot_x;
            mid[k] = t->pivot_y + t->slope * dx;
            lo[k] = t->pivot_y + (dx < 0 ? t->slope_high : t->slope_low) * dx;
            hi[k] = t->pivot_y + (dx < 0 ? t->slope_low : t->slope_high) * dx;
        }
        ll__html_printf(out, "<g class=\"trend-band\">");
        ll__chart_area(&c, "Theil-Sen 95 % band", 4, xs, lo, hi, 2);
        ll__html_printf(out, "</g>");
        ll__chart_line(&c, "Theil-Sen slope", 4, xs, mid, 2, 1);
        names[legend] = "Theil-Sen slope";
        colors[legend++] = 4;
    }
    ll__chart_legend(&c, names, colors, legend);
    marks(&c, plot, top);
    ll__chart_end(&c);
    ll__html_printf(out, "<details><summary>table</summary><table><tr><th>%s</th><th>assemblies (mean)</th>"
                 "<th>min</th><th>max</th></tr>\n", x_label(j));
    for (i = 0; i < total.n; i++)
        ll__html_printf(out, "<tr><td>%.0f</td><td>%.1f</td><td>%.0f</td><td>%.0f</td></tr>\n", total.x[i], total.mean[i],
                total.min[i], total.max[i]);
    ll__html_printf(out, "</table></details>\n");
    free(base);
    free(upper);
    free_plotted(&total);
}

static void growth_table(const ll_report *j, FILE *out)
{
    ll__html_printf(out, "<h3>Growth per %s</h3><table class=\"growth\"><tr><th>series</th><th>per %s</th>"
                 "<th>95 %% interval</th><th>p</th><th>tau</th><th>floor</th><th>budget</th><th>verdict</th></tr>\n",
            ll__x_unit_text(j), ll__x_unit_text(j));
    for (int k = 0; k < LL_SERIES_COUNT; k++) {
        const ll_growth *g = &j->growth[k];
        int bytes = strcmp(ll_series_unit(k), "bytes") == 0;
        char a[32] = "-", b[32] = "-", c[32] = "-", f[32] = "-", bu[32] = "-", p[32] = "-", tau[32] = "-";
        if (g->points) {
            ll__growth_text(g->per_iteration, bytes, a, sizeof a);
            ll__growth_text(g->ci95[0], bytes, b, sizeof b);
            ll__growth_text(g->ci95[1], bytes, c, sizeof c);
            ll__html_cell(g->p_value, "%.2g", p, sizeof p);
            ll__html_cell(g->tau, "%.2f", tau, sizeof tau);
            ll__growth_text(g->floor, bytes, f, sizeof f);
        }
        if (j->budget[k].present)
            ll__growth_text(j->budget[k].limit, bytes, bu, sizeof bu);
        char interval[80] = "-";
        if (strcmp(a, "-") != 0)
            snprintf(interval, sizeof interval, "[%s, %s]", b, c);
        ll__html_printf(out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
                ll_series_name(k), a, interval, p, tau, f, bu);
        ll__html_text(out, g->measured ? ll_verdict_name(g->verdict) : "not measured");
        ll__html_printf(out, "</td></tr>\n");
    }
    ll__html_printf(out, "</table>\n");
}


/* An assembly group's heading: how many, their names, where from, examples. */
static void write_group_head(const ll_suspect *s, FILE *out)
{
    char n[COUNT_TEXT_LEN];
    ll__html_printf(out, "<div class=\"card suspect\"><strong>%s loaded", ll__count_text((double)s->loaded, n));
    if (isfinite(s->per_iteration))
        ll__html_printf(out, " (%+.2f per call)", s->per_iteration);
    ll__html_printf(out, "</strong>: %s names, version %s, from %s<br>e.g. ", s->name_pattern, s->version,
                   s->origin);
    for (size_t k = 0; k < s->example_count; k++)
        ll__html_printf(out, "%s<code>%s</code>", k ? ", " : "", s->examples[k]);
    ll__html_printf(out, "<br>%s<br><b>generated by:</b> %s", s->signature, s->generator);
}

/* A heap table's suspect (a type of a dump or a heap-shot): its heading. */
static void write_heap_table_head(const ll_suspect *s, FILE *out)
{
    char n[COUNT_TEXT_LEN];
    if (strcmp(s->name_pattern, "-") != 0) /* one type, named */
        ll__html_printf(out, "<div class=\"card suspect\"><strong><code>%s</code></strong> (%s)", s->name_pattern,
                        s->origin);
    else
        ll__html_printf(out, "<div class=\"card suspect\"><strong>%s objects on the GC heap</strong> (%s)",
                        ll__count_text((double)s->loaded, n), s->origin);
    ll__html_printf(out, "<br>%s<br><b>generated by:</b> %s", s->signature, s->generator);
}

static void suspect_cards(const ll_report *j, FILE *out)
{
    if (!j->suspect_count)
        return;
    ll__html_printf(out, "<h3>Suspects</h3>\n");
    for (size_t i = 0; i < j->suspect_count; i++) {
        const ll_suspect *s = &j->suspects[i];
        if (s->source == LL_SUSPECT_LOOK_AT) {
            ll__html_printf(out, "<div class=\"card look-at\"><strong>What to look at: <code>%s</code></strong><br>%s"
                                "<br><b>why:</b> %s<br><b>to confirm:</b> %s</div>\n",
                           s->name_pattern, s->signature, s->generator, s->fix);
            continue;
        }
        if (s->source == LL_SUSPECT_GCROOT) {
            ll__html_printf(out, "<div class=\"card suspect\"><strong><code>%s</code>, held by %s</strong><br><code>%s"
                                "</code><br><b>what:</b> %s<br><b>fix:</b> %s</div>\n",
                           s->name_pattern, s->origin, s->signature, s->generator, s->fix);
            continue;
        }
        if (s->source == LL_SUSPECT_GROWING_TYPE) {
            ll__html_printf(out, "<div class=\"card suspect\"><strong><code>%s</code></strong> (%s)<br>%s<br>"
                                "<b>kept by:</b> %s",
                           s->name_pattern, s->origin, s->signature, s->kept_by ? s->kept_by : s->generator);
            if (s->retention)
                ll__html_retention(s->retention, out);
            ll__html_printf(out, "<br><b>fix:</b> %s</div>\n", s->fix);
            continue;
        }
        if (s->source == LL_SUSPECT_HEAP_TABLE)
            write_heap_table_head(s, out);
        else
            write_group_head(s, out);
        if (s->kept_by)
            ll__html_printf(out, "<br><b>kept by:</b> %s", s->kept_by);
        ll__html_printf(out, "<br><b>fix:</b> %s</div>\n", s->fix);
    }
}

/* Figure NAME of SPAN in its first dump, or its last (LAST); NAN when
 * either dump lacks it. */
static double figure_at(const ll_diff_span *span, const char *name, int last)
{
    const ll_diff_figure *f = ll_diff_span_figure(span, name);
    return f ? (last ? f->last : f->first) : NAN;
}

/* Each dump's committed memory split into the managed heap, the loader
 * heap, the native heap, images and the rest. */
static void dumps_chart(const ll_report *j, FILE *out)
{
    const ll_dump_growth *diff = j->diff;
    if (!diff)
        return;
    size_t dumps = diff->interval_count + 1;
    static const char *const parts[] = {"gc_heap", "loader_heap", "native_heap", "image"};
    static const char *const names[] = {"managed heap", "loader heap", "native heap", "images", "rest"};
    static const int colors[] = {0, 4, 1, 2, 3};
    double *committed = calloc(dumps, sizeof *committed), top = 0;
    double (*part)[4] = calloc(dumps, sizeof *part);
    if (!committed || !part) {
        free(committed);
        free(part);
        return;
    }
    for (size_t d = 0; d < dumps; d++) {
        const ll_diff_span *span = diff->interval_count ? &diff->intervals[d ? d - 1 : 0] : NULL;
        committed[d] = figure_at(span, "committed", d > 0);
        for (int p = 0; p < 4; p++) {
            double v = figure_at(span, parts[p], d > 0);
            part[d][p] = isfinite(v) ? v : 0;
        }
        top = fmax(top, isfinite(committed[d]) ? committed[d] : 0);
        double sum = part[d][0] + part[d][1] + part[d][2] + part[d][3];
        top = fmax(top, sum);
    }
    ll_chart c;
    ll__chart_begin(&c, out, "chart-dumps", "Committed memory of each dump, by kind", "dump", "bytes", -0.5,
                   (double)dumps - 0.5, 0, top * 1.05, 1);
    for (int p = 0; p < 5; p++) {
        double *x = calloc(2 * dumps, sizeof *x), *lo = calloc(2 * dumps, sizeof *lo),
               *hi = calloc(2 * dumps, sizeof *hi);
        for (size_t d = 0; x && lo && hi && d < dumps; d++) {
            double below = 0;
            for (int q = 0; q < p && q < 4; q++)
                below += part[d][q];
            double value = p < 4 ? part[d][p] : fmax(0, (isfinite(committed[d]) ? committed[d] : below) - below);
            x[2 * d] = (double)d - 0.3;
            x[2 * d + 1] = (double)d + 0.3;
            lo[2 * d] = lo[2 * d + 1] = below;
            hi[2 * d] = hi[2 * d + 1] = below + value;
        }
        for (size_t d = 0; x && lo && hi && d < dumps; d++)
            ll__chart_area(&c, names[p], colors[p], x + 2 * d, lo + 2 * d, hi + 2 * d, 2);
        free(x);
        free(lo);
        free(hi);
    }
    ll__chart_legend(&c, names, colors, 5);
    ll__chart_end(&c);
    free(committed);
    free(part);
}

static void diff_table(const ll_report *j, FILE *out)
{
    const ll_dump_growth *diff = j->diff;
    if (!diff)
        return;
    ll__html_printf(out, "<h3>Growth between dumps</h3><p>");
    ll__html_text(out, diff->pattern ? diff->pattern : "");
    ll__html_printf(out, "</p><table class=\"diff\"><tr><th>figure</th><th>first</th><th>last</th><th>change</th>"
                 "<th>share of committed growth</th></tr>\n");
    for (size_t i = 0; i < diff->whole.figure_count; i++) {
        const ll_diff_figure *f = &diff->whole.figures[i];
        char a[32], b[32], d[32], p[COUNT_TEXT_LEN] = "";
        int bytes = strcmp(f->name, "assemblies") != 0;
        if (f->has_share)
            ll__percent_text(f->share, p);
        ll__html_printf(out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", f->name,
                bytes ? ll__bytes_text(f->first, a, 32, 0) : ll__count_text(f->first, a),
                bytes ? ll__bytes_text(f->last, b, 32, 0) : ll__count_text(f->last, b),
                ll__growth_text(f->change, bytes, d, sizeof d), p);
    }
    ll__html_printf(out, "</table>\n");
}

static void run_section(const char *name, const ll_report *j, size_t index, FILE *out)
{
    ll__html_printf(out, "<section class=\"run\" id=\"run-%zu\"><h2>", index);
    ll__html_text(out, name);
    ll__html_printf(out, " <span class=\"muted\">");
    ll__html_text(out, j->run.scenario ? j->run.scenario : j->run.entry ? j->run.entry : "");
    ll__html_printf(out, " [");
    ll__html_text(out, j->run.context ? j->run.context : "-");
    /* Runs of Mono (the default runtime) and of CoreCLR side by side. */
    if (j->run.runtime && strcmp(j->run.runtime, "mono") != 0) {
        ll__html_printf(out, ", ");
        ll__html_text(out, j->run.runtime);
    }
    ll__html_printf(out, "]</span></h2>\n");
    verdict_banner(j, out);
    for (size_t i = 0; i < j->warning_count; i++) {
        ll__html_printf(out, "<p class=\"muted\">warning: ");
        ll__html_text(out, j->warnings[i]);
        ll__html_printf(out, "</p>\n");
    }
    memory_chart(j, out);
    assemblies_chart(j, out);
    dumps_chart(j, out);
    growth_table(j, out);
    ll__html_growth_by_type(j, x_label(j), out);
    ll__html_native_sites(j, x_label(j), out);
    diff_table(j, out);
    suspect_cards(j, out);
    ll__html_views(j, out);
    ll__html_printf(out, "</section>\n");
}

int ll_report_write_html(const char *title, const ll_html_input *inputs, size_t n, FILE *out)
{
    ll__html_page_begin(out, title, style);
    ll__html_printf(out, "<h1>%s</h1>\n", title);
    ll__html_comparison(inputs, n, out);
    for (size_t i = 0; i < n; i++) {
        if (inputs[i].report)
            run_section(inputs[i].name, inputs[i].report, i, out);
        else if (inputs[i].sweep)
            ll__html_sweep(inputs[i].sweep, i, out);
    }
    ll__html_printf(out, "<p class=\"muted\">leaklab report: the same results as <code>leaklab analyze</code> (text, "
                 "JSON); charts downsampled to at most 400 buckets per series, each the min, max and mean of "
                 "the points it covers.</p>\n</body></html>\n");
    return ferror(out) ? -1 : 0;
}
