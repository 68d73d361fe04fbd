/* The analysis: feeds on snapshot records one at a time, keeping only
 * bounded series (series.h), the assembly groups and the first and last
 * snapshot, then decides. Deciding is per memory kind, from the trend of
 * its series after warm-up:
 *   leak      the Mann-Kendall test is significant (p < alpha), the
 *             Theil-Sen slope is above the kind's resolution floor, and the
 *             last half of the run still grows (a filled cache has
 *             stopped);
 *   no-leak   the slope's upper 95 % bound (over the run, or over its last
 *             half: a plateau) is below the floor: growth, if any, is
 *             reported as "below resolution: at most" that bound;
 *   otherwise inconclusive.
 * The process leaks if any kind leaks, does not if every kind does not.
 * This file makes and finishes an analysis; the records are fed by
 * analysis_feed.c, the verdict decided by analysis_verdict.c, the views and
 * charts filled by analysis_views.c, what they share kept by
 * analysis_state.c (analysis_internal.h), the runtime's figures by
 * calibration.c. */
#include "analysis_internal.h"
#include "heap_evidence.h"
#include "native_site_callers.h"
#include "two_samples.h"

#include "composition.h"
#include "dump_diff.h"
#include "retention.h"
#include "survival.h"
#include "type_growth.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


void ll_thresholds_default(ll_thresholds *t)
{
    t->alpha = 0.01;
    for (int k = 0; k < SERIES_COUNT; k++)
        t->floor[k] = NAN; /* the series' runtime's (calibration.c) */
    t->min_share_per_iteration = 0;
    t->warmup_iterations = -1;
    t->min_points = 8;
    t->min_suspect_assemblies = 200;
    t->min_suspect_loader_bytes = 256.0 * 1024 * 1024;
    for (int k = 0; k < SERIES_COUNT; k++)
        t->budget[k] = NAN;
}

/* Points of the run's clock kept (the live-call rule needs two). */
#define ELAPSED_POINTS 64

static void analysis_free(ll_analysis *a);

ll_analysis *ll_analysis_new(const ll_thresholds *t)
{
    ll_analysis *a = calloc(1, sizeof *a);
    if (!a || !(a->groups = ll__groups_new()) || !(a->types = ll__type_tracker_new(&ll__dumpheap_rows)) ||
        !(a->sites = ll__type_tracker_new(&ll__native_site_rows))) {
        if (a) {
            ll__groups_free(a->groups);
            ll__type_tracker_free(a->types);
    ll__type_tracker_free(a->sites);
    ll_record_free(a->last_sites);
        }
        free(a);
        return NULL;
    }
    a->t = *t;
    a->calibration = ll__calibration_for(NULL);
    for (int k = 0; k < SERIES_COUNT; k++) {
        if (ll__series_init(&a->series[k], LL_SERIES_CAPACITY) < 0) {
            analysis_free(a);
            return NULL;
        }
    }
    if (ll__series_init(&a->elapsed, ELAPSED_POINTS) < 0) {
        analysis_free(a);
        return NULL;
    }
    for (int p = 0; p < LL_PLOT_SERIES_COUNT; p++)
        ll__envelope_init(&a->plot[p]);
    return a;
}

/* The recycle period of a collectible run, or 0. */
static long recycle_period(const ll_analysis *a)
{
    const char *context = ll_record_string(a->header, LL_FIELD_CONTEXT);
    ll_value recycle = ll_record_value(a->header, LL_OPTION_RECYCLE_EVERY);
    if (!context || strcmp(context, "collectible") != 0 || recycle.kind != LL_VALUE_INTEGER)
        return 0;
    return recycle.integer > 0 ? (long)recycle.integer : 0;
}

/* The warm-up: 10 % of the run, at least 2 iterations, and in a
 * collectible run the runtime's first unloads, in whole recycle periods
 * (calibration.c). */
static double warmup_iterations(const ll_analysis *a)
{
    if (a->t.warmup_iterations >= 0)
        return (double)a->t.warmup_iterations;
    double last = a->series[LL_SERIES_RSS].count ? a->series[LL_SERIES_RSS].x[a->series[LL_SERIES_RSS].count - 1] : 0;
    double warmup = fmax(2, ceil(0.1 * last));
    long every = recycle_period(a);
    if (every > 0)
        warmup = fmax(warmup, (double)(every * ((a->calibration->collectible_warmup_calls + every - 1) / every)));
    return warmup;
}

