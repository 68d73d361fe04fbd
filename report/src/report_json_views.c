/* The report's SOS-like views as JSON, both ways (report_json_views.c):
 * the "views" member of `leaklab analyze --format json`. The snapshots'
 * figures are written as recorded, in their order, under snapshot.h's
 * field names. */
#include "report_json_views.h"
#include "report_json.h"

#include <stdlib.h>

/* Figures as recorded: an object in their order; NULL when absent. */
static json_t *recorded_json(const ll_recorded_figures *f)
{
    if (!f->present)
        return NULL;
    json_t *j = json_object();
    for (size_t i = 0; i < f->count; i++) {
        const ll_recorded_figure *x = &f->items[i];
        json_object_set_new(j, x->name, x->kind == LL_RECORDED_INTEGER   ? json_integer(x->integer)
                                        : x->kind == LL_RECORDED_REAL    ? json_real(x->real)
                                        : x->kind == LL_RECORDED_BOOLEAN ? json_boolean(x->integer)
                                        : x->kind == LL_RECORDED_STRING  ? json_string(x->text)
                                                                         : json_null());
    }
    return j;
}

/* The address summary: each memory kind of the last snapshot, with the
 * first snapshot's figures beside it. */
static json_t *address_summary_json(const ll_views *v)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < v->address_row_count; i++) {
        const ll_address_row *row = &v->address_rows[i];
        json_array_append_new(rows, json_pack("{ss so* so*}", "kind", row->kind, "first", recorded_json(&row->first),
                                              "last", recorded_json(&row->last)));
    }
    return rows;
}

static json_t *first_and_last_json(const ll_recorded_figures both[2])
{
    return json_pack("{so* so*}", "first", recorded_json(&both[0]), "last", recorded_json(&both[1]));
}

static json_t *modules_json(const ll_views *v)
{
    json_t *modules = json_array();
    for (size_t i = 0; i < v->module_count; i++) {
        const ll_module *m = &v->modules[i];
        json_t *types = json_array();
        for (size_t k = 0; k < m->type_count; k++)
            json_array_append_new(types, json_pack("{ss? ss?}", LL_FIELD_TYPE_NAME, m->types[k].name,
                                                   LL_FIELD_TYPE_BASE, m->types[k].base));
        json_array_append_new(modules, json_pack("{ss? ss? ss? so so}", LL_FIELD_MODULE_NAME, m->name,
                                                 LL_FIELD_MODULE_VERSION, m->version, LL_FIELD_MODULE_ORIGIN,
                                                 m->origin, LL_FIELD_MODULE_TYPES, types, LL_FIELD_MODULE_REFS,
                                                 ll__strings_json(m->refs, m->ref_count)));
    }
    return modules;
}

static json_t *dumpheap_json(const ll_views *v)
{
    if (!v->has_dumpheap)
        return NULL;
    json_t *rows = json_array();
    for (size_t i = 0; i < v->dumpheap_count; i++)
        json_array_append_new(rows, json_pack("{ss? sI sI}", LL_FIELD_DUMPHEAP_TYPE, v->dumpheap[i].type,
                                              LL_FIELD_DUMPHEAP_COUNT, v->dumpheap[i].count, LL_FIELD_DUMPHEAP_SIZE,
                                              v->dumpheap[i].size));
    return rows;
}

json_t *ll__views_json(const ll_views *v)
{
    json_t *counters = json_array(), *groups = json_array();
    for (size_t i = 0; i < v->counter_move_count; i++)
        json_array_append_new(counters, json_pack("{ss sI sI}", "counter", v->counters_moved[i].counter, "first",
                                                  v->counters_moved[i].first, "last", v->counters_moved[i].last));
    for (size_t i = 0; i < v->repeated_group_count; i++) {
        const ll_repeated_group *g = &v->repeated_groups[i];
        json_array_append_new(groups, json_pack("{ss ss sI so}", "name_pattern", g->name_pattern, "origin", g->origin,
                                                "loaded", (json_int_t)g->loaded, "examples",
                                                ll__strings_json(g->examples, g->example_count)));
    }
    json_t *domains = json_pack("{so* so}", "by_domain", recorded_json(&v->assemblies_by_domain), "repeated_groups",
                                groups);
    return json_pack("{so so so so so so so*}", "address_summary", address_summary_json(v), "gc_heap",
                     first_and_last_json(v->gc), "malloc", first_and_last_json(v->malloc), "runtime_counters_moved",
                     counters, "domains", domains, "modules", modules_json(v), "dumpheap", dumpheap_json(v));
}

/* --- read back ---------------------------------------------------------- */

/* Figures as recorded (an object of scalars) into F; absent leaves F
 * not present. */
static void read_recorded(jr_reader *rd, const json_t *obj, const char *key, ll_recorded_figures *f)
{
    json_t *figures = json_object_get(obj, key), *value;
    if (!figures)
        return;
    if (!json_is_object(figures)) {
        ll__jr_fail(rd, key, "an object of recorded figures");
        return;
    }
    f->present = 1;
    const char *name;
    json_object_foreach(figures, name, value) {
        ll_value figure = ll_value_of_json(value);
        int added = ll_recorded_add(f, name, &figure);
        if (added != 0) {
            ll__jr_fail(rd, key, added > 0 ? "an object of numbers, booleans, strings or nulls" : "memory to read it");
            return;
        }
    }
}

