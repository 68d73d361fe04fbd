/* Tracks assemblies through the profiler's load/unload callbacks (which,
 * unlike mono_assembly_foreach, also see Reflection.Emit assemblies) and
 * describes each one from its metadata tables without loading any class,
 * so that taking an inventory does not change what it measures. */
#include "inventory.h"

#include "leaklab/snapshot.h"

#include <mono/metadata/appdomain.h>
#include <mono/metadata/assembly.h>
#include <mono/metadata/image.h>
#include <mono/metadata/metadata.h>
#include <mono/metadata/object.h>
#include <mono/metadata/profiler.h>
#include <mono/metadata/reflection.h>
#include <mono/metadata/row-indexes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct tracked_assembly {
    MonoAssembly *assembly;
    int id;
    int domain_id;
    int described;
    int unloaded;
    int unload_reported;
};

struct _MonoProfiler {
    int unused;
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
    struct _MonoProfiler profiler;
} inventory = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void on_assembly_loaded(MonoProfiler *prof, MonoAssembly *assembly)
{
    (void)prof;
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
    MonoDomain *domain = mono_domain_get();
    inventory.items[inventory.count] = (struct tracked_assembly){
        .assembly = assembly,
        .id = (int)inventory.count + 1,
        .domain_id = domain ? mono_domain_get_id(domain) : -1,
    };
    inventory.count++;
    pthread_mutex_unlock(&inventory.lock);
}

static void on_assembly_unloading(MonoProfiler *prof, MonoAssembly *assembly)
{
    (void)prof;
    pthread_mutex_lock(&inventory.lock);
    for (size_t i = inventory.count; i-- > inventory.first_alive;) {
        if (inventory.items[i].assembly == assembly && !inventory.items[i].unloaded) {
            inventory.items[i].unloaded = 1;
            break;
        }
    }
    pthread_mutex_unlock(&inventory.lock);
}

void ll__inventory_install(void)
{
    MonoProfilerHandle handle = mono_profiler_create(&inventory.profiler);
    mono_profiler_set_assembly_loaded_callback(handle, on_assembly_loaded);
    mono_profiler_set_assembly_unloading_callback(handle, on_assembly_unloading);
}

/* "file" when the image came from a file on disk, "emit" for
 * Reflection.Emit, "bytes" for Assembly.Load(byte[]) (Mono names those
 * images "data-0x...", which is no file). */
static const char *assembly_origin(MonoImage *image)
{
    if (mono_image_is_dynamic(image))
        return "emit";
    const char *file = mono_image_get_filename(image);
    return file && file[0] == '/' && access(file, F_OK) == 0 ? "file" : "bytes";
}

static json_t *qualified_name(MonoImage *image, uint32_t ns_index, uint32_t name_index)
{
    const char *ns = mono_metadata_string_heap(image, ns_index);
    const char *name = mono_metadata_string_heap(image, name_index);
    return *ns ? json_sprintf("%s.%s", ns, name) : json_string(name);
}

/* The name of a TypeDefOrRef coded index (a type's base type). */
static json_t *type_def_or_ref_name(MonoImage *image, uint32_t coded)
{
    uint32_t row = coded >> MONO_TYPEDEFORREF_BITS;
    if (row == 0)
        return json_null();
    switch (coded & MONO_TYPEDEFORREF_MASK) {
    case MONO_TYPEDEFORREF_TYPEDEF: {
        uint32_t cols[MONO_TYPEDEF_SIZE];
        mono_metadata_decode_row(mono_image_get_table_info(image, MONO_TABLE_TYPEDEF), row - 1,
                                 cols, MONO_TYPEDEF_SIZE);
        return qualified_name(image, cols[MONO_TYPEDEF_NAMESPACE], cols[MONO_TYPEDEF_NAME]);
    }
    case MONO_TYPEDEFORREF_TYPEREF: {
        uint32_t cols[MONO_TYPEREF_SIZE];
        mono_metadata_decode_row(mono_image_get_table_info(image, MONO_TABLE_TYPEREF), row - 1,
                                 cols, MONO_TYPEREF_SIZE);
        return qualified_name(image, cols[MONO_TYPEREF_NAMESPACE], cols[MONO_TYPEREF_NAME]);
    }
    default:
        return json_string("(generic instance)");
    }
}

static json_t *defined_types(MonoImage *image)
{
    json_t *types = json_array();
    const MonoTableInfo *table = mono_image_get_table_info(image, MONO_TABLE_TYPEDEF);
    int rows = table ? mono_table_info_get_rows(table) : 0;
    /* Row 0 is the <Module> pseudo-type. */
    for (int i = 1; i < rows; i++) {
        uint32_t cols[MONO_TYPEDEF_SIZE];
        mono_metadata_decode_row(table, i, cols, MONO_TYPEDEF_SIZE);
        json_array_append_new(
            types, json_pack("{so so}", "name",
                             qualified_name(image, cols[MONO_TYPEDEF_NAMESPACE], cols[MONO_TYPEDEF_NAME]),
                             "base", type_def_or_ref_name(image, cols[MONO_TYPEDEF_EXTENDS])));
    }
    return types;
}

static json_t *type_json(MonoClass *klass)
{
    MonoClass *parent = mono_class_get_parent(klass);
    const char *ns = mono_class_get_namespace(klass);
    json_t *base = json_null();
    if (parent) {
        const char *pns = mono_class_get_namespace(parent);
        base = *pns ? json_sprintf("%s.%s", pns, mono_class_get_name(parent))
                    : json_string(mono_class_get_name(parent));
    }
    return json_pack("{so so}", "name",
                     *ns ? json_sprintf("%s.%s", ns, mono_class_get_name(klass))
                         : json_string(mono_class_get_name(klass)),
                     "base", base);
}

