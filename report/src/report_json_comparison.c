/* `leaklab compare --format json` (README.md, "Comparing a fix"): the
 * typed comparison (result.h) as {comparison, x_unit, kinds {SERIES:
 * {base, fix, difference, measurable, removed_share}}, ms_per_call, base,
 * fix, budget (the fix's)}. "kinds" is the series, kept as users' scripts
 * read it. */
#include "report_json.h"

#include "leaklab/text.h"

#include <math.h>

static json_t *side_json(const ll_growth *g)
{
    json_t *j = ll__slope_json(g, "per_iteration");
    json_object_set_new(j, "verdict", json_string(ll_verdict_name(g->verdict)));
    return j;
}

static json_t *interval_json(const char *key, double value, const double ci95[2])
{
    return json_pack("{sf s[ff]}", key, value, "ci95", ci95[0], ci95[1]);
}

static json_t *series_json(const ll_series_comparison *c)
{
    json_t *j = json_pack("{so so}", "base", side_json(c->base), "fix", side_json(c->fix));
    if (!c->has_difference) {
        json_object_set_new(j, "difference", json_null());
        json_object_set_new(j, "removed_share", json_null());
        return j;
    }
    json_object_set_new(j, "difference", interval_json("per_iteration", c->difference, c->difference_ci95));
    json_object_set_new(j, "measurable", json_boolean(c->measurable));
    json_object_set_new(j, "removed_share", c->has_removed_share
                                                ? interval_json("value", c->removed_share, c->removed_share_ci95)
                                                : json_null());
    return j;
}

static json_t *run_json(const ll_report *r)
{
    json_t *j = json_pack("{so? ss? ss?}", "file", ll_json_text(r->input.file), "scenario", r->run.scenario, "context",
                          r->run.context);
    json_object_set_new(j, "verdict", json_string(ll_verdict_name(r->verdict)));
    json_object_set_new(j, "kind", json_string(ll_leak_kind_name(r->kind)));
    json_object_set_new(j, "severity", ll__severity_json(&r->severity));
    return j;
}

static json_t *ms_json(double ms)
{
    return isfinite(ms) ? json_real(ms) : json_null();
}

json_t *ll_comparison_to_json(const ll_comparison *c)
{
    json_t *series = json_object();
    for (int k = 0; k < LL_SERIES_COUNT; k++)
        json_object_set_new(series, ll_series_name(k), series_json(&c->series[k]));
    json_t *ms = json_pack("{so so}", "base", ms_json(c->base->input.ms_per_call), "fix",
                           ms_json(c->fix->input.ms_per_call));
    return json_pack("{ss ss so so so so so}", "comparison", ll_change_name(c->change), "x_unit", c->x_unit, "kinds",
                     series, "ms_per_call", ms, "base", run_json(c->base), "fix", run_json(c->fix), "budget",
                     ll__budget_json(c->fix));
}
