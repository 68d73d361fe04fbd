/* Composition rules; see composition.h and README.md ("Triage of a single
 * snapshot"). */
#include "composition.h"

#include "generators.h"
#include "heap_evidence.h"
#include "look_at.h"
#include "root_triage.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_rule(ll_composition *c, int i, const char *rule, int fired)
{
    c->rules[i].rule = strdup(rule);
    c->rules[i].fired = fired;
}

static void add_note(ll_composition *c, const char *fmt, double value)
{
    char note[320];
    snprintf(note, sizeof note, fmt, value);
    ll_string_list_add(&c->notes, &c->note_count, note);
}

void ll__composition_triage(const ll_groups *groups, const ll_record *snapshot, const ll_thresholds *t, ll_report *report,
                           ll_group_list *modules)
{
    ll_composition *c = &report->composition;
    c->present = 1;
    double committed = c->committed_bytes =
        ll_record_number(snapshot, LL_FIELD_MEMORY "." LL_FIELD_MEMORY_TOTAL "." LL_FIELD_REGION_RSS);
    double managed = ll_record_number(snapshot, LL_FIELD_GC "." LL_FIELD_GC_HEAP_SIZE);
    if (isnan(managed))
        managed = ll_record_number(snapshot, LL_FIELD_GC "." LL_FIELD_GC_USED_SIZE);
    c->managed_bytes = managed;
    double loader = c->loader_heap_bytes = ll_record_number(snapshot, LL_FIELD_RUNTIME "." LL_FIELD_LOADER_HEAP_BYTES);
    c->native_heap_bytes = ll_record_number(snapshot, LL_FIELD_MEMORY "." LL_FIELD_MEMORY_NATIVE_HEAP "." LL_FIELD_REGION_SIZE);
    if (isnan(c->native_heap_bytes))
        c->native_heap_bytes = ll_record_number(snapshot, LL_FIELD_MALLOC "." LL_FIELD_MALLOC_IN_USE);
    c->assemblies_loaded = ll_record_number(snapshot, LL_FIELD_ASSEMBLIES "." LL_FIELD_LOADED);
    c->managed_share = committed > 0 ? managed / committed : NAN;
    c->loader_heap_share = committed > 0 ? loader / committed : NAN;

    const ll_group *largest = NULL;
    for (size_t i = 0; i < ll__groups_count(groups); i++) {
        const ll_group *g = ll__groups_at(groups, i);
        if (!ll__group_looks_generated(g) || g->alive < 2)
            continue;
        c->generated_looking_assemblies += g->alive;
        if (!largest || g->alive > largest->alive)
            largest = g;
        ll_suspect *s = ll_result_add_suspect(report);
        if (s)
            ll__group_suspect(g, s);
        ll__group_list_add(modules, g);
    }
    int many_generated = largest && largest->alive >= t->min_suspect_assemblies;
    int big_loader = !isnan(loader) && loader >= t->min_suspect_loader_bytes &&
                     (isnan(committed) || loader >= 0.10 * committed);
    add_rule(c, 0,
             "a group of generated-looking assemblies (random names, from bytes, Reflection.Emit) at least "
             "--min-suspect-assemblies strong",
             many_generated);
    add_rule(c, 1, "a loader heap of at least --min-suspect-loader-bytes and 10 % of committed memory", big_loader);
    ll__heap_evidence_read(snapshot, t, &c->heap, report);
    char *collectible_type;
    long contexts = ll__collectible_types_count(snapshot, &collectible_type);
    if (contexts >= LL_MANY_METHOD_TABLES) {
        ll__suspect_kept_contexts(report, collectible_type, contexts);
        c->heap.points_at_assemblies = 1;
    }
    free(collectible_type);
    add_rule(c, 2,
             "!dumpheap -stat: at least --min-suspect-assemblies AssemblyBuilder, ModuleBuilder or RuntimeAssembly "
             "objects, 40 distinct XmlSerializer-generated types, or one type under 20 MethodTables (!dumpmt: "
             "under 20 LoaderAllocators)",
             c->heap.points_at_assemblies);
    /* Observations that point away from an assembly leak, or from the
     * managed heap; never a verdict on their own. */
    if (c->heap.dynamic_methods >= t->min_suspect_assemblies && !c->heap.points_at_assemblies)
        add_note(c, "%.0f DynamicMethod objects: dynamic methods are collected with their last reference, so this is "
                    "not an assembly leak; at most managed growth, which only a second dump can show",
                 (double)c->heap.dynamic_methods);
    if (committed >= 1073741824.0 && managed >= 0 && managed < 0.25 * committed)
        add_note(c, "the managed heap is %.0f %% of committed memory: the bulk is outside it (native heap, loader heap, "
                    "mapped images)",
                 100 * managed / committed);
    c->confirm_with = strdup("a second dump of the same process taken later (import both: they form a series), or a "
                             "dotnet-counters trace: a leak is growth over time, not a big number");
    size_t rooted = ll__root_triage(snapshot, report);
    if (rooted)
        add_note(c, "!gcroot: a LoaderAllocator is reachable from %.0f roots: a collectible context that cannot be "
                    "unloaded, and its assemblies with it",
                 (double)rooted);
    report->verdict =
        many_generated || big_loader || c->heap.points_at_assemblies || rooted ? LL_LEAK : LL_INCONCLUSIVE;
    report->kind = report->verdict == LL_LEAK ? LL_LEAK_KIND_ASSEMBLY : LL_LEAK_KIND_NONE;
    if (report->verdict == LL_INCONCLUSIVE)
        ll__look_at_types(snapshot, report);
}