/* A Reflection.Emit image has no metadata tables until it is saved, so its
 * types come from Assembly.GetTypes(), run in the assembly's domain. This
 * allocates a few managed objects, and only for emitted assemblies. */
static json_t *emitted_types(MonoAssembly *assembly, int domain_id)
{
    json_t *types = json_array();
    MonoDomain *domain = mono_domain_get_by_id(domain_id);
    if (!domain)
        return types;
    MonoObject *reflected = (MonoObject *)mono_assembly_get_object(domain, assembly);
    MonoClass *assembly_class = mono_class_from_name(mono_get_corlib(), "System.Reflection", "Assembly");
    MonoMethod *get_types = mono_class_get_method_from_name(assembly_class, "GetTypes", 0);
    if (!reflected || !get_types)
        return types;
    MonoObject *thrown = NULL;
    MonoArray *array = (MonoArray *)mono_runtime_invoke(
        mono_object_get_virtual_method(reflected, get_types), reflected, NULL, &thrown);
    if (thrown || !array)
        return types;
    for (uintptr_t i = 0; i < mono_array_length(array); i++) {
        MonoReflectionType *type = mono_array_get(array, MonoReflectionType *, i);
        if (type)
            json_array_append_new(types, type_json(mono_class_from_mono_type(mono_reflection_type_get_type(type))));
    }
    return types;
}

static json_t *referenced_types(MonoImage *image)
{
    json_t *refs = json_array();
    const MonoTableInfo *table = mono_image_get_table_info(image, MONO_TABLE_TYPEREF);
    int rows = table ? mono_table_info_get_rows(table) : 0;
    for (int i = 0; i < rows; i++) {
        uint32_t cols[MONO_TYPEREF_SIZE];
        mono_metadata_decode_row(table, i, cols, MONO_TYPEREF_SIZE);
        json_array_append_new(refs, qualified_name(image, cols[MONO_TYPEREF_NAMESPACE],
                                                   cols[MONO_TYPEREF_NAME]));
    }
    return refs;
}

/* The id of the typeset {TYPES, REFS}, appending a "typeset" record to
 * RECORDS the first time it is seen: thousands of proxies share one, so the
 * file stays small and fast to read. Takes ownership of TYPES and REFS. */
static json_int_t typeset_id(json_t *types, json_t *refs, json_t *records)
{
    if (!inventory.typesets)
        inventory.typesets = ll_typeset_registry_new();
    json_t *record;
    json_int_t id = inventory.typesets ? ll_typeset_registry_id(inventory.typesets, types, refs, &record) : 0;
    if (inventory.typesets && record)
        json_array_append_new(records, record);
    json_decref(types);
    json_decref(refs);
    return id;
}

static json_t *describe(const struct tracked_assembly *t, int iteration, json_t *records)
{
    MonoImage *image = mono_assembly_get_image(t->assembly);
    MonoAssemblyName *name = mono_assembly_get_name(t->assembly);
    uint16_t minor = 0, build = 0, revision = 0;
    uint16_t major = mono_assembly_name_get_version(name, &minor, &build, &revision);
    const char *origin = assembly_origin(image);
    json_t *types = mono_image_is_dynamic(image) ? emitted_types(t->assembly, t->domain_id) : defined_types(image);
    json_int_t typeset = typeset_id(types, referenced_types(image), records);
    char version[48];
    snprintf(version, sizeof version, "%u.%u.%u.%u", major, minor, build, revision);
    json_t *domain = json_integer(t->domain_id);
    json_t *record = ll_record_assembly(t->id, domain, iteration, mono_assembly_name_get_name(name), version, origin,
                                        strcmp(origin, "file") == 0 ? mono_image_get_filename(image) : NULL, typeset);
    json_decref(domain);
    return record;
}

/* Copies the assemblies not yet described, so that describing them can run
 * without the lock: describing an emitted assembly runs managed code
 * (Assembly.GetTypes), which may load another assembly and so re-enter
 * on_assembly_loaded. */
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

#define MAX_COUNTED_DOMAINS 64

json_t *ll__inventory_counts(void)
{
    /* Tallied in a small array, not in JSON: this runs at every snapshot
     * over every live assembly. */
    struct {
        int domain_id;
        json_int_t count;
    } tally[MAX_COUNTED_DOMAINS];
    size_t domains = 0;
    json_int_t loaded = 0, elsewhere = 0;
    pthread_mutex_lock(&inventory.lock);
    for (size_t i = inventory.first_alive; i < inventory.count; i++) {
        const struct tracked_assembly *t = &inventory.items[i];
        if (t->unloaded)
            continue;
        loaded++;
        size_t d = 0;
        while (d < domains && tally[d].domain_id != t->domain_id)
            d++;
        if (d == domains && domains < MAX_COUNTED_DOMAINS)
            tally[domains++] = (typeof(tally[0])){t->domain_id, 0};
        if (d < domains)
            tally[d].count++;
        else
            elsewhere++;
    }
    pthread_mutex_unlock(&inventory.lock);
    json_t *by_domain = json_object();
    for (size_t d = 0; d < domains; d++) {
        char key[16];
        snprintf(key, sizeof key, "%d", tally[d].domain_id);
        json_object_set_new(by_domain, key, json_integer(tally[d].count));
    }
    if (elsewhere)
        json_object_set_new(by_domain, "other", json_integer(elsewhere));
    return json_pack("{sI so}", "loaded", loaded, "by_domain", by_domain);
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

long ll_host_inventory_untracked(void)
{
    pthread_mutex_lock(&inventory.lock);
    long n = inventory.untracked;
    pthread_mutex_unlock(&inventory.lock);
    return n;
}
