/* Assembly grouping and generator recognition. The group key is built from
 * features of each assembly record — origin, name pattern, version — and
 * the shape of its typeset (type names with digits as #, and base types);
 * the count of a group over time is what the analyzer tests for a trend. Recognising the generator (CodeDom SOAP
 * proxy, XmlSerializer, Reflection.Emit, ...) only labels a group already
 * found growing, the way an expert reads `!dumpmodule -mt`. */
#include "assembly_groups.h"
#include "generators.h"

#include "int_map.h"
#include "string_index.h"
#include "leaklab/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEY_TYPES 8
#define MAX_EXAMPLES 3

/* What the analyzer keeps of typesets: each distinct shape once, with the
 * first typeset of that shape as its example. */
struct shape {
    json_t *example; /* {"types": [...], "refs": [...]} */
};

struct ll_groups {
    ll_group *items;
    size_t count, cap;
    ll_string_index group_keys;  /* parallel to items */
    ll_string_index shape_keys;  /* parallel to shapes */
    struct shape *shapes;
    size_t shape_cap;
    ll_int_map typeset_shape;    /* typeset id -> shape index */
    ll_int_map assembly_group;   /* assembly id -> a packed place (place_of) */
    long interval;               /* the open snapshot interval: snapshots sampled so far */
    long root_domain;            /* the survival rule counts this domain's assemblies, */
    int every_domain;            /* or every domain's */
};

/* Where an assembly is, packed in the id map's value: its group, the
 * snapshot interval it was loaded in, whether the survival rule counts it
 * and whether it was unloaded. */
struct place {
    size_t group;
    long interval;
    int counted, unloaded;
};

static size_t place_pack(struct place p)
{
    return (size_t)p.interval << 34 | (size_t)p.group << 2 | (size_t)p.counted << 1 | (size_t)p.unloaded;
}

static struct place place_unpack(size_t v)
{
    return (struct place){.group = (v >> 2) & 0xffffffffu, .interval = (long)(v >> 34), .counted = (int)(v >> 1) & 1,
                          .unloaded = (int)v & 1};
}

ll_groups *ll_groups_new(void)
{
    ll_groups *g = calloc(1, sizeof(ll_groups));
    if (g)
        g->every_domain = 1;
    return g;
}

void ll_groups_count_domain(ll_groups *g, long root, int all)
{
    g->root_domain = root;
    g->every_domain = all;
}

void ll_groups_free(ll_groups *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->count; i++) {
        json_decref(g->items[i].examples);
        json_decref(g->items[i].representative);
        if (g->items[i].alive_series)
            ll_series_free(g->items[i].alive_series);
        free(g->items[i].alive_series);
    }
    for (size_t i = 0; i < g->shape_keys.count; i++)
        json_decref(g->shapes[i].example);
    free(g->items);
    free(g->shapes);
    ll_string_index_free(&g->group_keys);
    ll_string_index_free(&g->shape_keys);
    ll_int_map_free(&g->typeset_shape);
    ll_int_map_free(&g->assembly_group);
    free(g);
}


/* The shape of a typeset: its first types, digits as #, with base types. */
static void build_shape_key(json_t *types, char *key, size_t cap)
{
    size_t len = 0;
    key[0] = '\0';
    for (size_t i = 0; i < json_array_size(types) && i < MAX_KEY_TYPES; i++) {
        json_t *t = json_array_get(types, i);
        char shape[512];
        ll_digits_to_hash(json_string_value(json_object_get(t, "name")) ?: "?", shape, sizeof shape);
        ll_text_append(key, cap, &len, shape);
        ll_text_append(key, cap, &len, ":");
        ll_text_append(key, cap, &len, json_string_value(json_object_get(t, "base")) ?: "-");
        ll_text_append(key, cap, &len, ",");
    }
}

static int out_of_memory(const ll_record *rec, ll_error *err)
{
    ll_error_set(err, "%s:%ld: out of memory", rec->file, rec->line);
    return -1;
}

/* TYPES is [{"name": string, "base": string or null}]. */
static int check_type_list(const ll_record *rec, json_t *types, ll_error *err)
{
    size_t i;
    json_t *t;
    json_array_foreach(types, i, t) {
        json_t *base = json_object_get(t, "base");
        if (!json_is_object(t) || !json_is_string(json_object_get(t, "name")) ||
            (base && !json_is_string(base) && !json_is_null(base))) {
            ll_error_set(err, "%s:%ld: field 'types[%zu]': expected {\"name\": string, \"base\": string or null}",
                         rec->file, rec->line, i);
            return -1;
        }
    }
    return 0;
}

