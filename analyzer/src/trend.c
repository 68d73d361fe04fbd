/* Mann-Kendall and Theil-Sen, O(n^2) in time and memory over at most
 * LL_SERIES_CAPACITY points (see series.h). References: Mann (1945),
 * Kendall (1975), Sen (1968) "Estimates of the regression coefficient based
 * on Kendall's tau", JASA 63(324). */
#include "trend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define Z_975 1.959963984540054

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void swap_doubles(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* The K-th smallest (from 0) of V[0, N), V reordered: a quickselect with
 * a three-way partition, so that the many equal slopes of a flat series
 * (all 0) cost one pass. Theil-Sen needs four ranks of up to half a
 * million slopes: selecting them is linear, where sorting them all was a
 * seventh of reading a heap-shot series. */
static double select_rank(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        double a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1];
        double pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
        size_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            if (v[i] < pivot)
                swap_doubles(&v[lt++], &v[i++]);
            else if (v[i] > pivot)
                swap_doubles(&v[i], &v[--gt]);
            else
                i++;
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return pivot;
    }
    return v[lo];
}

static int sign_of(double v)
{
    return (v > 0) - (v < 0);
}

/* Sum over groups of tied Y values of t(t-1)(2t+5), for the variance of S. */
static double tie_correction(const double *y, size_t n)
{
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return 0;
    memcpy(sorted, y, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_doubles);
    double sum = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && sorted[j] == sorted[i])
            j++;
        double t = (double)(j - i);
        sum += t * (t - 1) * (2 * t + 5);
        i = j;
    }
    free(sorted);
    return sum;
}

/* VAR is the variance of S under "no trend", corrected for ties. */
static void mann_kendall(const double *y, size_t n, double var, ll_trend *out)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            s += sign_of(y[j] - y[i]);
    double dn = (double)n;
    double z = 0;
    if (var > 0 && s > 0)
        z = (s - 1) / sqrt(var);
    else if (var > 0 && s < 0)
        z = (s + 1) / sqrt(var);
    out->s = s;
    out->z = z;
    out->p_value = 0.5 * erfc(z / M_SQRT2);
    out->tau = s / (dn * (dn - 1) / 2);
}

static int theil_sen(const double *x, const double *y, size_t n, double var_s, ll_trend *out)
{
    size_t pairs = 0, cap = n * (n - 1) / 2;
    double *slopes = malloc(cap * sizeof *slopes);
    if (!slopes)
        return -1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (x[j] != x[i])
                slopes[pairs++] = (y[j] - y[i]) / (x[j] - x[i]);
    if (pairs == 0) {
        free(slopes);
        return -1;
    }
    out->slope = pairs % 2 ? select_rank(slopes, pairs, pairs / 2)
                           : (select_rank(slopes, pairs, pairs / 2 - 1) + select_rank(slopes, pairs, pairs / 2)) / 2;
    /* Sen's interval: the slopes ranked (N - C)/2 and (N + C)/2 + 1. */
    double c = Z_975 * sqrt(var_s);
    double lower_rank = floor((pairs - c) / 2.0);
    double upper_rank = ceil((pairs + c) / 2.0);
    size_t lo = lower_rank < 1 ? 0 : (size_t)lower_rank - 1;
    size_t hi = upper_rank >= (double)pairs ? pairs - 1 : (size_t)upper_rank;
    out->slope_low = select_rank(slopes, pairs, lo);
    out->slope_high = select_rank(slopes, pairs, hi);
    free(slopes);
    return 0;
}

int ll__trend_fit(const double *x, const double *y, size_t n, ll_trend *out)
{
    memset(out, 0, sizeof *out);
    if (n < 2)
        return -1;
    out->n = n;
    double dn = (double)n;
    double var_s = (dn * (dn - 1) * (2 * dn + 5) - tie_correction(y, n)) / 18.0;
    if (var_s < 0)
        var_s = 0;
    mann_kendall(y, n, var_s, out);
    return theil_sen(x, y, n, var_s, out);
}
