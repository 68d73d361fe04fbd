/* See dump_diff.h. Each dump is kept as a small summary (a few figures
 * and its !dumpheap -stat table): the first, the previous and the last,
 * with each interval's diff computed as the dumps arrive. */
#include "dump_diff.h"

#include "generators.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOP_TYPES 20
#define TOP_GROUPS 10
/* A pattern needs growth of at least this share of the first dump's
 * figure and this many bytes, so that noise between dumps is not one. */
#define MIN_RELATIVE_GROWTH 0.10
#define MIN_BYTES_GROWTH (16.0 * 1024 * 1024)
#define MIN_ASSEMBLIES_APPEARED 100

struct ll_dump_diff {
    json_t *first, *previous, *last; /* summaries */
    ll_diff_span *intervals;         /* each dump to the next, computed as the dumps arrive */
    size_t interval_count, count;
};

static double number_at(json_t *obj, const char *a, const char *b)
{
    json_t *v = json_object_get(json_object_get(obj, a), b);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The figures of SNAPSHOT a diff compares, by name, and its heap table
 * by type. */
static json_t *summarize(json_t *snapshot)
{
    json_t *figures = json_object(), *memory = json_object_get(snapshot, LL_FIELD_MEMORY);
    const char *kind;
    json_t *k;
    double committed = number_at(memory, LL_FIELD_MEMORY_TOTAL, LL_FIELD_REGION_RSS);
    if (isfinite(committed))
        json_object_set_new(figures, "committed", json_real(committed));
    json_object_foreach(memory, kind, k) {
        double size = number_at(memory, kind, LL_FIELD_REGION_SIZE);
        if (strcmp(kind, "total") != 0 && isfinite(size))
            json_object_set_new(figures, kind, json_real(size));
    }
    double gc = number_at(snapshot, LL_FIELD_GC, LL_FIELD_GC_USED_SIZE);
    double loader = number_at(snapshot, LL_FIELD_RUNTIME, LL_FIELD_LOADER_HEAP_BYTES);
    double assemblies = number_at(snapshot, LL_FIELD_ASSEMBLIES, LL_FIELD_LOADED);
    if (isfinite(gc))
        json_object_set_new(figures, "gc_heap", json_real(gc));
    if (isfinite(loader))
        json_object_set_new(figures, "loader_heap", json_real(loader));
    if (isfinite(assemblies))
        json_object_set_new(figures, "assemblies", json_real(assemblies));
    json_t *heap = json_object(), *row;
    size_t i;
    json_array_foreach(json_object_get(snapshot, LL_FIELD_DUMPHEAP), i, row) {
        const char *type = json_string_value(json_object_get(row, LL_FIELD_DUMPHEAP_TYPE));
        if (type)
            json_object_set(heap, type, row);
    }
    json_t *iteration = json_object_get(snapshot, "iteration"), *source = json_object_get(snapshot, "source");
    return json_pack("{sO* sO* so so}", "dump", iteration, "source", source, "figures", figures, "heap", heap);
}

static char *copy_string(const json_t *s)
{
    return json_is_string(s) ? strdup(json_string_value(s)) : NULL;
}

/* The figures both dumps have, in the first's order, and, when committed
 * memory grew, the share of it each byte figure's growth explains. */
static void figure_changes(json_t *from, json_t *to, ll_diff_span *span)
{
    json_t *a = json_object_get(from, "figures"), *b = json_object_get(to, "figures"), *v;
    const char *name;
    span->figures = calloc(json_object_size(a) + 1, sizeof *span->figures);
    json_object_foreach(a, name, v) {
        json_t *w = json_object_get(b, name);
        if (w && span->figures)
            span->figures[span->figure_count++] = (ll_diff_figure){strdup(name), json_real_value(v),
                                                                   json_real_value(w),
                                                                   json_real_value(w) - json_real_value(v), 0, 0};
    }
    const ll_diff_figure *committed = ll_diff_span_figure(span, "committed");
    if (!committed || !(committed->change > 0))
        return;
    for (size_t i = 0; i < span->figure_count; i++) {
        ll_diff_figure *f = &span->figures[i];
        if (strcmp(f->name, "committed") != 0 && strcmp(f->name, "assemblies") != 0) {
            f->has_share = 1;
            f->share = f->change / committed->change;
        }
    }
}

static int by_size_change_descending(const void *pa, const void *pb)
{
    double a = ((const ll_diff_type *)pa)->size_change, b = ((const ll_diff_type *)pb)->size_change;
    return (a < b) - (a > b);
}

/* The !dumpheap -stat types that grew, most bytes first, at most
 * TOP_TYPES. */
static void heap_growth(json_t *from, json_t *to, ll_diff_span *span)
{
    json_t *a = json_object_get(from, "heap"), *b = json_object_get(to, "heap"), *row;
    ll_diff_type *grown = calloc(json_object_size(b) + 1, sizeof *grown);
    size_t used = 0;
    const char *type;
    json_object_foreach(b, type, row) {
        json_t *before = json_object_get(a, type);
        double count = (double)json_integer_value(json_object_get(row, LL_FIELD_DUMPHEAP_COUNT));
        double size = (double)json_integer_value(json_object_get(row, LL_FIELD_DUMPHEAP_SIZE));
        double count0 = before ? (double)json_integer_value(json_object_get(before, LL_FIELD_DUMPHEAP_COUNT)) : 0;
        double size0 = before ? (double)json_integer_value(json_object_get(before, LL_FIELD_DUMPHEAP_SIZE)) : 0;
        if (grown && size > size0)
            grown[used++] = (ll_diff_type){(char *)type, count - count0, size - size0, count, size};
    }
    if (!grown)
        return;
    qsort(grown, used, sizeof *grown, by_size_change_descending);
    span->type_count = used < TOP_TYPES ? used : TOP_TYPES;
    for (size_t i = 0; i < span->type_count; i++)
        grown[i].type = strdup(grown[i].type);
    span->types = grown;
}

static ll_diff_span interval(json_t *from, json_t *to)
{
    ll_diff_span span = {.from = (long)json_integer_value(json_object_get(from, "dump")),
                         .to = (long)json_integer_value(json_object_get(to, "dump")),
                         .sources = {copy_string(json_object_get(from, "source")),
                                     copy_string(json_object_get(to, "source"))}};
    figure_changes(from, to, &span);
    heap_growth(from, to, &span);
    return span;
}

ll_dump_diff *ll_dump_diff_new(void)
{
    return calloc(1, sizeof(ll_dump_diff));
}

void ll_dump_diff_free(ll_dump_diff *d)
{
    if (!d)
        return;
    json_decref(d->first);
    json_decref(d->previous);
    json_decref(d->last);
    for (size_t i = 0; i < d->interval_count; i++)
        ll_diff_span_free(&d->intervals[i]);
    free(d->intervals);
    free(d);
}

void ll_dump_diff_add(ll_dump_diff *d, json_t *snapshot)
{
    json_t *summary = summarize(snapshot);
    if (d->last) {
        ll_diff_span *grown = realloc(d->intervals, (d->interval_count + 1) * sizeof *grown);
        if (grown) {
            d->intervals = grown;
            d->intervals[d->interval_count++] = interval(d->last, summary);
        }
    }
    if (!d->first)
        d->first = json_incref(summary);
    json_decref(d->previous);
    d->previous = d->last;
    d->last = summary;
    d->count++;
}

/* A group's loaded count at ITERATION, from its sampled series. */
static double group_count_at(const ll_group *g, double iteration)
{
    if (g->first_iteration > iteration)
        return 0;
    const ll_series *s = g->alive_series;
    double value = s ? 1 : (double)g->alive;
    for (size_t i = 0; s && i < s->count && s->x[i] <= iteration; i++)
        value = s->y[i];
    return value;
}

static void groups_appeared(const ll_groups *groups, double from, double to, ll_dump_growth *out)
{
    out->groups = calloc(TOP_GROUPS, sizeof *out->groups);
    for (size_t i = 0; out->groups && i < ll_groups_count(groups) && out->group_count < TOP_GROUPS; i++) {
        const ll_group *g = ll_groups_at(groups, i);
        double before = group_count_at(g, from), after = group_count_at(g, to);
        if (!(after > before))
            continue;
        ll_diff_group *d = &out->groups[out->group_count++];
        *d = (ll_diff_group){strdup(g->name_pattern), strdup(g->origin), strdup(g->version),
                             strdup(ll_group_generator(g).what), before, after, ll_group_looks_generated(g), NULL, 0};
        size_t k;
        json_t *example;
        json_array_foreach(g->examples, k, example)
            ll_string_list_add(&d->examples, &d->example_count, json_string_value(example));
    }
}

ll_dump_growth *ll_dump_diff_result(ll_dump_diff *d, const ll_groups *groups)
{
    ll_dump_growth *g = d->count < 2 ? NULL : calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->whole = interval(d->first, d->last);
    groups_appeared(groups, (double)g->whole.from, (double)g->whole.to, g);
    g->dumps = (long)d->count;
    g->intervals = d->intervals;
    g->interval_count = d->interval_count;
    d->intervals = NULL;
    d->interval_count = 0;
    return g;
}

static int grew(const ll_diff_span *span, const char *name, double min_bytes)
{
    const ll_diff_figure *f = ll_diff_span_figure(span, name);
    return f && f->change > 0 && f->change >= MIN_RELATIVE_GROWTH * f->first && f->change >= min_bytes;
}

static int explains_most(const ll_diff_span *span, const char *name)
{
    const ll_diff_figure *f = ll_diff_span_figure(span, name);
    return !f || !f->has_share || f->share >= 0.5; /* no committed figure: the growth alone counts */
}

int ll_dump_diff_pattern(const ll_dump_growth *g, ll_leak_kind *kind, const char **why)
{
    double generated = 0;
    for (size_t i = 0; i < g->group_count; i++)
        if (g->groups[i].generated_looking)
            generated += g->groups[i].last - g->groups[i].first;
    const ll_diff_figure *loader = ll_diff_span_figure(&g->whole, "loader_heap");
    if (generated >= MIN_ASSEMBLIES_APPEARED && (!loader || loader->change > 0)) {
        *kind = LL_LEAK_KIND_ASSEMBLY;
        *why = "generated-looking assemblies appeared between the dumps and the loader heap grew with them";
        return 1;
    }
    if (grew(&g->whole, "gc_heap", MIN_BYTES_GROWTH) && explains_most(&g->whole, "gc_heap")) {
        *kind = LL_LEAK_KIND_MANAGED;
        *why = "the GC heap grew by 10 % or more (16 MB or more) and explains at least half of the committed growth";
        return 1;
    }
    if (grew(&g->whole, "native_heap", MIN_BYTES_GROWTH) && explains_most(&g->whole, "native_heap")) {
        *kind = LL_LEAK_KIND_NATIVE;
        *why = "the native heap grew by 10 % or more (16 MB or more) and explains at least half of the committed "
               "growth";
        return 1;
    }
    const ll_diff_figure *committed = ll_diff_span_figure(&g->whole, "committed");
    *kind = LL_LEAK_KIND_NONE;
    *why = committed && committed->change > 0
               ? "committed memory grew, but no component's growth matches a leak's pattern"
               : "no growth between the dumps that matches a leak's pattern";
    return 0;
}
