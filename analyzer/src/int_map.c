/* The id -> index map of int_map.h. Ids come in order in the files leaklab
 * writes (the host and the importer number assemblies 1, 2, 3, ...), so
 * ids up to a bound that grows with the count live in a plain array (one
 * value and one presence bit each, found without hashing and next to the
 * previous one in memory); any other id, one far beyond the count (from a
 * hostile or hand-made file), goes to an open-addressing hash table. */
#include "int_map.h"

#include <stdlib.h>
#include <string.h>

struct ll_int_map_slot {
    int64_t key; /* 0: empty */
    size_t value;
};

/* Ids below this are dense-array candidates: a file's ids stay near its
 * count, and a stray id a billion away must not allocate gigabytes. */
static int64_t dense_limit(const ll_int_map *m)
{
    return (int64_t)(2 * m->count + 4096);
}

static size_t slot_of(const struct ll_int_map_slot *slots, size_t cap, int64_t key)
{
    uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15ULL;
    size_t i = (size_t)(h >> 17) & (cap - 1);
    while (slots[i].key && slots[i].key != key)
        i = (i + 1) & (cap - 1);
    return i;
}

static int grow_hash(ll_int_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    struct ll_int_map_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            slots[slot_of(slots, cap, m->slots[i].key)] = m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

static int grow_dense(ll_int_map *m, size_t needed)
{
    size_t cap = m->dense_cap ? m->dense_cap : 4096;
    while (cap <= needed)
        cap *= 2;
    size_t *values = realloc(m->dense, cap * sizeof *values);
    if (!values)
        return -1;
    m->dense = values;
    uint64_t *present = realloc(m->present, (cap / 64 + 1) * sizeof *present);
    if (!present)
        return -1;
    size_t old_words = m->dense_cap ? m->dense_cap / 64 + 1 : 0;
    memset(present + old_words, 0, (cap / 64 + 1 - old_words) * sizeof *present);
    m->present = present;
    m->dense_cap = cap;
    return 0;
}

static int dense_has(const ll_int_map *m, int64_t key)
{
    return key > 0 && (size_t)key < m->dense_cap && (m->present[key / 64] >> (key % 64) & 1);
}

static struct ll_int_map_slot *hash_slot(const ll_int_map *m, int64_t key)
{
    if (!m->cap)
        return NULL;
    struct ll_int_map_slot *slot = &m->slots[slot_of(m->slots, m->cap, key)];
    return slot->key ? slot : NULL;
}

int ll__int_map_put(ll_int_map *m, int64_t key, size_t value)
{
    if (key <= 0)
        return -1;
    struct ll_int_map_slot *in_hash = m->hashed ? hash_slot(m, key) : NULL;
    if (in_hash) {
        in_hash->value = value;
        return 0;
    }
    if (key < dense_limit(m)) {
        if ((size_t)key >= m->dense_cap && grow_dense(m, (size_t)key) < 0)
            return -1;
        if (!dense_has(m, key)) {
            m->present[key / 64] |= (uint64_t)1 << (key % 64);
            m->count++;
        }
        m->dense[key] = value;
        return 0;
    }
    if ((m->hashed + 1) * 2 > m->cap && grow_hash(m) < 0)
        return -1;
    struct ll_int_map_slot *slot = &m->slots[slot_of(m->slots, m->cap, key)];
    slot->key = key;
    slot->value = value;
    m->hashed++;
    m->count++;
    return 0;
}

int ll__int_map_get(const ll_int_map *m, int64_t key, size_t *value)
{
    if (dense_has(m, key)) {
        *value = m->dense[key];
        return 1;
    }
    const struct ll_int_map_slot *slot = m->hashed ? hash_slot(m, key) : NULL;
    if (!slot)
        return 0;
    *value = slot->value;
    return 1;
}

void ll__int_map_free(ll_int_map *m)
{
    free(m->slots);
    free(m->dense);
    free(m->present);
    memset(m, 0, sizeof *m);
}
