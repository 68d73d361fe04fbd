/* What the reports show beside the verdict (analysis_internal.h): the
 * SOS-like views (the runtime counters that moved, the domains' repeated
 * assembly groups, a module per suspect group) and the charts' data (the
 * series downsampled, unloads, failures, the assembly trend and groups). */
#include "analysis_internal.h"

#include "generators.h"
#include "trend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COUNTERS_SHOWN 20

struct counter_move {
    const char *name;
    json_int_t first, last;
    double growth; /* relative; counters that started at 0 rank by their last value */
};

static int by_growth_descending(const void *pa, const void *pb)
{
    const struct counter_move *a = pa, *b = pb;
    return (a->growth < b->growth) - (a->growth > b->growth);
}

struct counter_search {
    ll_value first; /* the first snapshot's counters */
    struct counter_move *moves;
    size_t count, cap;
};

static int compare_counter(const char *key, const ll_value *value, void *ctx)
{
    struct counter_search *c = ctx;
    ll_value before = ll_value_member(&c->first, key);
    if (c->count == c->cap || value->kind != LL_VALUE_INTEGER || before.kind != LL_VALUE_INTEGER)
        return 0;
    json_int_t a = before.integer, b = value->integer;
    /* In doubles: the difference of two int64 counters can overflow. */
    double growth = a > 0 ? ((double)b - (double)a) / (double)a : (double)b;
    if (a >= 0 && b > a && growth >= 0.10)
        c->moves[c->count++] = (struct counter_move){key, a, b, growth};
    return 0;
}

/* The runtime counters that grew by 10 % or more between FIRST (the first
 * snapshot after the first call, when the framework is loaded) and LAST,
 * most grown first, at most MAX_COUNTERS_SHOWN: what Mono's own
 * bookkeeping says grew. */
static void find_moving_counters(const ll_record *first, const ll_record *last, ll_views *views)
{
    ll_value counters = ll_record_value(last, LL_FIELD_RUNTIME);
    struct counter_search c = {ll_record_value(first, LL_FIELD_RUNTIME), NULL, 0, ll_value_count(&counters)};
    c.moves = malloc((c.cap + 1) * sizeof *c.moves);
    if (!c.moves)
        return;
    ll_value_each_member(&counters, compare_counter, &c);
    if (c.count)
        qsort(c.moves, c.count, sizeof *c.moves, by_growth_descending);
    size_t shown = c.count < MAX_COUNTERS_SHOWN ? c.count : MAX_COUNTERS_SHOWN;
    views->counters_moved = shown ? calloc(shown, sizeof *views->counters_moved) : NULL;
    for (size_t i = 0; views->counters_moved && i < shown; i++) {
        views->counters_moved[i] = (ll_counter_move){strdup(c.moves[i].name), c.moves[i].first, c.moves[i].last};
        views->counter_move_count++;
    }
    free(c.moves);
}

/* The assembly groups with more than one member loaded (like !dumpdomain,
 * grouped). */
static void find_repeated_groups(const ll_analysis *a, ll_views *views)
{
    size_t n = ll__groups_count(a->groups);
    views->repeated_groups = n ? calloc(n, sizeof *views->repeated_groups) : NULL;
    for (size_t i = 0; views->repeated_groups && i < n; i++) {
        const ll_group *g = ll__groups_at(a->groups, i);
        if (!(g->alive > 1 || (g->alive > 0 && g->seen > 1)))
            continue;
        ll_repeated_group *r = &views->repeated_groups[views->repeated_group_count++];
        r->name_pattern = strdup(g->name_pattern);
        r->origin = strdup(g->origin);
        r->loaded = g->alive;
        for (size_t k = 0; k < g->example_count; k++)
            ll_string_list_add(&r->examples, &r->example_count, g->examples[k]);
    }
}

static int add_figure(const char *key, const ll_value *value, void *f)
{
    return ll_recorded_add(f, key, value) < 0;
}

