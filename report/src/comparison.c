/* Comparing two runs (`leaklab compare BASE FIX`): the customer's code
 * against a fix, or any two series with the same x unit. Per series: each
 * run's growth with its interval, the difference FIX - BASE with an
 * interval, and the share of the base's growth the fix removes; overall
 * better, same or worse.
 *
 * The difference's interval combines the two Theil-Sen intervals as
 * independent estimates: each side's half-width, in quadrature. The
 * removed share's interval is that of the difference over the base's slope.
 * A difference counts only when its interval excludes zero and it exceeds
 * the series' floor: the same resolution the verdict uses. */
#include "report_json.h"
#include "text_format.h"
#include "leaklab/text.h"

#include <math.h>
#include <string.h>

static json_t *side_json(const ll_growth *g)
{
    json_t *j = ll_slope_json(g, "per_iteration");
    json_object_set_new(j, "verdict", json_string(ll_verdict_name(g->verdict)));
    return j;
}

/* One series: base, fix, difference and removed share. *CHANGE is -1 when
 * the fix grows measurably less, 1 when measurably more, 0 otherwise. */
static json_t *series_comparison(const ll_growth *base, const ll_growth *fix, int *change)
{
    json_t *j = json_pack("{so so}", "base", side_json(base), "fix", side_json(fix));
    *change = 0;
    if (!base->points || !fix->points) {
        json_object_set_new(j, "difference", json_null());
        json_object_set_new(j, "removed_share", json_null());
        return j;
    }
    double b = base->per_iteration, f = fix->per_iteration, d = f - b;
    double low = d - hypot(f - fix->ci95[0], base->ci95[1] - b);
    double high = d + hypot(fix->ci95[1] - f, b - base->ci95[0]);
    double floor = fmax(base->floor, fix->floor);
    json_object_set_new(j, "difference", json_pack("{sf s[ff]}", "per_iteration", d, "ci95", low, high));
    if (high < 0 && -d > floor)
        *change = -1;
    else if (low > 0 && d > floor)
        *change = 1;
    json_object_set_new(j, "measurable", json_boolean(*change != 0));
    /* A share of nothing means nothing: only for a base that grows. */
    json_object_set_new(j, "removed_share", b > 0 && base->ci95[0] > 0
                                                ? json_pack("{sf s[ff]}", "value", -d / b, "ci95", -high / b, -low / b)
                                                : json_null());
    return j;
}

static int verdict_rank(const ll_report *r)
{
    return r->verdict == LL_LEAK ? 2 : r->verdict == LL_INCONCLUSIVE ? 1 : 0;
}

static json_t *run_summary(const ll_report *r)
{
    json_t *j = json_pack("{so? ss? ss?}", "file", ll_json_text(r->input.file), "scenario", r->run.scenario, "context",
                          r->run.context);
    json_object_set_new(j, "verdict", json_string(ll_verdict_name(r->verdict)));
    json_object_set_new(j, "kind", json_string(ll_leak_kind_name(r->kind)));
    json_object_set_new(j, "severity", ll_severity_json(&r->severity));
    return j;
}

json_t *ll_compare_reports(const ll_report *base, const ll_report *fix, ll_error *err)
{
    const char *bx = x_unit_text(base), *fx = x_unit_text(fix);
    if (strcmp(bx, fx) != 0) {
        ll_error_set(err, "the runs are measured per different units (%s and %s): growth per %s cannot be compared "
                          "with growth per %s",
                     bx, fx, bx, fx);
        return NULL;
    }
    json_t *kinds = json_object();
    int better = 0, worse = 0;
    for (int k = 0; k < LL_SERIES_COUNT; k++) {
        int change;
        json_object_set_new(kinds, ll_series_name(k), series_comparison(&base->growth[k], &fix->growth[k], &change));
        better |= change < 0;
        worse |= change > 0;
    }
    /* A verdict that gets worse (no-leak to leak) is worse whatever the
     * slopes say; one that gets better counts as better. */
    int rank = verdict_rank(fix) - verdict_rank(base);
    const char *comparison = worse || rank > 0 ? "worse" : better || rank < 0 ? "better" : "same";
    json_t *ms = json_pack("{so so}", "base", isfinite(base->input.ms_per_call) ? json_real(base->input.ms_per_call) : json_null(),
                           "fix", isfinite(fix->input.ms_per_call) ? json_real(fix->input.ms_per_call) : json_null());
    return json_pack("{ss ss so so so so so}", "comparison", comparison, "x_unit", bx, "kinds", kinds, "ms_per_call",
                     ms, "base", run_summary(base), "fix", run_summary(fix), "budget", ll_budget_json(fix));
}
