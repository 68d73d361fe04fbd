/* A saved JSON report (`leaklab analyze --format json`) read back into the
 * typed result, so `leaklab report RESULT.json` renders it like a fresh
 * analysis. Strict: a missing or mistyped field is an error naming the
 * file and the field's path (e.g. "growth.rss.ci95"); nothing is
 * defaulted. The inverse of report_json.c. */
#include "leaklab/report.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reading state: the file's name, the path of the object being read, and
 * the first error (later ones are ignored). */
typedef struct reader {
    const char *name;
    char path[192];
    ll_error *err;
    int failed;
} reader;

static void fail(reader *rd, const char *key, const char *expected)
{
    if (rd->failed++)
        return;
    ll_error_set(rd->err, "%s: field '%s%s%s': expected %s", rd->name, rd->path, rd->path[0] ? "." : "", key, expected);
}

/* Enters the object KEY for the path of messages; leave with leave(). */
static size_t enter(reader *rd, const char *key)
{
    size_t len = strlen(rd->path);
    snprintf(rd->path + len, sizeof rd->path - len, "%s%s", len ? "." : "", key);
    return len;
}

static void leave(reader *rd, size_t len)
{
    rd->path[len] = '\0';
}

static json_t *member(reader *rd, const json_t *obj, const char *key, int (*is)(const json_t *), const char *expected)
{
    json_t *v = json_object_get(obj, key);
    if (!v || !is(v)) {
        fail(rd, key, expected);
        return NULL;
    }
    return v;
}

static int is_number(const json_t *v) { return json_is_number(v); }
static int is_integer(const json_t *v) { return json_is_integer(v); }
static int is_string(const json_t *v) { return json_is_string(v); }
static int is_boolean(const json_t *v) { return json_is_boolean(v); }
static int is_object(const json_t *v) { return json_is_object(v); }
static int is_array(const json_t *v) { return json_is_array(v); }
static int is_object_or_null(const json_t *v) { return json_is_object(v) || json_is_null(v); }
static int is_number_or_null(const json_t *v) { return json_is_number(v) || json_is_null(v); }

static double number(reader *rd, const json_t *obj, const char *key)
{
    json_t *v = member(rd, obj, key, is_number, "a number");
    return v ? json_number_value(v) : NAN;
}

/* A number, or null (NAN). */
static double number_or_nan(reader *rd, const json_t *obj, const char *key)
{
    json_t *v = member(rd, obj, key, is_number_or_null, "a number or null");
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* An optional number: absent gives NAN. */
static double optional_number(reader *rd, const json_t *obj, const char *key)
{
    return json_object_get(obj, key) ? number(rd, obj, key) : NAN;
}

static long integer(reader *rd, const json_t *obj, const char *key)
{
    json_t *v = member(rd, obj, key, is_integer, "a whole number");
    return v ? (long)json_integer_value(v) : 0;
}

static int boolean(reader *rd, const json_t *obj, const char *key)
{
    return json_is_true(member(rd, obj, key, is_boolean, "true or false"));
}

static char *string(reader *rd, const json_t *obj, const char *key)
{
    json_t *v = member(rd, obj, key, is_string, "a string");
    return v ? strdup(json_string_value(v)) : NULL;
}

/* An optional string: absent or null gives NULL. */
static char *optional_string(reader *rd, const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        fail(rd, key, "a string");
        return NULL;
    }
    return strdup(json_string_value(v));
}

static void pair(reader *rd, const json_t *obj, const char *key, double out[2])
{
    json_t *v = member(rd, obj, key, is_array, "[low, high]");
    if (v && (json_array_size(v) != 2 || !json_is_number(json_array_get(v, 0)) ||
              !json_is_number(json_array_get(v, 1)))) {
        fail(rd, key, "[low, high]");
        return;
    }
    out[0] = json_number_value(json_array_get(v, 0));
    out[1] = json_number_value(json_array_get(v, 1));
}

