/* See key_table.h. Open addressing with linear probing, at most three
 * quarters full. */
#include "key_table.h"

#include <stdlib.h>

uint64_t ll__key_hash(const char *key)
{
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    return h;
}

static size_t slot_of(const ll_key_table *t, uint64_t hash)
{
    size_t mask = t->capacity - 1, i = (size_t)(hash ^ (hash >> 29)) & mask;
    while (t->slots[i].used && t->slots[i].hash != hash)
        i = (i + 1) & mask;
    return i;
}

/* Rehashes into CAPACITY slots (a power of two, above the count). */
static int rehash(ll_key_table *t, size_t capacity)
{
    ll_key_entry *old = t->slots, *slots = calloc(capacity, sizeof *slots);
    if (!slots)
        return -1;
    size_t old_capacity = t->capacity;
    t->slots = slots;
    t->capacity = capacity;
    for (size_t i = 0; i < old_capacity; i++)
        if (old[i].used)
            t->slots[slot_of(t, old[i].hash)] = old[i];
    free(old);
    return 0;
}

static int grow(ll_key_table *t)
{
    return rehash(t, t->capacity ? t->capacity * 2 : 1024);
}

int ll__key_table_reserve(ll_key_table *t, size_t count)
{
    size_t capacity = t->capacity ? t->capacity : 1024;
    while (count * 4 > capacity * 3)
        capacity *= 2;
    return capacity > t->capacity ? rehash(t, capacity) : 0;
}

ll_key_entry *ll__key_table_upsert(ll_key_table *t, uint64_t hash, int *added)
{
    *added = 0;
    if ((t->count + 1) * 4 > t->capacity * 3 && grow(t) < 0)
        return NULL;
    ll_key_entry *e = &t->slots[slot_of(t, hash)];
    if (!e->used) {
        *e = (ll_key_entry){.hash = hash, .stamp = -1, .used = 1};
        t->count++;
        *added = 1;
    }
    return e;
}

ll_key_entry *ll__key_table_find(const ll_key_table *t, uint64_t hash)
{
    if (!t->capacity)
        return NULL;
    ll_key_entry *e = &t->slots[slot_of(t, hash)];
    return e->used ? e : NULL;
}

void ll__key_table_free(ll_key_table *t)
{
    free(t->slots);
    *t = (ll_key_table){0};
}
