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

/* What the analyzer keeps of typesets: each distinct shape once, with the
 * first typeset of that shape as its example (a module without a name). */
struct shape {
    ll_module example;
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
    /* The last assembly's group and shape: a run loads the same proxy
     * again and again, so most assemblies join the group the one before
     * joined, found without building and hashing its key. */
    size_t last_group, last_shape;
    int have_last;
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

ll_groups *ll__groups_new(void)
{
    ll_groups *g = calloc(1, sizeof(ll_groups));
    if (g)
        g->every_domain = 1;
    return g;
}

void ll__groups_count_domain(ll_groups *g, long root, int all)
{
    g->root_domain = root;
    g->every_domain = all;
}

void ll__groups_free(ll_groups *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->count; i++) {
        for (size_t k = 0; k < g->items[i].example_count; k++)
            free(g->items[i].examples[k]);
        ll_module_clear(&g->items[i].representative);
        if (g->items[i].alive_series)
            ll__series_free(g->items[i].alive_series);
        free(g->items[i].alive_series);
    }
    for (size_t i = 0; i < g->shape_keys.count; i++)
        ll_module_clear(&g->shapes[i].example);
    free(g->items);
    free(g->shapes);
    ll__string_index_free(&g->group_keys);
    ll__string_index_free(&g->shape_keys);
    ll__int_map_free(&g->typeset_shape);
    ll__int_map_free(&g->assembly_group);
    free(g);
}


/* The shape of a typeset: its first types, digits as #, with base types. */
static void build_shape_key(const ll_module *typeset, char *key, size_t cap)
{
    size_t len = 0;
    key[0] = '\0';
    for (size_t i = 0; i < typeset->type_count && i < MAX_KEY_TYPES; i++) {
        char shape[512];
        ll_digits_to_hash(typeset->types[i].name, shape, sizeof shape);
        ll__text_append(key, cap, &len, shape);
        ll__text_append(key, cap, &len, ":");
        ll__text_append(key, cap, &len, typeset->types[i].base ?: "-");
        ll__text_append(key, cap, &len, ",");
    }
}

static int out_of_memory(const ll_record *rec, ll_error *err)
{
    ll_error_set(err, "%s:%ld: out of memory", rec->file, rec->line);
    return -1;
}

/* Reading a typeset's lists into a module, each item checked. */
struct typeset_read {
    const ll_record *rec;
    ll_error *err;
    ll_module *into;
    size_t index;
};

/* A "types" item: {"name": string, "base": string or null}. */
static int read_type(const ll_value *t, void *ctx)
{
    struct typeset_read *r = ctx;
    ll_value name = ll_value_member(t, LL_FIELD_TYPE_NAME), base = ll_value_member(t, LL_FIELD_TYPE_BASE);
    if (t->kind != LL_VALUE_OBJECT || name.kind != LL_VALUE_STRING ||
        (base.kind != LL_VALUE_ABSENT && base.kind != LL_VALUE_STRING && base.kind != LL_VALUE_NULL)) {
        ll_error_set(r->err, "%s:%ld: field 'types[%zu]': expected {\"name\": string, \"base\": string or null}",
                     r->rec->file, r->rec->line, r->index);
        return -1;
    }
    r->index++;
    ll_module_type *type = &r->into->types[r->into->type_count];
    *type = (ll_module_type){strdup(name.string), base.kind == LL_VALUE_STRING ? strdup(base.string) : NULL};
    if (!type->name || (base.kind == LL_VALUE_STRING && !type->base)) {
        free(type->name);
        free(type->base);
        return out_of_memory(r->rec, r->err);
    }
    r->into->type_count++;
    return 0;
}

/* A "refs" item: a type name. */
static int read_ref(const ll_value *ref, void *ctx)
{
    struct typeset_read *r = ctx;
    if (ref->kind != LL_VALUE_STRING) {
        ll_error_set(r->err, "%s:%ld: field 'refs[%zu]': expected a type name (a string)", r->rec->file,
                     r->rec->line, r->index);
        return -1;
    }
    r->index++;
    return ll_string_list_add(&r->into->refs, &r->into->ref_count, ref->string) < 0 ? out_of_memory(r->rec, r->err)
                                                                                      : 0;
}

/* The typeset REC's "types" and "refs" are arrays: 0, or -1 with ERR. */
static int check_typeset_lists(const ll_record *rec, ll_error *err)
{
    json_t *unused;
    static const char *const lists[] = {LL_FIELD_MODULE_TYPES, LL_FIELD_MODULE_REFS};
    for (int i = 0; i < 2; i++) {
        ll_value list = ll_record_value(rec, lists[i]);
        if (list.kind != LL_VALUE_ARRAY && ll_record_get_array(rec, lists[i], &unused, err) < 0)
            return -1; /* in its words, naming the file, line and field */
    }
    return 0;
}