static int check_ref_list(const ll_record *rec, json_t *refs, ll_error *err)
{
    size_t i;
    json_t *r;
    json_array_foreach(refs, i, r)
        if (!json_is_string(r)) {
            ll_error_set(err, "%s:%ld: field 'refs[%zu]': expected a type name (a string)", rec->file, rec->line, i);
            return -1;
        }
    return 0;
}

int ll_groups_add_typeset(ll_groups *g, const ll_record *rec, ll_error *err)
{
    json_int_t id;
    json_t *types, *refs;
    if (ll_record_get_int(rec, "id", &id, err) < 0 || ll_record_get_array(rec, "types", &types, err) < 0 ||
        ll_record_get_array(rec, "refs", &refs, err) < 0)
        return -1;
    size_t known;
    if (id <= 0) {
        ll_error_set(err, "%s:%ld: field 'id': must be a positive integer", rec->file, rec->line);
        return -1;
    }
    if (ll_int_map_get(&g->typeset_shape, id, &known)) {
        ll_error_set(err, "%s:%ld: field 'id': typeset %lld is described twice", rec->file, rec->line,
                     (long long)id);
        return -1;
    }
    if (check_type_list(rec, types, err) < 0 || check_ref_list(rec, refs, err) < 0)
        return -1;
    char key[2048];
    int added;
    build_shape_key(types, key, sizeof key);
    long shape = ll_string_index_intern(&g->shape_keys, key, &added);
    if (shape < 0)
        return out_of_memory(rec, err);
    if (added) {
        if ((size_t)shape >= g->shape_cap) {
            size_t cap = g->shape_cap ? g->shape_cap * 2 : 32;
            struct shape *shapes = realloc(g->shapes, cap * sizeof *shapes);
            if (!shapes)
                return out_of_memory(rec, err);
            g->shapes = shapes;
            g->shape_cap = cap;
        }
        g->shapes[shape].example = json_pack("{sO sO}", "types", types, "refs", refs);
    }
    return ll_int_map_put(&g->typeset_shape, id, (size_t)shape) < 0 ? out_of_memory(rec, err) : 0;
}

/* The group for KEY, created (zeroed) if new; NULL when out of memory. */
static ll_group *group_for_key(ll_groups *g, const char *key, size_t *index)
{
    int added;
    long i = ll_string_index_intern(&g->group_keys, key, &added);
    if (i < 0)
        return NULL;
    if (added) {
        if (g->count == g->cap) {
            size_t cap = g->cap ? g->cap * 2 : 32;
            ll_group *items = realloc(g->items, cap * sizeof *items);
            if (!items)
                return NULL;
            g->items = items;
            g->cap = cap;
        }
        memset(&g->items[g->count], 0, sizeof g->items[0]);
        g->items[g->count].examples = json_array();
        g->count++;
    }
    *index = (size_t)i;
    return &g->items[i];
}

/* The first assembly of a group stands for it: its name, version and
 * origin, with the types and references of its shape. */
static void fill_new_group(ll_group *group, const char *name, const char *origin, const char *pattern,
                           const char *version, double iteration, json_t *shape_example)
{
    snprintf(group->origin, sizeof group->origin, "%s", origin);
    snprintf(group->name_pattern, sizeof group->name_pattern, "%s", pattern);
    snprintf(group->version, sizeof group->version, "%s", version);
    group->first_iteration = iteration;
    group->representative = json_pack("{ss ss ss sO sO}", "name", name, "version", version, "origin", origin,
                                      "types", json_object_get(shape_example, "types"), "refs",
                                      json_object_get(shape_example, "refs"));
}

/* "ORIGIN|PATTERN|VERSION|SHAPE", what makes assemblies one group, into
 * KEY (cut to fit). Built by hand: snprintf cost a fifth of reading a
 * file of assemblies. */
static void group_key(char *key, size_t cap, const char *origin, const char *pattern, const char *version,
                      size_t shape)
{
    char digits[24];
    size_t n = sizeof digits, len = 0;
    digits[--n] = '\0';
    do
        digits[--n] = (char)('0' + shape % 10);
    while ((shape /= 10) && n > 0);
    key[0] = '\0';
    const char *parts[] = {origin, "|", pattern, "|", version, "|", digits + n};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        ll_text_append(key, cap, &len, parts[i]);
}

