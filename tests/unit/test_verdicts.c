/* Unit tests of the statistics and the verdict on synthetic series: each
 * shape a real run can take, fed through the analyzer's public API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "leaklab/analyzer.h"
#include "trend.h"

#include <math.h>
#include <string.h>

#define MB (1024.0 * 1024.0)

typedef struct sample {
    double rss, managed, native, assemblies;
} sample;

typedef sample (*shape_fn)(int i);

static void feed(ll_analysis *a, json_t *json, ll_record_type type)
{
    static long line;
    ll_record rec = {.type = type, .json = json, .file = "synthetic.jsonl", .line = ++line};
    ll_error err;
    if (ll_analysis_feed(a, &rec, &err) != 0)
        fail_msg("feed failed: %s", err.message);
    json_decref(json);
}

static void feed_snapshot(ll_analysis *a, int i, sample s)
{
    feed(a,
         json_pack("{ss si s{s{sI}} s{sI} s{sI} s{sI}}", "type", "snapshot", "iteration", i, "memory", "total",
                   "rss", (json_int_t)s.rss, "gc", "used_size", (json_int_t)s.managed, "malloc", "in_use",
                   (json_int_t)s.native, "assemblies", "loaded", (json_int_t)s.assemblies),
         LL_RECORD_SNAPSHOT);
}

/* Runs SHAPE for N iterations (a snapshot each) and returns the report. */
static ll_report *analyse_shape_with(shape_fn shape, int n, const ll_thresholds *t)
{
    ll_analysis *a = ll_analysis_new(t);
    for (int i = 0; i <= n; i++)
        feed_snapshot(a, i, shape(i));
    return ll_analysis_finish(a);
}

static ll_report *analyse_shape(shape_fn shape, int n)
{
    ll_thresholds t;
    ll_thresholds_default(&t);
    return analyse_shape_with(shape, n, &t);
}

static void expect(shape_fn shape, int n, ll_verdict verdict, const char *kind)
{
    ll_report *r = analyse_shape(shape, n);
    assert_string_equal(ll_verdict_name(ll_result_verdict(r)), ll_verdict_name(verdict));
    if (kind)
        assert_string_equal(ll_leak_kind_name(r->kind), kind);
    ll_result_free(r);
}

/* A deterministic pseudo-random value in [-1, 1]. */
static double noise(int i)
{
    unsigned x = (unsigned)i * 2654435761u;
    x ^= x >> 13;
    x *= 0x5bd1e995u;
    x ^= x >> 15;
    return (double)(x % 20001) / 10000.0 - 1.0;
}

static sample constant(int i) { (void)i; return (sample){60 * MB, 8 * MB, 10 * MB, 20}; }
static sample linear_native(int i) { return (sample){60 * MB + i * 100e3, 8 * MB, 10 * MB + i * 100e3, 20}; }
static sample noisy_linear_managed(int i)
{
    double g = i * 64e3 + noise(i) * 300e3;
    return (sample){60 * MB + g, 8 * MB + g, 10 * MB + noise(i + 7) * 50e3, 20};
}
static sample step(int i)
{
    double jump = i >= 30 ? 10 * MB : 0;
    return (sample){60 * MB + jump, 8 * MB + jump, 10 * MB, 20};
}
static sample plateau(int i)
{
    double g = (i < 20 ? i : 20) * 64e3;
    return (sample){60 * MB + g, 8 * MB + g, 10 * MB, 20};
}
static sample sawtooth(int i)
{
    double g = (i % 7) * 150e3; /* a GC heap that saws up by 0.9 MB and back */
    return (sample){60 * MB + g, 8 * MB + g, 10 * MB, 20};
}
static sample outliers(int i)
{
    double spike = i % 13 == 5 ? 50 * MB : 0;
    return (sample){60 * MB + i * 80e3 + spike, 8 * MB, 10 * MB + i * 80e3, 20};
}
static sample assemblies_grow(int i)
{
    return (sample){60 * MB + i * 100e3, 8 * MB + i * 40e3, 10 * MB + i * 60e3, 20 + 2 * i};
}
/* The runtime's own cost of an empty AppDomain unload on Mono 6.8. */
static sample below_floor_growth(int i)
{
    return (sample){60 * MB + i * 400.0, 8 * MB, 10 * MB + i * 400.0, 20};
}
/* The small steady leak a 16 kB materiality threshold used to hide. */
static sample small_native_leak(int i)
{
    return (sample){60 * MB + i * 6144.0 + noise(i) * 8192, 8 * MB, 10 * MB + i * 6144.0, 20};
}

