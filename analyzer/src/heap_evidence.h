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

typedef struct ll_heap_evidence {
    long assembly_builders;   /* AssemblyBuilder, InternalAssemblyBuilder */
    long module_builders;     /* ModuleBuilder, InternalModuleBuilder */
    long runtime_assemblies;  /* RuntimeAssembly */
    long xml_generated_types; /* distinct Microsoft.Xml.Serialization.GeneratedAssembly.* types */
    long dynamic_methods;     /* DynamicMethod, RTDynamicMethod */
    int points_at_assemblies; /* enough of the above for a suspected assembly leak */
} ll_heap_evidence;

/* Reads SNAPSHOT's "dumpheap" table (absent: all zero). When it points at
 * assemblies, appends a suspect naming the generator to SUSPECTS. */
void ll_heap_evidence_read(json_t *snapshot, const ll_thresholds *t, ll_heap_evidence *e, json_t *suspects);

/* The evidence as report JSON. */
json_t *ll_heap_evidence_json(const ll_heap_evidence *e);

#endif
