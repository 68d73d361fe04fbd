/* A series downsampled for drawing: at most LL_ENVELOPE_BUCKETS buckets,
 * each the minimum, maximum and mean of the points it covers, so that a
 * chart of a 100,000-iteration run stays small and its spikes are not
 * lost (a bucket's max is drawn). Buckets double in width when full. */
#ifndef LL_ENVELOPE_H
#define LL_ENVELOPE_H

#include <stddef.h>

#define LL_ENVELOPE_BUCKETS 400

typedef struct ll_envelope {
    double x_first[LL_ENVELOPE_BUCKETS], x_last[LL_ENVELOPE_BUCKETS];
    double min[LL_ENVELOPE_BUCKETS], max[LL_ENVELOPE_BUCKETS], sum[LL_ENVELOPE_BUCKETS];
    size_t points[LL_ENVELOPE_BUCKETS];
    size_t count, width; /* buckets used; points per full bucket */
} ll_envelope;

void ll__envelope_init(ll_envelope *e);
void ll__envelope_add(ll_envelope *e, double x, double y);

#endif
