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
    ll_generator g = ll__generator_named(kind);
    ll_suspect *s = ll_result_add_suspect(report);
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

static int read_row(const ll_value *row, void *e)
{
    ll_value type = ll_value_member(row, LL_FIELD_DUMPHEAP_TYPE), count = ll_value_member(row, LL_FIELD_DUMPHEAP_COUNT);
    if (type.kind == LL_VALUE_STRING && count.kind == LL_VALUE_INTEGER && count.integer > 0)
        count_row(e, type.string, (long)count.integer);
    return 0;
}

void ll__heap_evidence_read(const ll_record *snapshot, const ll_thresholds *t, ll_heap_evidence *e, ll_report *report)
{
    memset(e, 0, sizeof *e);
    ll_value rows = ll_record_value(snapshot, LL_FIELD_DUMPHEAP);
    ll_value_each_item(&rows, read_row, e);
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
