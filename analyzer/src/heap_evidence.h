/* What one !dumpheap -stat table says, read as an expert reads it: the GC
 * heap holds one object per loaded or emitted assembly, so thousands of
 * AssemblyBuilder / InternalAssemblyBuilder / InternalModuleBuilder /
 * RuntimeAssembly objects, or many distinct XmlSerializer-generated types,
 * point at an assembly leak and name its generator; DynamicMethod objects
 * do not (dynamic methods are collectible). Used by the single-snapshot
 * triage (composition.h). */
#ifndef LEAKLAB_HEAP_EVIDENCE_H
#define LEAKLAB_HEAP_EVIDENCE_H

#include "leaklab/analyzer.h"

/* Reads SNAPSHOT's "dumpheap" table (absent: all zero). When it points at
 * assemblies, appends a suspect naming the generator to REPORT's. */
void ll__heap_evidence_read(const ll_record *snapshot, const ll_thresholds *t, ll_heap_evidence *e, ll_report *report);

/* MethodTables of one type name that make "many": the same type loaded
 * from that many assemblies (or, by !dumpmt, in that many collectible
 * contexts). Code does not load one type from 20 assemblies by design: it
 * generates them (the customer's dump listed one proxy type per generated
 * assembly, thousands of them). */
#define LL_MANY_METHOD_TABLES 20

/* SNAPSHOT's "collectible_types" (!dumpmt): the type seen under the most
 * LoaderAllocators, in *TYPE (to free; NULL when none), and how many,
 * returned: each is a collectible context alive at the dump. */
long ll__collectible_types_count(const ll_record *snapshot, char **type);
/* A suspect: CONTEXTS collectible contexts alive with TYPE loaded in each. */
void ll__suspect_kept_contexts(ll_report *report, const char *type, long contexts);

/* Whether TYPE is one a generated or loaded assembly brings on the GC
 * heap: Reflection.Emit's builders (System.Reflection.Emit.*Builder), a
 * loaded assembly (RuntimeAssembly, Mono's MonoAssembly), XmlSerializer's
 * TempAssembly, a collectible context's LoaderAllocator (or its Scout). */
int ll__assembly_evidence_type(const char *type);

/* In a managed or mixed leak whose growing types (growth_by_type) include
 * such types: generated assemblies kept, so kind assembly, with a suspect
 * naming them and their generator (ORIGIN: "heap-shot", "!dumpheap -stat"). */
void ll__growth_points_at_assemblies(ll_report *report, const char *origin);

/* When the LoaderAllocator objects grow (growth_by_type): collectible
 * contexts unloaded but still alive, as a suspect saying how many. */
void ll__contexts_still_alive(ll_report *report, const char *origin);

#endif
