/* Open-addressing id -> index map; see int_map.h. */
#include "int_map.h"

#include <stdlib.h>

struct ll_int_map_slot {
    int64_t key; /* 0: empty */
    size_t value;
};

static size_t slot_of(const struct ll_int_map_slot *slots, size_t cap, int64_t key)
{
    uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15ULL;
    size_t i = (size_t)(h >> 17) & (cap - 1);
    while (slots[i].key && slots[i].key != key)
        i = (i + 1) & (cap - 1);
    return i;
}

static int grow(ll_int_map *m)
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

int ll_int_map_put(ll_int_map *m, int64_t key, size_t value)
{
    if ((m->count + 1) * 2 > m->cap && grow(m) < 0)
        return -1;
    struct ll_int_map_slot *slot = &m->slots[slot_of(m->slots, m->cap, key)];
    m->count += slot->key == 0;
    slot->key = key;
    slot->value = value;
    return 0;
}

int ll_int_map_get(const ll_int_map *m, int64_t key, size_t *value)
{
    if (!m->cap)
        return 0;
    const struct ll_int_map_slot *slot = &m->slots[slot_of(m->slots, m->cap, key)];
    if (!slot->key)
        return 0;
    *value = slot->value;
    return 1;
}

void ll_int_map_free(ll_int_map *m)
{
    free(m->slots);
    m->slots = NULL;
    m->count = m->cap = 0;
}