/* The flat object at PATH of REC into F, its figures in order. */
static void record_figures(const ll_record *rec, const char *path, ll_recorded_figures *f)
{
    ll_value obj = ll_record_value(rec, path);
    if (obj.kind != LL_VALUE_OBJECT)
        return;
    f->present = 1;
    ll_value_each_member(&obj, add_figure, f);
}

struct address_rows {
    ll_value first_memory;
    ll_views *views;
    size_t cap;
};

static int add_address_row(const char *kind, const ll_value *last, void *ctx)
{
    struct address_rows *r = ctx;
    ll_address_row *row = &r->views->address_rows[r->views->address_row_count];
    if (r->views->address_row_count == r->cap || !(row->kind = strdup(kind)))
        return 1;
    r->views->address_row_count++;
    ll_value first = ll_value_member(&r->first_memory, kind);
    if (first.kind == LL_VALUE_OBJECT) {
        row->first.present = 1;
        ll_value_each_member(&first, add_figure, &row->first);
    }
    if (last->kind == LL_VALUE_OBJECT) {
        row->last.present = 1;
        ll_value_each_member(last, add_figure, &row->last);
    }
    return 0;
}

/* Each memory kind of LAST, with FIRST's figures of it. */
static void address_rows(const ll_record *first, const ll_record *last, ll_views *views)
{
    ll_value memory = ll_record_value(last, LL_FIELD_MEMORY);
    struct address_rows r = {ll_record_value(first, LL_FIELD_MEMORY), views, ll_value_count(&memory)};
    views->address_rows = r.cap ? calloc(r.cap, sizeof *views->address_rows) : NULL;
    if (views->address_rows)
        ll_value_each_member(&memory, add_address_row, &r);
}

static int add_dumpheap_row(const ll_value *row, void *ctx)
{
    ll_views *views = ctx;
    ll_value type = ll_value_member(row, LL_FIELD_DUMPHEAP_TYPE), count = ll_value_member(row, LL_FIELD_DUMPHEAP_COUNT);
    ll_value size = ll_value_member(row, LL_FIELD_DUMPHEAP_SIZE);
    views->dumpheap[views->dumpheap_count++] =
        (ll_heap_row){type.kind == LL_VALUE_STRING ? strdup(type.string) : NULL, count.integer, size.integer};
    return 0;
}

/* The rows of LAST's !dumpheap -stat table (checked when fed). */
static void dumpheap_rows(const ll_record *last, ll_views *views)
{
    ll_value rows = ll_record_value(last, LL_FIELD_DUMPHEAP);
    if (rows.kind != LL_VALUE_ARRAY)
        return;
    views->has_dumpheap = 1;
    size_t n = ll_value_count(&rows);
    views->dumpheap = n ? calloc(n, sizeof *views->dumpheap) : NULL;
    if (views->dumpheap)
        ll_value_each_item(&rows, add_dumpheap_row, views);
}

void ll__analysis_fill_views(ll_analysis *a, ll_views *views, const ll_group_list *modules)
{
    const ll_record *first = a->first_snapshot, *last = a->last_snapshot;
    address_rows(first, last, views);
    record_figures(first, LL_FIELD_GC, &views->gc[0]);
    record_figures(last, LL_FIELD_GC, &views->gc[1]);
    record_figures(first, LL_FIELD_MALLOC, &views->malloc[0]);
    record_figures(last, LL_FIELD_MALLOC, &views->malloc[1]);
    record_figures(last, LL_FIELD_ASSEMBLIES "." LL_FIELD_BY_DOMAIN, &views->assemblies_by_domain);
    find_moving_counters(a->after_first_call ? a->after_first_call : first, last, views);
    find_repeated_groups(a, views);
    views->modules = modules->count ? calloc(modules->count, sizeof *views->modules) : NULL;
    for (size_t i = 0; views->modules && i < modules->count; i++)
        if (ll_module_copy(&views->modules[views->module_count], &modules->items[i]->representative) == 0)
            views->module_count++;
    dumpheap_rows(last, views);
}

