/* See heap_evidence.h. */
#include "heap_evidence.h"

#include "assembly_groups.h"
#include "generators.h"

#include <string.h>

/* Distinct XmlSerializer-generated types that make "many": each generated
 * assembly brings a reader, a writer, a contract and a serializer per
 * type, so a few dozen are already several assemblies. */
#define MANY_XML_GENERATED_TYPES 40

static int is_type(const char *name, const char *type)
{
    size_t n = strlen(type);
    /* "System.Reflection.Emit.AssemblyBuilder" or with an [assembly] suffix
     * (dotnet-gcdump) */
    return strncmp(name, type, n) == 0 && (name[n] == '\0' || name[n] == ' ');
}

static void count_row(ll_heap_evidence *e, const char *type, long count)
{
    if (is_type(type, "System.Reflection.Emit.AssemblyBuilder") ||
        is_type(type, "System.Reflection.Emit.InternalAssemblyBuilder") ||
        is_type(type, "System.Reflection.Emit.RuntimeAssemblyBuilder"))
        e->assembly_builders += count;
    else if (is_type(type, "System.Reflection.Emit.ModuleBuilder") ||
             is_type(type, "System.Reflection.Emit.InternalModuleBuilder") ||
             is_type(type, "System.Reflection.Emit.RuntimeModuleBuilder"))
        e->module_builders += count;
    else if (is_type(type, "System.Reflection.RuntimeAssembly") || is_type(type, "System.Reflection.Assembly"))
        e->runtime_assemblies += count;
    else if (strncmp(type, "Microsoft.Xml.Serialization.GeneratedAssembly.", 46) == 0)
        e->xml_generated_types++;
    else if (is_type(type, "System.Reflection.Emit.DynamicMethod") ||
             is_type(type, "System.Reflection.Emit.DynamicMethod+RTDynamicMethod") ||
             is_type(type, "System.Reflection.Emit.RTDynamicMethod"))
        e->dynamic_methods += count;
}

static void add_suspect(ll_report *report, ll_generator_kind kind, const char *evidence, long count)
{
    ll_generator g = ll_generator_named(kind);
    ll_suspect *s = ll_report_add_suspect(report);
    if (!s)
        return;
    s->source = LL_SUSPECT_HEAP_TABLE;
    s->name_pattern = strdup("-");
    s->origin = strdup("!dumpheap -stat");
    s->version = strdup("-");
    s->loaded = count;
    s->signature = strdup(evidence);
    s->generator = strdup(g.what);
    s->fix = strdup(g.fix);
}

void ll_heap_evidence_read(json_t *snapshot, const ll_thresholds *t, ll_heap_evidence *e, ll_report *report)
{
    memset(e, 0, sizeof *e);
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(snapshot, LL_FIELD_DUMPHEAP), i, row) {
        const char *type = json_string_value(json_object_get(row, LL_FIELD_DUMPHEAP_TYPE));
        json_int_t count = json_integer_value(json_object_get(row, LL_FIELD_DUMPHEAP_COUNT));
        if (type && count > 0)
            count_row(e, type, (long)count);
    }
    long emitted = e->assembly_builders > e->module_builders ? e->assembly_builders : e->module_builders;
    if (emitted >= t->min_suspect_assemblies) {
        add_suspect(report, LL_GENERATOR_REFLECTION_EMIT,
                    "the GC heap holds that many AssemblyBuilder / ModuleBuilder objects", emitted);
        e->points_at_assemblies = 1;
    }
    if (e->xml_generated_types >= MANY_XML_GENERATED_TYPES) {
        add_suspect(report, LL_GENERATOR_XML_SERIALIZER,
                    "distinct Microsoft.Xml.Serialization.GeneratedAssembly.* types on the GC heap",
                    e->xml_generated_types);
        e->points_at_assemblies = 1;
    }
    if (!e->points_at_assemblies && e->runtime_assemblies >= t->min_suspect_assemblies) {
        add_suspect(report, LL_GENERATOR_ASSEMBLIES_LOADED, "the GC heap holds that many RuntimeAssembly objects",
                    e->runtime_assemblies);
        e->points_at_assemblies = 1;
    }
}