/* A copy of the header's string FIELD, or NULL. */
static char *header_string(const ll_analysis *a, const char *field)
{
    const char *value = ll_record_string(a->header, field);
    return value ? strdup(value) : NULL;
}

static void fill_input_and_run(ll_analysis *a, ll_report *report, double warmup)
{
    report->input.file = a->file ? strdup(a->file) : NULL;
    report->input.snapshots = a->snapshots;
    report->input.iterations = a->iterations;
    report->input.failed_iterations = a->failed_iterations;
    report->input.complete = a->ended;
    report->input.warmup_iterations = warmup;
    report->input.has_first_failure = a->failed_iterations > 0;
    report->input.first_failure = a->first_failure;
    memset(&a->first_failure, 0, sizeof a->first_failure);
    report->input.ms_per_call = a->timed_iterations ? a->wall_ms_after_first / (double)a->timed_iterations : NAN;
    if (!a->header)
        return;
    report->has_run = 1;
    report->run.scenario = header_string(a, LL_FIELD_SCENARIO);
    report->run.context = header_string(a, LL_FIELD_CONTEXT);
    report->run.entry = header_string(a, LL_FIELD_ENTRY);
    report->run.mono_version = header_string(a, LL_FIELD_MONO_VERSION);
    report->run.runtime = header_string(a, LL_FIELD_RUNTIME_INFO "." LL_FIELD_RUNTIME_NAME);
    report->run.runtime_version = header_string(a, LL_FIELD_RUNTIME_INFO "." LL_FIELD_RUNTIME_VERSION);
    const char *x_unit = ll_record_string(a->header, LL_FIELD_X_UNIT);
    report->run.x_unit = strdup(x_unit ? x_unit : "iteration");
}

static void free_failure_marks(ll_analysis *a)
{
    for (size_t i = 0; i < a->failure_mark_count; i++) {
        free(a->failure_marks[i].exception_type);
        free(a->failure_marks[i].exception_message);
        free(a->failure_marks[i].exception_stack);
    }
    free(a->failure_marks);
    free(a->first_failure.exception_type);
    free(a->first_failure.exception_message);
    free(a->first_failure.exception_stack);
}

/* Frees A and all it holds (not a report made of it). */
static void analysis_free(ll_analysis *a)
{
    ll__groups_free(a->groups);
    ll__type_tracker_free(a->types);
    ll__type_tracker_free(a->sites);
    ll_record_free(a->last_sites);
    for (int k = 0; k < SERIES_COUNT; k++)
        ll__series_free(&a->series[k]);
    ll__series_free(&a->elapsed);
    ll_record_free(a->header);
    ll_record_free(a->first_snapshot);
    ll_record_free(a->last_snapshot);
    ll_record_free(a->after_first_call);
    free(a->last_snapshot_text);
    for (size_t i = 0; i < a->warning_count; i++)
        free(a->warnings[i]);
    free(a->warnings);
    free_failure_marks(a);
    ll__dump_diff_free(a->dumps);
    free(a->file);
    free(a);
}

/* No series to test: triage by composition, labelled as suspected; with
 * two dumps or more, by the pattern of what grew between them first. */
static void triage_without_trend(ll_analysis *a, ll_report *report, ll_group_list *modules)
{
    report->basis = LL_BASIS_COMPOSITION;
    ll__composition_triage(a->groups, a->last_snapshot, &a->t, report, modules);
    const char *x_unit = ll_record_string(a->header, LL_FIELD_X_UNIT);
    if (a->snapshots == 2 && x_unit && strcmp(x_unit, "sample") == 0)
        ll__two_samples_note(a->first_snapshot, a->last_snapshot, report);
    if (!report->diff)
        return;
    ll_leak_kind diff_kind;
    const char *why;
    if (ll__dump_diff_pattern(report->diff, &diff_kind, &why)) {
        report->verdict = LL_LEAK;
        report->kind = diff_kind;
        report->basis = LL_BASIS_DUMP_DIFF;
    }
    report->diff->pattern = strdup(why);
}

