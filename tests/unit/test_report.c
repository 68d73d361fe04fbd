/* Unit tests of the report library on its own: a typed result written as
 * JSON reads back into the same result (every optional part present) and
 * is the expected document,
 * a saved result that is not one is refused with the field named, two
 * results compared, and a sweep: its Pareto front, and its JSON both ways. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "leaklab/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *copy(const char *s)
{
    return strdup(s);
}

/* Up to three recorded figures NAME: VALUE into F (a NULL name ends). */
static void record(ll_recorded_figures *f, const char *n1, json_t *v1, const char *n2, json_t *v2, const char *n3,
                   json_t *v3)
{
    const char *names[] = {n1, n2, n3};
    json_t *values[] = {v1, v2, v3};
    f->present = 1;
    for (int i = 0; i < 3 && names[i]; i++) {
        ll_value value = ll_value_of_json(values[i]);
        assert_int_equal(ll_recorded_add(f, names[i], &value), 0);
        json_decref(values[i]);
    }
}

/* Who keeps them: a static list, with a repeated link, and a stack. */
static ll_retention *kept_by_a_static(void)
{
    ll_retention *k = calloc(1, sizeof *k);
    k->instances = 200, k->bytes = 819200, k->other_count = 0, k->unreachable_count = 2;
    k->paths = calloc(2, sizeof *k->paths);
    k->path_count = 2;
    k->paths[0] = (ll_retention_path){copy("App.Cache.items"), copy("static"), calloc(3, sizeof(ll_chain_link)), 3, 0,
                                      190, 778240, 0.95, 1e6};
    k->paths[0].chain[0] = (ll_chain_link){copy("App.Node"), copy("next"), 12};
    k->paths[0].chain[1] = (ll_chain_link){copy("App.Node"), copy("value"), 1};
    k->paths[0].chain[2] = (ll_chain_link){copy("System.Byte[]"), NULL, 1};
    k->paths[1] = (ll_retention_path){copy("thread stack"), copy("stack"), calloc(1, sizeof(ll_chain_link)), 1, 1,
                                      8, 32768, 0.04, NAN};
    k->paths[1].chain[0] = (ll_chain_link){copy("System.Byte[]"), NULL, 1};
    return k;
}

/* A result with every part filled in, as a leaking run in the default
 * context with a failure, a budget and views would have. */
