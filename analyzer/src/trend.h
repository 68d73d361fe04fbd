/* Rank-based trend statistics: the Mann-Kendall test for a monotonic upward
 * trend and the Theil-Sen slope with Sen's confidence interval. Both are
 * robust to outliers and to the sawtooth of a garbage-collected heap. */
#ifndef LEAKLAB_TREND_H
#define LEAKLAB_TREND_H

#include <stddef.h>

typedef struct ll_trend {
    size_t n;        /* points used */
    double slope;    /* Theil-Sen: median of pairwise slopes, per unit of x */
    double slope_low, slope_high; /* Sen's 95 % confidence interval */
    double s;        /* Mann-Kendall S */
    double z;        /* S normalised, with tie correction and continuity */
    double p_value;  /* one-sided: probability of S this large without trend */
    double tau;      /* Kendall's tau, the effect size, in [-1, 1] */
} ll_trend;

/* Fits the points (X[i], Y[i]), X increasing. Needs N >= 2; returns -1
 * when N is too small or out of memory. */
int ll__trend_fit(const double *x, const double *y, size_t n, ll_trend *out);

#endif
