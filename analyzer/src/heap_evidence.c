/* See heap_evidence.h. */
#include "heap_evidence.h"

#include "assembly_groups.h"
#include "generators.h"
#include "string_index.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
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
    ll_result_add_suspect_text(report, LL_SUSPECT_HEAP_TABLE, "-", "!dumpheap -stat", count, evidence, g.what, g.fix);
}

/* The rows read so far, and how many each type name had. */
struct reading {
    ll_heap_evidence *e;
    ll_string_index names;
    long *tables;
    size_t cap;
    int failed;
};

/* Counts TABLES more MethodTables of TYPE; keeps the name with the most. */
static void count_method_tables(struct reading *r, const char *type, long tables)
{
    int added;
    long k = ll__string_index_intern(&r->names, type, &added);
    if (k >= 0 && (size_t)k >= r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        long *grown = realloc(r->tables, cap * sizeof *grown);
        if (grown) {
            memset(grown + r->cap, 0, (cap - r->cap) * sizeof *grown);
            r->tables = grown;
            r->cap = cap;
        }
    }
    if (k < 0 || (size_t)k >= r->cap) {
        r->failed = 1;
        return;
    }
    long n = r->tables[k] += tables;
    if (n > 1 && n > r->e->repeated_type_tables) {
        r->e->repeated_type_tables = n;
        r->e->repeated_type = r->names.strings[k]; /* borrowed until the reading ends */
    }
}

static int read_row(const ll_value *row, void *ctx)
{
    struct reading *r = ctx;
    ll_value type = ll_value_member(row, LL_FIELD_DUMPHEAP_TYPE), count = ll_value_member(row, LL_FIELD_DUMPHEAP_COUNT),
             tables = ll_value_member(row, LL_FIELD_DUMPHEAP_METHOD_TABLES);
    if (type.kind == LL_VALUE_STRING && count.kind == LL_VALUE_INTEGER && count.integer > 0) {
        count_row(r->e, type.string, (long)count.integer);
        count_method_tables(r, type.string,
                            tables.kind == LL_VALUE_INTEGER && tables.integer > 1 && tables.integer < LONG_MAX / 2
                                ? (long)tables.integer
                                : 1);
    }
    return 0;
}

/* What made the repeated type, by its name: XmlSerializer's generated
 * namespace, or else assemblies loaded again and again. */
static ll_generator_kind repeated_type_generator(const char *type)
{
    return strncmp(type, "Microsoft.Xml.Serialization.GeneratedAssembly.", 46) == 0 ? LL_GENERATOR_XML_SERIALIZER
                                                                                     : LL_GENERATOR_ASSEMBLIES_LOADED;
}

static void suspect_repeated_type(ll_report *report, const ll_heap_evidence *e)
{
    char evidence[200];
    const char *bound = e->listing_cut ? "at least " : "";
    snprintf(evidence, sizeof evidence, "%s%ld MethodTables of one type: the same type loaded from %s%ld assemblies",
             bound, e->repeated_type_tables, bound, e->repeated_type_tables);
    ll_generator g = ll__generator_named(repeated_type_generator(e->repeated_type));
    ll_result_add_suspect_text(report, LL_SUSPECT_HEAP_TABLE, e->repeated_type, "!dumpheap -stat",
                               e->repeated_type_tables, evidence, g.what, g.fix);
}

/* One more (type, LoaderAllocator) pair of !dumpmt: counted once per
 * LoaderAllocator. */
struct contexts_reading {
    struct reading types;
    ll_string_index pairs;
};

