/* A saved JSON report (`leaklab analyze --format json`) read back into the
 * typed result, so `leaklab report RESULT.json` renders it like a fresh
 * analysis. Strict: a missing or mistyped field is an error naming the
 * file and the field's path (e.g. "growth.rss.ci95"); nothing is
 * defaulted. The inverse of report_json.c. */
#include "leaklab/report.h"

#include "json_reader.h"
#include "report_json.h"
#include "report_json_diff.h"
#include "report_json_views.h"

#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ll__severity_read(jr_reader *rd, const json_t *j, ll_severity *s)
{
    if (json_is_null(j))
        return;
    s->present = 1;
    s->grade = (ll_grade)ll__jr_one_of(rd, j, "grade", ll__jr_grade_name, 3);
    s->bytes_per_iteration = ll__jr_number(rd, j, "bytes_per_iteration");
    if (json_object_get(j, "ci95")) {
        s->has_ci95 = 1;
        ll__jr_pair(rd, j, "ci95", s->ci95);
    }
}

static void read_growth(jr_reader *rd, const json_t *j, ll_series_id k, ll_growth *g)
{
    size_t at = ll__jr_enter(rd, ll_series_name(k));
    g->verdict = (ll_verdict)ll__jr_one_of(rd, j, "verdict", ll__jr_verdict_name, 3);
    g->measured = ll__jr_boolean(rd, j, "measured");
    if (!json_is_null(json_object_get(j, "per_iteration"))) {
        g->per_iteration = ll__jr_number(rd, j, "per_iteration");
        ll__jr_pair(rd, j, "ci95", g->ci95);
        json_t *mk = ll__jr_member(rd, j, "mann_kendall", ll__jr_is_object, "an object");
        size_t mk_at = ll__jr_enter(rd, "mann_kendall");
        g->mk_s = ll__jr_number(rd, mk, "s");
        g->mk_z = ll__jr_number(rd, mk, "z");
        g->p_value = ll__jr_number(rd, mk, "p_value");
        g->tau = ll__jr_number(rd, mk, "tau");
        ll__jr_leave(rd, mk_at);
        long points = ll__jr_integer(rd, j, "points");
        if (points < 1)
            ll__jr_fail(rd, "points", "a count of 1 or more");
        g->points = (size_t)(points > 0 ? points : 0);
        g->floor = ll__jr_number(rd, j, "floor");
        g->significant = ll__jr_boolean(rd, j, "significant");
        g->above_floor = ll__jr_boolean(rd, j, "above_floor");
        g->still_growing = ll__jr_boolean(rd, j, "still_growing");
        g->last_half_fitted = !json_is_null(json_object_get(j, "last_half_per_iteration"));
        if (g->last_half_fitted) {
            g->last_half_per_iteration = ll__jr_number(rd, j, "last_half_per_iteration");
            ll__jr_pair(rd, j, "last_half_ci95", g->last_half_ci95);
        }
        json_t *below = json_object_get(j, "below_resolution"), *levelled = json_object_get(j, "levelled_off");
        if (below) {
            g->small = LL_SMALL_GROWTH_BELOW_RESOLUTION;
            g->small_at_most = ll__jr_number(rd, below, "at_most");
        } else if (levelled) {
            g->small = LL_SMALL_GROWTH_LEVELLED_OFF;
            g->small_at_most = ll__jr_number(rd, levelled, "last_half_at_most");
        }
    }
    json_t *severity = json_object_get(j, "severity");
    if (severity)
        ll__severity_read(rd, severity, &g->severity);
    ll__jr_leave(rd, at);
}