/* Index of NAME in NAMES, or -1 after failing on KEY. */
static int one_of(reader *rd, const json_t *obj, const char *key, const char *(*name_of)(int), int count)
{
    json_t *v = member(rd, obj, key, is_string, "a string");
    for (int i = 0; v && i < count; i++)
        if (strcmp(json_string_value(v), name_of(i)) == 0)
            return i;
    if (v)
        fail(rd, key, "one of the names README.md lists");
    return -1;
}

static const char *verdict_name(int i) { return ll_verdict_name((ll_verdict)i); }
static const char *kind_name(int i) { return ll_leak_kind_name((ll_leak_kind)i); }
static const char *basis_name(int i) { return ll_basis_name((ll_basis)i); }
static const char *grade_name(int i) { return ll_grade_name((ll_grade)i); }

static void strings(reader *rd, const json_t *obj, const char *key, char ***list, size_t *count)
{
    json_t *a = member(rd, obj, key, is_array, "an array of strings"), *s;
    size_t i;
    json_array_foreach(a, i, s) {
        if (!json_is_string(s)) {
            fail(rd, key, "an array of strings");
            return;
        }
        ll_string_list_add(list, count, json_string_value(s));
    }
}

static void read_severity(reader *rd, const json_t *j, ll_severity *s)
{
    if (json_is_null(j))
        return;
    s->present = 1;
    s->grade = (ll_grade)one_of(rd, j, "grade", grade_name, 3);
    s->bytes_per_iteration = number(rd, j, "bytes_per_iteration");
    if (json_object_get(j, "ci95")) {
        s->has_ci95 = 1;
        pair(rd, j, "ci95", s->ci95);
    }
}

static void read_growth(reader *rd, const json_t *j, ll_series_id k, ll_growth *g)
{
    size_t at = enter(rd, ll_series_name(k));
    g->verdict = (ll_verdict)one_of(rd, j, "verdict", verdict_name, 3);
    g->measured = boolean(rd, j, "measured");
    if (!json_is_null(json_object_get(j, "per_iteration"))) {
        g->per_iteration = number(rd, j, "per_iteration");
        pair(rd, j, "ci95", g->ci95);
        json_t *mk = member(rd, j, "mann_kendall", is_object, "an object");
        size_t mk_at = enter(rd, "mann_kendall");
        g->mk_s = number(rd, mk, "s");
        g->mk_z = number(rd, mk, "z");
        g->p_value = number(rd, mk, "p_value");
        g->tau = number(rd, mk, "tau");
        leave(rd, mk_at);
        long points = integer(rd, j, "points");
        if (points < 1)
            fail(rd, "points", "a count of 1 or more");
        g->points = (size_t)(points > 0 ? points : 0);
        g->floor = number(rd, j, "floor");
        g->significant = boolean(rd, j, "significant");
        g->above_floor = boolean(rd, j, "above_floor");
        g->still_growing = boolean(rd, j, "still_growing");
        g->last_half_fitted = !json_is_null(json_object_get(j, "last_half_per_iteration"));
        if (g->last_half_fitted) {
            g->last_half_per_iteration = number(rd, j, "last_half_per_iteration");
            pair(rd, j, "last_half_ci95", g->last_half_ci95);
        }
        json_t *below = json_object_get(j, "below_resolution"), *levelled = json_object_get(j, "levelled_off");
        if (below) {
            g->small = LL_SMALL_GROWTH_BELOW_RESOLUTION;
            g->small_at_most = number(rd, below, "at_most");
        } else if (levelled) {
            g->small = LL_SMALL_GROWTH_LEVELLED_OFF;
            g->small_at_most = number(rd, levelled, "last_half_at_most");
        }
    }
    json_t *severity = json_object_get(j, "severity");
    if (severity)
        read_severity(rd, severity, &g->severity);
    leave(rd, at);
}

