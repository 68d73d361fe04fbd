/* The recycle sweep (`leaklab sweep`): one point per run, the customer's
 * code in a collectible AppDomain recycled every M calls (M = 0: the
 * default context, the reference), with its time per call and the bytes
 * each call keeps; then the Pareto front of time against kept bytes, which
 * is where a user should pick M from. */
#include "report_json.h"
#include "leaklab/text.h"

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

struct timed_point {
    double ms, kept;
    json_t *point;
};

static int by_time_then_kept(const void *a, const void *b)
{
    const struct timed_point *p = a, *q = b;
    if (p->ms != q->ms)
        return p->ms < q->ms ? -1 : 1;
    return p->kept < q->kept ? -1 : p->kept > q->kept;
}

/* A point is on the front when no other is no slower and keeps no more,
 * and is strictly better at one. Sorted by time (then kept bytes), a point
 * is on it when it keeps the least of its time and strictly less than
 * every faster point: O(n log n), so a sweep of many points is no wait. */
void ll_sweep_mark_pareto(json_t *points)
{
    size_t n = json_array_size(points), timed = 0, i;
    json_t *p;
    struct timed_point *sorted = calloc(n ? n : 1, sizeof *sorted);
    json_array_foreach(points, i, p) {
        json_object_set_new(p, "pareto", json_false());
        if (sorted && json_is_number(json_object_get(p, "ms_per_call")))
            sorted[timed++] = (struct timed_point){json_number_value(json_object_get(p, "ms_per_call")),
                                                   json_number_value(json_object_get(p, "kept_bytes_per_call")), p};
    }
    if (!sorted)
        return;
    qsort(sorted, timed, sizeof *sorted, by_time_then_kept);
    double least_kept_faster = INFINITY;
    for (size_t g = 0; g < timed;) {
        size_t end = g;
        while (end < timed && sorted[end].ms == sorted[g].ms)
            end++;
        double least = sorted[g].kept; /* the group's first keeps the least */
        for (size_t k = g; k < end && sorted[k].kept == least; k++)
            if (least < least_kept_faster)
                json_object_set_new(sorted[k].point, "pareto", json_true());
        least_kept_faster = fmin(least_kept_faster, least);
        g = end;
    }
    free(sorted);
}

