/* Assembly grouping and generator recognition. The group key is built from
 * features of each assembly record; the count of a group over time is what
 * the analyzer tests for a trend. Recognising the generator (CodeDom SOAP
 * proxy, XmlSerializer, Reflection.Emit, ...) only labels a group already
 * found growing, the way an expert reads `!dumpmodule -mt`. */
#include "assembly_groups.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEY_TYPES 8
#define MAX_EXAMPLES 3

struct id_slot {
    json_int_t id;  /* 0: empty */
    size_t group;
};

struct ll_groups {
    ll_group *items;
    size_t count, cap;
    size_t *key_slots; /* open addressing over items, by key; value = index + 1 */
    size_t key_cap;
    struct id_slot *ids;
    size_t id_count, id_cap;
};

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

ll_groups *ll_groups_new(void)
{
    return calloc(1, sizeof(ll_groups));
}

void ll_groups_free(ll_groups *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->count; i++) {
        free(g->items[i].key);
        json_decref(g->items[i].examples);
        json_decref(g->items[i].representative);
        free(g->items[i].alive_series);
    }
    free(g->items);
    free(g->key_slots);
    free(g->ids);
    free(g);
}

/* CodeDom names in-memory assemblies like Path.GetRandomFileName() without
 * the extension: eight characters from [a-z0-9]. */
static int looks_random8(const char *name, const char *origin)
{
    int digits = 0;
    if (strlen(name) != 8)
        return 0;
    for (const char *p = name; *p; p++) {
        if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p))
            return 0;
        digits += isdigit((unsigned char)*p) != 0;
    }
    return digits > 0 || strcmp(origin, "bytes") == 0;
}