static void test_constant_is_no_leak(void **s) { (void)s; expect(constant, 40, LL_NO_LEAK, "none"); }
static void test_linear_is_native_leak(void **s) { (void)s; expect(linear_native, 40, LL_LEAK, "native"); }
static void test_noisy_linear_is_managed_leak(void **s) { (void)s; expect(noisy_linear_managed, 80, LL_LEAK, "managed"); }
static void test_step_is_no_leak(void **s) { (void)s; expect(step, 60, LL_NO_LEAK, NULL); }
static void test_plateau_is_no_leak(void **s) { (void)s; expect(plateau, 80, LL_NO_LEAK, NULL); }
static void test_sawtooth_is_no_leak(void **s) { (void)s; expect(sawtooth, 100, LL_NO_LEAK, NULL); }
static void test_outliers_do_not_hide_a_leak(void **s) { (void)s; expect(outliers, 60, LL_LEAK, "native"); }
static void test_assembly_growth_is_assembly_leak(void **s) { (void)s; expect(assemblies_grow, 40, LL_LEAK, "assembly"); }
static void test_small_steady_leak_is_a_leak(void **s) { (void)s; expect(small_native_leak, 150, LL_LEAK, "native"); }

/* Growth under the floor is no leak, but reported: at most its upper
 * bound, which is under the floor. */
static void test_growth_below_floor_is_reported(void **state)
{
    (void)state;
    ll_report *r = analyse_shape(below_floor_growth, 150);
    assert_int_equal(ll_result_verdict(r), LL_NO_LEAK);
    const ll_growth *native = &r->growth[LL_SERIES_NATIVE];
    assert_int_equal(native->small, LL_SMALL_GROWTH_BELOW_RESOLUTION);
    assert_true(native->small_at_most >= 400 && native->small_at_most < native->floor);
    ll_result_free(r);
}

/* A lower floor (--floor native=256) makes the same growth a leak. */
static void test_floor_is_a_threshold_option(void **state)
{
    (void)state;
    ll_thresholds t;
    ll_thresholds_default(&t);
    t.floor[ll_series_index("native")] = 256;
    t.floor[ll_series_index("rss")] = 256;
    ll_report *r = analyse_shape_with(below_floor_growth, 150, &t);
    assert_int_equal(ll_result_verdict(r), LL_LEAK);
    assert_int_equal(r->kind, LL_LEAK_KIND_NATIVE);
    ll_result_free(r);
}
static void test_two_points_are_inconclusive(void **s) { (void)s; expect(linear_native, 1, LL_INCONCLUSIVE, NULL); }

/* Severity: 100,000 B per call of native growth is "minor" (major starts
 * at 100 kB = 102,400 B); its figures are the measured slope, and
 * 1 GB / slope calls. */
static void test_severity_of_a_native_leak(void **state)
{
    (void)state;
    ll_report *r = analyse_shape(linear_native, 40);
    assert_true(r->severity.present);
    assert_int_equal(r->severity.grade, LL_GRADE_MINOR);
    assert_float_equal(r->severity.bytes_per_iteration, 100e3, 1);
    assert_true(r->growth[LL_SERIES_NATIVE].severity.present);
    assert_false(r->growth[LL_SERIES_MANAGED].severity.present);
    ll_result_free(r);
    r = analyse_shape(constant, 40);
    assert_false(r->severity.present);
    ll_result_free(r);
}

/* A leak within every leaking series' budget does not fail; over one, or
 * in a series with no budget, it does. */
