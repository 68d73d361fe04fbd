/* Deciding (analysis_internal.h): each series judged after warm-up
 * (judge.h), the process's verdict and kind, severity, budgets, the
 * suspect assembly groups, and the hold on live runs too short for their
 * calls' timeouts (live_calls.h). */
#include "analysis_internal.h"

#include "generators.h"
#include "judge.h"
#include "live_calls.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- deciding ------------------------------------------------------------ */

static double last_value(const ll_series *s)
{
    return s->count ? s->y[s->count - 1] : 0;
}

/* A no-leak series that grows at all is not hidden. Either its whole-run
 * slope is below the floor (below resolution: at most the upper bound),
 * or it grew and then stopped, a filled cache (levelled off: the last
 * half's upper bound). */
static void set_small_growth(ll_growth *g, const struct series_result *r)
{
    if (r->verdict != LL_NO_LEAK || r->all.slope <= 0)
        return;
    if (r->all.slope_high < r->floor) {
        g->small = LL_SMALL_GROWTH_BELOW_RESOLUTION;
        g->small_at_most = r->all.slope_high;
    } else {
        g->small = LL_SMALL_GROWTH_LEVELLED_OFF;
        g->small_at_most = fmax(0, r->tail.slope_high);
    }
}

static void fill_growth(ll_growth *g, const struct series_result *r, int measured)
{
    g->measured = measured;
    g->verdict = r->verdict;
    g->points = r->all.n;
    if (r->all.n == 0)
        return;
    g->per_iteration = r->all.slope;
    g->ci95[0] = r->all.slope_low;
    g->ci95[1] = r->all.slope_high;
    g->mk_s = r->all.s;
    g->mk_z = r->all.z;
    g->p_value = r->all.p_value;
    g->tau = r->all.tau;
    g->floor = r->floor;
    g->significant = r->significant;
    g->above_floor = r->above_floor;
    g->still_growing = r->still_growing;
    g->last_half_fitted = r->fitted;
    if (r->fitted) {
        g->last_half_per_iteration = r->tail.slope;
        g->last_half_ci95[0] = r->tail.slope_low;
        g->last_half_ci95[1] = r->tail.slope_high;
    }
    set_small_growth(g, r);
}

/* Splits the leaking bytes per iteration between the kinds. When the
 * assembly count leaks, everything that grows with it is counted as what
 * those assemblies pin (kind assembly): Mono allocates its loader
 * structures with malloc, and each generated assembly keeps its types,
 * reflection data and serializers alive in the GC heap. The memory split
 * says where the bytes live either way. */
void ll__analysis_set_kind_shares(ll_report *report, const struct series_result *r)
{
    /* The GC heap's part counts when its growth is significant, even if it
     * is too small to be a leak on its own. */
    double managed = r[LL_SERIES_MANAGED].significant ? fmax(0, r[LL_SERIES_MANAGED].all.slope) : 0;
    double outside = fmax(0, fmax(r[LL_SERIES_RSS].all.slope - managed, r[LL_SERIES_NATIVE].all.slope));
    if (r[LL_SERIES_RSS].verdict != LL_LEAK && r[LL_SERIES_NATIVE].verdict != LL_LEAK)
        outside = 0;
    double total = managed + outside;
    report->has_shares = report->has_memory_split = 1;
    report->split_gc_heap = total > 0 ? managed / total : 0.0;
    report->split_outside_gc_heap = total > 0 ? outside / total : 0.0;
    if (r[LL_SERIES_ASSEMBLIES].verdict == LL_LEAK) {
        report->kind = LL_LEAK_KIND_ASSEMBLY;
        report->share_assembly = 1.0;
        return;
    }
    report->share_managed = report->split_gc_heap;
    report->share_native = report->split_outside_gc_heap;
    report->kind = report->share_managed >= 0.75  ? LL_LEAK_KIND_MANAGED
                   : report->share_native >= 0.75 ? LL_LEAK_KIND_NATIVE
                                                  : LL_LEAK_KIND_MIXED;
}

/* Severity grades, by bytes kept per iteration (see README.md, "Severity"):
 * major from 100 kB (+1 GB within about 10,000 calls), minor from 1 kB
 * (+1 GB within about a million calls), tiny below. */
#define SEVERITY_MAJOR_BYTES (100.0 * 1024)
#define SEVERITY_MINOR_BYTES 1024.0