/* NAME with each run of digits replaced by '#'. */
static void digits_to_hash(const char *name, char *out, size_t len)
{
    size_t o = 0;
    for (const char *p = name; *p && o + 1 < len; p++) {
        if (isdigit((unsigned char)*p)) {
            out[o++] = '#';
            while (isdigit((unsigned char)p[1]))
                p++;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

static void append(char *buf, size_t cap, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (*len + n >= cap)
        n = cap - *len - 1;
    memcpy(buf + *len, s, n);
    *len += n;
    buf[*len] = '\0';
}

static void build_key(const char *origin, const char *pattern, const char *version, json_t *types,
                      char *key, size_t cap)
{
    size_t len = 0;
    key[0] = '\0';
    const char *parts[] = {origin, "|", pattern, "|", version, "|"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        append(key, cap, &len, parts[i]);
    for (size_t i = 0; i < json_array_size(types) && i < MAX_KEY_TYPES; i++) {
        json_t *t = json_array_get(types, i);
        char shape[512];
        digits_to_hash(json_string_value(json_object_get(t, "name")) ?: "?", shape, sizeof shape);
        append(key, cap, &len, shape);
        append(key, cap, &len, ":");
        append(key, cap, &len, json_string_value(json_object_get(t, "base")) ?: "-");
        append(key, cap, &len, ",");
    }
}

static int grow_key_table(ll_groups *g)
{
    size_t cap = g->key_cap ? g->key_cap * 2 : 64;
    size_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < g->count; i++) {
        size_t h = hash_bytes(g->items[i].key, strlen(g->items[i].key)) & (cap - 1);
        while (slots[h])
            h = (h + 1) & (cap - 1);
        slots[h] = i + 1;
    }
    free(g->key_slots);
    g->key_slots = slots;
    g->key_cap = cap;
    return 0;
}

/* The group with KEY, created if new; NULL when out of memory. */
static ll_group *group_for_key(ll_groups *g, const char *key, size_t *index)
{
    if ((g->count + 1) * 2 > g->key_cap && grow_key_table(g) < 0)
        return NULL;
    size_t h = hash_bytes(key, strlen(key)) & (g->key_cap - 1);
    for (; g->key_slots[h]; h = (h + 1) & (g->key_cap - 1)) {
        if (strcmp(g->items[g->key_slots[h] - 1].key, key) == 0) {
            *index = g->key_slots[h] - 1;
            return &g->items[*index];
        }
    }
    if (g->count == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 32;
        ll_group *items = realloc(g->items, cap * sizeof *items);
        if (!items)
            return NULL;
        g->items = items;
        g->cap = cap;
    }
    ll_group *group = &g->items[g->count];
    memset(group, 0, sizeof *group);
    if (!(group->key = strdup(key)))
        return NULL;
    group->examples = json_array();
    g->key_slots[h] = g->count + 1;
    *index = g->count++;
    return group;
}

static struct id_slot *find_id_slot(struct id_slot *slots, size_t cap, json_int_t id)
{
    size_t h = (size_t)hash_bytes((const char *)&id, sizeof id) & (cap - 1);
    while (slots[h].id && slots[h].id != id)
        h = (h + 1) & (cap - 1);
    return &slots[h];
}

static int remember_id(ll_groups *g, json_int_t id, size_t group)
{
    if ((g->id_count + 1) * 2 > g->id_cap) {
        size_t cap = g->id_cap ? g->id_cap * 2 : 1024;
        struct id_slot *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return -1;
        for (size_t i = 0; i < g->id_cap; i++)
            if (g->ids[i].id)
                *find_id_slot(slots, cap, g->ids[i].id) = g->ids[i];
        free(g->ids);
        g->ids = slots;
        g->id_cap = cap;
    }
    struct id_slot *slot = find_id_slot(g->ids, g->id_cap, id);
    if (!slot->id)
        g->id_count++;
    *slot = (struct id_slot){id, group};
    return 0;
}

static void fill_new_group(ll_group *group, const ll_record *rec, const char *origin,
                           const char *pattern, const char *version, double iteration)
{
    snprintf(group->origin, sizeof group->origin, "%s", origin);
    snprintf(group->name_pattern, sizeof group->name_pattern, "%s", pattern);
    snprintf(group->version, sizeof group->version, "%s", version);
    group->first_iteration = iteration;
    group->representative = json_deep_copy(rec->json);
}

int ll_groups_add(ll_groups *g, const ll_record *rec, ll_error *err)
{
    const char *name, *origin, *version;
    json_int_t id, iteration;
    json_t *types, *refs;
    if (ll_record_get_int(rec, "id", &id, err) < 0 || ll_record_get_string(rec, "name", &name, err) < 0 ||
        ll_record_get_string(rec, "origin", &origin, err) < 0 ||
        ll_record_get_string(rec, "version", &version, err) < 0 ||
        ll_record_get_int(rec, "iteration", &iteration, err) < 0 ||
        ll_record_get_array(rec, "types", &types, err) < 0 ||
        ll_record_get_array(rec, "refs", &refs, err) < 0)
        return -1;
    if (id <= 0) {
        ll_error_set(err, "%s:%ld: field 'id': must be a positive integer", rec->file, rec->line);
        return -1;
    }
    char pattern[128], key[2048];
    if (looks_random8(name, origin))
        snprintf(pattern, sizeof pattern, "random 8-character");
    else
        digits_to_hash(name, pattern, sizeof pattern);
    build_key(origin, pattern, version, types, key, sizeof key);
    size_t index;
    ll_group *group = group_for_key(g, key, &index);
    if (!group || remember_id(g, id, index) < 0) {
        ll_error_set(err, "%s:%ld: out of memory", rec->file, rec->line);
        return -1;
    }
    if (group->seen == 0)
        fill_new_group(group, rec, origin, pattern, version, (double)iteration);
    group->seen++;
    group->alive++;
    group->last_iteration = (double)iteration;
    if (json_array_size(group->examples) < MAX_EXAMPLES)
        json_array_append_new(group->examples, json_string(name));
    if (group->seen == 2 && !group->alive_series && (group->alive_series = malloc(sizeof(ll_series))))
        ll_series_init(group->alive_series);
    return 0;
}

int ll_groups_unload(ll_groups *g, const ll_record *rec, ll_error *err)
{
    json_int_t id;
    if (ll_record_get_int(rec, "id", &id, err) < 0)
        return -1;
    struct id_slot *slot = g->id_cap ? find_id_slot(g->ids, g->id_cap, id) : NULL;
    if (!slot || !slot->id) {
        ll_error_set(err, "%s:%ld: field 'id': unload of assembly %lld, which was never loaded",
                     rec->file, rec->line, (long long)id);
        return -1;
    }
    g->items[slot->group].alive--;
    return 0;
}

void ll_groups_sample(ll_groups *g, double iteration)
{
    for (size_t i = 0; i < g->count; i++)
        if (g->items[i].alive_series)
            ll_series_add(g->items[i].alive_series, iteration, (double)g->items[i].alive);
}

size_t ll_groups_count(const ll_groups *g)
{
    return g->count;
}

const ll_group *ll_groups_at(const ll_groups *g, size_t i)
{
    return &g->items[i];
}

static int defines_type_based_on(const ll_group *group, const char *base)
{
    json_t *types = json_object_get(group->representative, "types"), *t;
    size_t i;
    json_array_foreach(types, i, t) {
        const char *b = json_string_value(json_object_get(t, "base"));
        if (b && strcmp(b, base) == 0)
            return 1;
    }
    return 0;
}

ll_generator ll_group_generator(const ll_group *group)
{
    int from_bytes = strcmp(group->origin, "bytes") == 0;
    int emitted = strcmp(group->origin, "emit") == 0;
    int random_name = strcmp(group->name_pattern, "random 8-character") == 0;
    if (from_bytes && (defines_type_based_on(group, "System.Web.Services.Protocols.SoapHttpClientProtocol") ||
                       defines_type_based_on(group, "System.Web.Services.Protocols.HttpGetClientProtocol") ||
                       defines_type_based_on(group, "System.Web.Services.Protocols.HttpPostClientProtocol")))
        return (ll_generator){
            "CodeDom-compiled SOAP client proxy (ServiceDescriptionImporter + CSharpCodeProvider, "
            "GenerateInMemory): one new proxy assembly per call",
            "compile the proxy once per WSDL and cache the generated Type (keyed by the WSDL "
            "content or URL); or generate it at build time with `wsdl` and compile it in; or, if "
            "it must be dynamic, load it into an AppDomain you unload (a collectible "
            "AssemblyLoadContext on .NET Core)"};
    if (emitted && (defines_type_based_on(group, "System.Xml.Serialization.XmlSerializationReader") ||
                    defines_type_based_on(group, "System.Xml.Serialization.XmlSerializationWriter")))
        return (ll_generator){
            "XmlSerializer-generated serialization assembly (Reflection.Emit): one per new "
            "serialized type, e.g. per new proxy type",
            "reuse the types being serialized (cache the proxy type) and reuse XmlSerializer "
            "instances; the XmlSerializer(Type, XmlRootAttribute) and similar constructors are "
            "not cached by the framework"};
    if (emitted)
        return (ll_generator){
            "Reflection.Emit assembly (AssemblyBuilder) created per call",
            "define the dynamic assembly and module once and add types to it, cache the generated "
            "types, or create it with AssemblyBuilderAccess.RunAndCollect / in an unloadable "
            "context"};
    if (from_bytes && random_name)
        return (ll_generator){
            "CodeDom-compiled in-memory assembly (CSharpCodeProvider, GenerateInMemory)",
            "cache the compiled assembly by its source, or compile into an AppDomain you unload"};
    if (from_bytes)
        return (ll_generator){"assembly loaded from bytes (Assembly.Load(byte[])) again and again",
                              "load it once and keep the Assembly, or load it into an AppDomain "
                              "you unload"};
    return (ll_generator){
        "the same assembly file loaded again and again (Assembly.LoadFile/LoadFrom, or new "
        "AppDomains that are never unloaded)",
        "load it once, or unload the AppDomains that load it"};
}

char *ll_group_signature(const ll_group *group)
{
    char buf[1024];
    size_t len = 0;
    buf[0] = '\0';
    json_t *types = json_object_get(group->representative, "types"), *t;
    size_t i;
    append(buf, sizeof buf, &len, "defines ");
    json_array_foreach(types, i, t) {
        if (i == 2) {
            append(buf, sizeof buf, &len, ", ...");
            break;
        }
        if (i)
            append(buf, sizeof buf, &len, ", ");
        append(buf, sizeof buf, &len, json_string_value(json_object_get(t, "name")) ?: "?");
        append(buf, sizeof buf, &len, " : ");
        append(buf, sizeof buf, &len, json_string_value(json_object_get(t, "base")) ?: "-");
    }
    if (json_array_size(types) == 0)
        append(buf, sizeof buf, &len, "no types");
    json_t *refs = json_object_get(group->representative, "refs");
    if (json_array_size(refs) > 0) {
        append(buf, sizeof buf, &len, "; references ");
        json_array_foreach(refs, i, t) {
            if (i == 3) {
                append(buf, sizeof buf, &len, ", ...");
                break;
            }
            if (i)
                append(buf, sizeof buf, &len, ", ");
            append(buf, sizeof buf, &len, json_string_value(t) ?: "?");
        }
    }
    return strdup(buf);
}