static void test_budgets(void **state)
{
    (void)state;
    ll_thresholds t;
    ll_thresholds_default(&t);
    ll_report *r = analyse_shape_with(linear_native, 40, &t);
    assert_int_equal(ll_result_fails_budget(r), 1); /* no budget: any leak fails */
    ll_result_free(r);
    t.budget[ll_series_index("native")] = 200e3;
    t.budget[ll_series_index("rss")] = 200e3;
    r = analyse_shape_with(linear_native, 40, &t);
    assert_int_equal(ll_result_verdict(r), LL_LEAK);
    assert_int_equal(ll_result_fails_budget(r), 0);
    assert_true(r->budget[LL_SERIES_NATIVE].present && !r->budget[LL_SERIES_NATIVE].exceeded);
    ll_result_free(r);
    /* A budget for the leak alone covers RSS, which shows the same memory
     * (issue 21): within it, nothing fails and RSS's budget says it is
     * derived; over it, the native budget fails. */
    t.budget[ll_series_index("rss")] = NAN;
    r = analyse_shape_with(linear_native, 40, &t);
    assert_int_equal(r->growth[LL_SERIES_RSS].verdict, LL_LEAK);
    assert_int_equal(ll_result_fails_budget(r), 0);
    assert_true(r->budget[LL_SERIES_RSS].present && r->budget[LL_SERIES_RSS].derived);
    assert_true(r->budget[LL_SERIES_RSS].limit == 200e3);
    ll_result_free(r);
    t.budget[ll_series_index("native")] = 50e3;
    r = analyse_shape_with(linear_native, 40, &t);
    assert_int_equal(ll_result_fails_budget(r), 1);
    assert_true(r->budget[LL_SERIES_NATIVE].exceeded);
    ll_result_free(r);
    t.budget[ll_series_index("native")] = NAN;
    r = analyse_shape_with(linear_native, 40, &t);
    assert_int_equal(ll_result_fails_budget(r), 1); /* native leaks, no budget for it */
    ll_result_free(r);
    assert_int_equal(ll_series_index("heap"), -1);
}

static void test_theil_sen_ignores_outliers(void **state)
{
    (void)state;
    double x[30], y[30];
    for (int i = 0; i < 30; i++) {
        x[i] = i;
        y[i] = 5.0 * i + (i == 10 ? 1e6 : 0) + (i == 20 ? -1e6 : 0);
    }
    ll_trend t;
    assert_int_equal(ll__trend_fit(x, y, 30, &t), 0);
    assert_true(fabs(t.slope - 5.0) < 1e-9);
    assert_true(t.slope_low <= 5.0 && t.slope_high >= 5.0);
    assert_true(t.p_value < 1e-6);
    assert_true(t.tau > 0.8);
}

static void test_flat_series_has_no_trend(void **state)
{
    (void)state;
    double x[20], y[20];
    for (int i = 0; i < 20; i++) {
        x[i] = i;
        y[i] = 42;
    }
    ll_trend t;
    assert_int_equal(ll__trend_fit(x, y, 20, &t), 0);
    assert_true(t.slope == 0 && t.p_value >= 0.5);
    assert_int_equal(ll__trend_fit(x, y, 1, &t), -1);
}

/* Heap-shots: a listener kept per call (one small object each: far below
 * the managed floor in bytes, one object per call in count), a buffer
 * that grows in place (one object, 4 kB more per call), a cache of 20
 * entries full after 20 calls, a type that appears at call 10 and then
 * grows, and noise (a pool of 100 to 103 strings). The heap's total stays
 * under the managed floor's view of a leak but every kept type is found. */
static json_t *heap_shot_rows(int i)
{
    json_t *rows = json_array();
    json_array_append_new(rows, json_pack("{ss si si}", "type", "App.OrderListener", "count", i, "size", 32 * i));
    json_array_append_new(rows, json_pack("{ss si si}", "type", "System.Byte[]", "count", 1, "size", 4096 * (i + 1)));
    int cached = i < 20 ? i : 20;
    json_array_append_new(rows, json_pack("{ss si si}", "type", "App.CacheEntry", "count", cached, "size", 48 * cached));
    if (i >= 10)
        json_array_append_new(rows, json_pack("{ss si si}", "type", "App.LateHandler", "count", 2 * (i - 9), "size",
                                              64 * (i - 9)));
    int strings = 100 + (int)((noise(i) + 1) * 1.6);
    json_array_append_new(rows, json_pack("{ss si si}", "type", "System.String", "count", strings, "size", 40 * strings));
    return rows;
}

static const ll_type_growth *type_growth_of(const ll_report *r, const char *type)
{
    for (size_t i = 0; i < r->growth_by_type_count; i++)
        if (strcmp(r->growth_by_type[i].type, type) == 0)
            return &r->growth_by_type[i];
    return NULL;
}

