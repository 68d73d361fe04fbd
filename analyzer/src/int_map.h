/* A map from positive 64-bit ids to indexes: how the analyzer finds an
 * assembly's group on unload and a typeset's type shape. Ids in order
 * (every file leaklab writes) cost 8 bytes and one bit each and no hashing;
 * the others go to an open-addressing hash table (int_map.c). */
#ifndef LEAKLAB_INT_MAP_H
#define LEAKLAB_INT_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct ll_int_map {
    size_t *dense;     /* the value of each id below dense_cap */
    uint64_t *present; /* a bit per id below dense_cap */
    size_t dense_cap;
    struct ll_int_map_slot *slots; /* the other ids */
    size_t hashed, cap;
    size_t count;      /* ids in the map, both kinds */
} ll_int_map;

/* KEY must be positive (-1 otherwise). Returns 0, or -1 when out of
 * memory. */
int ll__int_map_put(ll_int_map *m, int64_t key, size_t value);
/* Returns 1 with *VALUE set, or 0 if KEY is absent. */
int ll__int_map_get(const ll_int_map *m, int64_t key, size_t *value);
void ll__int_map_free(ll_int_map *m);

#endif