int ll_groups_add(ll_groups *g, const ll_record *rec, ll_error *err)
{
    const char *name, *origin, *version;
    json_int_t id, iteration, typeset;
    size_t shape;
    if (ll_record_get_int(rec, "id", &id, err) < 0 || ll_record_get_string(rec, "name", &name, err) < 0 ||
        ll_record_get_string(rec, "origin", &origin, err) < 0 ||
        ll_record_get_string(rec, "version", &version, err) < 0 ||
        ll_record_get_int(rec, "iteration", &iteration, err) < 0 ||
        ll_record_get_int(rec, "typeset", &typeset, err) < 0)
        return -1;
    if (id <= 0) {
        ll_error_set(err, "%s:%ld: field 'id': must be a positive integer", rec->file, rec->line);
        return -1;
    }
    if (iteration < 0) {
        ll_error_set(err, "%s:%ld: field 'iteration': must not be negative", rec->file, rec->line);
        return -1;
    }
    size_t known;
    if (ll_int_map_get(&g->assembly_group, id, &known)) {
        ll_error_set(err, "%s:%ld: field 'id': assembly %lld was already recorded", rec->file, rec->line,
                     (long long)id);
        return -1;
    }
    if (!ll_int_map_get(&g->typeset_shape, typeset, &shape)) {
        ll_error_set(err, "%s:%ld: field 'typeset': typeset %lld was not described before", rec->file,
                     rec->line, (long long)typeset);
        return -1;
    }
    char pattern[128], key[512];
    ll_assembly_name_pattern(name, origin, pattern, sizeof pattern);
    group_key(key, sizeof key, origin, pattern, version, shape);
    size_t index;
    ll_group *group = group_for_key(g, key, &index);
    ll_value domain = ll_record_value(rec, "domain"); /* read in place: no JSON built per assembly */
    struct place place = {.interval = g->interval,
                          .counted = g->every_domain || (domain.kind == LL_VALUE_INTEGER && domain.integer == g->root_domain)};
    if (!group || index > 0xffffffffu || g->interval >= (1L << 29))
        return out_of_memory(rec, err);
    place.group = index;
    if (ll_int_map_put(&g->assembly_group, id, place_pack(place)) < 0)
        return out_of_memory(rec, err);
    if (place.counted)
        group->survivors[g->interval % LL_SURVIVAL_WINDOW]++;
    if (group->seen == 0)
        fill_new_group(group, name, origin, pattern, version, (double)iteration, g->shapes[shape].example);
    group->seen++;
    group->alive++;
    group->last_iteration = (double)iteration;
    if (json_array_size(group->examples) < MAX_EXAMPLES)
        json_array_append_new(group->examples, json_string(name));
    if (group->seen == 2 && !group->alive_series && (group->alive_series = malloc(sizeof(ll_series))) &&
        ll_series_init(group->alive_series, LL_SERIES_CAPACITY) < 0) {
        free(group->alive_series);
        group->alive_series = NULL;
    }
    return 0;
}

int ll_groups_unload(ll_groups *g, const ll_record *rec, ll_error *err)
{
    json_int_t id;
    size_t slot;
    if (ll_record_get_int(rec, "id", &id, err) < 0)
        return -1;
    if (!ll_int_map_get(&g->assembly_group, id, &slot)) {
        ll_error_set(err, "%s:%ld: field 'id': unload of assembly %lld, which was never loaded",
                     rec->file, rec->line, (long long)id);
        return -1;
    }
    struct place place = place_unpack(slot);
    if (place.unloaded) {
        ll_error_set(err, "%s:%ld: field 'id': assembly %lld was already unloaded", rec->file, rec->line,
                     (long long)id);
        return -1;
    }
    ll_group *group = &g->items[place.group];
    group->alive--;
    if (place.counted && g->interval - place.interval < LL_SURVIVAL_WINDOW)
        group->survivors[place.interval % LL_SURVIVAL_WINDOW]--;
    place.unloaded = 1;
    return ll_int_map_put(&g->assembly_group, id, place_pack(place)) < 0 ? out_of_memory(rec, err) : 0;
}

void ll_groups_sample(ll_groups *g, double iteration)
{
    g->interval++;
    for (size_t i = 0; i < g->count; i++) {
        if (g->items[i].alive_series)
            ll_series_add(g->items[i].alive_series, iteration, (double)g->items[i].alive);
        g->items[i].survivors[g->interval % LL_SURVIVAL_WINDOW] = 0; /* the interval now open */
    }
}

int ll_group_survives(const ll_groups *g, const ll_group *group, int r, long *gained)
{
    long last = g->interval - 1; /* the last closed interval */
    *gained = 0;
    if (r > LL_SURVIVAL_WINDOW || last - r + 1 < 1)
        return 0;
    for (long k = last - r + 1; k <= last; k++) {
        long n = group->survivors[k % LL_SURVIVAL_WINDOW];
        if (n <= 0)
            return 0;
        *gained += n;
    }
    return 1;
}

size_t ll_groups_count(const ll_groups *g)
{
    return g->count;
}

const ll_group *ll_groups_at(const ll_groups *g, size_t i)
{
    return &g->items[i];
}