static void read_suspect(jr_reader *rd, const json_t *j, ll_report *r)
{
    ll_suspect *s = ll_result_add_suspect(r);
    if (!s || !json_is_object(j)) {
        ll__jr_fail(rd, "suspects", "an array of objects");
        return;
    }
    s->name_pattern = ll__jr_string(rd, j, "name_pattern");
    s->origin = ll__jr_string(rd, j, "origin");
    s->version = ll__jr_string(rd, j, "version");
    s->loaded = ll__jr_integer(rd, j, "loaded");
    s->signature = ll__jr_string(rd, j, "signature");
    s->generator = ll__jr_string(rd, j, "generator");
    s->fix = ll__jr_string(rd, j, "fix");
    ll__jr_strings(rd, j, "examples", &s->examples, &s->example_count);
    json_t *source = json_object_get(j, "source");
    const char *source_name = json_string_value(source);
    if (source && (!source_name || (strcmp(source_name, "growing_type") != 0 && strcmp(source_name, "look_at") != 0 &&
                                    strcmp(source_name, "gcroot") != 0)))
        ll__jr_fail(rd, "source", "\"growing_type\", \"look_at\", \"gcroot\" or absent");
    s->source = source && source_name && strcmp(source_name, "look_at") == 0 ? LL_SUSPECT_LOOK_AT
                : source && source_name && strcmp(source_name, "gcroot") == 0 ? LL_SUSPECT_GCROOT
                : source                       ? LL_SUSPECT_GROWING_TYPE
                : json_object_get(j, "seen") ? LL_SUSPECT_GROUP
                                             : LL_SUSPECT_HEAP_TABLE;
    if (s->source == LL_SUSPECT_GROUP)
        s->seen = ll__jr_integer(rd, j, "seen");
    s->per_iteration = ll__jr_optional_number(rd, j, "per_iteration");
    s->p_value = ll__jr_optional_number(rd, j, "p_value");
    s->bytes_per_assembly = ll__jr_optional_number(rd, j, "bytes_per_assembly");
    if (json_object_get(j, "kept_by"))
        s->kept_by = ll__jr_string(rd, j, "kept_by");
    if (json_object_get(j, "retention"))
        s->retention = ll__retention_read(rd, json_object_get(j, "retention"));
}

/* POINTS, [[x, y], ...], into *OUT (malloc'd); fails on KEY. */
static void read_points(jr_reader *rd, const json_t *points, const char *key, double (**out)[2], size_t *count)
{
    size_t m = json_array_size(points);
    *out = m ? calloc(m, sizeof **out) : NULL;
    for (size_t k = 0; *out && k < m; k++) {
        json_t *pt = json_array_get(points, k);
        if (json_array_size(pt) != 2 || !json_is_number(json_array_get(pt, 0)) ||
            !json_is_number(json_array_get(pt, 1))) {
            ll__jr_fail(rd, key, "points as [x, y]");
            return;
        }
        (*out)[*count][0] = json_number_value(json_array_get(pt, 0));
        (*out)[(*count)++][1] = json_number_value(json_array_get(pt, 1));
    }
}

/* A growing type, or a native site: its name under NAME_KEY. */
static void read_type_growth(jr_reader *rd, const json_t *j, const char *name_key, ll_type_growth *g)
{
    if (!json_is_object(j)) {
        ll__jr_fail(rd, name_key, "an object");
        return;
    }
    g->type = ll__jr_string(rd, j, name_key);
    g->count_per_iteration = ll__jr_number_or_nan(rd, j, "count_per_iteration");
    g->bytes_per_iteration = ll__jr_number_or_nan(rd, j, "bytes_per_iteration");
    if (json_is_null(json_object_get(j, "ci95")))
        g->ci95[0] = g->ci95[1] = NAN;
    else
        ll__jr_pair(rd, j, "ci95", g->ci95);
    g->share = ll__jr_number_or_nan(rd, j, "share");
    int v = ll__jr_one_of(rd, j, "verdict", ll__jr_verdict_name, 3);
    g->verdict = v < 0 ? LL_INCONCLUSIVE : (ll_verdict)v;
    g->first_count = ll__jr_number_or_nan(rd, j, "first_count");
    g->last_count = ll__jr_number_or_nan(rd, j, "last_count");
    g->first_bytes = ll__jr_number_or_nan(rd, j, "first_bytes");
    g->last_bytes = ll__jr_number_or_nan(rd, j, "last_bytes");
    read_points(rd, ll__jr_member(rd, j, "points", ll__jr_is_array, "an array"), "points", &g->points, &g->point_count);
    if (json_object_get(j, "retention"))
        g->retention = ll__retention_read(rd, json_object_get(j, "retention"));
    if (json_object_get(j, "callers"))
        g->callers = ll__jr_string(rd, j, "callers");
}

/* The list under KEY ("growth_by_type", "native_sites") and its basis
 * (KEY_basis), each item's name under NAME_KEY; 0 when absent, 1 when
 * read. */
