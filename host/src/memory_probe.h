/* Process memory by kind, read from /proc/self/smaps and glibc's allocator:
 * the Linux counterpart of WinDbg's `!address -summary`. No Mono here. */
#ifndef LEAKLAB_MEMORY_PROBE_H
#define LEAKLAB_MEMORY_PROBE_H

#include <jansson.h>
#include <stdint.h>

/* Returns {"native_heap":{...},"anonymous":{...},...,"total":{...}} where
 * each kind has "rss", "size" (reserved) and "regions", all in bytes, or
 * NULL if smaps cannot be read. */
json_t *ll__memory_by_kind(void);
/* {"in_use":..,"arena":..,"mmap":..,"free":..} from mallinfo2(). */
json_t *ll__malloc_stats(void);
/* Bytes malloc has handed out and not taken back, mmapped chunks included. */
long long ll__malloc_in_use(void);
/* Resident set size in bytes, cheaply (from /proc/self/statm). */
uint64_t ll__memory_rss(void);
/* {"total":{"rss":..,"size":..}} from /proc/self/statm, in about 0.01 ms
 * (the smaps walk of ll__memory_by_kind takes milliseconds in a big
 * process), or NULL if statm cannot be read. */
json_t *ll__memory_total(void);

#endif