static ll_severity severity_of(double bytes_per_iteration, const double *ci95)
{
    ll_severity s = {.present = 1, .bytes_per_iteration = bytes_per_iteration};
    s.grade = bytes_per_iteration >= SEVERITY_MAJOR_BYTES  ? LL_GRADE_MAJOR
              : bytes_per_iteration >= SEVERITY_MINOR_BYTES ? LL_GRADE_MINOR
                                                            : LL_GRADE_TINY;
    if (ci95) {
        s.has_ci95 = 1;
        s.ci95[0] = ci95[0];
        s.ci95[1] = ci95[1];
    }
    return s;
}

/* The severity of the fastest-growing leaking series; for an assembly
 * leak whose byte series are not leaks themselves, of what the assemblies
 * pin (LEAK_BYTES). */
ll_severity ll__analysis_worst_severity(const ll_growth *growth, double leak_bytes)
{
    const ll_severity *worst = NULL;
    for (int k = 0; k < SERIES_COUNT; k++)
        if (growth[k].severity.present &&
            (!worst || growth[k].severity.bytes_per_iteration > worst->bytes_per_iteration))
            worst = &growth[k].severity;
    if (worst)
        return *worst;
    return leak_bytes > 0 ? severity_of(leak_bytes, NULL) : (ll_severity){0};
}

/* RSS holds the GC heap and malloc'd memory: when it leaks with no budget
 * of its own, and every other byte series that leaks has a budget it
 * keeps, RSS growing no faster than those budgets together (plus its own
 * floor) is that same memory, and is covered by them. Else a user who
 * budgets the leak they know about (`--budget native=64kB`) would fail on
 * RSS, which only shows it again. */
static void cover_rss_by_budgets(ll_report *report, const struct series_result *r)
{
    static const ll_series_id parts[] = {LL_SERIES_MANAGED, LL_SERIES_NATIVE};
    if (report->budget[LL_SERIES_RSS].present || r[LL_SERIES_RSS].verdict != LL_LEAK)
        return;
    double allowed = 0;
    int budgeted = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const ll_budget *b = &report->budget[parts[i]];
        if (r[parts[i]].verdict != LL_LEAK)
            continue;
        if (!b->present || b->exceeded)
            return;
        allowed += b->limit;
        budgeted++;
    }
    if (budgeted && r[LL_SERIES_RSS].all.slope <= allowed + r[LL_SERIES_RSS].floor)
        report->budget[LL_SERIES_RSS] = (ll_budget){1, allowed, 0, 1};
}

/* Budgets: a leaking series is over its budget when it grows faster
 * (ll_result_fails_budget says what fails a CI job). */
void ll__analysis_set_budgets(ll_report *report, const ll_thresholds *t, const struct series_result *r)
{
    for (int k = 0; k < SERIES_COUNT; k++) {
        int has_budget = !isnan(t->budget[k]);
        int exceeded = r[k].verdict == LL_LEAK && has_budget && r[k].all.slope > t->budget[k];
        report->budget[k] = (ll_budget){has_budget, has_budget ? t->budget[k] : 0, exceeded, 0};
    }
    cover_rss_by_budgets(report, r);
}

#define MAX_SUSPECTS 64

/* A group is a suspect when its own loaded count passes the leak test.
 * The first MAX_SUSPECTS groups that do are listed, in the order they first
 * appeared; past that, a warning says how many more there were (the
 * assemblies' total is still judged as a whole). */
void ll__analysis_find_suspects(ll_analysis *a, ll_report *report, double warmup, double assembly_bytes, ll_group_list *modules)
{
    double growth_total = 0;
    ll_trend trends[MAX_SUSPECTS];
    const ll_group *found[MAX_SUSPECTS];
    size_t nfound = 0, more = 0;
    for (size_t i = 0; i < ll__groups_count(a->groups); i++) {
        const ll_group *g = ll__groups_at(a->groups, i);
        struct series_result r;
        if (!g->alive_series ||
            ll__judge(&a->t, g->alive_series, warmup, a->t.floor[LL_SERIES_ASSEMBLIES], &r) != LL_LEAK)
            continue;
        if (nfound == MAX_SUSPECTS) {
            more++;
            continue;
        }
        trends[nfound] = r.all;
        found[nfound++] = g;
        growth_total += r.all.slope;
    }
    if (more) {
        char warning[160];
        snprintf(warning, sizeof warning, "%zu more assembly groups leak than the %d listed as suspects", more,
                 MAX_SUSPECTS);
        ll_analysis_warn(a, warning);
    }
    for (size_t i = 0; i < nfound; i++) {
        ll_suspect *s = ll_result_add_suspect(report);
        if (!s || ll__group_suspect(found[i], s) < 0)
            continue;
        s->per_iteration = trends[i].slope;
        s->p_value = trends[i].p_value;
        if (growth_total > 0 && assembly_bytes > 0)
            s->bytes_per_assembly = assembly_bytes / growth_total;
        ll__group_list_add(modules, found[i]);
    }
}