static int read_collectible_type(const ll_value *row, void *ctx)
{
    struct contexts_reading *c = ctx;
    ll_value type = ll_value_member(row, LL_FIELD_COLLECTIBLE_TYPE),
             allocator = ll_value_member(row, LL_FIELD_COLLECTIBLE_LOADER_ALLOCATOR);
    if (type.kind != LL_VALUE_STRING || allocator.kind != LL_VALUE_STRING)
        return 0;
    size_t n = strlen(type.string), m = strlen(allocator.string);
    char *pair = malloc(n + m + 2);
    if (!pair) {
        c->types.failed = 1;
        return 0;
    }
    memcpy(pair, type.string, n + 1);
    memcpy(pair + n + 1, allocator.string, m + 1);
    pair[n] = '\n'; /* no type name holds a line break */
    int added = 0;
    if (ll__string_index_intern(&c->pairs, pair, &added) < 0)
        c->types.failed = 1;
    else if (added)
        count_method_tables(&c->types, type.string, 1);
    free(pair);
    return 0;
}

long ll__collectible_types_count(const ll_record *snapshot, char **type)
{
    ll_heap_evidence e = {0};
    struct contexts_reading c = {.types = {.e = &e}};
    ll_value rows = ll_record_value(snapshot, LL_FIELD_COLLECTIBLE_TYPES);
    ll_value_each_item(&rows, read_collectible_type, &c);
    /* A type seen under one LoaderAllocator only is not "repeated": count it. */
    long contexts = e.repeated_type_tables ? e.repeated_type_tables : (c.types.names.count ? 1 : 0);
    const char *name = e.repeated_type ? e.repeated_type : c.types.names.count ? c.types.names.strings[0] : NULL;
    *type = name && !c.types.failed ? strdup(name) : NULL;
    ll__string_index_free(&c.types.names);
    ll__string_index_free(&c.pairs);
    free(c.types.tables);
    return *type ? contexts : 0;
}

void ll__suspect_kept_contexts(ll_report *report, const char *type, long contexts)
{
    char evidence[200];
    snprintf(evidence, sizeof evidence, "%ld LoaderAllocators of one type: the same type loaded in %ld collectible "
             "contexts, all alive at the dump", contexts, contexts);
    ll_result_add_suspect_text(report, LL_SUSPECT_HEAP_TABLE, type, "!dumpmt", contexts, evidence,
                               "collectible contexts (AssemblyLoadContexts) made again and again, each loading its "
                               "own copy of the type, and either never unloaded or kept after Unload() by something "
                               "of the default context (a static, an event handler, a cache)",
                               "unload each context when its work is done and release what references it first; "
                               "dumpalc on an object of one says whether it was unloaded, !gcroot on its "
                               "LoaderAllocator names what keeps it");
}

