/* The cost of each fix, per call: time, and what each call leaves behind —
 * RSS, GC heap, native heap and assemblies — measured after a full
 * collection before and after the timed loop. Mono starts once per process
 * and a leaking variant would pollute the next, so bench/run gives each
 * variant a process of its own.
 *
 * The recycle sweep (proxy/sweep/recycle-every/M, the figures of `leaklab
 * sweep` as benchmarks): the customer's code in a collectible AppDomain
 * recycled every M calls, where one benchmark iteration is one whole
 * recycle period of M calls, so that the loop ends on an unload and the
 * bytes kept are those of whole periods; the figures are then divided by M
 * (counter calls_per_iteration) to be per call.
 *
 * proxy/coreclr/...: the same variants on CoreCLR (.NET 10), in a
 * collectible AssemblyLoadContext for the collectible one; skipped, with
 * the reason, in a build without CoreCLR. */
#include "benches.h"

#include "leaklab/host.h"

#include <stdio.h>

struct proxy_variant {
    const char *bench_name;
    const char *runtime; /* NULL: the default */
    const char *scenario;
    int collectible;
    long recycle_every;
    long calls_per_iteration;
};

static const struct proxy_variant variants[] = {
    {"proxy/per-call/default", NULL, "proxy-per-call", 0, 1, 1},
    {"proxy/per-call/collectible", NULL, "proxy-per-call", 1, 1, 1},
    {"proxy/per-call/collectible-every-10", NULL, "proxy-per-call", 1, 10, 1},
    {"proxy/cached", NULL, "proxy-cached", 0, 1, 1},
    {"proxy/static", NULL, "proxy-static", 0, 1, 1},
    {"proxy/coreclr/per-call/default", "coreclr", "proxy-per-call", 0, 1, 1},
    {"proxy/coreclr/per-call/collectible", "coreclr", "proxy-per-call", 1, 1, 1},
    {"proxy/coreclr/cached", "coreclr", "proxy-cached", 0, 1, 1},
    {"proxy/coreclr/static", "coreclr", "proxy-static", 0, 1, 1},
};

#define SWEEP_POINTS 7
static const long sweep_periods[SWEEP_POINTS] = {1, 2, 5, 10, 20, 50, 100};
static char sweep_names[SWEEP_POINTS][48];
static struct proxy_variant sweep_variants[SWEEP_POINTS];

struct memory_reading {
    double rss, gc_heap, native_heap, assemblies;
};

static struct memory_reading read_memory(void)
{
    ll_host_collect_garbage();
    return (struct memory_reading){(double)ll_host_rss(), (double)ll_host_gc_used(),
                                   (double)ll_host_malloc_in_use(), (double)ll_host_assemblies_loaded()};
}

/* One call and its bookkeeping; returns -1 (ST skipped) if it failed. */
static int call_once(llb_state *st, ll_scenario_session *s, int iteration)
{
    ll_exception_text exc;
    char message[1400];
    ll_error err;
    int rc = ll_scenario_session_call(s, iteration, &exc, NULL, NULL, &err);
    if (rc != 0) {
        snprintf(message, sizeof message, "%s", rc < 0 ? err.message : exc.message);
        llb_skip_with_error(st, message);
        return -1;
    }
    ll_scenario_session_finish_call(s, iteration, 0);
    return 0;
}

static void bm_proxy(llb_state *st, void *user)
{
    const struct proxy_variant *v = user;
    char assembly[4096], entry[512];
    ll_error err;
    if (bench_start_host(st, v->runtime) < 0)
        return;
    if (ll_host_builtin_scenario(v->scenario, v->runtime, assembly, sizeof assembly, entry, sizeof entry, &err) < 0) {
        llb_skip_with_error(st, err.message);
        return;
    }
    ll_scenario_session *s = ll_scenario_session_open(assembly, entry, v->collectible, v->recycle_every, NULL);
    int iteration = 0;
    /* Warm-up: the framework loads on the first calls, and a collectible
     * context is measured from just after an unload. */
    while (iteration < (v->recycle_every > 2 ? v->recycle_every : 2))
        if (call_once(st, s, ++iteration) < 0)
            goto out;
    struct memory_reading before = read_memory();
    while (llb_keep_running(st))
        for (long call = 0; call < v->calls_per_iteration; call++)
            if (call_once(st, s, ++iteration) < 0)
                goto out;
    ll_scenario_session_close(s);
    s = NULL;
    struct memory_reading after = read_memory();
    double per_call = 1.0 / (double)v->calls_per_iteration;
    llb_set_counter(st, "rss_bytes", (after.rss - before.rss) * per_call, LLB_COUNTER_PER_ITERATION);
    llb_set_counter(st, "gc_heap_bytes", (after.gc_heap - before.gc_heap) * per_call, LLB_COUNTER_PER_ITERATION);
    llb_set_counter(st, "native_heap_bytes", (after.native_heap - before.native_heap) * per_call,
                    LLB_COUNTER_PER_ITERATION);
    llb_set_counter(st, "assemblies", (after.assemblies - before.assemblies) * per_call, LLB_COUNTER_PER_ITERATION);
    llb_set_counter(st, "calls_per_iteration", (double)v->calls_per_iteration, LLB_COUNTER_PLAIN);
    llb_set_label(st, v->scenario);
out:
    ll_scenario_session_close(s);
}

void register_proxy_benches(void)
{
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
        llb_set_time_unit(llb_register(variants[i].bench_name, bm_proxy, (void *)&variants[i]), LLB_MILLISECOND);
    for (size_t i = 0; i < SWEEP_POINTS; i++) {
        long m = sweep_periods[i];
        snprintf(sweep_names[i], sizeof sweep_names[i], "proxy/sweep/recycle-every/%ld", m);
        sweep_variants[i] = (struct proxy_variant){sweep_names[i], NULL, "proxy-per-call", 1, m, m};
        llb_set_time_unit(llb_register(sweep_names[i], bm_proxy, &sweep_variants[i]), LLB_MILLISECOND);
    }
}
