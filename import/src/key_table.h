/* A map from identity keys (strings) to small records, storing only a
 * 64-bit hash of each key: hundreds of thousands of assemblies cost 24
 * bytes each instead of their key text and a JSON object. Two different
 * keys share a hash with probability about n^2 / 2^65 (3e-9 for a million
 * keys), which would merge two assemblies into one; that is accepted. */
#ifndef LEAKLAB_KEY_TABLE_H
#define LEAKLAB_KEY_TABLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct ll_key_entry {
    uint64_t hash;
    int64_t value;    /* the caller's: an assembly id */
    int32_t stamp;    /* the caller's: the dump that last saw it */
    int32_t used;
} ll_key_entry;

typedef struct ll_key_table {
    ll_key_entry *slots;
    size_t count, capacity;
} ll_key_table;

uint64_t ll__key_hash(const char *key);
/* The entry of HASH, added (value 0, stamp -1) if new with *ADDED set;
 * NULL when out of memory. Entries move when the table grows: use the
 * pointer before the next insertion. */
/* Room for COUNT keys in all, so that adding them does not rehash as it
 * goes; 0, or -1 out of memory. */
int ll__key_table_reserve(ll_key_table *t, size_t count);
ll_key_entry *ll__key_table_upsert(ll_key_table *t, uint64_t hash, int *added);
/* The entry of HASH, or NULL. */
ll_key_entry *ll__key_table_find(const ll_key_table *t, uint64_t hash);
void ll__key_table_free(ll_key_table *t);

#endif