static void test_growth_by_type(void **state)
{
    (void)state;
    ll_thresholds t;
    ll_thresholds_default(&t);
    ll_analysis *a = ll_analysis_new(&t);
    for (int i = 0; i <= 60; i++) {
        json_t *snap = json_pack("{ss si s{sI}}", "type", "snapshot", "iteration", i, "gc", "used_size",
                                 (json_int_t)(8 * MB));
        json_object_set_new(snap, "dumpheap", heap_shot_rows(i));
        feed(a, snap, LL_RECORD_SNAPSHOT);
    }
    ll_report *r = ll_analysis_finish(a);
    assert_true(r->has_growth_by_type);
    assert_true(r->growth_by_type_by_trend);
    const ll_type_growth *listener = type_growth_of(r, "App.OrderListener"), *buffer = type_growth_of(r, "System.Byte[]"),
                         *late = type_growth_of(r, "App.LateHandler");
    assert_non_null(listener);
    assert_int_equal(listener->verdict, LL_LEAK);
    assert_true(fabs(listener->count_per_iteration - 1) < 1e-9);
    assert_true(fabs(listener->bytes_per_iteration - 32) < 1e-9);
    assert_non_null(buffer);
    assert_int_equal(buffer->verdict, LL_LEAK); /* by its bytes: its count stays 1 */
    assert_true(fabs(buffer->count_per_iteration) < 1e-9);
    assert_non_null(late);
    assert_int_equal(late->verdict, LL_LEAK);
    assert_true(fabs(late->count_per_iteration - 2) < 1e-9);
    assert_true(late->first_count == 0); /* before it appeared: none */
    const ll_type_growth *cache = type_growth_of(r, "App.CacheEntry");
    assert_true(cache == NULL || cache->verdict != LL_LEAK);
    assert_null(type_growth_of(r, "System.String"));
    /* Most bytes per iteration first; the shares add up to the growth. */
    assert_string_equal(r->growth_by_type[0].type, "System.Byte[]");
    double shares = 0;
    for (size_t i = 0; i < r->growth_by_type_count; i++)
        shares += r->growth_by_type[i].share;
    assert_true(shares > 0.95 && shares < 1.05);
    ll_result_free(r);
}

/* A retainers record whose parts lack their names (found by fuzzing: a
 * link without its type leaked the chain it grew, and a path without its
 * root was kept to be read as one): such parts are left out, the rest of
 * the record is read, and nothing leaks (the sanitizer build says so). */
static void test_retainers_parts_without_names(void **state)
{
    (void)state;
    ll_thresholds t;
    ll_thresholds_default(&t);
    ll_analysis *a = ll_analysis_new(&t);
    for (int i = 0; i <= 20; i++) {
        json_t *snap = json_pack("{ss si s{sI} s[{ss si si}]}", "type", "snapshot", "iteration", i, "gc", "used_size",
                                 (json_int_t)(8 * MB), "dumpheap", "type", "App.Leak", "count", 10 * i, "size", 320 * i);
        if (i == 20)
            json_object_set_new(
                snap, "retainers",
                json_pack("{s[{ss si si s[{ss ss s[{ss} {ss}] si si} {ss s[{ss}] si si}] s{si si} s{si si}}]}", "types",
                          "type", "App.Leak", "count", 200, "bytes", 6400, "paths", "root", "App.Root.items",
                          "root_kind", "static", "chain", "field", "items", "type", "App.Leak", "count", 190, "bytes",
                          6080, "root_kind", "static", "chain", "type", "App.Leak", "count", 10, "bytes", 320, "other",
                          "count", 0, "bytes", 0, "unreachable", "count", 0, "bytes", 0));
        feed(a, snap, LL_RECORD_SNAPSHOT);
    }
    ll_report *r = ll_analysis_finish(a);
    const ll_type_growth *leak = type_growth_of(r, "App.Leak");
    assert_non_null(leak);
    assert_non_null(leak->retention);
    assert_int_equal(leak->retention->path_count, 1);
    assert_string_equal(leak->retention->paths[0].root, "App.Root.items");
    assert_int_equal(leak->retention->paths[0].chain_length, 1);
    assert_string_equal(leak->retention->paths[0].chain[0].type, "App.Leak");
    ll_result_free(r);
}