/* What grows, by type, and in a managed leak the types as suspects. */
static void judge_types(ll_analysis *a, ll_report *report, double warmup)
{
    char warning[200];
    if (ll__type_tracker_unfollowed(a->types)) {
        snprintf(warning, sizeof warning, "out of memory: %zu heap-shot rows were not followed",
                 ll__type_tracker_unfollowed(a->types));
        ll_analysis_warn(a, warning);
    }
    if (ll__type_tracker_set_aside(a->types)) {
        snprintf(warning, sizeof warning, "%zu types that stayed flat were set aside to follow types seen later "
                 "(at most %d are followed at once)", ll__type_tracker_set_aside(a->types), LL_TYPES_FOLLOWED);
        ll_analysis_warn(a, warning);
    }
    if (ll__type_tracker_shots(a->types) < 2)
        return;
    ll_growth_list types;
    if (ll__type_tracker_report(a->types, &a->t, warmup, &types) < 0)
        ll_analysis_warn(a, "out of memory: what grows, by type, is incomplete");
    report->has_growth_by_type = 1;
    report->growth_by_type_by_trend = types.by_trend;
    report->growth_by_type = types.items;
    report->growth_by_type_count = types.count;
    ll__retention_attach(a->last_snapshot, report);
    const char *x_unit = ll_record_string(a->header, LL_FIELD_X_UNIT);
    const char *origin = x_unit && strcmp(x_unit, "dump") == 0 ? "!dumpheap -stat" : "heap-shot";
    ll__growth_points_at_assemblies(report, origin);
    ll__contexts_still_alive(report, origin);
    if (report->verdict == LL_LEAK && (report->kind == LL_LEAK_KIND_MANAGED || report->kind == LL_LEAK_KIND_MIXED))
        ll__type_growth_suspects(report, origin);
    else if (report->verdict != LL_LEAK && !types.by_trend)
        ll__type_growth_look_at(report, x_unit ? x_unit : "iteration");
}

/* What native allocation sites grow, with their callers, and how much of
 * malloc's growth they explain. */
static void judge_sites(ll_analysis *a, ll_report *report, double warmup)
{
    if (ll__type_tracker_shots(a->sites) < 2)
        return;
    ll_growth_list sites;
    if (ll__type_tracker_report(a->sites, &a->t, warmup, &sites) < 0 ||
        ll__native_site_callers(a->last_sites, sites.items, sites.count) < 0)
        ll_analysis_warn(a, "out of memory: the native allocation sites are incomplete");
    report->has_native_sites = 1;
    report->native_sites_by_trend = sites.by_trend;
    report->native_sites = sites.items;
    report->native_site_count = sites.count;
    const ll_growth *native = &report->growth[LL_SERIES_NATIVE];
    double together = 0;
    for (size_t i = 0; i < sites.count; i++)
        together += sites.items[i].bytes_per_iteration;
    if (native->points > 0 && native->per_iteration > 0)
        report->native_sites_of_malloc = together / native->per_iteration;
}

/* The floors the user left to the series' runtime: in a collectible run,
 * at least what each unload leaves behind, over the recycle period. */
static void apply_calibration(ll_analysis *a)
{
    long every = recycle_period(a);
    for (int k = 0; k < SERIES_COUNT; k++)
        if (isnan(a->t.floor[k]))
            a->t.floor[k] = fmax(a->calibration->floor[k],
                                 every ? a->calibration->unload_floor[k] / (double)every : 0);
}

