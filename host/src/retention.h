/* Who keeps it: the heap's objects, references and roots captured during a
 * snapshot's walk (retention.c, while the world is stopped: mapped memory
 * only), then, after the world restarts, the shortest prioritized path
 * from a root to the instances of chosen types, grouped (retention_paths.c),
 * as the snapshot's "retainers" record. */
#ifndef LEAKLAB_RETENTION_H
#define LEAKLAB_RETENTION_H

#include "runtime.h"

#include <jansson.h>
#include <stdint.h>

/* One captured object; its references are refs [first_ref, next's first_ref). */
typedef struct ll_captured_object {
    uintptr_t address;
    const void *klass;
    uint64_t bytes;
    uint64_t first_ref;
} ll_captured_object;

typedef struct ll_captured_ref {
    uintptr_t target;
    uintptr_t offset; /* in the referring object */
} ll_captured_ref;

typedef struct ll_captured_root {
    uintptr_t object;
    ll_root root;
} ll_captured_root;

/* What a walk captured: read-only to retention_paths.c. */
typedef struct ll_capture {
    const ll_captured_object *objects;
    size_t object_count;
    const ll_captured_ref *refs;
    size_t ref_count;
    const ll_captured_root *roots;
    size_t root_count;
    int over_limit; /* past LL_RETAINERS_MAX_OBJECTS or _BYTES: incomplete */
} ll_capture;

/* A visitor that captures everything, and also hands each object to
 * COUNT_OBJECT (the heap-shot's count). Empties the last capture. */
ll_heap_visitor ll__retention_visitor(void (*count_object)(void *data, uintptr_t object, const void *klass,
                                                             uint64_t bytes));
/* The last walk's capture. */
ll_capture ll__retention_capture(void);

/* The "retainers" record of CAPTURE for TYPES (class names), each with up
 * to LL_RETAINER_PATHS groups of paths, "other" and "unreachable"; with
 * OWNERS, each path's owner's retained bytes. NULL when out of memory. */
json_t *ll__retention_paths(const ll_capture *capture, const char *const *types, size_t type_count, int owners);

#endif