static void read_suspect(reader *rd, const json_t *j, ll_report *r)
{
    ll_suspect *s = ll_report_add_suspect(r);
    if (!s || !json_is_object(j)) {
        fail(rd, "suspects", "an array of objects");
        return;
    }
    s->name_pattern = string(rd, j, "name_pattern");
    s->origin = string(rd, j, "origin");
    s->version = string(rd, j, "version");
    s->loaded = integer(rd, j, "loaded");
    s->signature = string(rd, j, "signature");
    s->generator = string(rd, j, "generator");
    s->fix = string(rd, j, "fix");
    strings(rd, j, "examples", &s->examples, &s->example_count);
    json_t *source = json_object_get(j, "source");
    if (source && (!json_is_string(source) || strcmp(json_string_value(source), "growing_type") != 0))
        fail(rd, "source", "\"growing_type\" or absent");
    s->source = source                       ? LL_SUSPECT_GROWING_TYPE
                : json_object_get(j, "seen") ? LL_SUSPECT_GROUP
                                             : LL_SUSPECT_HEAP_TABLE;
    if (s->source == LL_SUSPECT_GROUP)
        s->seen = integer(rd, j, "seen");
    s->per_iteration = optional_number(rd, j, "per_iteration");
    s->p_value = optional_number(rd, j, "p_value");
    s->bytes_per_assembly = optional_number(rd, j, "bytes_per_assembly");
}

/* POINTS, [[x, y], ...], into *OUT (malloc'd); fails on KEY. */
static void read_points(reader *rd, const json_t *points, const char *key, double (**out)[2], size_t *count)
{
    size_t m = json_array_size(points);
    *out = m ? calloc(m, sizeof **out) : NULL;
    for (size_t k = 0; *out && k < m; k++) {
        json_t *pt = json_array_get(points, k);
        if (json_array_size(pt) != 2 || !json_is_number(json_array_get(pt, 0)) ||
            !json_is_number(json_array_get(pt, 1))) {
            fail(rd, key, "points as [x, y]");
            return;
        }
        (*out)[*count][0] = json_number_value(json_array_get(pt, 0));
        (*out)[(*count)++][1] = json_number_value(json_array_get(pt, 1));
    }
}

static void read_type_growth(reader *rd, const json_t *j, ll_type_growth *g)
{
    if (!json_is_object(j)) {
        fail(rd, "growth_by_type", "an array of objects");
        return;
    }
    g->type = string(rd, j, "type");
    g->count_per_iteration = number_or_nan(rd, j, "count_per_iteration");
    g->bytes_per_iteration = number_or_nan(rd, j, "bytes_per_iteration");
    if (json_is_null(json_object_get(j, "ci95")))
        g->ci95[0] = g->ci95[1] = NAN;
    else
        pair(rd, j, "ci95", g->ci95);
    g->share = number_or_nan(rd, j, "share");
    int v = one_of(rd, j, "verdict", verdict_name, 3);
    g->verdict = v < 0 ? LL_INCONCLUSIVE : (ll_verdict)v;
    g->first_count = number_or_nan(rd, j, "first_count");
    g->last_count = number_or_nan(rd, j, "last_count");
    g->first_bytes = number_or_nan(rd, j, "first_bytes");
    g->last_bytes = number_or_nan(rd, j, "last_bytes");
    read_points(rd, member(rd, j, "points", is_array, "an array"), "points", &g->points, &g->point_count);
}

static void read_growth_by_type(reader *rd, const json_t *j, ll_report *r)
{
    json_t *types = json_object_get(j, "growth_by_type");
    if (!types)
        return;
    if (!json_is_array(types) || json_array_size(types) > LL_GROWTH_BY_TYPE_MAX) {
        fail(rd, "growth_by_type", "an array of at most 20 objects");
        return;
    }
    json_t *basis = json_object_get(j, "growth_by_type_basis");
    if (!json_is_string(basis) || (strcmp(json_string_value(basis), "trend") != 0 &&
                                   strcmp(json_string_value(basis), "first_to_last") != 0)) {
        fail(rd, "growth_by_type_basis", "\"trend\" or \"first_to_last\"");
        return;
    }
    r->growth_by_type_by_trend = strcmp(json_string_value(basis), "trend") == 0;
    size_t at = enter(rd, "growth_by_type");
    r->has_growth_by_type = 1;
    r->growth_by_type = calloc(json_array_size(types) + 1, sizeof *r->growth_by_type);
    for (size_t i = 0; r->growth_by_type && i < json_array_size(types) && !rd->failed; i++)
        read_type_growth(rd, json_array_get(types, i), &r->growth_by_type[r->growth_by_type_count++]);
    leave(rd, at);
}