static ll_report *full_report(void)
{
    ll_report *r = ll_result_new();
    r->verdict = LL_LEAK;
    r->kind = LL_LEAK_KIND_ASSEMBLY;
    r->has_shares = r->has_memory_split = 1;
    r->share_assembly = 1;
    r->split_gc_heap = 0.25;
    r->split_outside_gc_heap = 0.75;
    for (int k = 0; k < LL_SERIES_COUNT; k++) {
        ll_growth *g = &r->growth[k];
        g->measured = 1;
        g->verdict = k == LL_SERIES_MANAGED ? LL_NO_LEAK : LL_LEAK;
        g->points = 18;
        g->per_iteration = 1000.5 * (k + 1);
        g->ci95[0] = 900;
        g->ci95[1] = 1100;
        g->mk_s = 150;
        g->mk_z = 5.5;
        g->p_value = 1e-8;
        g->tau = 0.98;
        g->floor = 4096;
        g->significant = g->above_floor = g->still_growing = 1;
        g->last_half_fitted = k != LL_SERIES_NATIVE;
        g->last_half_per_iteration = 990;
        g->last_half_ci95[0] = 800;
        g->last_half_ci95[1] = 1200;
    }
    r->growth[LL_SERIES_MANAGED].small = LL_SMALL_GROWTH_BELOW_RESOLUTION;
    r->growth[LL_SERIES_MANAGED].small_at_most = 200;
    r->growth[LL_SERIES_RSS].severity = (ll_severity){1, LL_GRADE_MAJOR, 130000, 1, {120000, 140000}};
    r->severity = r->growth[LL_SERIES_RSS].severity;
    ll_suspect *s = ll_result_add_suspect(r);
    s->source = LL_SUSPECT_GROUP;
    s->name_pattern = copy("random 8-character");
    s->origin = copy("bytes");
    s->version = copy("0.0.0.0");
    s->loaded = 40;
    s->seen = 40;
    ll_string_list_add(&s->examples, &s->example_count, "qgt1j2cs");
    ll_string_list_add(&s->examples, &s->example_count, "r2bjpfrk");
    s->signature = copy("defines X : SoapHttpClientProtocol");
    s->generator = copy("CodeDom SOAP proxy");
    s->fix = copy("cache the proxy");
    s->per_iteration = 2;
    s->p_value = 1e-9;
    s->bytes_per_assembly = 65000;
    s = ll_result_add_suspect(r);
    s->source = LL_SUSPECT_HEAP_TABLE;
    s->name_pattern = copy("-");
    s->origin = copy("!dumpheap -stat");
    s->version = copy("-");
    s->loaded = 5000;
    s->signature = copy("AssemblyBuilder objects");
    s->generator = copy("Reflection.Emit");
    s->fix = copy("collectible AssemblyBuilder");
    r->plot.warmup = 2;
    r->plot.series[LL_PLOT_RSS].buckets = calloc(2, sizeof(ll_plot_bucket));
    r->plot.series[LL_PLOT_RSS].buckets[0] = (ll_plot_bucket){0, 1, 10, 20, 15};
    r->plot.series[LL_PLOT_RSS].buckets[1] = (ll_plot_bucket){2, 3, 30, 40, 35};
    r->plot.series[LL_PLOT_RSS].count = 2;
    r->plot.unloads = calloc(1, sizeof(long));
    r->plot.unloads[0] = 7;
    r->plot.unload_count = 1;
    r->plot.failures = calloc(1, sizeof(ll_failure));
    r->plot.failures[0] = (ll_failure){3, copy("System.Exception"), copy("boom"), NULL};
    r->plot.failure_count = 1;
    r->plot.has_assembly_trend = 1;
    r->plot.assembly_trend.slope = 2;
    r->plot.assembly_trend.x_to = 20;
    r->has_projection = 1;
    r->projection_bytes_per_iteration = 130000;
    r->budget[LL_SERIES_NATIVE] = (ll_budget){1, 2048, 1, 0};
    r->budget[LL_SERIES_RSS] = (ll_budget){1, 2048, 0, 1};
    r->input.file = copy("run.jsonl");
    r->input.snapshots = 21;
    r->input.iterations = 20;
    r->input.failed_iterations = 1;
    r->input.complete = 1;
    r->input.warmup_iterations = 2;
    r->input.has_first_failure = 1;
    r->input.first_failure = (ll_failure){3, copy("System.Exception"), copy("boom"), copy("  at X")};
    r->input.ms_per_call = 120.5;
    r->has_run = 1;
    r->run.scenario = copy("proxy-per-call");
    r->run.context = copy("default");
    r->run.x_unit = copy("iteration");
    r->thresholds.alpha = 0.01;
    r->thresholds.min_points = 8;
    r->has_views = 1;
    ll_views *v = &r->views;
    v->address_rows = calloc(1, sizeof *v->address_rows);
    v->address_row_count = 1;
    v->address_rows[0].kind = copy("total");
    record(&v->address_rows[0].first, "rss", json_integer(100), "size", json_integer(200), "regions", json_integer(3));
    record(&v->address_rows[0].last, "rss", json_integer(300), "size", json_integer(400), "regions", json_integer(4));
    record(&v->gc[0], "heap_size", json_integer(10), "used_size", json_integer(5), "after_full_collection", json_true());
    record(&v->gc[1], "heap_size", json_integer(30), "used_size", json_real(25.5), "mode", json_string("workstation"));
    record(&v->malloc[1], "in_use", json_integer(7), "arena", json_null(), NULL, NULL);
    record(&v->assemblies_by_domain, "1", json_integer(44), NULL, NULL, NULL, NULL);
    v->modules = calloc(1, sizeof *v->modules);
    v->module_count = 1;
    v->modules[0] = (ll_module){copy("qgt1j2cs"), copy("0.0.0.0"), copy("bytes"), calloc(2, sizeof(ll_module_type)), 2,
                                NULL, 0};
    v->modules[0].types[0] = (ll_module_type){copy("X"), copy("SoapHttpClientProtocol")};
    v->modules[0].types[1] = (ll_module_type){copy("X+Inner"), NULL};
    ll_string_list_add(&v->modules[0].refs, &v->modules[0].ref_count, "System");
    v->has_dumpheap = 1;
    v->dumpheap = calloc(1, sizeof *v->dumpheap);
    v->dumpheap_count = 1;
    v->dumpheap[0] = (ll_heap_row){copy("System.Byte[]"), 12, 49536};
    ll_string_list_add(&r->warnings, &r->warning_count, "a warning");
    r->verdict_note = copy("a live run shorter than twice its call timeout");
    r->diff = calloc(1, sizeof *r->diff);
    ll_diff_span *whole = &r->diff->whole;
    *whole = (ll_diff_span){.from = 0, .to = 2, .sources = {copy("dump1.txt"), NULL}};
    whole->figures = calloc(2, sizeof *whole->figures);
    whole->figures[whole->figure_count++] = (ll_diff_figure){copy("committed"), 1e9, 2e9, 1e9, 0, 0};
    whole->figures[whole->figure_count++] = (ll_diff_figure){copy("loader_heap"), 1e8, 6e8, 5e8, 1, 0.5};
    whole->types = calloc(1, sizeof *whole->types);
    whole->types[whole->type_count++] = (ll_diff_type){copy("System.Byte[]"), 10, 4096, 20, 8192};
    r->diff->groups = calloc(1, sizeof *r->diff->groups);
    ll_diff_group *g = &r->diff->groups[r->diff->group_count++];
    *g = (ll_diff_group){copy("random 8-character"), copy("bytes"), copy("0.0.0.0"), copy("CodeDom SOAP proxy"), 10,
                         500, 1, NULL, 0};
    ll_string_list_add(&g->examples, &g->example_count, "qgt1j2cs");
    r->diff->dumps = 3;
    r->diff->intervals = calloc(2, sizeof *r->diff->intervals);
    r->diff->interval_count = 2;
    for (size_t i = 0; i < 2; i++) {
        ll_diff_span *span = &r->diff->intervals[i];
        *span = (ll_diff_span){.from = (long)i, .to = (long)i + 1, .sources = {copy("a.txt"), copy("b.txt")}};
        span->figures = calloc(1, sizeof *span->figures);
        span->figures[span->figure_count++] = (ll_diff_figure){copy("gc_heap"), 1e6, 3e6, 2e6, 0, 0};
    }
    r->diff->pattern = copy("generated-looking assemblies appeared between the dumps");
    r->has_growth_by_type = r->growth_by_type_by_trend = 1;
    r->growth_by_type = calloc(1, sizeof *r->growth_by_type);
    r->growth_by_type_count = 1;
    ll_type_growth *t = &r->growth_by_type[0];
    t->type = copy("System.Byte[]");
    t->count_per_iteration = 16;
    t->bytes_per_iteration = 66048;
    t->ci95[0] = 65000;
    t->ci95[1] = 67000;
    t->share = 0.997;
    t->verdict = LL_LEAK;
    t->first_count = 10;
    t->last_count = 200;
    t->first_bytes = 40960;
    t->last_bytes = 819200;
    t->points = calloc(2, sizeof *t->points);
    t->point_count = 2;
    t->points[0][0] = 1, t->points[0][1] = 40960, t->points[1][0] = 12, t->points[1][1] = 819200;
    t->retention = kept_by_a_static();
    r->has_native_sites = 1;
    r->native_sites = calloc(1, sizeof *r->native_sites);
    r->native_site_count = 1;
    ll_type_growth *site = &r->native_sites[0];
    site->type = copy("mono_mempool_alloc");
    site->count_per_iteration = site->first_count = site->last_count = NAN;
    site->bytes_per_iteration = 12000;
    site->ci95[0] = site->ci95[1] = NAN;
    site->share = 0.575;
    site->verdict = LL_INCONCLUSIVE;
    site->first_bytes = 3.6e6;
    site->last_bytes = 3.7e6;
    site->points = calloc(2, sizeof *site->points);
    site->point_count = 2;
    site->points[0][0] = 4, site->points[0][1] = 3.6e6, site->points[1][0] = 20, site->points[1][1] = 3.7e6;
    site->callers = copy("mono_runtime_invoke < ll__mono_invoke");
    r->native_sites_of_malloc = 0.92;
    s = &r->suspects[0];
    s->kept_by = copy("the default domain: an assembly loaded into it is never unloaded");
    s->retention = kept_by_a_static();
    return r;
}