/* The typeset REC's types and refs (arrays) into OUT; 0, or -1 with ERR. */
static int read_typeset(const ll_record *rec, ll_module *out, ll_error *err)
{
    ll_value types = ll_record_value(rec, LL_FIELD_MODULE_TYPES), refs = ll_record_value(rec, LL_FIELD_MODULE_REFS);
    size_t n = ll_value_count(&types);
    out->types = n ? calloc(n, sizeof *out->types) : NULL;
    if (n && !out->types)
        return out_of_memory(rec, err);
    struct typeset_read r = {rec, err, out, 0};
    if (ll_value_each_item(&types, read_type, &r) != 0)
        return -1;
    r.index = 0;
    return ll_value_each_item(&refs, read_ref, &r) != 0 ? -1 : 0;
}

int ll__groups_add_typeset(ll_groups *g, const ll_record *rec, ll_error *err)
{
    json_int_t id;
    if (ll_record_get_int(rec, LL_FIELD_ID, &id, err) < 0 || check_typeset_lists(rec, err) < 0)
        return -1;
    size_t known;
    if (id <= 0) {
        ll_error_set(err, "%s:%ld: field 'id': must be a positive integer", rec->file, rec->line);
        return -1;
    }
    if (ll__int_map_get(&g->typeset_shape, id, &known)) {
        ll_error_set(err, "%s:%ld: field 'id': typeset %lld is described twice", rec->file, rec->line,
                     (long long)id);
        return -1;
    }
    ll_module typeset = {0};
    if (read_typeset(rec, &typeset, err) < 0) {
        ll_module_clear(&typeset);
        return -1;
    }
    char key[2048];
    int added;
    build_shape_key(&typeset, key, sizeof key);
    long shape = ll__string_index_intern(&g->shape_keys, key, &added);
    if (shape >= 0 && added && (size_t)shape >= g->shape_cap) {
        size_t cap = g->shape_cap ? g->shape_cap * 2 : 32;
        struct shape *shapes = realloc(g->shapes, cap * sizeof *shapes);
        if (shapes) {
            g->shapes = shapes;
            g->shape_cap = cap;
        }
    }
    if (shape < 0 || (size_t)shape >= g->shape_cap) {
        ll_module_clear(&typeset);
        return out_of_memory(rec, err);
    }
    if (added)
        g->shapes[shape].example = typeset;
    else
        ll_module_clear(&typeset);
    return ll__int_map_put(&g->typeset_shape, id, (size_t)shape) < 0 ? out_of_memory(rec, err) : 0;
}

/* The group for KEY, created (zeroed) if new; NULL when out of memory. */
static ll_group *group_for_key(ll_groups *g, const char *key, size_t *index)
{
    int added;
    long i = ll__string_index_intern(&g->group_keys, key, &added);
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
        g->count++;
    }
    *index = (size_t)i;
    return &g->items[i];
}

/* The first assembly of a group stands for it: its name, version and
 * origin, with the types and references of its shape. 0, or -1 out of
 * memory. */
static int fill_new_group(ll_group *group, const char *name, const char *origin, const char *pattern,
                          const char *version, double iteration, const ll_module *shape_example)
{
    snprintf(group->origin, sizeof group->origin, "%s", origin);
    snprintf(group->name_pattern, sizeof group->name_pattern, "%s", pattern);
    snprintf(group->version, sizeof group->version, "%s", version);
    group->first_iteration = iteration;
    ll_module *m = &group->representative;
    if (ll_module_copy(m, shape_example) < 0)
        return -1;
    m->name = strdup(name);
    m->version = strdup(version);
    m->origin = strdup(origin);
    return m->name && m->version && m->origin ? 0 : -1;
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
        ll__text_append(key, cap, &len, parts[i]);
}

/* The group of (ORIGIN, PATTERN, VERSION, SHAPE): the last assembly's
 * when they are its (its strings compared whole: equal, none was cut),
 * else the one their key names, created if new. */
static ll_group *group_of(ll_groups *g, const char *origin, const char *pattern, const char *version, size_t shape,
                          size_t *index)
{
    const ll_group *last = g->have_last ? &g->items[g->last_group] : NULL;
    if (last && g->last_shape == shape && strcmp(last->name_pattern, pattern) == 0 &&
        strcmp(last->origin, origin) == 0 && strcmp(last->version, version) == 0) {
        *index = g->last_group;
        return &g->items[g->last_group];
    }
    char key[512];
    group_key(key, sizeof key, origin, pattern, version, shape);
    ll_group *group = group_for_key(g, key, index);
    g->have_last = 0;
    return group;
}