static void read_composition(reader *rd, const json_t *j, ll_composition *c)
{
    if (json_is_null(j))
        return;
    size_t at = enter(rd, "composition");
    c->present = 1;
    c->committed_bytes = number_or_nan(rd, j, "committed_bytes");
    c->managed_bytes = number_or_nan(rd, j, "managed_bytes");
    c->managed_share = number_or_nan(rd, j, "managed_share");
    c->loader_heap_bytes = number_or_nan(rd, j, "loader_heap_bytes");
    c->loader_heap_share = number_or_nan(rd, j, "loader_heap_share");
    c->native_heap_bytes = number_or_nan(rd, j, "native_heap_bytes");
    c->assemblies_loaded = number_or_nan(rd, j, "assemblies_loaded");
    c->generated_looking_assemblies = integer(rd, j, "generated_looking_assemblies");
    json_t *rules = member(rd, j, "rules", is_array, "an array");
    if (rules && json_array_size(rules) != LL_COMPOSITION_RULES)
        fail(rd, "rules", "three rules");
    for (int i = 0; rules && i < LL_COMPOSITION_RULES && !rd->failed; i++) {
        c->rules[i].rule = string(rd, json_array_get(rules, (size_t)i), "rule");
        c->rules[i].fired = boolean(rd, json_array_get(rules, (size_t)i), "fired");
    }
    json_t *heap = member(rd, j, "heap", is_object, "an object");
    c->heap.assembly_builders = integer(rd, heap, "assembly_builders");
    c->heap.module_builders = integer(rd, heap, "module_builders");
    c->heap.runtime_assemblies = integer(rd, heap, "runtime_assemblies");
    c->heap.xml_generated_types = integer(rd, heap, "xml_generated_types");
    c->heap.dynamic_methods = integer(rd, heap, "dynamic_methods");
    c->heap.points_at_assemblies = boolean(rd, heap, "points_at_assemblies");
    strings(rd, j, "notes", &c->notes, &c->note_count);
    c->confirm_with = string(rd, j, "confirm_with");
    leave(rd, at);
}

static void read_failure(reader *rd, const json_t *j, ll_failure *f)
{
    f->iteration = integer(rd, j, "iteration");
    json_t *e = json_object_get(j, "exception");
    if (!e)
        return;
    f->exception_type = string(rd, e, "type");
    f->exception_message = optional_string(rd, e, "message");
    f->exception_stack = optional_string(rd, e, "stack");
}

static void read_plot_series(reader *rd, const json_t *a, ll_plot_series *s, const char *key)
{
    size_t n = json_array_size(a);
    s->buckets = n ? calloc(n, sizeof *s->buckets) : NULL;
    for (size_t b = 0; s->buckets && b < n; b++) {
        json_t *k = json_array_get(a, b);
        double v[5];
        for (size_t i = 0; i < 5; i++) {
            if (json_array_size(k) != 5 || !json_is_number(json_array_get(k, i))) {
                fail(rd, key, "[[x_first, x_last, min, max, mean], ...]");
                return;
            }
            v[i] = json_number_value(json_array_get(k, i));
        }
        s->buckets[s->count++] = (ll_plot_bucket){v[0], v[1], v[2], v[3], v[4]};
    }
}

static void read_plot_groups(reader *rd, const json_t *groups, ll_plot *p)
{
    size_t n = json_array_size(groups);
    p->groups = n ? calloc(n, sizeof *p->groups) : NULL;
    for (size_t i = 0; p->groups && i < n && !rd->failed; i++) {
        json_t *g = json_array_get(groups, i), *points = member(rd, g, "points", is_array, "an array");
        ll_plot_group *out = &p->groups[p->group_count++];
        out->name_pattern = string(rd, g, "name_pattern");
        out->origin = string(rd, g, "origin");
        out->generator = string(rd, g, "generator");
        read_points(rd, points, "groups", &out->points, &out->point_count);
    }
}

