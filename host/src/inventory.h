/* The assembly inventory (inventory.c): the assemblies the runtime loads
 * and unloads, as its backend reports them, turned into "assembly",
 * "typeset" and "unload" records. */
#ifndef LEAKLAB_INVENTORY_H
#define LEAKLAB_INVENTORY_H

#include <jansson.h>

/* The backend's events (runtime.h's ll_runtime_events). */
void ll__inventory_assembly_loaded(const void *assembly, int context_id);
void ll__inventory_assembly_unloading(const void *assembly);

/* Appends to RECORDS (NULL: drops them) an "assembly" record for each assembly first seen since
 * the last call and an "unload" record for each one unloaded since. Call
 * while the contexts of new assemblies are still alive. */
void ll__inventory_collect_events(int iteration, json_t *records);

/* A new series begins: its records describe again every assembly alive
 * (as loaded before its first iteration) and its own typesets. */
void ll__inventory_new_series(void);

/* The number of assemblies alive now, all contexts. */
long ll__inventory_loaded(void);
/* {"loaded": N, "by_domain": {"<id>": n, ...}} for the assemblies alive now. */
json_t *ll__inventory_counts(void);
/* Assembly loads that could not be tracked (out of memory). */
long ll__inventory_untracked(void);

#endif
