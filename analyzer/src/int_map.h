/* A hash map from positive 64-bit ids to indexes, open addressing: how the
 * analyzer finds an assembly's group on unload and a typeset's type shape,
 * with a few bytes per entry. */
#ifndef LEAKLAB_INT_MAP_H
#define LEAKLAB_INT_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct ll_int_map {
    struct ll_int_map_slot *slots;
    size_t count, cap;
} ll_int_map;

/* KEY must be positive. Returns 0, or -1 when out of memory. */
int ll_int_map_put(ll_int_map *m, int64_t key, size_t value);
/* Returns 1 with *VALUE set, or 0 if KEY is absent. */
int ll_int_map_get(const ll_int_map *m, int64_t key, size_t *value);
void ll_int_map_free(ll_int_map *m);

#endif
