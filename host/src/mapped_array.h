/* An array that grows while the world is stopped (mapped_array.c): in
 * memory mapped for it, never malloc'd, so that it can be filled from a
 * heap walk or a GC root event, where another thread may hold malloc's
 * lock. Used by the retention capture and by backends buffering roots. */
#ifndef LEAKLAB_MAPPED_ARRAY_H
#define LEAKLAB_MAPPED_ARRAY_H

#include <stddef.h>

typedef struct ll_mapped_array {
    void *items;
    size_t item_size, count, cap;
    size_t max_bytes; /* growing past this fails: the caller's bound */
} ll_mapped_array;

/* An empty array of ITEM_SIZE items, at most MAX_BYTES. Maps nothing yet. */
void ll__mapped_array_init(ll_mapped_array *a, size_t item_size, size_t max_bytes);
/* A new item at the end (zeroed), or NULL when it cannot grow (mmap
 * failed, or MAX_BYTES): nothing is added then. */
void *ll__mapped_array_push(ll_mapped_array *a);
/* Empties A, keeping its memory. */
void ll__mapped_array_clear(ll_mapped_array *a);
/* Unmaps A's memory. */
void ll__mapped_array_free(ll_mapped_array *a);
/* Item I. */
void *ll__mapped_array_at(const ll_mapped_array *a, size_t i);

#endif
