/* String interning with open addressing; see string_index.h. */
#include "string_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Eight bytes at a time: a heap-shot's type names are long, and each is
 * looked up once per row of every snapshot (byte-wise FNV-1a was a sixth
 * of reading a heap-shot series). */
static uint64_t hash_of(const char *s)
{
    size_t n = strlen(s);
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 29);
}

static int grow_slots(ll_string_index *x)
{
    size_t cap = x->slot_cap ? x->slot_cap * 2 : 64;
    size_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < x->count; i++) {
        size_t h = hash_of(x->strings[i]) & (cap - 1);
        while (slots[h])
            h = (h + 1) & (cap - 1);
        slots[h] = i + 1;
    }
    free(x->slots);
    x->slots = slots;
    x->slot_cap = cap;
    return 0;
}

long ll__string_index_find(const ll_string_index *x, const char *s)
{
    if (!x->slot_cap)
        return -1;
    for (size_t h = hash_of(s) & (x->slot_cap - 1); x->slots[h]; h = (h + 1) & (x->slot_cap - 1))
        if (strcmp(x->strings[x->slots[h] - 1], s) == 0)
            return (long)(x->slots[h] - 1);
    return -1;
}

long ll__string_index_intern(ll_string_index *x, const char *s, int *added)
{
    *added = 0;
    if ((x->count + 1) * 2 > x->slot_cap && grow_slots(x) < 0)
        return -1;
    size_t h = hash_of(s) & (x->slot_cap - 1);
    for (; x->slots[h]; h = (h + 1) & (x->slot_cap - 1))
        if (strcmp(x->strings[x->slots[h] - 1], s) == 0)
            return (long)(x->slots[h] - 1);
    if (x->count == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 32;
        char **strings = realloc(x->strings, cap * sizeof *strings);
        if (!strings)
            return -1;
        x->strings = strings;
        x->cap = cap;
    }
    if (!(x->strings[x->count] = strdup(s)))
        return -1;
    x->slots[h] = ++x->count;
    *added = 1;
    return (long)(x->count - 1);
}

void ll__string_index_free(ll_string_index *x)
{
    for (size_t i = 0; i < x->count; i++)
        free(x->strings[i]);
    free(x->strings);
    free(x->slots);
    memset(x, 0, sizeof *x);
}
