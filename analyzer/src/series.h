/* A bounded series of (iteration, value) points. When it is full, every
 * other point is dropped and only every second new point is kept: the series
 * stays evenly spread over the whole run in constant memory, which is all a
 * rank-based trend test needs. */
#ifndef LEAKLAB_SERIES_H
#define LEAKLAB_SERIES_H

#include <stddef.h>

#define LL_SERIES_CAPACITY 1024

typedef struct ll_series {
    double x[LL_SERIES_CAPACITY];
    double y[LL_SERIES_CAPACITY];
    size_t count;
    size_t stride;  /* keep one point in STRIDE offered */
    size_t offered; /* points offered since the last thinning */
} ll_series;

void ll_series_init(ll_series *s);
void ll_series_add(ll_series *s, double x, double y);

#endif
