/* The recycle sweep (`leaklab sweep`): one point per run, the customer's
 * code in a collectible AppDomain recycled every M calls (M = 0: the
 * default context, the reference), with its time per call and the bytes
 * each call keeps; then the Pareto front of time against kept bytes, which
 * is where a user should pick M from. */
#include "leaklab/analyzer.h"

#include <math.h>
#include <string.h>

static const char *const series_names[] = {"rss", "managed", "native", "assemblies"};

json_t *ll_sweep_point(long recycle_every, const char *file, const ll_report *report)
{
    json_t *r = ll_report_to_json(report), *kept = json_object();
    double worst = 0;
    for (size_t k = 0; k < 4; k++) {
        json_t *g = json_object_get(json_object_get(r, "growth"), series_names[k]);
        json_t *slope = json_object_get(g, "per_iteration");
        json_object_set_new(kept, series_names[k],
                            json_pack("{sO sO*}", "value", json_is_number(slope) ? slope : json_null(), "ci95",
                                      json_object_get(g, "ci95")));
        if (k < 3 && json_is_number(slope))
            worst = fmax(worst, json_number_value(slope));
    }
    json_t *point = json_pack("{sI ss sO* so sf sO sO sO}", "recycle_every", (json_int_t)recycle_every, "file", file,
                              "ms_per_call", json_object_get(json_object_get(r, "input"), "ms_per_call"),
                              "kept_per_call", kept, "kept_bytes_per_call", worst, "verdict",
                              json_object_get(r, "verdict"), "kind", json_object_get(r, "kind"), "severity",
                              json_object_get(r, "severity"));
    json_object_set_new(point, "iterations", json_incref(json_object_get(json_object_get(r, "input"), "iterations")));
    json_decref(r);
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