static int read_growth_list(jr_reader *rd, const json_t *j, const char *key, const char *name_key,
                            ll_type_growth **list, size_t *count, int *by_trend)
{
    json_t *items = json_object_get(j, key);
    char basis_key[64];
    if (!items)
        return 0;
    if (!json_is_array(items) || json_array_size(items) > LL_GROWTH_BY_TYPE_MAX) {
        ll__jr_fail(rd, key, "an array of at most 20 objects");
        return 0;
    }
    snprintf(basis_key, sizeof basis_key, "%s_basis", key);
    json_t *basis = json_object_get(j, basis_key);
    if (!json_is_string(basis) || (strcmp(json_string_value(basis), "trend") != 0 &&
                                   strcmp(json_string_value(basis), "first_to_last") != 0)) {
        ll__jr_fail(rd, basis_key, "\"trend\" or \"first_to_last\"");
        return 0;
    }
    *by_trend = strcmp(json_string_value(basis), "trend") == 0;
    size_t at = ll__jr_enter(rd, key);
    *list = calloc(json_array_size(items) + 1, sizeof **list);
    for (size_t i = 0; *list && i < json_array_size(items) && !rd->failed; i++)
        read_type_growth(rd, json_array_get(items, i), name_key, &(*list)[(*count)++]);
    ll__jr_leave(rd, at);
    return 1;
}

static void read_growth_by_type(jr_reader *rd, const json_t *j, ll_report *r)
{
    r->has_growth_by_type = read_growth_list(rd, j, "growth_by_type", "type", &r->growth_by_type,
                                             &r->growth_by_type_count, &r->growth_by_type_by_trend);
    r->has_native_sites = read_growth_list(rd, j, "native_sites", "site", &r->native_sites, &r->native_site_count,
                                           &r->native_sites_by_trend);
    if (r->has_native_sites)
        r->native_sites_of_malloc = ll__jr_number_or_nan(rd, j, "native_sites_of_malloc");
}

/* The composition's figures, each a number or null. */
static const jr_field composition_figures[] = {
    {"committed_bytes", offsetof(ll_composition, committed_bytes)},
    {"managed_bytes", offsetof(ll_composition, managed_bytes)},
    {"managed_share", offsetof(ll_composition, managed_share)},
    {"loader_heap_bytes", offsetof(ll_composition, loader_heap_bytes)},
    {"loader_heap_share", offsetof(ll_composition, loader_heap_share)},
    {"native_heap_bytes", offsetof(ll_composition, native_heap_bytes)},
    {"assemblies_loaded", offsetof(ll_composition, assemblies_loaded)},
};

static const jr_field heap_evidence_counts[] = {
    {"assembly_builders", offsetof(ll_heap_evidence, assembly_builders)},
    {"module_builders", offsetof(ll_heap_evidence, module_builders)},
    {"runtime_assemblies", offsetof(ll_heap_evidence, runtime_assemblies)},
    {"xml_generated_types", offsetof(ll_heap_evidence, xml_generated_types)},
    {"dynamic_methods", offsetof(ll_heap_evidence, dynamic_methods)},
};

static void read_composition(jr_reader *rd, const json_t *j, ll_composition *c)
{
    if (json_is_null(j))
        return;
    size_t at = ll__jr_enter(rd, "composition");
    c->present = 1;
    ll__jr_read_doubles(rd, j, c, composition_figures, JR_COUNT_OF(composition_figures), ll__jr_number_or_nan);
    c->generated_looking_assemblies = ll__jr_integer(rd, j, "generated_looking_assemblies");
    json_t *rules = ll__jr_member(rd, j, "rules", ll__jr_is_array, "an array");
    if (rules && json_array_size(rules) != LL_COMPOSITION_RULES)
        ll__jr_fail(rd, "rules", "three rules");
    for (int i = 0; rules && i < LL_COMPOSITION_RULES && !rd->failed; i++) {
        c->rules[i].rule = ll__jr_string(rd, json_array_get(rules, (size_t)i), "rule");
        c->rules[i].fired = ll__jr_boolean(rd, json_array_get(rules, (size_t)i), "fired");
    }
    json_t *heap = ll__jr_member(rd, j, "heap", ll__jr_is_object, "an object");
    ll__jr_read_longs(rd, heap, &c->heap, heap_evidence_counts, JR_COUNT_OF(heap_evidence_counts));
    c->heap.points_at_assemblies = ll__jr_boolean(rd, heap, "points_at_assemblies");
    if (heap && json_object_get(heap, "repeated_type")) {
        c->heap.repeated_type = ll__jr_string(rd, heap, "repeated_type");
        c->heap.repeated_type_tables = ll__jr_integer(rd, heap, "repeated_type_tables");
        c->heap.listing_cut = ll__jr_boolean(rd, heap, "listing_cut");
    }
    ll__jr_strings(rd, j, "notes", &c->notes, &c->note_count);
    c->confirm_with = ll__jr_string(rd, j, "confirm_with");
    ll__jr_leave(rd, at);
}

