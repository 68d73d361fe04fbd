/* The iteration loop of `leaklab run`: invoke the entry point once per
 * iteration, in the root domain or in AppDomains recycled every M
 * iterations, and after each iteration write what happened: new and
 * unloaded assemblies, the iteration's outcome and, every K iterations, a
 * snapshot of memory taken after a full collection. */
#include "run.h"

#include "inventory.h"
#include "leaklab/snapshot.h"
#include "memory_probe.h"
#include "runtime.h"
#include "runtime_counters.h"
#include "scenario_table.h"

#include <mono/metadata/appdomain.h>
#include <mono/metadata/mono-gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

struct run_state {
    const ll_run_options *opts;
    ll_snapshot_writer *writer;
    MonoDomain *domain; /* where the entry point lives now */
    ll_entry_point entry;
    double started_ms;
    double last_progress_ms;
    long snapshots;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double unix_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Writes RECORD and releases it; a write failure ends the run. */
static int emit(struct run_state *s, json_t *record)
{
    ll_error err;
    int rc = ll_snapshot_writer_append(s->writer, record, &err);
    json_decref(record);
    if (rc < 0)
        fprintf(stderr, "leaklab: %s\n", err.message);
    return rc;
}

static int emit_inventory_events(struct run_state *s, int iteration)
{
    json_t *records = json_array();
    ll_inventory_collect_events(iteration, records);
    size_t i;
    json_t *record;
    int rc = 0;
    json_array_foreach(records, i, record)
        if (rc == 0)
            rc = emit(s, json_incref(record));
    json_decref(records);
    return rc;
}

static json_t *header_record(const ll_run_options *o, MonoDomain *root)
{
    struct utsname uts;
    uname(&uts);
    json_t *options = json_pack("{sI sI sI ss?}", "iterations", (json_int_t)o->iterations,
                                "snapshot_every", (json_int_t)o->snapshot_every, "recycle_every",
                                (json_int_t)(o->collectible ? o->recycle_every : 0), "wsdl",
                                o->wsdl);
    json_t *host = json_pack("{ss ss ss sI}", "hostname", uts.nodename, "kernel", uts.release,
                             "machine", uts.machine, "cpus",
                             (json_int_t)sysconf(_SC_NPROCESSORS_ONLN));
    return json_pack("{ss ss si so ss ss? ss ss ss so si ss sf}", "type", "header", "format",
                     LL_SNAPSHOT_FORMAT, "version", LL_SNAPSHOT_VERSION, "host", host,
                     "mono_version", ll_runtime_version(), "scenario", o->scenario, "assembly",
                     o->assembly, "entry", o->entry, "context",
                     o->collectible ? "collectible" : "default", "options", options,
                     "root_domain", mono_domain_get_id(root), "gc_before_snapshot",
                     "full collection of every generation before each snapshot, so that "
                     "garbage does not look like growth",
                     "started_unix_ms", unix_ms());
}

static int take_snapshot(struct run_state *s, int iteration)
{
    double t0 = now_ms();
    ll_runtime_collect_garbage();
    double gc_ms = now_ms() - t0;
    int max_gen = mono_gc_max_generation();
    json_t *gc = json_pack("{sI sI sb si si}", "heap_size", (json_int_t)mono_gc_get_heap_size(),
                           "used_size", (json_int_t)mono_gc_get_used_size(),
                           "after_full_collection", 1, "minor_collections",
                           mono_gc_collection_count(0), "major_collections",
                           mono_gc_collection_count(max_gen));
    json_t *memory = ll_memory_by_kind();
    if (!memory) {
        fprintf(stderr, "leaklab: cannot read /proc/self/smaps\n");
        json_decref(gc);
        return -1;
    }
    json_t *record = json_pack("{ss sI si sf sf so so so so so}", "type", "snapshot", "seq",
                               (json_int_t)s->snapshots++, "iteration", iteration,
                               "time_unix_ms", unix_ms(), "elapsed_ms", now_ms() - s->started_ms,
                               "memory", memory, "malloc", ll_malloc_stats(), "gc", gc,
                               "runtime", ll_runtime_counters_sample(), "assemblies",
                               ll_inventory_counts());
    json_object_set_new(record, "gc_ms", json_real(gc_ms));
    json_object_set_new(record, "snapshot_ms", json_real(now_ms() - t0));
    return emit(s, record);
}

static void report_progress(struct run_state *s, long done, int force)
{
    double now = now_ms();
    if (s->opts->quiet || (!force && now - s->last_progress_ms < 1000))
        return;
    s->last_progress_ms = now;
    fprintf(stderr, "leaklab: %s [%s] iteration %ld/%ld, %.1f s, RSS %.1f MB\n",
            s->opts->scenario ? s->opts->scenario : s->opts->entry,
            s->opts->collectible ? "collectible" : "default", done, s->opts->iterations,
            (now - s->started_ms) / 1e3, ll_memory_rss() / 1048576.0);
}

/* Makes sure the entry point is loaded in the domain of ITERATION; in the
 * collectible context that is a fresh AppDomain after each recycle. */
static int prepare_domain(struct run_state *s, int iteration, char *why, size_t why_len)
{
    if (s->domain)
        return 0;
    MonoDomain *domain = mono_get_root_domain();
    if (s->opts->collectible) {
        char name[64];
        snprintf(name, sizeof name, "leaklab-iteration-%d", iteration);
        domain = ll_runtime_create_domain(name);
        if (!domain) {
            snprintf(why, why_len, "cannot create an AppDomain");
            return -1;
        }
        ll_runtime_enter_domain(domain);
    }
    if (ll_runtime_resolve_entry(domain, s->opts->assembly, s->opts->entry, &s->entry, why,
                                 why_len) < 0) {
        if (s->opts->collectible)
            ll_runtime_unload_domain(domain);
        return -1;
    }
    s->domain = domain;
    return 0;
}

static void recycle_domain(struct run_state *s)
{
    if (s->opts->collectible && s->domain) {
        ll_runtime_unload_domain(s->domain);
        s->domain = NULL;
    }
}

static json_t *iteration_record(int iteration, double wall_ms, const ll_exception_text *exc)
{
    json_t *record = json_pack("{ss si ss sf}", "type", "iteration", "iteration", iteration,
                               "outcome", exc ? "failed" : "ok", "wall_ms", wall_ms);
    if (exc)
        json_object_set_new(record, "exception",
                            json_pack("{ss ss ss}", "type", exc->type, "message", exc->message,
                                      "stack", exc->stack));
    return record;
}

/* Runs one iteration and writes its records. Returns 0, 1 if the scenario
 * threw, -1 if the run cannot go on. */
static int run_iteration(struct run_state *s, int iteration)
{
    const ll_run_options *o = s->opts;
    ll_exception_text exc;
    double t0 = now_ms();
    int failed = ll_runtime_invoke(&s->entry, iteration, &exc) < 0;
    double wall_ms = now_ms() - t0;
    if (emit_inventory_events(s, iteration) < 0)
        return -1;
    if (failed || iteration % o->recycle_every == 0 || iteration == o->iterations) {
        recycle_domain(s);
        if (emit_inventory_events(s, iteration) < 0)
            return -1;
    }
    if (emit(s, iteration_record(iteration, wall_ms, failed ? &exc : NULL)) < 0)
        return -1;
    if ((failed || iteration % o->snapshot_every == 0 || iteration == o->iterations) &&
        take_snapshot(s, iteration) < 0)
        return -1;
    if (failed)
        fprintf(stderr, "leaklab: iteration %d threw %s: %s\n%s\n", iteration, exc.type,
                exc.message, exc.stack);
    return failed;
}

static int emit_end(struct run_state *s, const char *status, long done)
{
    return emit(s, json_pack("{ss ss sI sf}", "type", "end", "status", status, "iterations",
                             (json_int_t)done, "elapsed_ms", now_ms() - s->started_ms));
}

static int run_loop(struct run_state *s)
{
    const ll_run_options *o = s->opts;
    char why[1024];
    for (long i = 1; i <= o->iterations; i++) {
        if (prepare_domain(s, (int)i, why, sizeof why) < 0) {
            fprintf(stderr, "leaklab: %s\n", why);
            emit_end(s, "error", i - 1);
            return LL_RUN_USAGE;
        }
        int rc = run_iteration(s, (int)i);
        report_progress(s, i, rc != 0 || i == o->iterations);
        if (rc != 0) {
            emit_end(s, rc > 0 ? "failed" : "error", rc > 0 ? i : i - 1);
            return LL_RUN_SCENARIO_FAILED;
        }
    }
    return emit_end(s, "completed", o->iterations) < 0 ? LL_RUN_SCENARIO_FAILED : LL_RUN_OK;
}

int ll_run(const ll_run_options *opts)
{
    ll_error err;
    ll_snapshot_writer *writer = ll_snapshot_writer_open(opts->output, &err);
    if (!writer) {
        fprintf(stderr, "leaklab: %s\n", err.message);
        return LL_RUN_USAGE;
    }
    if (opts->wsdl)
        setenv("LEAKLAB_WSDL", opts->wsdl, 1);
    ll_inventory_install();
    ll_runtime_counters_enable();
    MonoDomain *root = ll_runtime_start(ll_scenario_lib_dir());
    struct run_state s = {.opts = opts, .writer = writer, .started_ms = now_ms()};
    int status = emit(&s, header_record(opts, root)) < 0 || emit_inventory_events(&s, 0) < 0 ||
                         take_snapshot(&s, 0) < 0
                     ? LL_RUN_SCENARIO_FAILED
                     : run_loop(&s);
    if (ll_snapshot_writer_close(writer, &err) < 0) {
        fprintf(stderr, "leaklab: %s\n", err.message);
        status = LL_RUN_SCENARIO_FAILED;
    }
    return status;
}
