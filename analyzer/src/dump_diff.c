/* See dump_diff.h. Each dump is kept as a small summary (a few figures
 * and its !dumpheap -stat table): the first and the last,
 * with each interval's diff computed as the dumps arrive. */
#include "dump_diff.h"

#include "generators.h"
#include "string_index.h"

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

/* What a diff compares of one dump: its figures by name, in the order
 * first set, and its !dumpheap -stat table by type. */
struct named_figure {
    char *name;
    double value;
};

struct heap_count {
    double count, size;
};

struct dump_summary {
    long dump; /* the snapshot's iteration */
    char *source;
    struct named_figure *figures;
    size_t figure_count;
    ll_string_index types; /* the heap table's, each COUNTS[index] */
    struct heap_count *counts;
};

struct ll_dump_diff {
    struct dump_summary *first, *last;
    ll_diff_span *intervals; /* each dump to the next, computed as the dumps arrive */
    size_t interval_count, count;
};

static void summary_free(struct dump_summary *s)
{
    if (!s)
        return;
    free(s->source);
    for (size_t i = 0; i < s->figure_count; i++)
        free(s->figures[i].name);
    free(s->figures);
    ll__string_index_free(&s->types);
    free(s->counts);
    free(s);
}

/* Sets figure NAME of S to VALUE when it is a number (a name set again
 * keeps its place). */
static void set_figure(struct dump_summary *s, const char *name, double value)
{
    if (!isfinite(value))
        return;
    for (size_t i = 0; i < s->figure_count; i++)
        if (strcmp(s->figures[i].name, name) == 0) {
            s->figures[i].value = value;
            return;
        }
    struct named_figure *grown = realloc(s->figures, (s->figure_count + 1) * sizeof *grown);
    char *copy = strdup(name);
    if (!grown || !copy) {
        free(copy);
        if (grown)
            s->figures = grown;
        return;
    }
    s->figures = grown;
    s->figures[s->figure_count++] = (struct named_figure){copy, value};
}

static const struct named_figure *figure_named(const struct dump_summary *s, const char *name)
{
    for (size_t i = 0; i < s->figure_count; i++)
        if (strcmp(s->figures[i].name, name) == 0)
            return &s->figures[i];
    return NULL;
}

/* Each memory kind but the total: its size. */
static int add_memory_kind(const char *kind, const ll_value *region, void *s)
{
    ll_value size = ll_value_member(region, LL_FIELD_REGION_SIZE);
    if (strcmp(kind, LL_FIELD_MEMORY_TOTAL) != 0)
        set_figure(s, kind, ll_value_number(&size));
    return 0;
}

/* A !dumpheap -stat row by its type (a type listed again: its last row). */
static int add_heap_row(const ll_value *row, void *ctx)
{
    struct dump_summary *s = ctx;
    ll_value type = ll_value_member(row, LL_FIELD_DUMPHEAP_TYPE);
    ll_value count = ll_value_member(row, LL_FIELD_DUMPHEAP_COUNT), size = ll_value_member(row, LL_FIELD_DUMPHEAP_SIZE);
    int added;
    long index = type.kind == LL_VALUE_STRING ? ll__string_index_intern(&s->types, type.string, &added) : -1;
    if (index < 0)
        return 0;
    if (added) {
        struct heap_count *grown = realloc(s->counts, s->types.count * sizeof *grown);
        if (!grown)
            return 1;
        s->counts = grown;
    }
    s->counts[index] = (struct heap_count){count.kind == LL_VALUE_INTEGER ? (double)count.integer : 0,
                                           size.kind == LL_VALUE_INTEGER ? (double)size.integer : 0};
    return 0;
}

/* The figures of SNAPSHOT a diff compares, by name, and its heap table
 * by type; NULL out of memory. */
static struct dump_summary *summarize(const ll_record *snapshot)
{
    struct dump_summary *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    ll_value iteration = ll_record_value(snapshot, LL_FIELD_ITERATION);
    const char *source = ll_record_string(snapshot, LL_FIELD_SOURCE);
    s->dump = iteration.kind == LL_VALUE_INTEGER ? (long)iteration.integer : 0;
    s->source = source ? strdup(source) : NULL;
    set_figure(s, "committed", ll_record_number(snapshot, LL_FIELD_MEMORY "." LL_FIELD_MEMORY_TOTAL "." LL_FIELD_REGION_RSS));
    ll_value memory = ll_record_value(snapshot, LL_FIELD_MEMORY);
    ll_value_each_member(&memory, add_memory_kind, s);
    set_figure(s, "gc_heap", ll_record_number(snapshot, LL_FIELD_GC "." LL_FIELD_GC_USED_SIZE));
    set_figure(s, "loader_heap", ll_record_number(snapshot, LL_FIELD_RUNTIME "." LL_FIELD_LOADER_HEAP_BYTES));
    set_figure(s, "assemblies", ll_record_number(snapshot, LL_FIELD_ASSEMBLIES "." LL_FIELD_LOADED));
    ll_value rows = ll_record_value(snapshot, LL_FIELD_DUMPHEAP);
    ll_value_each_item(&rows, add_heap_row, s);
    return s;
}