static char *dump(const ll_report *r)
{
    json_t *j = ll_report_to_json(r);
    char *text = json_dumps(j, JSON_REAL_PRECISION(17));
    json_decref(j);
    return text;
}

static void test_json_round_trip(void **state)
{
    (void)state;
    ll_report *r = full_report();
    char *before = dump(r);
    json_t *j = json_loads(before, 0, NULL);
    ll_error err;
    ll_report *back = ll_report_from_json(j, "saved.json", &err);
    if (!back)
        fail_msg("%s", err.message);
    char *after = dump(back);
    assert_string_equal(after, before);
    assert_int_equal(ll_result_fails_budget(back), 1);
    assert_int_equal(back->suspects[1].source, LL_SUSPECT_HEAP_TABLE);
    free(before);
    free(after);
    json_decref(j);
    ll_result_free(r);
    ll_result_free(back);
}

/* The result's JSON, and the result read back from it, against a fixed
 * expected document (unit/report_expected.json): a field that both the
 * writer and the reader dropped would pass the round trip above, not this.
 * A change meant to add or rename a field updates the file; LEAKLAB_RECORD
 * set in the environment writes it. */
static void test_json_is_the_expected_result(void **state)
{
    (void)state;
    ll_report *r = full_report();
    json_t *j = ll_report_to_json(r);
    if (getenv("LEAKLAB_RECORD"))
        json_dump_file(j, REPORT_EXPECTED, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    json_error_t jerr;
    json_t *expected = json_load_file(REPORT_EXPECTED, JSON_REJECT_DUPLICATES, &jerr);
    if (!expected)
        fail_msg("%s: %s", REPORT_EXPECTED, jerr.text);
    const char *key;
    json_t *value;
    json_object_foreach(expected, key, value) if (!json_equal(value, json_object_get(j, key)))
        fail_msg("field '%s' is not what %s expects", key, REPORT_EXPECTED);
    json_object_foreach(j, key, value) if (!json_object_get(expected, key))
        fail_msg("field '%s' is new: add it to %s", key, REPORT_EXPECTED);
    ll_error err;
    ll_report *back = ll_report_from_json(expected, "expected.json", &err);
    if (!back)
        fail_msg("%s", err.message);
    json_t *again = ll_report_to_json(back);
    assert_true(json_equal(again, expected));
    json_decref(again);
    ll_result_free(back);
    json_decref(expected);
    json_decref(j);
    ll_result_free(r);
}

/* SAVED with FIELD set to VALUE (a JSON text) is refused, naming FIELD. */
static void expect_refused(const char *object, const char *key, const char *value, const char *named)
{
    ll_report *r = full_report();
    json_t *j = ll_report_to_json(r);
    json_t *target = object ? json_object_get(json_object_get(j, "growth"), object) : j;
    if (value)
        json_object_set_new(target, key, json_loads(value, JSON_DECODE_ANY, NULL));
    else
        json_object_del(target, key);
    ll_error err;
    ll_report *back = ll_report_from_json(j, "saved.json", &err);
    assert_null(back);
    if (!strstr(err.message, named) || !strstr(err.message, "saved.json"))
        fail_msg("message does not name %s: %s", named, err.message);
    json_decref(j);
    ll_result_free(r);
}

static void test_bad_results_are_refused(void **state)
{
    (void)state;
    expect_refused(NULL, "verdict", NULL, "'verdict'");
    expect_refused(NULL, "verdict", "\"maybe\"", "'verdict'");
    expect_refused(NULL, "kind", "3", "'kind'");
    expect_refused("rss", "ci95", "[1]", "'growth.rss.ci95'");
    expect_refused("native", "points", "-4", "'growth.native.points'");
    expect_refused(NULL, "warnings", "[1, 2]", "'warnings'");
    expect_refused(NULL, "plot", "[]", "'plot'");
    expect_refused(NULL, "diff", "{\"from\": 0}", "'diff.to'");
    expect_refused(NULL, "diff",
                   "{\"from\": 0, \"to\": 1, \"sources\": [null, null], \"explains\": {}, \"kinds\": "
                   "{\"committed\": {\"first\": \"x\"}}}",
                   "'diff.kinds.committed.first'");
    ll_error err;
    json_t *not_object = json_array();
    assert_null(ll_report_from_json(not_object, "saved.json", &err));
    json_decref(not_object);
}

/* A run whose series all have a trend of SLOPE +- HALF per call. */
static ll_report *trend_report(double slope, double half, ll_verdict verdict)
{
    ll_report *r = ll_result_new();
    r->verdict = verdict;
    for (int k = 0; k < LL_SERIES_COUNT; k++) {
        ll_growth *g = &r->growth[k];
        g->measured = 1;
        g->verdict = verdict;
        g->points = 20;
        g->per_iteration = slope;
        g->ci95[0] = slope - half;
        g->ci95[1] = slope + half;
        g->floor = 100;
    }
    return r;
}

/* A fix that removes 99 % of the growth is better, with the difference's
 * interval in quadrature and the share removed; a verdict that gets worse
 * is worse even when no slope differs measurably; runs per different
 * units are refused. */
static void test_comparison(void **state)
{
    (void)state;
    ll_report *base = trend_report(10000, 1000, LL_LEAK), *fix = trend_report(100, 50, LL_NO_LEAK);
    ll_comparison c;
    ll_error err;
    assert_int_equal(ll_compare_reports(base, fix, &c, &err), 0);
    assert_int_equal(c.change, LL_CHANGE_BETTER);
    const ll_series_comparison *m = &c.series[LL_SERIES_MANAGED];
    assert_true(m->has_difference && m->measurable && m->has_removed_share);
    assert_float_equal(m->difference, -9900, 1e-9);
    assert_float_equal(m->difference_ci95[1], -9900 + hypot(50, 1000), 1e-9);
    assert_float_equal(m->removed_share, 0.99, 1e-12);
    json_t *j = ll_comparison_to_json(&c);
    assert_string_equal(json_string_value(json_object_get(j, "comparison")), "better");
    assert_true(json_is_true(json_object_get(json_object_get(json_object_get(j, "kinds"), "managed"), "measurable")));
    json_decref(j);

    ll_report *worse = trend_report(10000, 1000, LL_LEAK), *still = trend_report(10000, 1000, LL_NO_LEAK);
    assert_int_equal(ll_compare_reports(still, worse, &c, &err), 0);
    assert_int_equal(c.change, LL_CHANGE_WORSE);
    assert_false(c.series[LL_SERIES_RSS].measurable);
    assert_true(c.series[LL_SERIES_RSS].has_removed_share);
    assert_float_equal(c.series[LL_SERIES_RSS].removed_share, 0, 1e-12);

    worse->run.x_unit = copy("dump");
    assert_int_equal(ll_compare_reports(still, worse, &c, &err), -1);
    assert_non_null(strstr(err.message, "different units (iteration and dump)"));
    ll_result_free(base);
    ll_result_free(fix);
    ll_result_free(worse);
    ll_result_free(still);
}

static void add_sweep_point(ll_sweep *s, long m, double ms, double kept)
{
    ll_sweep_point *p = ll_result_sweep_add_point(s);
    assert_non_null(p);
    p->recycle_every = m;
    p->ms_per_call = ms;
    p->kept_bytes_per_call = kept;
}

/* The Pareto front of a sweep: a point is on it when no other is both no
 * slower and keeps no more (and better at one); ties stay on it; a point
 * without a time is not on it. */
static void test_sweep_pareto_front(void **state)
{
    (void)state;
    ll_sweep *s = ll_result_sweep_new("proxy-per-call", NULL, 60);
    assert_non_null(s);
    add_sweep_point(s, 0, 120, 120000); /* fast, keeps most: front */
    add_sweep_point(s, 1, 450, 50000);  /* dominated by M=5 */
    add_sweep_point(s, 5, 200, 20000);  /* front */
    add_sweep_point(s, 10, 180, 20000); /* dominates M=5 */
    add_sweep_point(s, 50, 150, 30000); /* front */
    add_sweep_point(s, 100, 150, 30000); /* tie with M=50: front */
    add_sweep_point(s, 200, NAN, 0);     /* not timed */
    ll_result_sweep_mark_pareto(s);
    static const int expected[] = {1, 0, 0, 1, 1, 1, 0};
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(s->points[i].pareto, expected[i]);
    ll_result_sweep_free(s);
}

/* A sweep from a run's result, written as sweep.json and read back, is
 * the same document; a point that lacks a field is refused with its path;
 * a sweep.json from before failures were recorded reads with none. */
static void test_sweep_round_trip(void **state)
{
    (void)state;
    ll_report *r = full_report();
    ll_sweep *s = ll_result_sweep_new("proxy-per-call", "http://user:secret@host/wsdl", 60);
    assert_non_null(s);
    assert_int_equal(ll_result_sweep_add_measured(s, 5, "proxy-per-call-collectible5.jsonl", r), 0);
    assert_float_equal(s->points[0].kept_bytes_per_call, r->growth[LL_SERIES_NATIVE].per_iteration, 0);
    ll_sweep_failure *f = ll_result_sweep_add_failure(s);
    f->recycle_every = 1;
    f->attempt = 2;
    f->signal = 6;
    f->signal_name = copy("ABRT");
    f->message = copy("* Assertion at domain.c:1234");
    ll_result_sweep_mark_pareto(s);
    json_t *written = ll_sweep_to_json(s);
    assert_string_equal(json_string_value(json_object_get(written, "wsdl")), "http://***@host/wsdl");
    ll_error err;
    ll_sweep *back = ll_sweep_from_json(written, "sweep.json", &err);
    assert_non_null(back);
    json_t *again = ll_sweep_to_json(back);
    assert_true(json_equal(written, again));
    assert_int_equal(back->points[0].pareto, 1);
    assert_int_equal(back->failures[0].signal, 6);

    json_object_del(json_array_get(json_object_get(written, "points"), 0), "kind");
    assert_null(ll_sweep_from_json(written, "sweep.json", &err));
    assert_string_equal(err.message, "sweep.json: field 'points[0].kind': expected a string");
    json_object_del(written, "points");
    json_object_set_new(written, "points", json_array());
    json_object_del(written, "failures");
    ll_sweep *old = ll_sweep_from_json(written, "sweep.json", &err);
    assert_non_null(old);
    assert_int_equal(old->failure_count, 0);
    ll_result_sweep_free(old);
    json_decref(again);
    json_decref(written);
    ll_result_sweep_free(back);
    ll_result_sweep_free(s);
    ll_result_free(r);
}

/* A failed run's last words in sweep.md: in a code span nothing in them
 * closes (backticks, then markup), their escape sequence shown as \xNN. */
static void test_sweep_markdown_failure_is_inert(void **state)
{
    (void)state;
    ll_sweep *s = ll_result_sweep_new("proxy-per-call", NULL, 30);
    ll_sweep_failure *f = ll_result_sweep_add_failure(s);
    f->recycle_every = 2, f->attempt = 1, f->exit_status = 1;
    f->message = copy("a `` b` <img src=x onerror=alert(1)> ![](http://x/) \x1b]0;title\x07");
    char *md = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&md, &len);
    assert_int_equal(ll_sweep_write_markdown(s, out), 0);
    fclose(out);
    assert_non_null(strstr(md, "``` a `` b` <img src=x onerror=alert(1)> ![](http://x/) \\x1b]0;title\\x07 ```"));
    assert_null(strchr(md, '\x1b'));
    free(md);
    ll_result_sweep_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_json_is_the_expected_result),
        cmocka_unit_test(test_bad_results_are_refused),
        cmocka_unit_test(test_comparison),
        cmocka_unit_test(test_sweep_pareto_front),
        cmocka_unit_test(test_sweep_markdown_failure_is_inert),
        cmocka_unit_test(test_sweep_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