static void read_failure(jr_reader *rd, const json_t *j, ll_failure *f)
{
    f->iteration = ll__jr_integer(rd, j, "iteration");
    json_t *e = json_object_get(j, "exception");
    if (!e)
        return;
    f->exception_type = ll__jr_string(rd, e, "type");
    f->exception_message = ll__jr_optional_string(rd, e, "message");
    f->exception_stack = ll__jr_optional_string(rd, e, "stack");
}

static void read_plot_series(jr_reader *rd, const json_t *a, ll_plot_series *s, const char *key)
{
    size_t n = json_array_size(a);
    s->buckets = n ? calloc(n, sizeof *s->buckets) : NULL;
    for (size_t b = 0; s->buckets && b < n; b++) {
        json_t *k = json_array_get(a, b);
        double v[5];
        for (size_t i = 0; i < 5; i++) {
            if (json_array_size(k) != 5 || !json_is_number(json_array_get(k, i))) {
                ll__jr_fail(rd, key, "[[x_first, x_last, min, max, mean], ...]");
                return;
            }
            v[i] = json_number_value(json_array_get(k, i));
        }
        s->buckets[s->count++] = (ll_plot_bucket){v[0], v[1], v[2], v[3], v[4]};
    }
}

static void read_plot_groups(jr_reader *rd, const json_t *groups, ll_plot *p)
{
    size_t n = json_array_size(groups);
    p->groups = n ? calloc(n, sizeof *p->groups) : NULL;
    for (size_t i = 0; p->groups && i < n && !rd->failed; i++) {
        json_t *g = json_array_get(groups, i), *points = ll__jr_member(rd, g, "points", ll__jr_is_array, "an array");
        ll_plot_group *out = &p->groups[p->group_count++];
        out->name_pattern = ll__jr_string(rd, g, "name_pattern");
        out->origin = ll__jr_string(rd, g, "origin");
        out->generator = ll__jr_string(rd, g, "generator");
        read_points(rd, points, "groups", &out->points, &out->point_count);
    }
}

#define TREND_FIGURE(name) {#name, offsetof(ll_plot, assembly_trend.name) - offsetof(ll_plot, assembly_trend)}
static const jr_field assembly_trend_figures[] = {
    TREND_FIGURE(pivot_x), TREND_FIGURE(pivot_y), TREND_FIGURE(slope), TREND_FIGURE(slope_low),
    TREND_FIGURE(slope_high), TREND_FIGURE(x_from), TREND_FIGURE(x_to),
};

static void read_plot(jr_reader *rd, const json_t *j, ll_plot *p)
{
    size_t at = ll__jr_enter(rd, "plot");
    p->warmup = ll__jr_number(rd, j, "warmup");
    json_t *series = ll__jr_member(rd, j, "series", ll__jr_is_object, "an object");
    for (int s = 0; series && s < LL_PLOT_SERIES_COUNT; s++) {
        json_t *a = json_object_get(series, ll_plot_series_name(s));
        if (a)
            read_plot_series(rd, a, &p->series[s], ll_plot_series_name(s));
    }
    json_t *unloads = ll__jr_member(rd, j, "unloads", ll__jr_is_array, "an array"), *u;
    size_t i;
    p->unloads = json_array_size(unloads) ? calloc(json_array_size(unloads), sizeof *p->unloads) : NULL;
    json_array_foreach(unloads, i, u) {
        if (!json_is_integer(u))
            ll__jr_fail(rd, "unloads", "iterations");
        else if (p->unloads)
            p->unloads[p->unload_count++] = (long)json_integer_value(u);
    }
    json_t *failures = ll__jr_member(rd, j, "failures", ll__jr_is_array, "an array"), *f;
    p->failures = json_array_size(failures) ? calloc(json_array_size(failures), sizeof *p->failures) : NULL;
    json_array_foreach(failures, i, f) if (p->failures) read_failure(rd, f, &p->failures[p->failure_count++]);
    json_t *trend = ll__jr_member(rd, j, "assembly_trend", ll__jr_is_object_or_null, "an object or null");
    if (json_is_object(trend)) {
        p->has_assembly_trend = 1;
        ll__jr_read_doubles(rd, trend, &p->assembly_trend, assembly_trend_figures, JR_COUNT_OF(assembly_trend_figures),
                     ll__jr_number);
    }
    read_plot_groups(rd, ll__jr_member(rd, j, "groups", ll__jr_is_array, "an array"), p);
    ll__jr_leave(rd, at);
}