void ll__heap_evidence_read(const ll_record *snapshot, const ll_thresholds *t, ll_heap_evidence *e, ll_report *report)
{
    memset(e, 0, sizeof *e);
    ll_value rows = ll_record_value(snapshot, LL_FIELD_DUMPHEAP), cut = ll_record_value(snapshot, LL_FIELD_DUMPHEAP_CUT);
    struct reading r = {.e = e};
    ll_value_each_item(&rows, read_row, &r);
    e->repeated_type = e->repeated_type && !r.failed ? strdup(e->repeated_type) : NULL;
    e->repeated_type_tables = e->repeated_type ? e->repeated_type_tables : 0;
    e->listing_cut = cut.kind == LL_VALUE_BOOLEAN && cut.integer;
    ll__string_index_free(&r.names);
    free(r.tables);
    if (e->repeated_type_tables >= LL_MANY_METHOD_TABLES) {
        suspect_repeated_type(report, e);
        e->points_at_assemblies = 1;
    }
    int named = e->points_at_assemblies; /* the repeated type named the generator already */
    long emitted = e->assembly_builders > e->module_builders ? e->assembly_builders : e->module_builders;
    if (emitted >= t->min_suspect_assemblies) {
        add_suspect(report, LL_GENERATOR_REFLECTION_EMIT,
                    "the GC heap holds that many AssemblyBuilder / ModuleBuilder objects", emitted);
        e->points_at_assemblies = 1;
    }
    if (!named && e->xml_generated_types >= MANY_XML_GENERATED_TYPES) {
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

int ll__assembly_evidence_type(const char *type)
{
    static const char *const exact[] = {"System.Reflection.RuntimeAssembly", "System.Reflection.MonoAssembly",
                                        "System.Xml.Serialization.TempAssembly", "System.Reflection.LoaderAllocator",
                                        "System.Reflection.LoaderAllocatorScout"};
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (is_type(type, exact[i]))
            return 1;
    size_t n = strcspn(type, " ");
    return strncmp(type, "System.Reflection.Emit.", 23) == 0 && n >= 7 && strncmp(type + n - 7, "Builder", 7) == 0;
}

/* What made them: XmlSerializer when its own types grow with them (it
 * emits its serializers), Reflection.Emit for builders, else assemblies
 * loaded again and again. */
static ll_generator_kind growth_generator(const ll_report *report, int builders)
{
    for (size_t i = 0; i < report->growth_by_type_count; i++)
        if (strncmp(report->growth_by_type[i].type, "System.Xml.Serialization.", 25) == 0)
            return LL_GENERATOR_XML_SERIALIZER;
    return builders ? LL_GENERATOR_REFLECTION_EMIT : LL_GENERATOR_ASSEMBLIES_LOADED;
}

void ll__growth_points_at_assemblies(ll_report *report, const char *origin)
{
    if (report->verdict != LL_LEAK || (report->kind != LL_LEAK_KIND_MANAGED && report->kind != LL_LEAK_KIND_MIXED))
        return;
    char names[512] = "";
    size_t len = 0, found = 0;
    int builders = 0;
    double per_iteration = 0;
    const char *first = NULL;
    for (size_t i = 0; i < report->growth_by_type_count; i++) {
        const ll_type_growth *g = &report->growth_by_type[i];
        if (g->verdict != LL_LEAK || !ll__assembly_evidence_type(g->type))
            continue;
        builders |= strncmp(g->type, "System.Reflection.Emit.", 23) == 0;
        first = first ? first : g->type;
        per_iteration += g->count_per_iteration;
        if (found++ < 4)
            ll__text_append(names, sizeof names, &len, found > 1 ? ", " : "");
        if (found <= 4)
            ll__text_append(names, sizeof names, &len, g->type);
    }
    if (!found)
        return;
    report->kind = LL_LEAK_KIND_ASSEMBLY;
    report->share_assembly = report->share_managed + report->share_assembly;
    report->share_managed = 0;
    char evidence[700];
    snprintf(evidence, sizeof evidence, "%s%s grow with the heap (%.3g objects more per iteration together): the "
             "objects a generated or loaded assembly brings, so assemblies are kept", names, found > 4 ? ", ..." : "",
             per_iteration);
    ll_generator g = ll__generator_named(growth_generator(report, builders));
    ll_result_add_suspect_text(report, LL_SUSPECT_HEAP_TABLE, first, origin, (long)found, evidence, g.what, g.fix);
}

void ll__contexts_still_alive(ll_report *report, const char *origin)
{
    for (size_t i = 0; i < report->growth_by_type_count; i++) {
        const ll_type_growth *g = &report->growth_by_type[i];
        if (!is_type(g->type, "System.Reflection.LoaderAllocator") || !(g->count_per_iteration > 0))
            continue;
        char evidence[300];
        snprintf(evidence, sizeof evidence, "%.0f -> %.0f LoaderAllocator objects (%+.3g per %s): collectible "
                 "contexts (AssemblyLoadContexts, or AppDomains) unloaded but still alive, %.0f at the last",
                 g->first_count, g->last_count, g->count_per_iteration,
                 strcmp(origin, "!dumpheap -stat") == 0 ? "dump" : "heap-shot", g->last_count);
        ll_result_add_suspect_text(report, LL_SUSPECT_HEAP_TABLE, g->type, origin, (long)g->last_count, evidence,
                                   "collectible contexts whose Unload() did not free them: something outside each "
                                   "context still references an object, a type or a delegate of it",
                                   "!gcroot on one LoaderAllocator (or dumpalc on an object of the context) names "
                                   "what keeps it: a static, an event handler or a cache of the default context; "
                                   "release it before Unload()");
        return;
    }
}