/* Iterations until the slope's interval would settle the question, from
 * the Theil-Sen interval's n^-1.5 narrowing. */
static double iterations_to_settle(const struct series_result *r, double spacing, size_t min_points)
{
    if (r->all.n < min_points)
        return (double)(min_points - r->all.n) * spacing;
    double half_width = (r->all.slope_high - r->all.slope_low) / 2;
    double gap = fabs(r->all.slope - r->floor);
    if (half_width <= 0 || gap <= 0)
        return (double)r->all.n * spacing;
    double factor = pow(half_width / gap, 2.0 / 3.0);
    return ceil(fmin(10.0, fmax(factor - 1, 0.5)) * (double)r->all.n * spacing);
}

/* Judges every series; returns the number that leak. */
int ll__analysis_judge_series(ll_analysis *a, ll_report *report, double warmup, struct series_result *r, int *trend_possible)
{
    double rss = last_value(&a->series[LL_SERIES_RSS]);
    double settle = 0;
    double spacing = ll__analysis_spacing(a);
    int leaks = 0, clean = 0, measured = 0;
    *trend_possible = 0;
    for (int k = 0; k < SERIES_COUNT; k++) {
        double floor = k == LL_SERIES_ASSEMBLIES ? a->t.floor[k]
                                                 : fmax(a->t.floor[k], a->t.min_share_per_iteration * rss);
        ll_verdict v = ll__judge(&a->t, &a->series[k], warmup, floor, &r[k]);
        measured += a->measured[k];
        *trend_possible |= r[k].all.n >= a->t.min_points;
        leaks += v == LL_LEAK;
        clean += v == LL_NO_LEAK || !a->measured[k];
        if (v == LL_INCONCLUSIVE && a->measured[k])
            settle = fmax(settle, iterations_to_settle(&r[k], spacing, a->t.min_points));
        fill_growth(&report->growth[k], &r[k], a->measured[k]);
        if (v == LL_LEAK && strcmp(ll_series_unit(k), "bytes") == 0 && r[k].all.slope > 0) {
            double ci[2] = {r[k].all.slope_low, r[k].all.slope_high};
            report->growth[k].severity = severity_of(r[k].all.slope, ci);
        }
        report->thresholds.floors[k] = r[k].floor;
    }
    report->verdict = leaks ? LL_LEAK : clean == SERIES_COUNT && measured ? LL_NO_LEAK : LL_INCONCLUSIVE;
    if (report->verdict == LL_INCONCLUSIVE && settle >= 1 && settle < MAX_MEASURED_VALUE)
        report->more_iterations_needed = (long)ceil(settle);
    return leaks;
}

/* A live run shorter than twice its calls' timeout (live_calls.c): growth
 * the timeouts' timers can explain, of the GC heap and of RSS with it, is
 * held as inconclusive, series by series, with what would settle it.
 * Assemblies and malloc growing are not what timers keep: never held. */
void ll__analysis_hold_short_live_growth(ll_analysis *a, ll_report *report, double warmup, struct series_result *r)
{
    ll_live_span span;
    if (report->kind == LL_LEAK_KIND_ASSEMBLY || r[LL_SERIES_NATIVE].verdict == LL_LEAK ||
        !ll__live_span_too_short(a->header, a->calibration, &a->elapsed, warmup, &span))
        return;
    for (int k = 0; k < SERIES_COUNT; k++) {
        if (r[k].verdict != LL_LEAK)
            continue;
        r[k].verdict = LL_INCONCLUSIVE;
        report->growth[k].verdict = LL_INCONCLUSIVE;
        report->growth[k].severity = (ll_severity){0};
    }
    report->verdict = LL_INCONCLUSIVE;
    report->kind = LL_LEAK_KIND_NONE;
    report->has_shares = report->has_memory_split = 0;
    report->more_iterations_needed = span.more_calls;
    char note[512];
    snprintf(note, sizeof note, "a live run of %.1f s after warm-up, shorter than twice its calls' timeout (%.0f s): "
             "what each call keeps until its timeout fires (Mono's HttpWebRequest timeout timers, about 2.2 kB a "
             "call) cannot be told from a leak; %ld more calls, or a shorter --call-timeout-ms, would show whether "
             "the growth levels off (see what grows, by type)", span.span_ms / 1e3, span.timeout_ms / 1e3,
             span.more_calls);
    report->verdict_note = strdup(note);
}
