/* Parts of the JSON report that the report itself and the other results
 * (comparisons, sweeps, the views) quote: severities, slopes, estimates,
 * budgets, lists of strings (report_json.h). */
#include "report_json.h"

#include <math.h>

json_t *ll__pair_json(const double v[2])
{
    return json_pack("[ff]", v[0], v[1]);
}

json_t *ll__strings_json(char *const *strings, size_t count)
{
    json_t *a = json_array();
    for (size_t i = 0; i < count; i++)
        json_array_append_new(a, json_string(strings[i]));
    return a;
}

json_t *ll__slope_json(const ll_growth *g, const char *key)
{
    return ll__estimate_json(key, g->points > 0, g->per_iteration, g->ci95);
}

json_t *ll__estimate_json(const char *key, int fitted, double value, const double ci95[2])
{
    json_t *j = json_pack("{so}", key, fitted ? json_real(value) : json_null());
    if (fitted)
        json_object_set_new(j, "ci95", ll__pair_json(ci95));
    return j;
}

json_t *ll__severity_json(const ll_severity *s)
{
    if (!s->present)
        return json_null();
    json_t *j = json_pack("{ss sf sf sf}", "grade", ll_grade_name(s->grade), "bytes_per_iteration",
                          s->bytes_per_iteration, "calls_to_1gb", ceil(1073741824.0 / s->bytes_per_iteration),
                          "bytes_per_million_calls", s->bytes_per_iteration * 1e6);
    if (s->has_ci95)
        json_object_set_new(j, "ci95", ll__pair_json(s->ci95));
    return j;
}

json_t *ll__budget_json(const ll_report *r)
{
    json_t *budget = json_object();
    for (int k = 0; k < LL_SERIES_COUNT; k++)
        if (r->budget[k].present) {
            json_t *b = json_pack("{sf sb}", "limit", r->budget[k].limit, "exceeded", r->budget[k].exceeded);
            if (r->budget[k].derived)
                json_object_set_new(b, "derived", json_true());
            json_object_set_new(budget, ll_series_name(k), b);
        }
    return budget;
}
