/* A bounded series of (iteration, value) points. When it is full, every
 * other point is dropped and only every second new point is kept: the series
 * stays evenly spread over the whole run in constant memory, which is all a
 * rank-based trend test needs. */
#ifndef LEAKLAB_SERIES_H
#define LEAKLAB_SERIES_H

#include <stddef.h>

/* A memory series of a run; the series of one type of a heap-shot keeps
 * fewer (there are hundreds of types). */
#define LL_SERIES_CAPACITY 1024

typedef struct ll_series {
    double *x, *y;
    size_t capacity; /* even */
    size_t count;
    size_t stride;  /* keep one point in STRIDE offered */
    size_t offered; /* points offered since the last thinning */
} ll_series;

/* Returns 0, or -1 when out of memory. */
int ll__series_init(ll_series *s, size_t capacity);
/* A copy of FROM (the same points and the same thinning state), or -1. */
int ll__series_copy(ll_series *s, const ll_series *from);
void ll__series_free(ll_series *s);
void ll__series_add(ll_series *s, double x, double y);

#endif