ll_report *ll_analysis_finish(ll_analysis *a)
{
    ll__analysis_settle(a);
    apply_calibration(a);
    const char *context = ll_record_string(a->header, LL_FIELD_CONTEXT);
    if (!a->ended && context && strcmp(context, "imported") != 0)
        ll_analysis_warn(a, "no end record: the run was killed (or is still running); the series stops at its last "
                            "complete line");
    ll_report *report = ll_result_new();
    if (!report) {
        analysis_free(a);
        return NULL;
    }
    ll_group_list modules = {0};
    double warmup = warmup_iterations(a);
    struct series_result r[SERIES_COUNT];
    int trend_possible;
    ll__analysis_judge_series(a, report, warmup, r, &trend_possible);
    if (report->verdict == LL_LEAK) {
        ll__analysis_set_kind_shares(report, r);
        ll__analysis_hold_short_live_growth(a, report, warmup, r);
    }
    double leak_bytes = fmax(r[LL_SERIES_RSS].all.slope, r[LL_SERIES_MANAGED].all.slope);
    report->diff = a->dumps ? ll__dump_diff_result(a->dumps, a->groups) : NULL;
    if (report->verdict != LL_LEAK && ll__survival_suspects(a->groups, ll__analysis_spacing(a), report, &modules) > 0) {
        report->verdict = LL_LEAK;
        report->kind = LL_LEAK_KIND_ASSEMBLY;
        report->basis = LL_BASIS_SURVIVAL;
        report->more_iterations_needed = 0;
    } else if (!trend_possible) {
        triage_without_trend(a, report, &modules);
        report->suspected = report->verdict == LL_LEAK;
        leak_bytes = 0;
    } else {
        ll__analysis_find_suspects(a, report, warmup, report->share_assembly * leak_bytes, &modules);
    }
    judge_types(a, report, warmup);
    judge_sites(a, report, warmup);
    ll__retention_suspects(report, ll_record_string(a->header, LL_FIELD_CONTEXT),
                           ll_record_number(a->last_snapshot, LL_FIELD_RUNTIME "." LL_FIELD_CONTEXTS_UNLOADED_ALIVE));
    ll__analysis_fill_plot(a, &report->plot, warmup, r);
    if (report->verdict == LL_LEAK && leak_bytes > 0) {
        report->has_projection = 1;
        report->projection_bytes_per_iteration = leak_bytes;
    }
    if (report->verdict == LL_LEAK)
        report->severity = ll__analysis_worst_severity(report->growth, leak_bytes);
    ll__analysis_set_budgets(report, &a->t, r);
    fill_input_and_run(a, report, warmup);
    report->thresholds.alpha = a->t.alpha;
    report->thresholds.min_share_per_iteration = a->t.min_share_per_iteration;
    report->thresholds.min_points = a->t.min_points;
    report->has_views = a->last_snapshot != NULL;
    if (report->has_views)
        ll__analysis_fill_views(a, &report->views, &modules);
    free(modules.items);
    report->warnings = a->warnings;
    report->warning_count = a->warning_count;
    a->warnings = NULL;
    a->warning_count = 0;
    analysis_free(a);
    return report;
}

static int feed_visitor(const ll_record *rec, void *a, ll_error *err)
{
    return ll_analysis_feed(a, rec, err);
}

/* Reads the whole series from PATH or, when STREAM is given, from it. */
static ll_report *analyze(const char *path, FILE *stream, const ll_thresholds *t, ll_error *err)
{
    ll_analysis *a = ll_analysis_new(t);
    char warning[512];
    if (!a) {
        if (stream)
            fclose(stream);
        ll_error_set(err, "%s: out of memory", path);
        return NULL;
    }
    int rc = stream ? ll_snapshot_read_stream(stream, path, feed_visitor, a, warning, sizeof warning, err)
                    : ll_snapshot_read_file(path, feed_visitor, a, warning, sizeof warning, err);
    if (rc < 0) {
        analysis_free(a);
        return NULL;
    }
    if (warning[0])
        ll_analysis_warn(a, warning);
    if (a->snapshots == 0) {
        ll_error_set(err, "%s: no snapshot records: nothing to analyse", path);
        analysis_free(a);
        return NULL;
    }
    return ll_analysis_finish(a);
}

ll_report *ll_analyze_file(const char *path, const ll_thresholds *t, ll_error *err)
{
    return analyze(path, NULL, t, err);
}

ll_report *ll_analyze_stream(FILE *stream, const char *name, const ll_thresholds *t, ll_error *err)
{
    return analyze(name, stream, t, err);
}

ll_verdict ll_result_verdict(const ll_report *r)
{
    return r->verdict;
}
