/* The JSON report (`leaklab analyze --format json`, README.md "The JSON
 * report"): the typed result, field for field, in a fixed key order, so
 * scripts and the corpus's baselines can rely on it. */
#include "report_json.h"
#include "report_json_diff.h"
#include "report_json_views.h"
#include "leaklab/text.h"

#include <math.h>
#include <string.h>

static json_t *number_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}






static json_t *growth_json(ll_series_id k, const ll_growth *g)
{
    json_t *j = json_pack("{ss ss ss}", "unit", ll_series_unit(k), "meaning", ll_series_meaning(k), "verdict",
                          ll_verdict_name(g->verdict));
    json_object_update_new(j, ll__slope_json(g, "per_iteration"));
    if (g->points) {
        json_object_set_new(j, "mann_kendall", json_pack("{sf sf sf sf}", "s", g->mk_s, "z", g->mk_z, "p_value",
                                                         g->p_value, "tau", g->tau));
        json_object_set_new(j, "points", json_integer((json_int_t)g->points));
        json_object_set_new(j, "floor", json_real(g->floor));
        json_object_set_new(j, "significant", json_boolean(g->significant));
        json_object_set_new(j, "above_floor", json_boolean(g->above_floor));
        json_object_set_new(j, "last_half_per_iteration",
                            g->last_half_fitted ? json_real(g->last_half_per_iteration) : json_null());
        json_object_set_new(j, "last_half_ci95", g->last_half_fitted ? ll__pair_json(g->last_half_ci95) : json_null());
        json_object_set_new(j, "still_growing", json_boolean(g->still_growing));
        if (g->small == LL_SMALL_GROWTH_BELOW_RESOLUTION)
            json_object_set_new(j, "below_resolution",
                                json_pack("{sf sf}", "at_most", g->small_at_most, "floor", g->floor));
        else if (g->small == LL_SMALL_GROWTH_LEVELLED_OFF)
            json_object_set_new(j, "levelled_off", json_pack("{sf}", "last_half_at_most", g->small_at_most));
    }
    json_object_set_new(j, "measured", json_boolean(g->measured));
    if (g->severity.present)
        json_object_set_new(j, "severity", ll__severity_json(&g->severity));
    return j;
}

/* [[x, y], ...] */
static json_t *points_json(const double (*points)[2], size_t count)
{
    json_t *j = json_array();
    for (size_t k = 0; k < count; k++)
        json_array_append_new(j, ll__pair_json(points[k]));
    return j;
}

/* The holder of a suspect, when the analysis named one. */
static json_t *with_holder(json_t *j, const ll_suspect *s)
{
    if (j && s->kept_by)
        json_object_set_new(j, "kept_by", json_string(s->kept_by));
    if (j && s->retention)
        json_object_set_new(j, "retention", ll__retention_json(s->retention));
    return j;
}

static json_t *suspect_json(const ll_suspect *s)
{
    json_t *examples = ll__strings_json(s->examples, s->example_count);
    if (s->source == LL_SUSPECT_GROWING_TYPE || s->source == LL_SUSPECT_LOOK_AT || s->source == LL_SUSPECT_GCROOT) {
        json_t *j = json_pack("{ss ss ss ss sI ss ss ss so}", "source",
                              s->source == LL_SUSPECT_LOOK_AT ? "look_at"
                              : s->source == LL_SUSPECT_GCROOT ? "gcroot"
                                                                : "growing_type",
                              "name_pattern",
                              s->name_pattern, "origin", s->origin, "version", s->version, "loaded",
                              (json_int_t)s->loaded, "signature", s->signature, "generator", s->generator, "fix",
                              s->fix, "examples", examples);
        if (!isnan(s->per_iteration))
            json_object_set_new(j, "per_iteration", json_real(s->per_iteration));
        return j;
    }
    if (s->source == LL_SUSPECT_HEAP_TABLE)
        return json_pack("{ss ss ss sI ss ss ss so}", "name_pattern", s->name_pattern, "origin", s->origin, "version",
                         s->version, "loaded", (json_int_t)s->loaded, "signature", s->signature, "generator",
                         s->generator, "fix", s->fix, "examples", examples);
    json_t *j = json_pack("{ss ss ss sI sI so ss ss ss}", "name_pattern", s->name_pattern, "origin", s->origin,
                          "version", s->version, "loaded", (json_int_t)s->loaded, "seen", (json_int_t)s->seen,
                          "examples", examples, "signature", s->signature, "generator", s->generator, "fix", s->fix);
    if (!isnan(s->per_iteration))
        json_object_set_new(j, "per_iteration", json_real(s->per_iteration));
    if (!isnan(s->p_value))
        json_object_set_new(j, "p_value", json_real(s->p_value));
    if (!isnan(s->bytes_per_assembly))
        json_object_set_new(j, "bytes_per_assembly", json_real(s->bytes_per_assembly));
    return j;
}

