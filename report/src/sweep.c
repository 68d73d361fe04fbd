/* The recycle sweep (`leaklab sweep`): one point per run, the customer's
 * code in a collectible AppDomain recycled every M calls (M = 0: the
 * default context, the reference), with its time per call and the bytes
 * each call keeps; then the Pareto front of time against kept bytes, which
 * is where a user should pick M from. */
#include "report_json.h"

#include <math.h>
#include <string.h>

json_t *ll_sweep_point(long recycle_every, const char *file, const ll_report *report)
{
    json_t *kept = json_object();
    double worst = 0;
    for (int k = 0; k < LL_SERIES_COUNT; k++) {
        const ll_growth *g = &report->growth[k];
        json_object_set_new(kept, ll_series_name(k), ll_slope_json(g, "value"));
        if (strcmp(ll_series_unit(k), "bytes") == 0 && g->points)
            worst = fmax(worst, g->per_iteration);
    }
    double ms = report->input.ms_per_call;
    json_t *point = json_pack("{sI so?}", "recycle_every", (json_int_t)recycle_every, "file", ll_json_text(file));
    json_object_set_new(point, "ms_per_call", isfinite(ms) ? json_real(ms) : json_null());
    json_object_set_new(point, "kept_per_call", kept);
    json_object_set_new(point, "kept_bytes_per_call", json_real(worst));
    json_object_set_new(point, "verdict", json_string(ll_verdict_name(report->verdict)));
    json_object_set_new(point, "kind", json_string(ll_leak_kind_name(report->kind)));
    json_object_set_new(point, "severity", ll_severity_json(&report->severity));
    json_object_set_new(point, "iterations", json_integer(report->input.iterations));
    return point;
}

/* P dominates Q when it is no slower and keeps no more, and is strictly
 * better at one. */
static int dominates(json_t *p, json_t *q)
{
    double pt = json_number_value(json_object_get(p, "ms_per_call")), qt = json_number_value(json_object_get(q, "ms_per_call"));
    double pk = json_number_value(json_object_get(p, "kept_bytes_per_call"));
    double qk = json_number_value(json_object_get(q, "kept_bytes_per_call"));
    return pt <= qt && pk <= qk && (pt < qt || pk < qk);
}

void ll_sweep_mark_pareto(json_t *points)
{
    size_t i, j;
    json_t *p, *q;
    json_array_foreach(points, i, p) {
        int front = json_is_number(json_object_get(p, "ms_per_call"));
        json_array_foreach(points, j, q) if (front && j != i && json_is_number(json_object_get(q, "ms_per_call")) &&
                                             dominates(q, p)) front = 0;
        json_object_set_new(p, "pareto", json_boolean(front));
    }
}