static void read_plot(reader *rd, const json_t *j, ll_plot *p)
{
    size_t at = enter(rd, "plot");
    p->warmup = number(rd, j, "warmup");
    json_t *series = member(rd, j, "series", is_object, "an object");
    for (int s = 0; series && s < LL_PLOT_SERIES_COUNT; s++) {
        json_t *a = json_object_get(series, ll_plot_series_name(s));
        if (a)
            read_plot_series(rd, a, &p->series[s], ll_plot_series_name(s));
    }
    json_t *unloads = member(rd, j, "unloads", is_array, "an array"), *u;
    size_t i;
    p->unloads = json_array_size(unloads) ? calloc(json_array_size(unloads), sizeof *p->unloads) : NULL;
    json_array_foreach(unloads, i, u) {
        if (!json_is_integer(u))
            fail(rd, "unloads", "iterations");
        else if (p->unloads)
            p->unloads[p->unload_count++] = (long)json_integer_value(u);
    }
    json_t *failures = member(rd, j, "failures", is_array, "an array"), *f;
    p->failures = json_array_size(failures) ? calloc(json_array_size(failures), sizeof *p->failures) : NULL;
    json_array_foreach(failures, i, f) if (p->failures) read_failure(rd, f, &p->failures[p->failure_count++]);
    json_t *trend = member(rd, j, "assembly_trend", is_object_or_null, "an object or null");
    if (json_is_object(trend)) {
        p->has_assembly_trend = 1;
        p->assembly_trend.pivot_x = number(rd, trend, "pivot_x");
        p->assembly_trend.pivot_y = number(rd, trend, "pivot_y");
        p->assembly_trend.slope = number(rd, trend, "slope");
        p->assembly_trend.slope_low = number(rd, trend, "slope_low");
        p->assembly_trend.slope_high = number(rd, trend, "slope_high");
        p->assembly_trend.x_from = number(rd, trend, "x_from");
        p->assembly_trend.x_to = number(rd, trend, "x_to");
    }
    read_plot_groups(rd, member(rd, j, "groups", is_array, "an array"), p);
    leave(rd, at);
}

static void read_input_and_run(reader *rd, const json_t *root, ll_report *r)
{
    json_t *in = member(rd, root, "input", is_object, "an object");
    size_t at = enter(rd, "input");
    r->input.file = optional_string(rd, in, "file");
    r->input.snapshots = integer(rd, in, "snapshots");
    r->input.iterations = integer(rd, in, "iterations");
    r->input.failed_iterations = integer(rd, in, "failed_iterations");
    r->input.complete = boolean(rd, in, "complete");
    r->input.warmup_iterations = number(rd, in, "warmup_iterations");
    json_t *first = json_object_get(in, "first_failure");
    if (first) {
        r->input.has_first_failure = 1;
        read_failure(rd, first, &r->input.first_failure);
    }
    r->input.ms_per_call = number_or_nan(rd, in, "ms_per_call");
    leave(rd, at);
    json_t *run = member(rd, root, "run", is_object_or_null, "an object or null");
    if (!json_is_object(run))
        return;
    at = enter(rd, "run");
    r->has_run = 1;
    r->run.scenario = optional_string(rd, run, "scenario");
    r->run.context = optional_string(rd, run, "context");
    r->run.entry = optional_string(rd, run, "entry");
    r->run.mono_version = optional_string(rd, run, "mono_version");
    r->run.x_unit = string(rd, run, "x_unit");
    leave(rd, at);
}

