/* Constant-memory decimation of a snapshot series; see series.h. */
#include "series.h"

#include <stdlib.h>
#include <string.h>

int ll__series_init(ll_series *s, size_t capacity)
{
    *s = (ll_series){.x = malloc(capacity * sizeof *s->x), .y = malloc(capacity * sizeof *s->y),
                     .capacity = capacity, .stride = 1};
    if (!s->x || !s->y) {
        ll__series_free(s);
        return -1;
    }
    return 0;
}

int ll__series_copy(ll_series *s, const ll_series *from)
{
    if (ll__series_init(s, from->capacity) < 0)
        return -1;
    memcpy(s->x, from->x, from->count * sizeof *s->x);
    memcpy(s->y, from->y, from->count * sizeof *s->y);
    s->count = from->count;
    s->stride = from->stride;
    s->offered = from->offered;
    return 0;
}

void ll__series_free(ll_series *s)
{
    free(s->x);
    free(s->y);
    s->x = s->y = NULL;
    s->count = 0;
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

void ll__series_add(ll_series *s, double x, double y)
{
    if (s->offered++ % s->stride != 0)
        return;
    if (s->count == s->capacity) {
        thin_by_half(s);
        s->offered = 1;
    }
    s->x[s->count] = x;
    s->y[s->count] = y;
    s->count++;
}