static json_t *composition_json(const ll_composition *c)
{
    if (!c->present)
        return json_null();
    json_t *rules = json_array();
    for (int i = 0; i < LL_COMPOSITION_RULES; i++)
        json_array_append_new(rules, json_pack("{ss sb}", "rule", c->rules[i].rule, "fired", c->rules[i].fired));
    const ll_heap_evidence *h = &c->heap;
    json_t *heap = json_pack("{sI sI sI sI sI sb}", "assembly_builders", (json_int_t)h->assembly_builders,
                             "module_builders", (json_int_t)h->module_builders, "runtime_assemblies",
                             (json_int_t)h->runtime_assemblies, "xml_generated_types",
                             (json_int_t)h->xml_generated_types, "dynamic_methods", (json_int_t)h->dynamic_methods,
                             "points_at_assemblies", h->points_at_assemblies);
    if (h->repeated_type)
        json_object_update_new(heap, json_pack("{ss sI sb}", "repeated_type", h->repeated_type, "repeated_type_tables",
                                               (json_int_t)h->repeated_type_tables, "listing_cut", h->listing_cut));
    return json_pack("{so so so so so so so sI so so so ss}", "committed_bytes", number_or_null(c->committed_bytes),
                     "managed_bytes", number_or_null(c->managed_bytes), "managed_share",
                     number_or_null(c->managed_share), "loader_heap_bytes", number_or_null(c->loader_heap_bytes),
                     "loader_heap_share", number_or_null(c->loader_heap_share), "native_heap_bytes",
                     number_or_null(c->native_heap_bytes), "assemblies_loaded", number_or_null(c->assemblies_loaded),
                     "generated_looking_assemblies", (json_int_t)c->generated_looking_assemblies, "rules", rules,
                     "heap", heap, "notes", ll__strings_json(c->notes, c->note_count), "confirm_with", c->confirm_with);
}

static json_t *failure_json(const ll_failure *f)
{
    json_t *j = json_pack("{sI}", "iteration", (json_int_t)f->iteration);
    if (f->exception_type)
        json_object_set_new(j, "exception", json_pack("{ss ss? ss?}", "type", f->exception_type, "message",
                                                      f->exception_message, "stack", f->exception_stack));
    return j;
}