/* The figures both dumps have, in the first's order, and, when committed
 * memory grew, the share of it each byte figure's growth explains. */
static void figure_changes(const struct dump_summary *from, const struct dump_summary *to, ll_diff_span *span)
{
    span->figures = calloc(from->figure_count + 1, sizeof *span->figures);
    for (size_t i = 0; span->figures && i < from->figure_count; i++) {
        const struct named_figure *v = &from->figures[i], *w = figure_named(to, v->name);
        if (w)
            span->figures[span->figure_count++] =
                (ll_diff_figure){strdup(v->name), v->value, w->value, w->value - v->value, 0, 0};
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
static void heap_growth(const struct dump_summary *from, const struct dump_summary *to, ll_diff_span *span)
{
    ll_diff_type *grown = calloc(to->types.count + 1, sizeof *grown);
    size_t used = 0;
    for (size_t i = 0; grown && i < to->types.count; i++) {
        const char *type = to->types.strings[i];
        long before = ll__string_index_find(&from->types, type);
        struct heap_count now = to->counts[i], then = before >= 0 ? from->counts[before] : (struct heap_count){0, 0};
        if (now.size > then.size)
            grown[used++] = (ll_diff_type){(char *)type, now.count - then.count, now.size - then.size, now.count,
                                           now.size};
    }
    if (!grown)
        return;
    qsort(grown, used, sizeof *grown, by_size_change_descending);
    span->type_count = used < TOP_TYPES ? used : TOP_TYPES;
    for (size_t i = 0; i < span->type_count; i++)
        grown[i].type = strdup(grown[i].type);
    span->types = grown;
}

static ll_diff_span interval(const struct dump_summary *from, const struct dump_summary *to)
{
    ll_diff_span span = {.from = from->dump,
                         .to = to->dump,
                         .sources = {from->source ? strdup(from->source) : NULL,
                                     to->source ? strdup(to->source) : NULL}};
    figure_changes(from, to, &span);
    heap_growth(from, to, &span);
    return span;
}

ll_dump_diff *ll__dump_diff_new(void)
{
    return calloc(1, sizeof(ll_dump_diff));
}

void ll__dump_diff_free(ll_dump_diff *d)
{
    if (!d)
        return;
    if (d->first != d->last)
        summary_free(d->first);
    summary_free(d->last);
    for (size_t i = 0; i < d->interval_count; i++)
        ll_diff_span_free(&d->intervals[i]);
    free(d->intervals);
    free(d);
}

void ll__dump_diff_add(ll_dump_diff *d, const ll_record *snapshot)
{
    struct dump_summary *summary = summarize(snapshot);
    if (!summary)
        return;
    if (d->last) {
        ll_diff_span *grown = realloc(d->intervals, (d->interval_count + 1) * sizeof *grown);
        if (grown) {
            d->intervals = grown;
            d->intervals[d->interval_count++] = interval(d->last, summary);
        }
    }
    if (!d->first)
        d->first = summary;
    else if (d->last != d->first)
        summary_free(d->last);
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
    for (size_t i = 0; out->groups && i < ll__groups_count(groups) && out->group_count < TOP_GROUPS; i++) {
        const ll_group *g = ll__groups_at(groups, i);
        double before = group_count_at(g, from), after = group_count_at(g, to);
        if (!(after > before))
            continue;
        ll_diff_group *d = &out->groups[out->group_count++];
        *d = (ll_diff_group){strdup(g->name_pattern), strdup(g->origin), strdup(g->version),
                             strdup(ll__group_generator(g).what), before, after, ll__group_looks_generated(g), NULL, 0};
        for (size_t k = 0; k < g->example_count; k++)
            ll_string_list_add(&d->examples, &d->example_count, g->examples[k]);
    }
}

ll_dump_growth *ll__dump_diff_result(ll_dump_diff *d, const ll_groups *groups)
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

int ll__dump_diff_pattern(const ll_dump_growth *g, ll_leak_kind *kind, const char **why)
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
