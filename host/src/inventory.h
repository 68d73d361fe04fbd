/* The assembly inventory: every assembly the runtime loads, in any domain,
 * including Reflection.Emit ones, seen through the profiler API; described
 * once (name, version, origin, defined and referenced types: the equivalent
 * of SOS `!dumpdomain` and `!dumpmodule -mt`) and reported as snapshot
 * records, with unloads as events, so the file grows linearly. */
#ifndef LEAKLAB_INVENTORY_H
#define LEAKLAB_INVENTORY_H

#include <jansson.h>

/* Installs the profiler callbacks; call before mono_jit_init. */
void ll__inventory_install(void);

/* Appends to RECORDS an "assembly" record for each assembly first seen since
 * the last call and an "unload" record for each one unloaded since. Call
 * while the domains of new assemblies are still alive. */
void ll__inventory_collect_events(int iteration, json_t *records);

/* The number of assemblies alive now, all domains. */
long ll__inventory_loaded(void);
/* {"loaded": N, "by_domain": {"<id>": n, ...}} for the assemblies alive now. */
json_t *ll__inventory_counts(void);

#endif