static json_t *plot_json(const ll_plot *p)
{
    json_t *series = json_object();
    for (int s = 0; s < LL_PLOT_SERIES_COUNT; s++) {
        if (!p->series[s].count)
            continue;
        json_t *buckets = json_array();
        for (size_t b = 0; b < p->series[s].count; b++) {
            const ll_plot_bucket *k = &p->series[s].buckets[b];
            json_array_append_new(buckets, json_pack("[fffff]", k->x_first, k->x_last, k->min, k->max, k->mean));
        }
        json_object_set_new(series, ll_plot_series_name(s), buckets);
    }
    json_t *unloads = json_array(), *failures = json_array(), *groups = json_array();
    for (size_t i = 0; i < p->unload_count; i++)
        json_array_append_new(unloads, json_integer(p->unloads[i]));
    for (size_t i = 0; i < p->failure_count; i++)
        json_array_append_new(failures, failure_json(&p->failures[i]));
    for (size_t i = 0; i < p->group_count; i++) {
        const ll_plot_group *g = &p->groups[i];
        json_array_append_new(groups, json_pack("{ss ss ss so}", "name_pattern", g->name_pattern, "origin", g->origin,
                                                "generator", g->generator, "points", points_json(g->points, g->point_count)));
    }
    json_t *trend = json_null();
    if (p->has_assembly_trend)
        trend = json_pack("{sf sf sf sf sf sf sf}", "pivot_x", p->assembly_trend.pivot_x, "pivot_y",
                          p->assembly_trend.pivot_y, "slope", p->assembly_trend.slope, "slope_low",
                          p->assembly_trend.slope_low, "slope_high", p->assembly_trend.slope_high, "x_from",
                          p->assembly_trend.x_from, "x_to", p->assembly_trend.x_to);
    return json_pack("{sf so so so so so}", "warmup", p->warmup, "series", series, "unloads", unloads, "failures",
                     failures, "assembly_trend", trend, "groups", groups);
}


static json_t *input_json(const ll_report *r)
{
    json_t *j = json_pack("{so? sI sI sI sb sf}", "file", ll_json_text(r->input.file), "snapshots", (json_int_t)r->input.snapshots,
                          "iterations", (json_int_t)r->input.iterations, "failed_iterations",
                          (json_int_t)r->input.failed_iterations, "complete", r->input.complete, "warmup_iterations",
                          r->input.warmup_iterations);
    if (r->input.has_first_failure)
        json_object_set_new(j, "first_failure", failure_json(&r->input.first_failure));
    json_object_set_new(j, "ms_per_call", number_or_null(r->input.ms_per_call));
    return j;
}

/* Each field of the run is there, null when the header does not say;
 * "runtime" only when the header names one (series before it did not). */
static json_t *run_json(const ll_report *r)
{
    if (!r->has_run)
        return json_null();
    json_t *run = json_pack("{ss? ss? ss? ss? ss}", "scenario", r->run.scenario, "context", r->run.context, "entry",
                            r->run.entry, "mono_version", r->run.mono_version, "x_unit", r->run.x_unit);
    if (run && r->run.runtime)
        json_object_set_new(run, "runtime",
                            json_pack("{ss ss?}", "name", r->run.runtime, "version", r->run.runtime_version));
    return run;
}

static json_t *thresholds_json(const ll_report *r)
{
    json_t *floors = json_object();
    for (int k = 0; k < LL_SERIES_COUNT; k++)
        json_object_set_new(floors, ll_series_name(k), json_real(r->thresholds.floors[k]));
    return json_pack("{sf so sf sI}", "alpha", r->thresholds.alpha, "floors", floors, "min_share_per_iteration",
                     r->thresholds.min_share_per_iteration, "min_points", (json_int_t)r->thresholds.min_points);
}

/* A growing type, or a native site (NAME_KEY "site"), whose callers it
 * adds. */
static json_t *type_growth_json(const ll_type_growth *g, const char *name_key)
{
    json_t *j = json_pack("{ss so so so so ss so so so so so}", name_key, g->type, "count_per_iteration",
                     number_or_null(g->count_per_iteration), "bytes_per_iteration",
                     number_or_null(g->bytes_per_iteration), "ci95", isnan(g->ci95[0]) ? json_null() : ll__pair_json(g->ci95),
                     "share", number_or_null(g->share),
                     "verdict", ll_verdict_name(g->verdict), "first_count", number_or_null(g->first_count),
                     "last_count", number_or_null(g->last_count), "first_bytes", number_or_null(g->first_bytes),
                     "last_bytes", number_or_null(g->last_bytes), "points", points_json(g->points, g->point_count));
    if (j && g->retention)
        json_object_set_new(j, "retention", ll__retention_json(g->retention));
    if (j && g->callers)
        json_object_set_new(j, "callers", json_string(g->callers));
    return j;
}

