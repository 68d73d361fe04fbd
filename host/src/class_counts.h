/* Objects and bytes per class, counted while the world is stopped
 * (class_counts.c): no malloc, and no Mono call, so that it can be tested
 * with fake class pointers. */
#ifndef LEAKLAB_CLASS_COUNTS_H
#define LEAKLAB_CLASS_COUNTS_H

#include <stddef.h>
#include <stdint.h>

typedef struct ll_class_count {
    const void *klass; /* NULL: a free slot */
    uint64_t objects, bytes;
} ll_class_count;

typedef struct ll_class_counts {
    ll_class_count *slots; /* open addressing on the class pointer; mapped memory */
    size_t cap, used;      /* cap: a power of two */
    uint64_t objects;
    int lost; /* the table could not grow: the counts are partial */
} ll_class_counts;

/* Maps a table of CAP slots (a power of two). Returns 0, or -1. */
int ll__class_counts_init(ll_class_counts *c, size_t cap);
void ll__class_counts_free(ll_class_counts *c);
/* Empties the table, keeping its slots. */
void ll__class_counts_reset(ll_class_counts *c);
/* One object of KLASS, of BYTES. Grows the table with mmap only. */
void ll__class_counts_add(ll_class_counts *c, const void *klass, uint64_t bytes);
/* OBJECTS objects of KLASS, BYTES in all. */
void ll__class_counts_add_many(ll_class_counts *c, const void *klass, uint64_t objects, uint64_t bytes);
/* Where KLASS starts its probe in a table of CAP (a power of two) slots. */
size_t ll__class_hash(const void *klass, size_t cap);

#endif
