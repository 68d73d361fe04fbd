/* The report's "diff" (dump-to-dump growth, result.h's ll_dump_growth)
 * both ways: written by report_json.c, read back by report_json_read.c,
 * strictly (a missing or mistyped field names its path). Its keys are
 * spelled here and nowhere else. */
#include "report_json_diff.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *span_json(const ll_diff_span *s)
{
    json_t *explains = json_object(), *kinds = json_object(), *types = json_array();
    for (size_t i = 0; i < s->figure_count; i++) {
        const ll_diff_figure *f = &s->figures[i];
        if (f->has_share)
            json_object_set_new(explains, f->name, json_real(f->share));
        json_object_set_new(kinds, f->name,
                            json_pack("{sf sf sf}", "first", f->first, "last", f->last, "change", f->change));
    }
    for (size_t i = 0; i < s->type_count; i++) {
        const ll_diff_type *t = &s->types[i];
        json_array_append_new(types, json_pack("{ss sf sf sf sf}", "type", t->type, "count_change", t->count_change,
                                               "size_change", t->size_change, "count", t->count, "size", t->size));
    }
    return json_pack("{sI sI s[oo] so so so}", "from", (json_int_t)s->from, "to", (json_int_t)s->to, "sources",
                     text_or_null(s->sources[0]), text_or_null(s->sources[1]), "explains", explains, "kinds", kinds,
                     "dumpheap", types);
}

static json_t *group_json(const ll_diff_group *g)
{
    json_t *examples = json_array();
    for (size_t i = 0; i < g->example_count; i++)
        json_array_append_new(examples, json_string(g->examples[i]));
    return json_pack("{ss ss ss sf sf sb so ss}", "name_pattern", g->name_pattern, "origin", g->origin, "version",
                     g->version, "first", g->first, "last", g->last, "generated_looking", g->generated_looking,
                     "examples", examples, "generator", g->generator);
}

json_t *ll__dump_growth_json(const ll_dump_growth *g)
{
    if (!g)
        return json_null();
    json_t *j = span_json(&g->whole), *groups = json_array(), *intervals = json_array();
    for (size_t i = 0; i < g->group_count; i++)
        json_array_append_new(groups, group_json(&g->groups[i]));
    for (size_t i = 0; i < g->interval_count; i++)
        json_array_append_new(intervals, span_json(&g->intervals[i]));
    json_object_set_new(j, "assembly_groups", groups);
    json_object_set_new(j, "dumps", json_integer(g->dumps));
    json_object_set_new(j, "intervals", intervals);
    if (g->pattern)
        json_object_set_new(j, "pattern", json_string(g->pattern));
    return j;
}

static char *source_at(jr_reader *rd, json_t *sources, size_t i)
{
    json_t *s = json_array_get(sources, i);
    if (!json_is_string(s) && !json_is_null(s))
        ll__jr_fail(rd, "sources", "[a file name or null, a file name or null]");
    return json_is_string(s) ? strdup(json_string_value(s)) : NULL;
}

static void read_figures(jr_reader *rd, const json_t *j, ll_diff_span *s)
{
    json_t *kinds = ll__jr_member(rd, j, "kinds", ll__jr_is_object, "an object");
    json_t *explains = ll__jr_member(rd, j, "explains", ll__jr_is_object, "an object"), *k;
    const char *name;
    s->figures = calloc(json_object_size(kinds) + 1, sizeof *s->figures);
    size_t at = ll__jr_enter(rd, "kinds");
    json_object_foreach(kinds, name, k) {
        if (!s->figures || rd->failed)
            break;
        ll_diff_figure *f = &s->figures[s->figure_count++];
        f->name = strdup(name);
        size_t in = ll__jr_enter(rd, name);
        f->first = ll__jr_number(rd, k, "first");
        f->last = ll__jr_number(rd, k, "last");
        f->change = ll__jr_number(rd, k, "change");
        ll__jr_leave(rd, in);
        json_t *share = json_object_get(explains, name);
        f->has_share = share != NULL;
        f->share = json_is_number(share) ? json_number_value(share) : NAN;
        if (share && !json_is_number(share))
            ll__jr_fail(rd, name, "a share (a number), in explains");
    }
    ll__jr_leave(rd, at);
}

static void read_types(jr_reader *rd, const json_t *j, ll_diff_span *s)
{
    json_t *types = ll__jr_member(rd, j, "dumpheap", ll__jr_is_array, "an array"), *t;
    size_t i, at = ll__jr_enter(rd, "dumpheap");
    s->types = calloc(json_array_size(types) + 1, sizeof *s->types);
    json_array_foreach(types, i, t) {
        if (!s->types || rd->failed)
            break;
        ll_diff_type *d = &s->types[s->type_count++];
        d->type = ll__jr_string(rd, t, "type");
        d->count_change = ll__jr_number(rd, t, "count_change");
        d->size_change = ll__jr_number(rd, t, "size_change");
        d->count = ll__jr_number(rd, t, "count");
        d->size = ll__jr_number(rd, t, "size");
    }
    ll__jr_leave(rd, at);
}

static void read_span(jr_reader *rd, const json_t *j, ll_diff_span *s)
{
    s->from = ll__jr_integer(rd, j, "from");
    s->to = ll__jr_integer(rd, j, "to");
    json_t *sources = ll__jr_member(rd, j, "sources", ll__jr_is_array, "[a file name or null, a file name or null]");
    if (sources && json_array_size(sources) != 2)
        ll__jr_fail(rd, "sources", "[a file name or null, a file name or null]");
    s->sources[0] = source_at(rd, sources, 0);
    s->sources[1] = source_at(rd, sources, 1);
    read_figures(rd, j, s);
    read_types(rd, j, s);
}

static void read_group(jr_reader *rd, const json_t *j, ll_diff_group *g)
{
    g->name_pattern = ll__jr_string(rd, j, "name_pattern");
    g->origin = ll__jr_string(rd, j, "origin");
    g->version = ll__jr_string(rd, j, "version");
    g->first = ll__jr_number(rd, j, "first");
    g->last = ll__jr_number(rd, j, "last");
    g->generated_looking = ll__jr_boolean(rd, j, "generated_looking");
    ll__jr_strings(rd, j, "examples", &g->examples, &g->example_count);
    g->generator = ll__jr_string(rd, j, "generator");
}

ll_dump_growth *ll__dump_growth_read(jr_reader *rd, const json_t *j)
{
    ll_dump_growth *g = calloc(1, sizeof *g);
    if (!g) {
        ll__jr_fail(rd, "diff", "memory to read it");
        return NULL;
    }
    size_t at = ll__jr_enter(rd, "diff");
    read_span(rd, j, &g->whole);
    g->dumps = ll__jr_integer(rd, j, "dumps");
    json_t *groups = ll__jr_member(rd, j, "assembly_groups", ll__jr_is_array, "an array");
    json_t *intervals = ll__jr_member(rd, j, "intervals", ll__jr_is_array, "an array"), *item;
    size_t i;
    g->groups = calloc(json_array_size(groups) + 1, sizeof *g->groups);
    json_array_foreach(groups, i, item) if (g->groups && !rd->failed) read_group(rd, item, &g->groups[g->group_count++]);
    g->intervals = calloc(json_array_size(intervals) + 1, sizeof *g->intervals);
    json_array_foreach(intervals, i, item) if (g->intervals && !rd->failed)
        read_span(rd, item, &g->intervals[g->interval_count++]);
    if (json_object_get(j, "pattern"))
        g->pattern = ll__jr_string(rd, j, "pattern");
    ll__jr_leave(rd, at);
    return g;
}
