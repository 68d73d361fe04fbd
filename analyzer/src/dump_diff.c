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
    json_t *intervals;
    size_t count;
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

/* The figures both dumps have: {first, last, change}. */
static json_t *figure_changes(json_t *from, json_t *to)
{
    json_t *changes = json_object(), *a = json_object_get(from, "figures"), *b = json_object_get(to, "figures");
    const char *name;
    json_t *v;
    json_object_foreach(a, name, v) {
        json_t *w = json_object_get(b, name);
        if (w)
            json_object_set_new(changes, name, json_pack("{sf sf sf}", "first", json_real_value(v), "last",
                                                         json_real_value(w), "change",
                                                         json_real_value(w) - json_real_value(v)));
    }
    return changes;
}

/* The share of the committed growth each byte figure's growth explains. */
static json_t *explains(json_t *changes)
{
    json_t *shares = json_object(), *committed = json_object_get(changes, "committed");
    double total = number_at(changes, "committed", "change");
    if (!committed || !(total > 0))
        return shares;
    const char *name;
    json_t *c;
    json_object_foreach(changes, name, c) {
        if (strcmp(name, "committed") == 0 || strcmp(name, "assemblies") == 0)
            continue;
        json_object_set_new(shares, name, json_real(json_real_value(json_object_get(c, "change")) / total));
    }
    return shares;
}

static int by_size_change_descending(const void *pa, const void *pb)
{
    double a = json_real_value(json_object_get(*(json_t *const *)pa, "size_change"));
    double b = json_real_value(json_object_get(*(json_t *const *)pb, "size_change"));
    return (a < b) - (a > b);
}

/* The !dumpheap -stat types that grew, most bytes first, at most
 * TOP_TYPES. */
static json_t *heap_growth(json_t *from, json_t *to)
{
    json_t *a = json_object_get(from, "heap"), *b = json_object_get(to, "heap"), *row;
    size_t n = json_object_size(b), used = 0;
    json_t **grown = malloc((n + 1) * sizeof *grown);
    const char *type;
    json_object_foreach(b, type, row) {
        json_t *before = json_object_get(a, type);
        double count = (double)json_integer_value(json_object_get(row, LL_FIELD_DUMPHEAP_COUNT));
        double size = (double)json_integer_value(json_object_get(row, LL_FIELD_DUMPHEAP_SIZE));
        double count0 = before ? (double)json_integer_value(json_object_get(before, LL_FIELD_DUMPHEAP_COUNT)) : 0;
        double size0 = before ? (double)json_integer_value(json_object_get(before, LL_FIELD_DUMPHEAP_SIZE)) : 0;
        if (grown && size > size0)
            grown[used++] = json_pack("{ss sf sf sf sf}", "type", type, "count_change", count - count0, "size_change",
                                      size - size0, "count", count, "size", size);
    }
    json_t *top = json_array();
    if (grown) {
        qsort(grown, used, sizeof *grown, by_size_change_descending);
        for (size_t i = 0; i < used; i++) {
            if (i < TOP_TYPES)
                json_array_append(top, grown[i]);
            json_decref(grown[i]);
        }
    }
    free(grown);
    return top;
}

static json_t *interval(json_t *from, json_t *to)
{
    json_t *changes = figure_changes(from, to);
    return json_pack("{sO sO s[OO] so so so}", "from", json_object_get(from, "dump"), "to", json_object_get(to, "dump"),
                     "sources", json_object_get(from, "source"), json_object_get(to, "source"), "explains",
                     explains(changes), "kinds", changes, "dumpheap", heap_growth(from, to));
}

ll_dump_diff *ll_dump_diff_new(void)
{
    ll_dump_diff *d = calloc(1, sizeof *d);
    if (d)
        d->intervals = json_array();
    return d;
}

void ll_dump_diff_free(ll_dump_diff *d)
{
    if (!d)
        return;
    json_decref(d->first);
    json_decref(d->previous);
    json_decref(d->last);
    json_decref(d->intervals);
    free(d);
}