/* A live run's managed growth (2.2 kB a call) over 40 calls: on Mono,
 * held as inconclusive when the run lasted less than twice its calls'
 * timeout, with how many more calls would settle it; a leak when it lasted
 * longer. On CoreCLR (RUNTIME), whose calls keep nothing until their
 * timeout fires, never held. */
static ll_report *live_run(double ms_per_call, const char *runtime)
{
    ll_thresholds t;
    ll_thresholds_default(&t);
    ll_analysis *a = ll_analysis_new(&t);
    json_t *header =
        json_pack("{ss ss ss s{ss si si}}", "type", "header", "format", "leaklab-snapshots", "context", "default",
                  "options", "wsdl", "http://127.0.0.1:8080/OrderImplService.asmx?wsdl", "call_timeout_ms", 1000,
                  "recycle_every", 0);
    if (runtime)
        json_object_set_new(header, "runtime", json_pack("{ss ss}", "name", runtime, "version", "test"));
    feed(a, header, LL_RECORD_HEADER);
    for (int i = 0; i <= 40; i++)
        feed(a,
             json_pack("{ss si sf s{s{sI}} s{sI} s{sI} s{sI}}", "type", "snapshot", "iteration", i, "elapsed_ms",
                       i * ms_per_call, "memory", "total", "rss", (json_int_t)(60 * MB + i * 2300), "gc", "used_size",
                       (json_int_t)(6 * MB + i * 2250), "malloc", "in_use", (json_int_t)(12 * MB), "assemblies",
                       "loaded", (json_int_t)20),
             LL_RECORD_SNAPSHOT);
    return ll_analysis_finish(a);
}

static void test_short_live_runs_are_held(void **state)
{
    (void)state;
    ll_report *r = live_run(3, NULL);
    assert_int_equal(ll_result_verdict(r), LL_INCONCLUSIVE);
    assert_int_equal(r->growth[LL_SERIES_MANAGED].verdict, LL_INCONCLUSIVE);
    assert_non_null(r->verdict_note);
    assert_non_null(strstr(r->verdict_note, "shorter than twice its calls' timeout (1 s)"));
    /* 36 calls in 108 ms after warm-up: (2000 - 108) / 3 more. */
    assert_int_equal(r->more_iterations_needed, 631);
    ll_result_free(r);
    r = live_run(60, NULL);
    assert_int_equal(ll_result_verdict(r), LL_LEAK);
    assert_string_equal(ll_leak_kind_name(r->kind), "managed");
    assert_null(r->verdict_note);
    ll_result_free(r);
    r = live_run(3, "coreclr");
    assert_int_equal(ll_result_verdict(r), LL_LEAK);
    assert_null(r->verdict_note);
    ll_result_free(r);
}

/* The survival rule over a short run of N calls in the root domain (id
 * 1): LOADS(i) proxies loaded by call i, UNLOADED(i) of them unloaded again
 * before its snapshot. */
static ll_report *proxies_run(int n, int (*loads)(int), int (*unloaded)(int))
{
    ll_thresholds t;
    ll_thresholds_default(&t);
    ll_analysis *a = ll_analysis_new(&t);
    feed(a, json_pack("{ss ss si s{si si}}", "type", "header", "context", "default", "root_domain", 1, "options",
                      "snapshot_every", 1, "recycle_every", 0),
         LL_RECORD_HEADER);
    json_t *types = json_pack("[{ss ss}]", "name", "ServiceBase.WebService.DynamicWebLoad.OrderImplService", "base",
                              "System.Web.Services.Protocols.SoapHttpClientProtocol");
    json_t *refs = json_array();
    feed(a, ll_record_typeset(1, types, refs), LL_RECORD_TYPESET);
    json_decref(types);
    json_decref(refs);
    static const char *const names[] = {"qgt1j2cs", "r2bjpfrk", "a8k2m1zq", "x0p9w7ee", "m3n4b5v6", "k1j2h3g4",
                                        "z9y8x7w6", "u5t4s3r2", "q1w2e3r4", "t5y6u7i8"};
    json_int_t id = 0;
    for (int i = 0; i <= n; i++) {
        for (int k = 0; i > 0 && k < loads(i); k++) {
            json_t *domain = json_integer(1);
            id++;
            feed(a, ll_record_assembly(id, domain, i, names[id % 10], "0.0.0.0", "bytes", NULL, 1),
                 LL_RECORD_ASSEMBLY);
            json_decref(domain);
            if (k < unloaded(i))
                feed(a, ll_record_unload(id, i), LL_RECORD_UNLOAD);
        }
        feed_snapshot(a, i, constant(i));
    }
    return ll_analysis_finish(a);
}