static void read_address_rows(jr_reader *rd, const json_t *v, ll_views *views)
{
    json_t *rows = ll__jr_member(rd, v, "address_summary", ll__jr_is_array, "an array"), *row;
    views->address_rows = json_array_size(rows) ? calloc(json_array_size(rows), sizeof *views->address_rows) : NULL;
    size_t i, at = ll__jr_enter(rd, "address_summary");
    json_array_foreach(rows, i, row) {
        if (!views->address_rows || rd->failed)
            break;
        ll_address_row *out = &views->address_rows[views->address_row_count++];
        out->kind = ll__jr_string(rd, row, "kind");
        read_recorded(rd, row, "first", &out->first);
        if (!json_object_get(row, "last"))
            ll__jr_fail(rd, "last", "an object of recorded figures");
        read_recorded(rd, row, "last", &out->last);
    }
    ll__jr_leave(rd, at);
}

static void read_first_and_last(jr_reader *rd, const json_t *v, const char *key, ll_recorded_figures both[2])
{
    json_t *j = ll__jr_member(rd, v, key, ll__jr_is_object, "an object {first, last}");
    size_t at = ll__jr_enter(rd, key);
    read_recorded(rd, j, "first", &both[0]);
    read_recorded(rd, j, "last", &both[1]);
    ll__jr_leave(rd, at);
}

static void read_module(jr_reader *rd, const json_t *j, ll_module *m)
{
    m->name = ll__jr_optional_string(rd, j, LL_FIELD_MODULE_NAME);
    m->version = ll__jr_optional_string(rd, j, LL_FIELD_MODULE_VERSION);
    m->origin = ll__jr_optional_string(rd, j, LL_FIELD_MODULE_ORIGIN);
    json_t *types = ll__jr_member(rd, j, LL_FIELD_MODULE_TYPES, ll__jr_is_array, "an array of {name, base}"), *t;
    m->types = json_array_size(types) ? calloc(json_array_size(types), sizeof *m->types) : NULL;
    size_t i;
    json_array_foreach(types, i, t) {
        if (!m->types || !json_is_object(t)) {
            ll__jr_fail(rd, LL_FIELD_MODULE_TYPES, "an array of {name, base}");
            break;
        }
        m->types[m->type_count++] = (ll_module_type){ll__jr_optional_string(rd, t, LL_FIELD_TYPE_NAME),
                                                     ll__jr_optional_string(rd, t, LL_FIELD_TYPE_BASE)};
    }
    ll__jr_strings(rd, j, LL_FIELD_MODULE_REFS, &m->refs, &m->ref_count);
}

static void read_modules_and_dumpheap(jr_reader *rd, const json_t *v, ll_views *views)
{
    json_t *modules = ll__jr_member(rd, v, "modules", ll__jr_is_array, "an array"), *m;
    views->modules = json_array_size(modules) ? calloc(json_array_size(modules), sizeof *views->modules) : NULL;
    size_t i, at = ll__jr_enter(rd, "modules");
    json_array_foreach(modules, i, m) if (views->modules && !rd->failed) read_module(rd, m, &views->modules[views->module_count++]);
    ll__jr_leave(rd, at);
    json_t *rows = json_object_get(v, "dumpheap"), *row;
    if (!rows)
        return;
    views->has_dumpheap = 1;
    rows = ll__jr_member(rd, v, "dumpheap", ll__jr_is_array, "an array of {type, count, size}");
    views->dumpheap = json_array_size(rows) ? calloc(json_array_size(rows), sizeof *views->dumpheap) : NULL;
    at = ll__jr_enter(rd, "dumpheap");
    json_array_foreach(rows, i, row) if (views->dumpheap && !rd->failed) views->dumpheap[views->dumpheap_count++] =
        (ll_heap_row){ll__jr_string(rd, row, LL_FIELD_DUMPHEAP_TYPE), ll__jr_integer(rd, row, LL_FIELD_DUMPHEAP_COUNT),
                      ll__jr_integer(rd, row, LL_FIELD_DUMPHEAP_SIZE)};
    ll__jr_leave(rd, at);
}

void ll__views_read(jr_reader *rd, const json_t *v, ll_views *views)
{
    size_t at = ll__jr_enter(rd, "views");
    read_address_rows(rd, v, views);
    read_first_and_last(rd, v, "gc_heap", views->gc);
    read_first_and_last(rd, v, "malloc", views->malloc);
    json_t *counters = ll__jr_member(rd, v, "runtime_counters_moved", ll__jr_is_array, "an array"), *c;
    size_t i;
    views->counters_moved = json_array_size(counters) ? calloc(json_array_size(counters), sizeof *views->counters_moved) : NULL;
    json_array_foreach(counters, i, c) if (views->counters_moved) views->counters_moved[views->counter_move_count++] =
        (ll_counter_move){ll__jr_string(rd, c, "counter"), ll__jr_integer(rd, c, "first"), ll__jr_integer(rd, c, "last")};
    json_t *domains = ll__jr_member(rd, v, "domains", ll__jr_is_object, "an object");
    size_t in_domains = ll__jr_enter(rd, "domains");
    read_recorded(rd, domains, "by_domain", &views->assemblies_by_domain);
    json_t *groups = ll__jr_member(rd, domains, "repeated_groups", ll__jr_is_array, "an array"), *g;
    views->repeated_groups = json_array_size(groups) ? calloc(json_array_size(groups), sizeof *views->repeated_groups) : NULL;
    json_array_foreach(groups, i, g) {
        if (!views->repeated_groups)
            break;
        ll_repeated_group *out = &views->repeated_groups[views->repeated_group_count++];
        out->name_pattern = ll__jr_string(rd, g, "name_pattern");
        out->origin = ll__jr_string(rd, g, "origin");
        out->loaded = ll__jr_integer(rd, g, "loaded");
        ll__jr_strings(rd, g, "examples", &out->examples, &out->example_count);
    }
    ll__jr_leave(rd, in_domains);
    read_modules_and_dumpheap(rd, v, views);
    ll__jr_leave(rd, at);
}

