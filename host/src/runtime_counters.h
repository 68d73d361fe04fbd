/* The runtime's own memory and work, from mono_counters: the counterpart of
 * SOS `!eeheap -loader` on Mono, which has no single loader-heap figure. */
#ifndef LEAKLAB_RUNTIME_COUNTERS_H
#define LEAKLAB_RUNTIME_COUNTERS_H

#include <jansson.h>

/* Enables every counter section; call before the runtime starts. */
void ll__runtime_counters_enable(void);
/* {"<counter name>": value, ...}: the integer counters of the JIT, metadata,
 * generics, GC and runtime sections, except timings. */
json_t *ll__runtime_counters_sample(void);

#endif
