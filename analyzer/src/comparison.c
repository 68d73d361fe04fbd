/* Comparing two runs (`leaklab compare BASE FIX`): the customer's code
 * against a fix, or any two series with the same x unit. Per series: each
 * run's growth with its interval, the difference FIX - BASE with an
 * interval, and the share of the base's growth the fix removes; overall
 * better, same or worse. report/ presents the result (result.h's
 * ll_comparison).
 *
 * The difference's interval combines the two Theil-Sen intervals as
 * independent estimates: each side's half-width, in quadrature. The
 * removed share's interval is that of the difference over the base's slope.
 * A difference counts only when its interval excludes zero and it exceeds
 * the series' floor: the same resolution the verdict uses. */
#include "leaklab/analyzer.h"

#include <math.h>
#include <string.h>

const char *ll_change_name(ll_change change)
{
    static const char *const names[] = {"same", "better", "worse"};
    return names[change];
}

/* One series. Returns -1 when the fix grows measurably less, 1 when
 * measurably more, 0 otherwise. */
static int compare_series(const ll_growth *base, const ll_growth *fix, ll_series_comparison *c)
{
    *c = (ll_series_comparison){.base = base, .fix = fix};
    if (!base->points || !fix->points)
        return 0;
    double b = base->per_iteration, f = fix->per_iteration, d = f - b;
    double low = d - hypot(f - fix->ci95[0], base->ci95[1] - b);
    double high = d + hypot(fix->ci95[1] - f, b - base->ci95[0]);
    double floor = fmax(base->floor, fix->floor);
    int change = high < 0 && -d > floor ? -1 : low > 0 && d > floor ? 1 : 0;
    c->has_difference = 1;
    c->difference = d;
    c->difference_ci95[0] = low;
    c->difference_ci95[1] = high;
    c->measurable = change != 0;
    /* A share of nothing means nothing: only for a base that grows. */
    if (b > 0 && base->ci95[0] > 0) {
        c->has_removed_share = 1;
        c->removed_share = -d / b;
        c->removed_share_ci95[0] = -high / b;
        c->removed_share_ci95[1] = -low / b;
    }
    return change;
}

static int verdict_rank(const ll_report *r)
{
    return r->verdict == LL_LEAK ? 2 : r->verdict == LL_INCONCLUSIVE ? 1 : 0;
}

static const char *x_unit(const ll_report *r)
{
    return r->run.x_unit ? r->run.x_unit : "iteration";
}

int ll_compare_reports(const ll_report *base, const ll_report *fix, ll_comparison *c, ll_error *err)
{
    const char *bx = x_unit(base), *fx = x_unit(fix);
    if (strcmp(bx, fx) != 0) {
        ll_error_set(err, "the runs are measured per different units (%s and %s): growth per %s cannot be compared "
                          "with growth per %s",
                     bx, fx, bx, fx);
        return -1;
    }
    *c = (ll_comparison){.base = base, .fix = fix, .x_unit = bx};
    int better = 0, worse = 0;
    for (int k = 0; k < LL_SERIES_COUNT; k++) {
        int change = compare_series(&base->growth[k], &fix->growth[k], &c->series[k]);
        better |= change < 0;
        worse |= change > 0;
    }
    /* A verdict that gets worse (no-leak to leak) is worse whatever the
     * slopes say; one that gets better counts as better. */
    int rank = verdict_rank(fix) - verdict_rank(base);
    c->change = worse || rank > 0 ? LL_CHANGE_WORSE : better || rank < 0 ? LL_CHANGE_BETTER : LL_CHANGE_SAME;
    return 0;
}
