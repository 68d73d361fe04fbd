/* Interns strings: each distinct string gets a dense index, in the order
 * first seen. Used for group keys and for typeset shapes. */
#ifndef LEAKLAB_STRING_INDEX_H
#define LEAKLAB_STRING_INDEX_H

#include <stddef.h>

typedef struct ll_string_index {
    char **strings;
    size_t count, cap;
    size_t *slots; /* index + 1, 0: empty */
    size_t slot_cap;
} ll_string_index;

/* The index of S, added if new (*ADDED set to 1). Returns -1 when out of
 * memory. */
long ll__string_index_intern(ll_string_index *x, const char *s, int *added);
/* The index of S, or -1 when it was never interned. */
long ll__string_index_find(const ll_string_index *x, const char *s);
void ll__string_index_free(ll_string_index *x);

#endif
