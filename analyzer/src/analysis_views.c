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

/* The runtime counters that grew by 10 % or more between FIRST (the first
 * snapshot after the first call, when the framework is loaded) and LAST,
 * most grown first, at most MAX_COUNTERS_SHOWN: what Mono's own
 * bookkeeping says grew. */
static void find_moving_counters(json_t *first, json_t *last, ll_views *views)
{
    json_t *fc = json_object_get(first, LL_FIELD_RUNTIME), *lc = json_object_get(last, LL_FIELD_RUNTIME);
    struct counter_move *moves = malloc((json_object_size(lc) + 1) * sizeof *moves);
    size_t n = 0;
    const char *key;
    json_t *value;
    json_object_foreach(lc, key, value) {
        json_t *before = json_object_get(fc, key);
        if (!moves || !json_is_integer(value) || !json_is_integer(before))
            continue;
        json_int_t a = json_integer_value(before), b = json_integer_value(value);
        /* In doubles: the difference of two int64 counters can overflow. */
        double growth = a > 0 ? ((double)b - (double)a) / (double)a : (double)b;
        if (a >= 0 && b > a && growth >= 0.10)
            moves[n++] = (struct counter_move){key, a, b, growth};
    }
    if (n)
        qsort(moves, n, sizeof *moves, by_growth_descending);
    size_t shown = n < MAX_COUNTERS_SHOWN ? n : MAX_COUNTERS_SHOWN;
    views->counters_moved = shown ? calloc(shown, sizeof *views->counters_moved) : NULL;
    for (size_t i = 0; views->counters_moved && i < shown; i++) {
        views->counters_moved[i] = (ll_counter_move){strdup(moves[i].name), moves[i].first, moves[i].last};
        views->counter_move_count++;
    }
    free(moves);
}

/* The assembly groups with more than one member loaded (like !dumpdomain,
 * grouped). */
static void find_repeated_groups(const ll_analysis *a, ll_views *views)
{
    size_t n = ll_groups_count(a->groups);
    views->repeated_groups = n ? calloc(n, sizeof *views->repeated_groups) : NULL;
    for (size_t i = 0; views->repeated_groups && i < n; i++) {
        const ll_group *g = ll_groups_at(a->groups, i);
        if (!(g->alive > 1 || (g->alive > 0 && g->seen > 1)))
            continue;
        ll_repeated_group *r = &views->repeated_groups[views->repeated_group_count++];
        r->name_pattern = strdup(g->name_pattern);
        r->origin = strdup(g->origin);
        r->loaded = g->alive;
        size_t k;
        json_t *name;
        json_array_foreach(g->examples, k, name)
            ll_string_list_add(&r->examples, &r->example_count, json_string_value(name));
    }
}

/* The flat object OBJ of a snapshot record into F, its figures in order. */
static void record_figures(json_t *obj, ll_recorded_figures *f)
{
    if (!json_is_object(obj))
        return;
    f->present = 1;
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
        if (ll_recorded_add(f, key, value) < 0)
            return;
}

/* Each memory kind of LAST, with FIRST's figures of it. */
static void address_rows(json_t *first, json_t *last, ll_views *views)
{
    json_t *fm = json_object_get(first, LL_FIELD_MEMORY), *lm = json_object_get(last, LL_FIELD_MEMORY);
    views->address_rows = json_object_size(lm) ? calloc(json_object_size(lm), sizeof *views->address_rows) : NULL;
    const char *kind;
    json_t *value;
    json_object_foreach(lm, kind, value) {
        if (!views->address_rows)
            break;
        ll_address_row *row = &views->address_rows[views->address_row_count];
        if (!(row->kind = strdup(kind)))
            break;
        views->address_row_count++;
        record_figures(json_object_get(fm, kind), &row->first);
        record_figures(value, &row->last);
    }
}

static char *string_or_null(json_t *s)
{
    return json_is_string(s) ? strdup(json_string_value(s)) : NULL;
}

