/* The rule that judges one series after warm-up: see judge.h. */
#include "judge.h"

#include <string.h>

size_t ll__post_warmup(const ll_series *s, double warmup, const double **x, const double **y)
{
    size_t start = 0;
    while (start < s->count && s->x[start] < warmup)
        start++;
    *x = s->x + start;
    *y = s->y + start;
    return s->count - start;
}

ll_verdict ll__judge(const ll_thresholds *t, const ll_series *s, double warmup,
                  double floor, struct series_result *r)
{
    const double *x, *y;
    size_t n = ll__post_warmup(s, warmup, &x, &y);
    memset(r, 0, sizeof *r);
    r->floor = floor;
    if (n < t->min_points || ll__trend_fit(x, y, n, &r->all) < 0)
        return r->verdict = LL_INCONCLUSIVE;
    size_t half = n / 2;
    r->fitted = ll__trend_fit(x + half, y + half, n - half, &r->tail) == 0;
    r->significant = r->all.p_value < t->alpha && r->all.slope > 0;
    r->above_floor = r->all.slope > floor;
    /* The last half must still rise, above half the floor, for growth that
     * the whole run shows to count as a leak rather than a filled cache. */
    r->still_growing = r->fitted && r->tail.p_value < 0.05 && r->tail.slope >= floor / 2;
    if (r->significant && r->above_floor && r->still_growing)
        r->verdict = LL_LEAK;
    else if (r->all.slope_high < floor || (r->fitted && r->tail.slope_high < floor))
        r->verdict = LL_NO_LEAK;
    else
        r->verdict = LL_INCONCLUSIVE;
    return r->verdict;
}
