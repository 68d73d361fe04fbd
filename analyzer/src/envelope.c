/* See envelope.h. */
#include "envelope.h"

#include <math.h>

void ll__envelope_init(ll_envelope *e)
{
    e->count = 0;
    e->width = 1;
}

/* Merges buckets pairwise: half as many, twice as wide. */
static void halve(ll_envelope *e)
{
    size_t n = 0;
    for (size_t i = 0; i < e->count; i += 2, n++) {
        size_t j = i + 1 < e->count ? i + 1 : i;
        e->x_first[n] = e->x_first[i];
        e->x_last[n] = e->x_last[j];
        e->min[n] = fmin(e->min[i], e->min[j]);
        e->max[n] = fmax(e->max[i], e->max[j]);
        e->sum[n] = e->sum[i] + (j != i ? e->sum[j] : 0);
        e->points[n] = e->points[i] + (j != i ? e->points[j] : 0);
    }
    e->count = n;
    e->width *= 2;
}

void ll__envelope_add(ll_envelope *e, double x, double y)
{
    if (!isfinite(y))
        return;
    if (e->count == 0 || e->points[e->count - 1] >= e->width) {
        if (e->count == LL_ENVELOPE_BUCKETS)
            halve(e);
        if (e->count == 0 || e->points[e->count - 1] >= e->width) {
            size_t b = e->count++;
            e->x_first[b] = e->x_last[b] = x;
            e->min[b] = e->max[b] = y;
            e->sum[b] = 0;
            e->points[b] = 0;
        }
    }
    size_t b = e->count - 1;
    e->x_last[b] = x;
    e->min[b] = fmin(e->min[b], y);
    e->max[b] = fmax(e->max[b], y);
    e->sum[b] += y;
    e->points[b]++;
}