/* A group's representative assembly ({name, version, origin, types,
 * refs}, assembly_groups.c) as its module. */
static void module_of(json_t *assembly, ll_module *m)
{
    m->name = string_or_null(json_object_get(assembly, LL_FIELD_MODULE_NAME));
    m->version = string_or_null(json_object_get(assembly, LL_FIELD_MODULE_VERSION));
    m->origin = string_or_null(json_object_get(assembly, LL_FIELD_MODULE_ORIGIN));
    json_t *types = json_object_get(assembly, LL_FIELD_MODULE_TYPES), *t;
    size_t i;
    m->types = json_array_size(types) ? calloc(json_array_size(types), sizeof *m->types) : NULL;
    json_array_foreach(types, i, t) if (m->types) m->types[m->type_count++] = (ll_module_type){
        string_or_null(json_object_get(t, LL_FIELD_TYPE_NAME)), string_or_null(json_object_get(t, LL_FIELD_TYPE_BASE))};
    json_array_foreach(json_object_get(assembly, LL_FIELD_MODULE_REFS), i, t)
        if (json_is_string(t))
            ll_string_list_add(&m->refs, &m->ref_count, json_string_value(t));
}

/* The rows of LAST's !dumpheap -stat table (checked when fed). */
static void dumpheap_rows(json_t *last, ll_views *views)
{
    json_t *rows = json_object_get(last, LL_FIELD_DUMPHEAP), *row;
    if (!json_is_array(rows))
        return;
    views->has_dumpheap = 1;
    views->dumpheap = json_array_size(rows) ? calloc(json_array_size(rows), sizeof *views->dumpheap) : NULL;
    size_t i;
    json_array_foreach(rows, i, row) if (views->dumpheap) views->dumpheap[views->dumpheap_count++] = (ll_heap_row){
        string_or_null(json_object_get(row, LL_FIELD_DUMPHEAP_TYPE)),
        json_integer_value(json_object_get(row, LL_FIELD_DUMPHEAP_COUNT)),
        json_integer_value(json_object_get(row, LL_FIELD_DUMPHEAP_SIZE))};
}

void ll_analysis_fill_views(ll_analysis *a, ll_views *views, json_t *modules)
{
    json_t *first = a->first_snapshot, *last = a->last_snapshot;
    address_rows(first, last, views);
    record_figures(json_object_get(first, LL_FIELD_GC), &views->gc[0]);
    record_figures(json_object_get(last, LL_FIELD_GC), &views->gc[1]);
    record_figures(json_object_get(first, LL_FIELD_MALLOC), &views->malloc[0]);
    record_figures(json_object_get(last, LL_FIELD_MALLOC), &views->malloc[1]);
    record_figures(json_object_get(json_object_get(last, LL_FIELD_ASSEMBLIES), LL_FIELD_BY_DOMAIN),
                   &views->assemblies_by_domain);
    find_moving_counters(a->after_first_call ? a->after_first_call : first, last, views);
    find_repeated_groups(a, views);
    views->modules = json_array_size(modules) ? calloc(json_array_size(modules), sizeof *views->modules) : NULL;
    size_t i;
    json_t *m;
    json_array_foreach(modules, i, m) if (views->modules) module_of(m, &views->modules[views->module_count++]);
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
    size_t n = ll_post_warmup(s, warmup, &x, &y);
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
    for (size_t i = 0; i < ll_groups_count(a->groups); i++) {
        const ll_group *g = ll_groups_at(a->groups, i);
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
        g->generator = strdup(ll_group_generator(top[k]).what);
        g->points = s->count ? malloc(s->count * sizeof *g->points) : NULL;
        for (size_t i = 0; g->points && i < s->count; i++) {
            g->points[i][0] = s->x[i];
            g->points[i][1] = s->y[i];
            g->point_count++;
        }
    }
}

void ll_analysis_fill_plot(ll_analysis *a, ll_plot *plot, double warmup, const struct series_result *r)
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
