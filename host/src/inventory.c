/* The assembly inventory: every assembly the runtime loads, in any context,
 * including Reflection.Emit ones, as the backend reports them
 * (runtime.h's events); described once through the backend (name, version,
 * origin, defined and referenced types: the equivalent of SOS
 * `!dumpdomain` and `!dumpmodule -mt`) and reported as records, with
 * unloads as events, so the file grows linearly. */
#include "inventory.h"
#include "runtime.h"

#include "leaklab/snapshot.h"
#include "leaklab/text.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tracked_assembly {
    const void *assembly;
    int id;
    int context_id;
    int described;
    int unloaded;
    int unload_reported;
};

static struct {
    pthread_mutex_t lock;
    struct tracked_assembly *items;
    size_t count, cap;
    /* Assemblies at [0, first_alive) are all unloaded and reported. */
    size_t first_alive;
    /* Typesets already written (snapshot.h's registry). */
    ll_typeset_registry *typesets;
    /* Loads that could not be tracked (out of memory): the inventory is
     * then incomplete, which the run must say, not the library. */
    long untracked;
} inventory = {.lock = PTHREAD_MUTEX_INITIALIZER};

void ll__inventory_assembly_loaded(const void *assembly, int context_id)
{
    pthread_mutex_lock(&inventory.lock);
    if (inventory.count == inventory.cap) {
        size_t cap = inventory.cap ? inventory.cap * 2 : 256;
        struct tracked_assembly *items = realloc(inventory.items, cap * sizeof *items);
        if (!items) {
            inventory.untracked++;
            pthread_mutex_unlock(&inventory.lock);
            return;
        }
        inventory.items = items;
        inventory.cap = cap;
    }
    inventory.items[inventory.count] = (struct tracked_assembly){
        .assembly = assembly,
        .id = (int)inventory.count + 1,
        .context_id = context_id,
    };
    inventory.count++;
    pthread_mutex_unlock(&inventory.lock);
}

void ll__inventory_assembly_unloading(const void *assembly)
{
    pthread_mutex_lock(&inventory.lock);
    for (size_t i = inventory.count; i-- > inventory.first_alive;) {
        if (inventory.items[i].assembly == assembly && !inventory.items[i].unloaded) {
            inventory.items[i].unloaded = 1;
            break;
        }
    }
    pthread_mutex_unlock(&inventory.lock);
}

/* What the backend says of one assembly, as the records will hold it. */
struct description {
    char *name, *version, *origin, *path;
    json_t *types, *refs;
};

static void take_identity(void *data, const char *name, const char *version, const char *origin, const char *path)
{
    struct description *d = data;
    d->name = ll_name_cut(name);
    d->version = strdup(version);
    d->origin = strdup(origin);
    d->path = path ? strdup(path) : NULL;
}

/* NAME as a record holds it: cut when over LL_NAME_MAX_BYTES, mended. */
static json_t *name_json(const char *name)
{
    char *cut = ll_name_cut(name);
    json_t *j = cut ? ll_json_text(cut) : NULL;
    free(cut);
    return j;
}

static void take_type(void *data, const char *name, const char *base)
{
    struct description *d = data;
    json_array_append_new(d->types, json_pack("{so so}", LL_FIELD_TYPE_NAME, name_json(name), LL_FIELD_TYPE_BASE,
                                              base ? name_json(base) : json_null()));
}

static void take_reference(void *data, const char *name)
{
    struct description *d = data;
    json_array_append_new(d->refs, name_json(name));
}

/* The id of the typeset {TYPES, REFS}, appending a "typeset" record to
 * RECORDS the first time it is seen: thousands of proxies share one, so the
 * file stays small and fast to read. */
static json_int_t typeset_id(json_t *types, json_t *refs, json_t *records)
{
    if (!inventory.typesets)
        inventory.typesets = ll_typeset_registry_new();
    json_t *record;
    json_int_t id = inventory.typesets ? ll_typeset_registry_id(inventory.typesets, types, refs, &record) : 0;
    if (inventory.typesets && record)
        json_array_append_new(records, record);
    return id;
}

static json_t *describe(const struct tracked_assembly *t, int iteration, json_t *records)
{
    struct description d = {.types = json_array(), .refs = json_array()};
    ll_assembly_sink sink = {&d, take_identity, take_type, take_reference};
    ll__runtime()->assembly_describe(t->assembly, t->context_id, &sink);
    json_t *record = NULL;
    if (d.name && d.version && d.origin) {
        json_int_t typeset = typeset_id(d.types, d.refs, records);
        json_t *context = json_integer(t->context_id);
        record = ll_record_assembly(t->id, context, iteration, d.name, d.version, d.origin, d.path, typeset);
        json_decref(context);
    }
    json_decref(d.types);
    json_decref(d.refs);
    free(d.name);
    free(d.version);
    free(d.origin);
    free(d.path);
    return record;
}

