/* The Mono backend's assemblies: loads and unloads seen through the
 * profiler's callbacks (which, unlike mono_assembly_foreach, also see
 * Reflection.Emit assemblies), and each assembly described from its
 * metadata tables without loading any class, so that taking an inventory
 * does not change what it measures. */
#include "mono_backend.h"

#include <mono/metadata/appdomain.h>
#include <mono/metadata/assembly.h>
#include <mono/metadata/image.h>
#include <mono/metadata/metadata.h>
#include <mono/metadata/object.h>
#include <mono/metadata/reflection.h>
#include <mono/metadata/row-indexes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const ll_runtime_events *events;

static void on_assembly_loaded(MonoProfiler *prof, MonoAssembly *assembly)
{
    (void)prof;
    MonoDomain *domain = mono_domain_get();
    events->assembly_loaded(assembly, domain ? mono_domain_get_id(domain) : -1);
}

static void on_assembly_unloading(MonoProfiler *prof, MonoAssembly *assembly)
{
    (void)prof;
    events->assembly_unloading(assembly);
}

void ll__mono_assemblies_install(MonoProfilerHandle handle, const ll_runtime_events *host_events)
{
    events = host_events;
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

/* "Ns.Name" or "Name", malloc'd (NULL when out of memory). */
static char *qualified(const char *ns, const char *name)
{
    char *text;
    return asprintf(&text, "%s%s%s", ns, *ns ? "." : "", name) < 0 ? NULL : text;
}

static char *qualified_name(MonoImage *image, uint32_t ns_index, uint32_t name_index)
{
    return qualified(mono_metadata_string_heap(image, ns_index), mono_metadata_string_heap(image, name_index));
}

/* The name of a TypeDefOrRef coded index (a type's base type), or NULL. */
static char *type_def_or_ref_name(MonoImage *image, uint32_t coded)
{
    uint32_t row = coded >> MONO_TYPEDEFORREF_BITS;
    if (row == 0)
        return NULL;
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
        return strdup("(generic instance)");
    }
}

static void give_type(const ll_assembly_sink *sink, char *name, char *base)
{
    if (name)
        sink->type(sink->data, name, base);
    free(name);
    free(base);
}

static void defined_types(MonoImage *image, const ll_assembly_sink *sink)
{
    const MonoTableInfo *table = mono_image_get_table_info(image, MONO_TABLE_TYPEDEF);
    int rows = table ? mono_table_info_get_rows(table) : 0;
    /* Row 0 is the <Module> pseudo-type. */
    for (int i = 1; i < rows; i++) {
        uint32_t cols[MONO_TYPEDEF_SIZE];
        mono_metadata_decode_row(table, i, cols, MONO_TYPEDEF_SIZE);
        give_type(sink, qualified_name(image, cols[MONO_TYPEDEF_NAMESPACE], cols[MONO_TYPEDEF_NAME]),
                  type_def_or_ref_name(image, cols[MONO_TYPEDEF_EXTENDS]));
    }
}

static void give_class(const ll_assembly_sink *sink, MonoClass *klass)
{
    MonoClass *parent = mono_class_get_parent(klass);
    give_type(sink, qualified(mono_class_get_namespace(klass), mono_class_get_name(klass)),
              parent ? qualified(mono_class_get_namespace(parent), mono_class_get_name(parent)) : NULL);
}

/* A Reflection.Emit image has no metadata tables until it is saved, so its
 * types come from Assembly.GetTypes(), run in the assembly's domain. This
 * allocates a few managed objects, and only for emitted assemblies. */
static void emitted_types(MonoAssembly *assembly, int domain_id, const ll_assembly_sink *sink)
{
    MonoDomain *domain = mono_domain_get_by_id(domain_id);
    if (!domain)
        return;
    MonoObject *reflected = (MonoObject *)mono_assembly_get_object(domain, assembly);
    MonoClass *assembly_class = mono_class_from_name(mono_get_corlib(), "System.Reflection", "Assembly");
    MonoMethod *get_types = mono_class_get_method_from_name(assembly_class, "GetTypes", 0);
    if (!reflected || !get_types)
        return;
    MonoObject *thrown = NULL;
    MonoArray *array = (MonoArray *)mono_runtime_invoke(
        mono_object_get_virtual_method(reflected, get_types), reflected, NULL, &thrown);
    if (thrown || !array)
        return;
    for (uintptr_t i = 0; i < mono_array_length(array); i++) {
        MonoReflectionType *type = mono_array_get(array, MonoReflectionType *, i);
        if (type)
            give_class(sink, mono_class_from_mono_type(mono_reflection_type_get_type(type)));
    }
}

static void referenced_types(MonoImage *image, const ll_assembly_sink *sink)
{
    const MonoTableInfo *table = mono_image_get_table_info(image, MONO_TABLE_TYPEREF);
    int rows = table ? mono_table_info_get_rows(table) : 0;
    for (int i = 0; i < rows; i++) {
        uint32_t cols[MONO_TYPEREF_SIZE];
        mono_metadata_decode_row(table, i, cols, MONO_TYPEREF_SIZE);
        char *name = qualified_name(image, cols[MONO_TYPEREF_NAMESPACE], cols[MONO_TYPEREF_NAME]);
        if (name)
            sink->reference(sink->data, name);
        free(name);
    }
}

void ll__mono_assembly_describe(const void *handle, int domain_id, const ll_assembly_sink *sink)
{
    MonoAssembly *assembly = (MonoAssembly *)handle;
    MonoImage *image = mono_assembly_get_image(assembly);
    MonoAssemblyName *name = mono_assembly_get_name(assembly);
    uint16_t minor = 0, build = 0, revision = 0;
    uint16_t major = mono_assembly_name_get_version(name, &minor, &build, &revision);
    const char *origin = assembly_origin(image);
    char version[48];
    snprintf(version, sizeof version, "%u.%u.%u.%u", major, minor, build, revision);
    sink->identity(sink->data, mono_assembly_name_get_name(name), version, origin,
                   strcmp(origin, "file") == 0 ? mono_image_get_filename(image) : NULL);
    if (mono_image_is_dynamic(image))
        emitted_types(assembly, domain_id, sink);
    else
        defined_types(image, sink);
    referenced_types(image, sink);
}
