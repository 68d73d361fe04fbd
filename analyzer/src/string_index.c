/* String interning with open addressing over FNV-1a; see string_index.h. */
#include "string_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int grow_slots(ll_string_index *x)
{
    size_t cap = x->slot_cap ? x->slot_cap * 2 : 64;
    size_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < x->count; i++) {
        size_t h = fnv1a(x->strings[i]) & (cap - 1);
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
    for (size_t h = fnv1a(s) & (x->slot_cap - 1); x->slots[h]; h = (h + 1) & (x->slot_cap - 1))
        if (strcmp(x->strings[x->slots[h] - 1], s) == 0)
            return (long)(x->slots[h] - 1);
    return -1;
}

long ll__string_index_intern(ll_string_index *x, const char *s, int *added)
{
    *added = 0;
    if ((x->count + 1) * 2 > x->slot_cap && grow_slots(x) < 0)
        return -1;
    size_t h = fnv1a(s) & (x->slot_cap - 1);
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