/* Copies the assemblies not yet described, so that describing them can run
 * without the lock: describing an emitted assembly may run managed code
 * (Mono's Assembly.GetTypes), which may load another assembly and so
 * re-enter ll__inventory_assembly_loaded. */
static size_t undescribed(struct tracked_assembly **out)
{
    pthread_mutex_lock(&inventory.lock);
    size_t n = 0, cap = inventory.count - inventory.first_alive;
    *out = cap ? malloc(cap * sizeof **out) : NULL;
    for (size_t i = inventory.first_alive; *out && i < inventory.count; i++)
        if (!inventory.items[i].described && !inventory.items[i].unloaded)
            (*out)[n++] = inventory.items[i];
    pthread_mutex_unlock(&inventory.lock);
    return n;
}

void ll__inventory_collect_events(int iteration, json_t *records)
{
    struct tracked_assembly *todo;
    size_t n = undescribed(&todo);
    for (size_t k = 0; k < n; k++)
        json_array_append_new(records, describe(&todo[k], iteration, records));
    pthread_mutex_lock(&inventory.lock);
    for (size_t k = 0; k < n; k++)
        inventory.items[todo[k].id - 1].described = 1; /* ids are 1 + the index */
    for (size_t i = inventory.first_alive; i < inventory.count; i++) {
        struct tracked_assembly *t = &inventory.items[i];
        if (t->unloaded && t->described && !t->unload_reported) {
            json_array_append_new(records, ll_record_unload(t->id, iteration));
            t->unload_reported = 1;
        }
    }
    while (inventory.first_alive < inventory.count &&
           inventory.items[inventory.first_alive].unloaded)
        inventory.first_alive++;
    pthread_mutex_unlock(&inventory.lock);
    free(todo);
}

void ll__inventory_new_series(void)
{
    pthread_mutex_lock(&inventory.lock);
    ll_typeset_registry_free(inventory.typesets);
    inventory.typesets = NULL;
    for (size_t i = inventory.first_alive; i < inventory.count; i++) {
        struct tracked_assembly *t = &inventory.items[i];
        t->described = 0;
        t->unload_reported = t->unloaded;
    }
    pthread_mutex_unlock(&inventory.lock);
}

#define MAX_COUNTED_CONTEXTS 64

json_t *ll__inventory_counts(void)
{
    /* Tallied in a small array, not in JSON: this runs at every snapshot
     * over every live assembly. */
    struct {
        int context_id;
        json_int_t count;
    } tally[MAX_COUNTED_CONTEXTS];
    size_t contexts = 0;
    json_int_t loaded = 0, elsewhere = 0;
    pthread_mutex_lock(&inventory.lock);
    for (size_t i = inventory.first_alive; i < inventory.count; i++) {
        const struct tracked_assembly *t = &inventory.items[i];
        if (t->unloaded)
            continue;
        loaded++;
        size_t d = 0;
        while (d < contexts && tally[d].context_id != t->context_id)
            d++;
        if (d == contexts && contexts < MAX_COUNTED_CONTEXTS)
            tally[contexts++] = (typeof(tally[0])){t->context_id, 0};
        if (d < contexts)
            tally[d].count++;
        else
            elsewhere++;
    }
    pthread_mutex_unlock(&inventory.lock);
    json_t *by_domain = json_object();
    for (size_t d = 0; d < contexts; d++) {
        char key[16];
        snprintf(key, sizeof key, "%d", tally[d].context_id);
        json_object_set_new(by_domain, key, json_integer(tally[d].count));
    }
    if (elsewhere)
        json_object_set_new(by_domain, LL_FIELD_BY_DOMAIN_OTHER, json_integer(elsewhere));
    return json_pack("{sI so}", LL_FIELD_LOADED, loaded, LL_FIELD_BY_DOMAIN, by_domain);
}

long ll__inventory_loaded(void)
{
    long loaded = 0;
    pthread_mutex_lock(&inventory.lock);
    for (size_t i = inventory.first_alive; i < inventory.count; i++)
        loaded += !inventory.items[i].unloaded;
    pthread_mutex_unlock(&inventory.lock);
    return loaded;
}

long ll__inventory_untracked(void)
{
    pthread_mutex_lock(&inventory.lock);
    long n = inventory.untracked;
    pthread_mutex_unlock(&inventory.lock);
    return n;
}