static int one(int i) { (void)i; return 1; }
static int none(int i) { (void)i; return 0; }
static int first_four(int i) { return i <= 4; } /* a cache of four proxies */

static void test_survival_rule(void **state)
{
    (void)state;
    ll_report *r = proxies_run(6, one, none);
    assert_int_equal(ll_result_verdict(r), LL_LEAK);
    assert_string_equal(ll_leak_kind_name(r->kind), "assembly");
    assert_string_equal(ll_basis_name(r->basis), "survival");
    assert_int_equal(r->suspect_count, 1);
    assert_string_equal(r->suspects[0].name_pattern, "random 8-character");
    ll_result_free(r);
    r = proxies_run(4, one, none); /* four intervals: not yet */
    assert_int_not_equal(ll_result_verdict(r), LL_LEAK);
    ll_result_free(r);
    r = proxies_run(6, one, one); /* each unloaded again: nothing survives */
    assert_int_not_equal(ll_result_verdict(r), LL_LEAK);
    ll_result_free(r);
    r = proxies_run(7, first_four, none); /* a cache that stopped filling */
    assert_int_not_equal(ll_result_verdict(r), LL_LEAK);
    ll_result_free(r);
}

/* A heap-shot row that is not {type, count, size} is refused, naming the
 * file, line and field. */
static void test_bad_heap_shot_rows(void **state)
{
    (void)state;
    ll_thresholds t;
    ll_thresholds_default(&t);
    static const char *const bad[] = {
        "{\"type\":\"snapshot\",\"iteration\":1,\"dumpheap\":{}}",
        "{\"type\":\"snapshot\",\"iteration\":1,\"dumpheap\":[{\"type\":\"A\",\"count\":-1,\"size\":8}]}",
        "{\"type\":\"snapshot\",\"iteration\":1,\"dumpheap\":[{\"type\":7,\"count\":1,\"size\":8}]}",
        "{\"type\":\"snapshot\",\"iteration\":1,\"dumpheap\":[{\"type\":\"A\",\"count\":1.5,\"size\":8}]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ll_analysis *a = ll_analysis_new(&t);
        ll_record rec = {.type = LL_RECORD_SNAPSHOT, .json = json_loads(bad[i], 0, NULL), .file = "bad.jsonl",
                         .line = 3};
        ll_error err;
        assert_int_equal(ll_analysis_feed(a, &rec, &err), -1);
        assert_non_null(strstr(err.message, "bad.jsonl:3: field 'dumpheap'"));
        json_decref(rec.json);
        ll_result_free(ll_analysis_finish(a));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constant_is_no_leak),
        cmocka_unit_test(test_linear_is_native_leak),
        cmocka_unit_test(test_noisy_linear_is_managed_leak),
        cmocka_unit_test(test_step_is_no_leak),
        cmocka_unit_test(test_plateau_is_no_leak),
        cmocka_unit_test(test_sawtooth_is_no_leak),
        cmocka_unit_test(test_outliers_do_not_hide_a_leak),
        cmocka_unit_test(test_assembly_growth_is_assembly_leak),
        cmocka_unit_test(test_small_steady_leak_is_a_leak),
        cmocka_unit_test(test_growth_below_floor_is_reported),
        cmocka_unit_test(test_floor_is_a_threshold_option),
        cmocka_unit_test(test_two_points_are_inconclusive),
        cmocka_unit_test(test_severity_of_a_native_leak),
        cmocka_unit_test(test_budgets),
        cmocka_unit_test(test_theil_sen_ignores_outliers),
        cmocka_unit_test(test_flat_series_has_no_trend),
        cmocka_unit_test(test_growth_by_type),
        cmocka_unit_test(test_short_live_runs_are_held),
        cmocka_unit_test(test_retainers_parts_without_names),
        cmocka_unit_test(test_survival_rule),
        cmocka_unit_test(test_bad_heap_shot_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
