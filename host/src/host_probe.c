/* The host library's start-up and measurements: one snapshot record, and
 * the cheap single figures the benchmarks read between calls. */
#include "leaklab/host.h"
#include "leaklab/snapshot.h"

#include "heap_shot.h"
#include "inventory.h"
#include "memory_probe.h"
#include "runtime.h"
#include "runtime_counters.h"
#include "scenario_table.h"

#include <mono/metadata/environment.h>
#include <mono/metadata/appdomain.h>
#include <mono/metadata/mono-gc.h>
#include <mono/metadata/profiler.h>
#include <stdio.h>
#include <time.h>

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

int ll_host_start(void)
{
    ll__inventory_install();
    ll__heap_shot_install();
    ll__runtime_counters_enable();
    return ll__runtime_start(ll__scenario_lib_dir()) ? 0 : -1;
}

int ll_host_exit_code(void)
{
    return mono_environment_exitcode_get();
}

const char *ll_host_mono_version(void)
{
    return ll__runtime_version();
}

int ll_host_root_domain_id(void)
{
    return mono_domain_get_id(mono_get_root_domain());
}

const char *ll_host_lib_dir(void)
{
    return ll__scenario_lib_dir();
}

int ll_host_builtin_scenario(const char *name, char *assembly, size_t assembly_len, char *entry, size_t entry_len,
                             ll_error *err)
{
    ll_scenario_table table;
    if (ll__scenarios_load(&table, err) < 0)
        return -1;
    const ll_scenario *s = ll__scenarios_find(&table, name);
    if (!s) {
        ll_error_set(err, "unknown scenario '%s'; `leaklab list` shows them", name);
        return -1;
    }
    snprintf(assembly, assembly_len, "%s/%s", ll__scenario_lib_dir(), LL_SCENARIO_ASSEMBLY);
    snprintf(entry, entry_len, "%s", s->entry);
    return 0;
}

/* Whether the last snapshot asked for a heap-shot and got none. */
static int heap_shot_failed;

/* The heap-shot's rows, or the reason there are none. */
static void add_heap_shot(json_t *record)
{
    json_t *rows = ll__heap_shot_rows();
    heap_shot_failed = rows == NULL;
    if (rows)
        json_object_set_new(record, LL_FIELD_DUMPHEAP, rows);
    else
        json_object_set_new(record, LL_FIELD_HEAP_SHOT_FAILED, json_true());
}

int ll_host_heap_shot_failed(void)
{
    return heap_shot_failed;
}

json_t *ll_host_snapshot(long seq, int iteration, double elapsed_ms, ll_snapshot_plan plan)
{
    double t0 = now_ms();
    ll__heap_shot_collect(plan.heap_shot);
    double gc_ms = now_ms() - t0;
    json_t *memory = plan.memory_map ? ll__memory_by_kind() : ll__memory_total();
    if (!memory)
        return NULL;
    json_t *gc = json_pack("{sI sI sb si si}", LL_FIELD_GC_HEAP_SIZE, (json_int_t)mono_gc_get_heap_size(), LL_FIELD_GC_USED_SIZE,
                           (json_int_t)mono_gc_get_used_size(), "after_full_collection", 1, "minor_collections",
                           mono_gc_collection_count(0), "major_collections",
                           mono_gc_collection_count(mono_gc_max_generation()));
    json_t *record = ll_record_snapshot(seq, iteration);
    json_t *fields = json_pack("{sf sf so so so so so}", "time_unix_ms", unix_ms(), LL_FIELD_ELAPSED_MS, elapsed_ms, LL_FIELD_MEMORY,
                               memory, LL_FIELD_MALLOC, ll__malloc_stats(), LL_FIELD_GC, gc, LL_FIELD_RUNTIME,
                               ll__runtime_counters_sample(), LL_FIELD_ASSEMBLIES, ll__inventory_counts());
    json_object_update(record, fields);
    json_decref(fields);
    heap_shot_failed = 0;
    if (plan.heap_shot)
        add_heap_shot(record);
    json_object_set_new(record, "gc_ms", json_real(gc_ms));
    json_object_set_new(record, "snapshot_ms", json_real(now_ms() - t0));
    return record;
}

void ll_host_inventory_events(int iteration, json_t *records)
{
    ll__inventory_collect_events(iteration, records);
}

long ll_host_assemblies_loaded(void)
{
    return ll__inventory_loaded();
}

unsigned long long ll_host_rss(void)
{
    return ll__memory_rss();
}

long long ll_host_gc_used(void)
{
    return mono_gc_get_used_size();
}

long long ll_host_malloc_in_use(void)
{
    return ll__malloc_in_use();
}

void ll_host_collect_garbage(void)
{
    ll__heap_shot_collect(0);
}

void ll_host_collect_garbage_walking(int walk)
{
    ll__heap_shot_collect(walk);
}

void ll_host_load_mono_profiler(const char *desc)
{
    mono_profiler_load(desc);
}

uint64_t ll_host_heap_shot_objects(void)
{
    return ll__heap_shot_objects();
}
