/* Unit test of the C wrapper over Google Benchmark: registers benchmarks
 * through cbench.h, runs them through llb_main with Google Benchmark's own
 * flags, and checks what its JSON output says about each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "leaklab/cbench.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct seen {
    int64_t arg;
    long calls;
};

static void bm_counting(llb_state *st, void *user)
{
    struct seen *seen = user;
    seen->calls++;
    seen->arg = llb_arg(st, 0);
    volatile int64_t sink = 0;
    while (llb_keep_running(st)) {
        llb_pause_timing(st);
        sink++;
        llb_resume_timing(st);
        for (int64_t i = 0; i < seen->arg; i++)
            sink += i;
    }
    llb_set_label(st, "counted");
    llb_set_items_processed(st, llb_iterations(st) * seen->arg);
    llb_set_bytes_processed(st, llb_iterations(st) * 8);
    llb_set_counter(st, "total", 10.0 * (double)llb_iterations(st), LLB_COUNTER_PER_ITERATION);
    llb_set_counter(st, "plain", 42.0, LLB_COUNTER_PLAIN);
}

static void bm_failing(llb_state *st, void *user)
{
    (void)user;
    llb_skip_with_error(st, "no Mono here");
}

static void bm_ranged(llb_state *st, void *user)
{
    (void)user;
    while (llb_keep_running(st))
        ;
    llb_set_counter(st, "arg", (double)llb_arg(st, 0), LLB_COUNTER_PLAIN);
}

static json_t *find(json_t *benchmarks, const char *name)
{
    size_t i;
    json_t *b;
    json_array_foreach(benchmarks, i, b)
        if (strcmp(json_string_value(json_object_get(b, "name")), name) == 0)
            return b;
    fail_msg("benchmark %s not in the output", name);
    return NULL;
}

static void test_wrapper_runs_and_reports(void **state)
{
    (void)state;
    struct seen seen = {0};
    char out_flag[128], path[64];
    snprintf(path, sizeof path, "/tmp/leaklab-cbench-%d.json", (int)getpid());
    snprintf(out_flag, sizeof out_flag, "--benchmark_out=%s", path);
    llb_set_iterations(llb_add_arg(llb_register("cbench_test/counting", bm_counting, &seen), 100), 50);
    llb_register("cbench_test/failing", bm_failing, NULL);
    llb_add_range(llb_register("cbench_test/ranged", bm_ranged, NULL), 8, 64);
    llb_register("other/not_selected", bm_failing, NULL);
    char *argv[] = {"test_cbench", "--benchmark_filter=cbench_test", out_flag, "--benchmark_out_format=json",
                    "--benchmark_min_time=0.001", NULL};
    assert_int_equal(llb_main(5, argv), 0);
    assert_true(seen.calls >= 1);
    assert_int_equal(seen.arg, 100);

    json_error_t jerr;
    json_t *out = json_load_file(path, 0, &jerr);
    assert_non_null(out);
    json_t *benchmarks = json_object_get(out, "benchmarks");
    assert_int_equal(json_array_size(benchmarks), 4);
    assert_true(json_number_value(json_object_get(find(benchmarks, "cbench_test/ranged/8"), "arg")) == 8.0);
    assert_true(json_number_value(json_object_get(find(benchmarks, "cbench_test/ranged/64"), "arg")) == 64.0);
    json_t *counting = find(benchmarks, "cbench_test/counting/100/iterations:50");
    assert_int_equal(json_integer_value(json_object_get(counting, "iterations")), 50);
    assert_string_equal(json_string_value(json_object_get(counting, "label")), "counted");
    assert_true(json_number_value(json_object_get(counting, "total")) == 10.0);
    assert_true(json_number_value(json_object_get(counting, "plain")) == 42.0);
    assert_true(json_number_value(json_object_get(counting, "items_per_second")) > 0);
    assert_true(json_number_value(json_object_get(counting, "bytes_per_second")) > 0);
    json_t *failing = find(benchmarks, "cbench_test/failing");
    assert_true(json_is_true(json_object_get(failing, "error_occurred")));
    assert_string_equal(json_string_value(json_object_get(failing, "error_message")), "no Mono here");
    json_decref(out);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrapper_runs_and_reports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
