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

#endif