int ll__groups_add(ll_groups *g, const ll_record *rec, ll_error *err)
{
    const char *name, *origin, *version;
    json_int_t id, iteration, typeset;
    size_t shape;
    if (ll_record_get_int(rec, LL_FIELD_ID, &id, err) < 0 || ll_record_get_string(rec, LL_FIELD_MODULE_NAME, &name, err) < 0 ||
        ll_record_get_string(rec, LL_FIELD_MODULE_ORIGIN, &origin, err) < 0 ||
        ll_record_get_string(rec, LL_FIELD_MODULE_VERSION, &version, err) < 0 ||
        ll_record_get_int(rec, LL_FIELD_ITERATION, &iteration, err) < 0 ||
        ll_record_get_int(rec, LL_FIELD_TYPESET, &typeset, err) < 0)
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
    if (ll__int_map_get(&g->assembly_group, id, &known)) {
        ll_error_set(err, "%s:%ld: field 'id': assembly %lld was already recorded", rec->file, rec->line,
                     (long long)id);
        return -1;
    }
    if (!ll__int_map_get(&g->typeset_shape, typeset, &shape)) {
        ll_error_set(err, "%s:%ld: field 'typeset': typeset %lld was not described before", rec->file,
                     rec->line, (long long)typeset);
        return -1;
    }
    char pattern[128];
    ll_assembly_name_pattern(name, origin, pattern, sizeof pattern);
    size_t index = 0;
    ll_group *group = group_of(g, origin, pattern, version, shape, &index);
    ll_value domain = ll_record_value(rec, LL_FIELD_DOMAIN); /* read in place: no JSON built per assembly */
    struct place place = {.interval = g->interval,
                          .counted = g->every_domain || (domain.kind == LL_VALUE_INTEGER && domain.integer == g->root_domain)};
    if (!group || index > 0xffffffffu || g->interval >= (1L << 29))
        return out_of_memory(rec, err);
    place.group = index;
    if (ll__int_map_put(&g->assembly_group, id, place_pack(place)) < 0)
        return out_of_memory(rec, err);
    if (place.counted)
        group->survivors[g->interval % LL_SURVIVAL_WINDOW]++;
    if (group->seen == 0 &&
        fill_new_group(group, name, origin, pattern, version, (double)iteration, &g->shapes[shape].example) < 0)
        return out_of_memory(rec, err);
    group->seen++;
    group->alive++;
    group->last_iteration = (double)iteration;
    g->last_group = index;
    g->last_shape = shape;
    g->have_last = 1;
    if (group->example_count < LL_GROUP_EXAMPLES && (group->examples[group->example_count] = strdup(name)))
        group->example_count++;
    if (group->seen == 2 && !group->alive_series && (group->alive_series = malloc(sizeof(ll_series))) &&
        ll__series_init(group->alive_series, LL_SERIES_CAPACITY) < 0) {
        free(group->alive_series);
        group->alive_series = NULL;
    }
    return 0;
}

int ll__groups_unload(ll_groups *g, const ll_record *rec, ll_error *err)
{
    json_int_t id;
    size_t slot;
    if (ll_record_get_int(rec, LL_FIELD_ID, &id, err) < 0)
        return -1;
    if (!ll__int_map_get(&g->assembly_group, id, &slot)) {
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
    return ll__int_map_put(&g->assembly_group, id, place_pack(place)) < 0 ? out_of_memory(rec, err) : 0;
}

void ll__groups_sample(ll_groups *g, double iteration)
{
    g->interval++;
    for (size_t i = 0; i < g->count; i++) {
        if (g->items[i].alive_series)
            ll__series_add(g->items[i].alive_series, iteration, (double)g->items[i].alive);
        g->items[i].survivors[g->interval % LL_SURVIVAL_WINDOW] = 0; /* the interval now open */
    }
}

int ll__group_survives(const ll_groups *g, const ll_group *group, int r, long *gained)
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

size_t ll__groups_count(const ll_groups *g)
{
    return g->count;
}

const ll_group *ll__groups_at(const ll_groups *g, size_t i)
{
    return &g->items[i];
}

int ll__group_list_add(ll_group_list *l, const ll_group *g)
{
    const ll_group **grown = realloc(l->items, (l->count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    l->items = grown;
    l->items[l->count++] = g;
    return 0;
}