static void read_thresholds_and_budget(reader *rd, const json_t *root, ll_report *r)
{
    json_t *t = member(rd, root, "thresholds", is_object, "an object");
    size_t at = enter(rd, "thresholds");
    r->thresholds.alpha = number(rd, t, "alpha");
    json_t *floors = member(rd, t, "floors", is_object, "an object");
    for (int k = 0; floors && k < LL_SERIES_COUNT; k++)
        r->thresholds.floors[k] = number(rd, floors, ll_series_name(k));
    r->thresholds.min_share_per_iteration = number(rd, t, "min_share_per_iteration");
    long min_points = integer(rd, t, "min_points");
    r->thresholds.min_points = min_points > 0 ? (size_t)min_points : 0;
    leave(rd, at);
    json_t *budget = member(rd, root, "budget", is_object, "an object");
    at = enter(rd, "budget");
    for (int k = 0; budget && k < LL_SERIES_COUNT; k++) {
        json_t *b = json_object_get(budget, ll_series_name(k));
        if (!b)
            continue;
        r->budget[k].present = 1;
        r->budget[k].limit = number(rd, b, "limit");
        r->budget[k].exceeded = boolean(rd, b, "exceeded");
        r->budget[k].derived = json_object_get(b, "derived") && boolean(rd, b, "derived");
    }
    leave(rd, at);
}

/* The views hold the first and last snapshot records; a saved report has
 * what the views showed of them, which is all a renderer reads. */
static void read_views(reader *rd, const json_t *v, ll_views *views)
{
    size_t at = enter(rd, "views");
    json_t *first = json_object(), *last = json_object(), *fm = json_object(), *lm = json_object();
    json_object_set_new(first, LL_FIELD_MEMORY, fm);
    json_object_set_new(last, LL_FIELD_MEMORY, lm);
    views->first_snapshot = first;
    views->last_snapshot = last;
    json_t *rows = member(rd, v, "address_summary", is_array, "an array"), *row;
    size_t i;
    json_array_foreach(rows, i, row) {
        const char *kind = json_string_value(json_object_get(row, "kind"));
        json_t *f = json_object_get(row, "first"), *l = json_object_get(row, "last");
        if (!kind || !json_is_object(l) || (f && !json_is_object(f))) {
            fail(rd, "address_summary", "rows {kind, first, last}");
            break;
        }
        if (f)
            json_object_set(fm, kind, f);
        json_object_set(lm, kind, l);
    }
    static const struct {
        const char *view, *field;
    } pairs[] = {{"gc_heap", LL_FIELD_GC}, {"malloc", LL_FIELD_MALLOC}};
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        json_t *both = member(rd, v, pairs[p].view, is_object, "an object {first, last}");
        if (json_object_get(both, "first"))
            json_object_set(first, pairs[p].field, json_object_get(both, "first"));
        if (json_object_get(both, "last"))
            json_object_set(last, pairs[p].field, json_object_get(both, "last"));
    }
    json_t *counters = member(rd, v, "runtime_counters_moved", is_array, "an array"), *c;
    views->counters_moved = json_array_size(counters) ? calloc(json_array_size(counters), sizeof *views->counters_moved) : NULL;
    json_array_foreach(counters, i, c) if (views->counters_moved) views->counters_moved[views->counter_move_count++] =
        (ll_counter_move){string(rd, c, "counter"), integer(rd, c, "first"), integer(rd, c, "last")};
    json_t *domains = member(rd, v, "domains", is_object, "an object");
    json_t *by_domain = json_object_get(domains, "by_domain");
    if (by_domain)
        json_object_set_new(last, LL_FIELD_ASSEMBLIES, json_pack("{sO}", LL_FIELD_BY_DOMAIN, by_domain));
    json_t *groups = member(rd, domains, "repeated_groups", is_array, "an array"), *g;
    views->repeated_groups = json_array_size(groups) ? calloc(json_array_size(groups), sizeof *views->repeated_groups) : NULL;
    json_array_foreach(groups, i, g) {
        if (!views->repeated_groups)
            break;
        ll_repeated_group *out = &views->repeated_groups[views->repeated_group_count++];
        out->name_pattern = string(rd, g, "name_pattern");
        out->origin = string(rd, g, "origin");
        out->loaded = integer(rd, g, "loaded");
        strings(rd, g, "examples", &out->examples, &out->example_count);
    }
    views->modules = json_incref(member(rd, v, "modules", is_array, "an array"));
    json_t *dumpheap = json_object_get(v, "dumpheap");
    if (dumpheap)
        json_object_set(last, LL_FIELD_DUMPHEAP, dumpheap);
    leave(rd, at);
}