static int by_value(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* The Theil-Sen line of the assemblies as the chart draws it: through the
 * median point of the fitted points, with the slope and its interval. */
static void set_assembly_trend(ll_plot *plot, const ll_series *s, double warmup, const ll_trend *t)
{
    const double *x, *y;
    size_t n = ll__post_warmup(s, warmup, &x, &y);
    if (n < 2 || t->n == 0)
        return;
    double *xs = malloc(n * sizeof *xs), *ys = malloc(n * sizeof *ys);
    if (xs && ys) {
        memcpy(xs, x, n * sizeof *xs);
        memcpy(ys, y, n * sizeof *ys);
        qsort(xs, n, sizeof *xs, by_value);
        qsort(ys, n, sizeof *ys, by_value);
        plot->has_assembly_trend = 1;
        plot->assembly_trend.pivot_x = xs[n / 2];
        plot->assembly_trend.pivot_y = ys[n / 2];
        plot->assembly_trend.slope = t->slope;
        plot->assembly_trend.slope_low = t->slope_low;
        plot->assembly_trend.slope_high = t->slope_high;
        plot->assembly_trend.x_from = x[0];
        plot->assembly_trend.x_to = x[n - 1];
    }
    free(xs);
    free(ys);
}

#define PLOT_GROUPS 6

/* The assembly groups with the most loaded at the end, and their counts
 * over the run. */
static void set_group_plots(const ll_analysis *a, ll_plot *plot)
{
    const ll_group *top[PLOT_GROUPS] = {0};
    for (size_t i = 0; i < ll__groups_count(a->groups); i++) {
        const ll_group *g = ll__groups_at(a->groups, i);
        if (!g->alive_series || g->alive < 2)
            continue;
        for (int k = 0; k < PLOT_GROUPS; k++)
            if (!top[k] || g->alive > top[k]->alive) {
                memmove(&top[k + 1], &top[k], (size_t)(PLOT_GROUPS - k - 1) * sizeof *top);
                top[k] = g;
                break;
            }
    }
    plot->groups = calloc(PLOT_GROUPS, sizeof *plot->groups);
    for (int k = 0; plot->groups && k < PLOT_GROUPS && top[k]; k++) {
        const ll_series *s = top[k]->alive_series;
        ll_plot_group *g = &plot->groups[plot->group_count++];
        g->name_pattern = strdup(top[k]->name_pattern);
        g->origin = strdup(top[k]->origin);
        g->generator = strdup(ll__group_generator(top[k]).what);
        g->points = s->count ? malloc(s->count * sizeof *g->points) : NULL;
        for (size_t i = 0; g->points && i < s->count; i++) {
            g->points[i][0] = s->x[i];
            g->points[i][1] = s->y[i];
            g->point_count++;
        }
    }
}

void ll__analysis_fill_plot(ll_analysis *a, ll_plot *plot, double warmup, const struct series_result *r)
{
    plot->warmup = warmup;
    for (int p = 0; p < LL_PLOT_SERIES_COUNT; p++) {
        const ll_envelope *e = &a->plot[p];
        ll_plot_series *out = &plot->series[p];
        out->buckets = e->count ? malloc(e->count * sizeof *out->buckets) : NULL;
        for (size_t b = 0; out->buckets && b < e->count; b++)
            out->buckets[out->count++] = (ll_plot_bucket){e->x_first[b], e->x_last[b], e->min[b], e->max[b],
                                                          e->sum[b] / (double)e->points[b]};
    }
    plot->unloads = a->unload_mark_count ? malloc(a->unload_mark_count * sizeof *plot->unloads) : NULL;
    if (plot->unloads) {
        memcpy(plot->unloads, a->unload_marks, a->unload_mark_count * sizeof *plot->unloads);
        plot->unload_count = a->unload_mark_count;
    }
    plot->failures = a->failure_marks;
    plot->failure_count = a->failure_mark_count;
    a->failure_marks = NULL;
    a->failure_mark_count = 0;
    set_assembly_trend(plot, &a->series[LL_SERIES_ASSEMBLIES], warmup, &r[LL_SERIES_ASSEMBLIES].all);
    set_group_plots(a, plot);
}
