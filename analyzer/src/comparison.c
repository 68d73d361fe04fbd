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
#include "leaklab/analyzer.h"

#include <math.h>
#include <string.h>

static const char *const series_names[] = {"rss", "managed", "native", "assemblies"};

static json_t *side_json(const json_t *growth)
{
    json_t *slope = json_object_get(growth, "per_iteration");
    return json_pack("{sO sO* ss*}", "per_iteration", json_is_number(slope) ? slope : json_null(), "ci95",
                     json_object_get(growth, "ci95"), "verdict", json_string_value(json_object_get(growth, "verdict")));
}

static double ci_at(const json_t *growth, size_t i)
{
    return json_number_value(json_array_get(json_object_get(growth, "ci95"), i));
}

/* One series: base, fix, difference and removed share. *CHANGE is -1 when
 * the fix grows measurably less, 1 when measurably more, 0 otherwise. */
static json_t *series_comparison(const json_t *base, const json_t *fix, int *change)
{
    json_t *j = json_pack("{so so}", "base", side_json(base), "fix", side_json(fix));
    *change = 0;
    json_t *bs = json_object_get(base, "per_iteration"), *fs = json_object_get(fix, "per_iteration");
    if (!json_is_number(bs) || !json_is_number(fs)) {
        json_object_set_new(j, "difference", json_null());
        json_object_set_new(j, "removed_share", json_null());
        return j;
    }
    double b = json_number_value(bs), f = json_number_value(fs), d = f - b;
    double low = d - hypot(f - ci_at(fix, 0), ci_at(base, 1) - b);
    double high = d + hypot(ci_at(fix, 1) - f, b - ci_at(base, 0));
    double floor = fmax(json_number_value(json_object_get(base, "floor")), json_number_value(json_object_get(fix, "floor")));
    json_object_set_new(j, "difference", json_pack("{sf s[ff]}", "per_iteration", d, "ci95", low, high));
    if (high < 0 && -d > floor)
        *change = -1;
    else if (low > 0 && d > floor)
        *change = 1;
    json_object_set_new(j, "measurable", json_boolean(*change != 0));
    /* A share of nothing means nothing: only for a base that grows. */
    json_object_set_new(j, "removed_share", b > 0 && ci_at(base, 0) > 0
                                                ? json_pack("{sf s[ff]}", "value", -d / b, "ci95", -high / b, -low / b)
                                                : json_null());
    return j;
}

static int verdict_rank(const json_t *report)
{
    const char *v = json_string_value(json_object_get(report, "verdict"));
    return v && strcmp(v, "leak") == 0 ? 2 : v && strcmp(v, "inconclusive") == 0 ? 1 : 0;
}

static json_t *run_summary(const json_t *report)
{
    json_t *input = json_object_get(report, "input"), *run = json_object_get(report, "run");
    return json_pack("{sO* sO* sO* sO* sO* sO*}", "file", json_object_get(input, "file"), "scenario",
                     json_object_get(run, "scenario"), "context", json_object_get(run, "context"), "verdict",
                     json_object_get(report, "verdict"), "kind", json_object_get(report, "kind"), "severity",
                     json_object_get(report, "severity"));
}

json_t *ll_compare_reports(const ll_report *base_report, const ll_report *fix_report, ll_error *err)
{
    json_t *base = ll_report_to_json(base_report), *fix = ll_report_to_json(fix_report);
    const char *bx = json_string_value(json_object_get(json_object_get(base, "run"), "x_unit"));
    const char *fx = json_string_value(json_object_get(json_object_get(fix, "run"), "x_unit"));
    if (strcmp(bx ? bx : "iteration", fx ? fx : "iteration") != 0) {
        ll_error_set(err, "the runs are measured per different units (%s and %s): growth per %s cannot be compared "
                          "with growth per %s",
                     bx ? bx : "iteration", fx ? fx : "iteration", bx ? bx : "iteration", fx ? fx : "iteration");
        json_decref(base);
        json_decref(fix);
        return NULL;
    }
    json_t *kinds = json_object();
    int better = 0, worse = 0;
    for (size_t k = 0; k < sizeof series_names / sizeof series_names[0]; k++) {
        int change;
        json_object_set_new(kinds, series_names[k],
                            series_comparison(json_object_get(json_object_get(base, "growth"), series_names[k]),
                                              json_object_get(json_object_get(fix, "growth"), series_names[k]),
                                              &change));
        better |= change < 0;
        worse |= change > 0;
    }
    /* A verdict that gets worse (no-leak to leak) is worse whatever the
     * slopes say; one that gets better counts as better. */
    int rank = verdict_rank(fix) - verdict_rank(base);
    const char *comparison = worse || rank > 0 ? "worse" : better || rank < 0 ? "better" : "same";
    json_t *ms = json_pack("{sO* sO*}", "base", json_object_get(json_object_get(base, "input"), "ms_per_call"), "fix",
                           json_object_get(json_object_get(fix, "input"), "ms_per_call"));
    json_t *j = json_pack("{ss ss so so so so}", "comparison", comparison, "x_unit", bx ? bx : "iteration", "kinds",
                          kinds, "ms_per_call", ms, "base", run_summary(base), "fix", run_summary(fix));
    json_decref(base);
    json_decref(fix);
    return j;
}
