/* The rule that judges one series after warm-up (judge.c): the memory
 * series of a run, and each type of its heap-shots. */
#ifndef LEAKLAB_JUDGE_H
#define LEAKLAB_JUDGE_H

#include "leaklab/analyzer.h"

#include "series.h"
#include "trend.h"

struct series_result {
    ll_trend all, tail;
    int fitted;
    double floor;
    int significant, above_floor, still_growing;
    ll_verdict verdict;
};

/* The points of S at or after WARMUP: their number, and where they start. */
size_t ll__post_warmup(const ll_series *s, double warmup, const double **x, const double **y);
/* Judges S against FLOOR (per unit of x) and fills R:
 *   leak      the Mann-Kendall test is significant (p < alpha), the
 *             Theil-Sen slope is above FLOOR, and the last half of the run
 *             still grows (a filled cache has stopped);
 *   no-leak   the slope's upper 95 % bound (over the run, or over its last
 *             half: a plateau) is below FLOOR;
 *   otherwise inconclusive. */
ll_verdict ll__judge(const ll_thresholds *t, const ll_series *s, double warmup, double floor, struct series_result *r);

#endif