/* Present when the series had heap-shots (or !dumpheap -stat tables) to
 * compare; empty when none of their types grew. */
static void add_growth_by_type(json_t *j, const ll_report *r)
{
    if (!r->has_growth_by_type)
        return;
    json_t *types = json_array();
    for (size_t i = 0; i < r->growth_by_type_count; i++)
        json_array_append_new(types, type_growth_json(&r->growth_by_type[i], "type"));
    json_object_set_new(j, "growth_by_type", types);
    json_object_set_new(j, "growth_by_type_basis", json_string(r->growth_by_type_by_trend ? "trend" : "first_to_last"));
}

/* Present when the series had native sites at two points or more. */
static void add_native_sites(json_t *j, const ll_report *r)
{
    if (!r->has_native_sites)
        return;
    json_t *sites = json_array();
    for (size_t i = 0; i < r->native_site_count; i++)
        json_array_append_new(sites, type_growth_json(&r->native_sites[i], "site"));
    json_object_set_new(j, "native_sites", sites);
    json_object_set_new(j, "native_sites_basis", json_string(r->native_sites_by_trend ? "trend" : "first_to_last"));
    json_object_set_new(j, "native_sites_of_malloc", number_or_null(r->native_sites_of_malloc));
}

json_t *ll_report_to_json(const ll_report *r)
{
    json_t *growth = json_object(), *suspects = json_array();
    for (int k = 0; k < LL_SERIES_COUNT; k++)
        json_object_set_new(growth, ll_series_name(k), growth_json(k, &r->growth[k]));
    for (size_t i = 0; i < r->suspect_count; i++)
        json_array_append_new(suspects, with_holder(suspect_json(&r->suspects[i]), &r->suspects[i]));
    json_t *shares = r->has_shares ? json_pack("{sf sf sf}", "assembly", r->share_assembly, "managed",
                                               r->share_managed, "native", r->share_native)
                                   : json_null();
    json_t *split = r->has_memory_split ? json_pack("{sf sf}", "gc_heap", r->split_gc_heap, "outside_gc_heap",
                                                    r->split_outside_gc_heap)
                                        : json_null();
    json_t *j = json_pack("{ss ss ss sb so so so so so}", "verdict", ll_verdict_name(r->verdict), "kind",
                          ll_leak_kind_name(r->kind), "basis", ll_basis_name(r->basis), "suspected", r->suspected,
                          "kind_shares", shares, "memory_split", split, "growth", growth, "suspects", suspects,
                          "composition", composition_json(&r->composition));
    add_growth_by_type(j, r);
    add_native_sites(j, r);
    json_object_set_new(j, "diff", ll__dump_growth_json(r->diff));
    json_object_set_new(j, "plot", plot_json(&r->plot));
    json_object_set_new(j, "projection",
                        r->has_projection
                            ? json_pack("{sf sf}", "bytes_per_iteration", r->projection_bytes_per_iteration,
                                        "iterations_per_gib", ceil(1073741824.0 / r->projection_bytes_per_iteration))
                            : json_null());
    json_object_set_new(j, "severity", ll__severity_json(&r->severity));
    json_object_set_new(j, "budget", ll__budget_json(r));
    if (r->verdict_note)
        json_object_set_new(j, "verdict_note", json_string(r->verdict_note));
    json_object_set_new(j, "more_iterations_needed",
                        r->more_iterations_needed ? json_integer(r->more_iterations_needed) : json_null());
    json_object_set_new(j, "input", input_json(r));
    json_object_set_new(j, "run", run_json(r));
    json_object_set_new(j, "thresholds", thresholds_json(r));
    json_object_set_new(j, "views", r->has_views ? ll__views_json(&r->views) : json_null());
    json_object_set_new(j, "warnings", ll__strings_json(r->warnings, r->warning_count));
    return j;
}