void ll_dump_diff_add(ll_dump_diff *d, json_t *snapshot)
{
    json_t *summary = summarize(snapshot);
    if (d->last)
        json_array_append_new(d->intervals, interval(d->last, summary));
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

static json_t *groups_appeared(const ll_groups *groups, double from, double to)
{
    json_t *appeared = json_array();
    for (size_t i = 0; i < ll_groups_count(groups) && json_array_size(appeared) < TOP_GROUPS; i++) {
        const ll_group *g = ll_groups_at(groups, i);
        double before = group_count_at(g, from), after = group_count_at(g, to);
        if (after > before)
            json_array_append_new(appeared, json_pack("{ss ss ss sf sf sb sO ss}", "name_pattern", g->name_pattern,
                                                      "origin", g->origin, "version", g->version, "first", before,
                                                      "last", after, "generated_looking", ll_group_looks_generated(g),
                                                      "examples", g->examples, "generator",
                                                      ll_group_generator(g).what));
    }
    return appeared;
}

json_t *ll_dump_diff_json(const ll_dump_diff *d, const ll_groups *groups)
{
    if (d->count < 2)
        return NULL;
    json_t *whole = interval(d->first, d->last);
    double from = json_number_value(json_object_get(d->first, "dump"));
    double to = json_number_value(json_object_get(d->last, "dump"));
    json_object_set_new(whole, "assembly_groups", groups_appeared(groups, from, to));
    json_object_set_new(whole, "dumps", json_integer((json_int_t)d->count));
    json_object_set(whole, "intervals", d->intervals);
    return whole;
}

static int grew(json_t *changes, const char *name, double min_bytes)
{
    double first = number_at(changes, name, "first"), change = number_at(changes, name, "change");
    return change > 0 && change >= MIN_RELATIVE_GROWTH * first && change >= min_bytes;
}

static int explains_most(json_t *diff, const char *name)
{
    json_t *share = json_object_get(json_object_get(diff, "explains"), name);
    return !share || json_real_value(share) >= 0.5; /* no committed figure: the growth alone counts */
}

int ll_dump_diff_pattern(json_t *diff, ll_leak_kind *kind, const char **why)
{
    json_t *changes = json_object_get(diff, "kinds"), *g;
    double generated = 0;
    size_t i;
    json_array_foreach(json_object_get(diff, "assembly_groups"), i, g) if (json_is_true(json_object_get(g, "generated_looking")))
        generated += json_number_value(json_object_get(g, "last")) - json_number_value(json_object_get(g, "first"));
    int loader_grew = number_at(changes, "loader_heap", "change") > 0;
    int loader_known = json_object_get(changes, "loader_heap") != NULL;
    if (generated >= MIN_ASSEMBLIES_APPEARED && (loader_grew || !loader_known)) {
        *kind = LL_LEAK_KIND_ASSEMBLY;
        *why = "generated-looking assemblies appeared between the dumps and the loader heap grew with them";
        return 1;
    }
    if (grew(changes, "gc_heap", MIN_BYTES_GROWTH) && explains_most(diff, "gc_heap")) {
        *kind = LL_LEAK_KIND_MANAGED;
        *why = "the GC heap grew by 10 % or more (16 MB or more) and explains at least half of the committed growth";
        return 1;
    }
    if (grew(changes, "native_heap", MIN_BYTES_GROWTH) && explains_most(diff, "native_heap")) {
        *kind = LL_LEAK_KIND_NATIVE;
        *why = "the native heap grew by 10 % or more (16 MB or more) and explains at least half of the committed "
               "growth";
        return 1;
    }
    *kind = LL_LEAK_KIND_NONE;
    *why = number_at(changes, "committed", "change") > 0
               ? "committed memory grew, but no component's growth matches a leak's pattern"
               : "no growth between the dumps that matches a leak's pattern";
    return 0;
}
