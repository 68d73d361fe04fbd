/* Composition rules; see composition.h and README.md ("Triage of a single
 * snapshot"). */
#include "composition.h"

#include "heap_evidence.h"

#include <math.h>
#include <string.h>

static double field(json_t *snapshot, const char *a, const char *b)
{
    json_t *v = json_object_get(json_object_get(snapshot, a), b);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static json_t *number_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

json_t *ll_composition_triage(const ll_groups *groups, json_t *snapshot, const ll_thresholds *t,
                              ll_verdict *verdict, const char **kind, json_t *suspects, json_t *modules)
{
    double committed = field(json_object_get(snapshot, "memory"), "total", "rss");
    double managed = field(snapshot, "gc", "heap_size");
    if (isnan(managed))
        managed = field(snapshot, "gc", "used_size");
    double loader = field(snapshot, "runtime", "loader_heap_bytes");
    double native = field(json_object_get(snapshot, "memory"), "native_heap", "size");
    if (isnan(native))
        native = field(snapshot, "malloc", "in_use");
    double assemblies = field(snapshot, "assemblies", "loaded");

    const ll_group *largest = NULL;
    long generated = 0;
    for (size_t i = 0; i < ll_groups_count(groups); i++) {
        const ll_group *g = ll_groups_at(groups, i);
        if (!ll_group_looks_generated(g) || g->alive < 2)
            continue;
        generated += g->alive;
        if (!largest || g->alive > largest->alive)
            largest = g;
        json_array_append_new(suspects, ll_group_suspect_json(g));
        json_array_append(modules, g->representative);
    }
    json_t *rules = json_array();
    int many_generated = largest && largest->alive >= t->min_suspect_assemblies;
    int big_loader = !isnan(loader) && loader >= t->min_suspect_loader_bytes &&
                     (isnan(committed) || loader >= 0.10 * committed);
    json_array_append_new(rules, json_pack("{ss sb}", "rule",
                                           "a group of generated-looking assemblies (random names, from bytes, "
                                           "Reflection.Emit) at least --min-suspect-assemblies strong",
                                           "fired", many_generated));
    json_array_append_new(rules, json_pack("{ss sb}", "rule",
                                           "a loader heap of at least --min-suspect-loader-bytes and 10 % of "
                                           "committed memory",
                                           "fired", big_loader));
    ll_heap_evidence heap;
    ll_heap_evidence_read(snapshot, t, &heap, suspects);
    json_array_append_new(rules, json_pack("{ss sb}", "rule",
                                           "!dumpheap -stat: at least --min-suspect-assemblies AssemblyBuilder, "
                                           "ModuleBuilder or RuntimeAssembly objects, or 40 distinct XmlSerializer-"
                                           "generated types",
                                           "fired", heap.points_at_assemblies));
    /* Observations that point away from an assembly leak, or from the
     * managed heap; never a verdict on their own. */
    json_t *notes = json_array();
    if (heap.dynamic_methods >= t->min_suspect_assemblies && !heap.points_at_assemblies)
        json_array_append_new(notes, json_sprintf("%ld DynamicMethod objects: dynamic methods are collected with their "
                                                  "last reference, so this is not an assembly leak; at most managed "
                                                  "growth, which only a second dump can show",
                                                  heap.dynamic_methods));
    if (committed >= 1073741824.0 && managed >= 0 && managed < 0.25 * committed)
        json_array_append_new(notes, json_sprintf("the managed heap is %.0f %% of committed memory: the bulk is outside "
                                                  "it (native heap, loader heap, mapped images)",
                                                  100 * managed / committed));
    *verdict = many_generated || big_loader || heap.points_at_assemblies ? LL_LEAK : LL_INCONCLUSIVE;
    *kind = *verdict == LL_LEAK ? "assembly" : "none";
    return json_pack("{so so so so so so so sI so so so ss}", "committed_bytes", number_or_null(committed),
                     "managed_bytes", number_or_null(managed), "managed_share",
                     number_or_null(committed > 0 ? managed / committed : NAN), "loader_heap_bytes", number_or_null(loader),
                     "loader_heap_share", number_or_null(committed > 0 ? loader / committed : NAN), "native_heap_bytes",
                     number_or_null(native), "assemblies_loaded", number_or_null(assemblies),
                     "generated_looking_assemblies", (json_int_t)generated, "rules", rules, "heap",
                     ll_heap_evidence_json(&heap), "notes", notes, "confirm_with",
                     "a second dump of the same process taken later (import both: they form a series), or "
                     "a dotnet-counters trace: a leak is growth over time, not a big number");
}