static void read_input_and_run(jr_reader *rd, const json_t *root, ll_report *r)
{
    json_t *in = ll__jr_member(rd, root, "input", ll__jr_is_object, "an object");
    size_t at = ll__jr_enter(rd, "input");
    r->input.file = ll__jr_optional_string(rd, in, "file");
    r->input.snapshots = ll__jr_integer(rd, in, "snapshots");
    r->input.iterations = ll__jr_integer(rd, in, "iterations");
    r->input.failed_iterations = ll__jr_integer(rd, in, "failed_iterations");
    r->input.complete = ll__jr_boolean(rd, in, "complete");
    r->input.warmup_iterations = ll__jr_number(rd, in, "warmup_iterations");
    json_t *first = json_object_get(in, "first_failure");
    if (first) {
        r->input.has_first_failure = 1;
        read_failure(rd, first, &r->input.first_failure);
    }
    r->input.ms_per_call = ll__jr_number_or_nan(rd, in, "ms_per_call");
    ll__jr_leave(rd, at);
    json_t *run = ll__jr_member(rd, root, "run", ll__jr_is_object_or_null, "an object or null");
    if (!json_is_object(run))
        return;
    at = ll__jr_enter(rd, "run");
    r->has_run = 1;
    r->run.scenario = ll__jr_optional_string(rd, run, "scenario");
    r->run.context = ll__jr_optional_string(rd, run, "context");
    r->run.entry = ll__jr_optional_string(rd, run, "entry");
    r->run.mono_version = ll__jr_optional_string(rd, run, "mono_version");
    r->run.x_unit = ll__jr_string(rd, run, "x_unit");
    /* Absent from results of series made before runtimes were named. */
    json_t *runtime = json_object_get(run, "runtime") ? ll__jr_member(rd, run, "runtime", ll__jr_is_object, "an object")
                                                      : NULL;
    if (runtime) {
        size_t in_run = ll__jr_enter(rd, "runtime");
        r->run.runtime = ll__jr_string(rd, runtime, "name");
        r->run.runtime_version = ll__jr_optional_string(rd, runtime, "version");
        ll__jr_leave(rd, in_run);
    }
    ll__jr_leave(rd, at);
}

static void read_thresholds_and_budget(jr_reader *rd, const json_t *root, ll_report *r)
{
    json_t *t = ll__jr_member(rd, root, "thresholds", ll__jr_is_object, "an object");
    size_t at = ll__jr_enter(rd, "thresholds");
    r->thresholds.alpha = ll__jr_number(rd, t, "alpha");
    json_t *floors = ll__jr_member(rd, t, "floors", ll__jr_is_object, "an object");
    for (int k = 0; floors && k < LL_SERIES_COUNT; k++)
        r->thresholds.floors[k] = ll__jr_number(rd, floors, ll_series_name(k));
    r->thresholds.min_share_per_iteration = ll__jr_number(rd, t, "min_share_per_iteration");
    long min_points = ll__jr_integer(rd, t, "min_points");
    r->thresholds.min_points = min_points > 0 ? (size_t)min_points : 0;
    ll__jr_leave(rd, at);
    json_t *budget = ll__jr_member(rd, root, "budget", ll__jr_is_object, "an object");
    at = ll__jr_enter(rd, "budget");
    for (int k = 0; budget && k < LL_SERIES_COUNT; k++) {
        json_t *b = json_object_get(budget, ll_series_name(k));
        if (!b)
            continue;
        r->budget[k].present = 1;
        r->budget[k].limit = ll__jr_number(rd, b, "limit");
        r->budget[k].exceeded = ll__jr_boolean(rd, b, "exceeded");
        r->budget[k].derived = json_object_get(b, "derived") && ll__jr_boolean(rd, b, "derived");
    }
    ll__jr_leave(rd, at);
}