static void read_top(reader *rd, const json_t *j, ll_report *r)
{
    r->verdict = (ll_verdict)one_of(rd, j, "verdict", verdict_name, 3);
    r->kind = (ll_leak_kind)one_of(rd, j, "kind", kind_name, 5);
    r->basis = (ll_basis)one_of(rd, j, "basis", basis_name, 4);
    r->suspected = boolean(rd, j, "suspected");
    json_t *shares = member(rd, j, "kind_shares", is_object_or_null, "an object or null");
    if (json_is_object(shares)) {
        r->has_shares = 1;
        r->share_assembly = number(rd, shares, "assembly");
        r->share_managed = number(rd, shares, "managed");
        r->share_native = number(rd, shares, "native");
    }
    json_t *split = member(rd, j, "memory_split", is_object_or_null, "an object or null");
    if (json_is_object(split)) {
        r->has_memory_split = 1;
        r->split_gc_heap = number(rd, split, "gc_heap");
        r->split_outside_gc_heap = number(rd, split, "outside_gc_heap");
    }
    json_t *projection = member(rd, j, "projection", is_object_or_null, "an object or null");
    if (json_is_object(projection)) {
        r->has_projection = 1;
        r->projection_bytes_per_iteration = number(rd, projection, "bytes_per_iteration");
        if (!(r->projection_bytes_per_iteration > 0))
            fail(rd, "projection.bytes_per_iteration", "a positive number");
    }
    json_t *severity = member(rd, j, "severity", is_object_or_null, "an object or null");
    if (severity)
        read_severity(rd, severity, &r->severity);
    r->verdict_note = optional_string(rd, j, "verdict_note");
    json_t *more = member(rd, j, "more_iterations_needed", is_number_or_null, "a whole number or null");
    r->more_iterations_needed = json_is_integer(more) ? (long)json_integer_value(more) : 0;
}

ll_report *ll_report_from_json(const json_t *j, const char *name, ll_error *err)
{
    reader rd = {.name = name, .err = err};
    ll_report *r = ll_report_new();
    if (!r) {
        ll_error_set(err, "%s: out of memory", name);
        return NULL;
    }
    if (!json_is_object(j))
        fail(&rd, "(top)", "a JSON report object");
    else
        read_top(&rd, j, r);
    json_t *growth = rd.failed ? NULL : member(&rd, j, "growth", is_object, "an object");
    size_t at = enter(&rd, "growth");
    for (int k = 0; growth && k < LL_SERIES_COUNT; k++) {
        json_t *g = json_object_get(growth, ll_series_name(k));
        if (!json_is_object(g))
            fail(&rd, ll_series_name(k), "an object");
        else
            read_growth(&rd, g, k, &r->growth[k]);
    }
    leave(&rd, at);
    json_t *suspects = rd.failed ? NULL : member(&rd, j, "suspects", is_array, "an array"), *s;
    size_t i;
    json_array_foreach(suspects, i, s) if (!rd.failed) read_suspect(&rd, s, r);
    if (!rd.failed)
        read_growth_by_type(&rd, j, r);
    if (!rd.failed)
        read_composition(&rd, member(&rd, j, "composition", is_object_or_null, "an object or null"), &r->composition);
    json_t *diff = json_object_get(j, "diff");
    if (json_is_object(diff))
        r->diff = json_incref(diff);
    if (!rd.failed)
        read_plot(&rd, member(&rd, j, "plot", is_object, "an object"), &r->plot);
    if (!rd.failed) {
        read_input_and_run(&rd, j, r);
        read_thresholds_and_budget(&rd, j, r);
    }
    json_t *views = rd.failed ? NULL : member(&rd, j, "views", is_object_or_null, "an object or null");
    if (json_is_object(views)) {
        r->has_views = 1;
        read_views(&rd, views, &r->views);
    }
    if (!rd.failed)
        strings(&rd, j, "warnings", &r->warnings, &r->warning_count);
    if (rd.failed) {
        ll_report_free(r);
        return NULL;
    }
    return r;
}
