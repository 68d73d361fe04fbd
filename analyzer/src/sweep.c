/* The recycle sweep (`leaklab sweep`): one point per run, the customer's
 * code in a collectible AppDomain recycled every M calls (M = 0: the
 * default context, the reference), with its time per call and the bytes
 * each call keeps; then the Pareto front of time against kept bytes, which
 * is where a user should pick M from. cli/sweep.c runs the points; report/
 * writes and reads sweep.json and presents it. */
#include "leaklab/analyzer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

ll_sweep *ll_result_sweep_new(const char *scenario, const char *wsdl, long iterations)
{
    ll_sweep *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->scenario = strdup(scenario);
    s->wsdl = wsdl ? strdup(wsdl) : NULL;
    s->iterations = iterations;
    if (!s->scenario || (wsdl && !s->wsdl)) {
        ll_result_sweep_free(s);
        return NULL;
    }
    return s;
}

/* Room for one more of the N items of SIZE bytes at *ITEMS, zeroed; NULL
 * out of memory. */
static void *grow_by_one(void *items_ptr, size_t n, size_t size)
{
    void **items = items_ptr;
    void *grown = realloc(*items, (n + 1) * size);
    if (!grown)
        return NULL;
    *items = grown;
    return memset((char *)grown + n * size, 0, size);
}

ll_sweep_point *ll_result_sweep_add_point(ll_sweep *s)
{
    ll_sweep_point *p = grow_by_one(&s->points, s->point_count, sizeof *p);
    if (p)
        s->point_count++;
    return p;
}

int ll_result_sweep_add_measured(ll_sweep *s, long recycle_every, const char *file, const ll_report *report)
{
    ll_sweep_point *p = ll_result_sweep_add_point(s);
    if (!p || (file && !(p->file = strdup(file)))) {
        s->point_count -= p != NULL;
        return -1;
    }
    p->recycle_every = recycle_every;
    p->iterations = report->input.iterations;
    p->ms_per_call = report->input.ms_per_call;
    for (int k = 0; k < LL_SERIES_COUNT; k++) {
        const ll_growth *g = &report->growth[k];
        p->kept_per_call[k].fitted = g->points > 0;
        p->kept_per_call[k].value = g->per_iteration;
        memcpy(p->kept_per_call[k].ci95, g->ci95, sizeof g->ci95);
        if (strcmp(ll_series_unit(k), "bytes") == 0 && g->points)
            p->kept_bytes_per_call = fmax(p->kept_bytes_per_call, g->per_iteration);
    }
    p->verdict = report->verdict;
    p->kind = report->kind;
    p->severity = report->severity;
    return 0;
}

ll_sweep_failure *ll_result_sweep_add_failure(ll_sweep *s)
{
    ll_sweep_failure *f = grow_by_one(&s->failures, s->failure_count, sizeof *f);
    if (f)
        s->failure_count++;
    return f;
}

static int by_time_then_kept(const void *a, const void *b)
{
    const ll_sweep_point *p = *(ll_sweep_point *const *)a, *q = *(ll_sweep_point *const *)b;
    if (p->ms_per_call != q->ms_per_call)
        return p->ms_per_call < q->ms_per_call ? -1 : 1;
    return p->kept_bytes_per_call < q->kept_bytes_per_call ? -1 : p->kept_bytes_per_call > q->kept_bytes_per_call;
}

/* A point is on the front when no other is no slower and keeps no more,
 * and is strictly better at one. Sorted by time (then kept bytes), a point
 * is on it when it keeps the least of its time and strictly less than
 * every faster point: O(n log n), so a sweep of many points is no wait. A
 * point without a time is not on it. */
void ll_result_sweep_mark_pareto(ll_sweep *s)
{
    ll_sweep_point **sorted = calloc(s->point_count ? s->point_count : 1, sizeof *sorted);
    size_t timed = 0;
    for (size_t i = 0; i < s->point_count; i++) {
        s->points[i].pareto = 0;
        if (sorted && isfinite(s->points[i].ms_per_call))
            sorted[timed++] = &s->points[i];
    }
    if (!sorted)
        return;
    qsort(sorted, timed, sizeof *sorted, by_time_then_kept);
    double least_kept_faster = INFINITY;
    for (size_t g = 0; g < timed;) {
        size_t end = g;
        while (end < timed && sorted[end]->ms_per_call == sorted[g]->ms_per_call)
            end++;
        double least = sorted[g]->kept_bytes_per_call; /* the group's first keeps the least */
        for (size_t k = g; k < end && sorted[k]->kept_bytes_per_call == least; k++)
            sorted[k]->pareto = least < least_kept_faster;
        least_kept_faster = fmin(least_kept_faster, least);
        g = end;
    }
    free(sorted);
}

void ll_result_sweep_free(ll_sweep *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->point_count; i++)
        free(s->points[i].file);
    for (size_t i = 0; i < s->failure_count; i++) {
        free(s->failures[i].signal_name);
        free(s->failures[i].message);
        free(s->failures[i].log);
    }
    free(s->points);
    free(s->failures);
    free(s->scenario);
    free(s->wsdl);
    free(s->interrupted);
    free(s);
}