static void read_top(jr_reader *rd, const json_t *j, ll_report *r)
{
    r->verdict = (ll_verdict)ll__jr_one_of(rd, j, "verdict", ll__jr_verdict_name, 3);
    r->kind = (ll_leak_kind)ll__jr_one_of(rd, j, "kind", ll__jr_kind_name, 5);
    r->basis = (ll_basis)ll__jr_one_of(rd, j, "basis", ll__jr_basis_name, 4);
    r->suspected = ll__jr_boolean(rd, j, "suspected");
    json_t *shares = ll__jr_member(rd, j, "kind_shares", ll__jr_is_object_or_null, "an object or null");
    if (json_is_object(shares)) {
        r->has_shares = 1;
        r->share_assembly = ll__jr_number(rd, shares, "assembly");
        r->share_managed = ll__jr_number(rd, shares, "managed");
        r->share_native = ll__jr_number(rd, shares, "native");
    }
    json_t *split = ll__jr_member(rd, j, "memory_split", ll__jr_is_object_or_null, "an object or null");
    if (json_is_object(split)) {
        r->has_memory_split = 1;
        r->split_gc_heap = ll__jr_number(rd, split, "gc_heap");
        r->split_outside_gc_heap = ll__jr_number(rd, split, "outside_gc_heap");
    }
    json_t *projection = ll__jr_member(rd, j, "projection", ll__jr_is_object_or_null, "an object or null");
    if (json_is_object(projection)) {
        r->has_projection = 1;
        r->projection_bytes_per_iteration = ll__jr_number(rd, projection, "bytes_per_iteration");
        if (!(r->projection_bytes_per_iteration > 0))
            ll__jr_fail(rd, "projection.bytes_per_iteration", "a positive number");
    }
    json_t *severity = ll__jr_member(rd, j, "severity", ll__jr_is_object_or_null, "an object or null");
    if (severity)
        ll__severity_read(rd, severity, &r->severity);
    r->verdict_note = ll__jr_optional_string(rd, j, "verdict_note");
    json_t *more = ll__jr_member(rd, j, "more_iterations_needed", ll__jr_is_number_or_null, "a whole number or null");
    r->more_iterations_needed = json_is_integer(more) ? (long)json_integer_value(more) : 0;
}

ll_report *ll_report_from_json(const json_t *j, const char *name, ll_error *err)
{
    jr_reader rd = {.name = name, .err = err};
    ll_report *r = ll_result_new();
    if (!r) {
        ll_error_set(err, "%s: out of memory", name);
        return NULL;
    }
    if (!json_is_object(j))
        ll__jr_fail(&rd, "(top)", "a JSON report object");
    else
        read_top(&rd, j, r);
    json_t *growth = rd.failed ? NULL : ll__jr_member(&rd, j, "growth", ll__jr_is_object, "an object");
    size_t at = ll__jr_enter(&rd, "growth");
    for (int k = 0; growth && k < LL_SERIES_COUNT; k++) {
        json_t *g = json_object_get(growth, ll_series_name(k));
        if (!json_is_object(g))
            ll__jr_fail(&rd, ll_series_name(k), "an object");
        else
            read_growth(&rd, g, k, &r->growth[k]);
    }
    ll__jr_leave(&rd, at);
    json_t *suspects = rd.failed ? NULL : ll__jr_member(&rd, j, "suspects", ll__jr_is_array, "an array"), *s;
    size_t i;
    json_array_foreach(suspects, i, s) if (!rd.failed) read_suspect(&rd, s, r);
    if (!rd.failed)
        read_growth_by_type(&rd, j, r);
    if (!rd.failed)
        read_composition(&rd, ll__jr_member(&rd, j, "composition", ll__jr_is_object_or_null, "an object or null"), &r->composition);
    json_t *diff = rd.failed ? NULL : ll__jr_member(&rd, j, "diff", ll__jr_is_object_or_null, "an object or null");
    if (json_is_object(diff))
        r->diff = ll__dump_growth_read(&rd, diff);
    if (!rd.failed)
        read_plot(&rd, ll__jr_member(&rd, j, "plot", ll__jr_is_object, "an object"), &r->plot);
    if (!rd.failed) {
        read_input_and_run(&rd, j, r);
        read_thresholds_and_budget(&rd, j, r);
    }
    json_t *views = rd.failed ? NULL : ll__jr_member(&rd, j, "views", ll__jr_is_object_or_null, "an object or null");
    if (json_is_object(views)) {
        r->has_views = 1;
        ll__views_read(&rd, views, &r->views);
    }
    if (!rd.failed)
        ll__jr_strings(&rd, j, "warnings", &r->warnings, &r->warning_count);
    if (rd.failed) {
        ll_result_free(r);
        return NULL;
    }
    return r;
}
