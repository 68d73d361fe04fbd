/* Constant-memory decimation of a snapshot series; see series.h. */
#include "series.h"

void ll_series_init(ll_series *s)
{
    s->count = 0;
    s->stride = 1;
    s->offered = 0;
}

static void thin_by_half(ll_series *s)
{
    size_t kept = 0;
    for (size_t i = 0; i < s->count; i += 2, kept++) {
        s->x[kept] = s->x[i];
        s->y[kept] = s->y[i];
    }
    s->count = kept;
    s->stride *= 2;
}

void ll_series_add(ll_series *s, double x, double y)
{
    if (s->offered++ % s->stride != 0)
        return;
    if (s->count == LL_SERIES_CAPACITY) {
        thin_by_half(s);
        s->offered = 1;
    }
    s->x[s->count] = x;
    s->y[s->count] = y;
    s->count++;
}
