/* One "snapshot" record (README.md, "The snapshot format"): a full
 * collection through the runtime (walking the heap when the plan says),
 * then the process's memory, malloc, the GC's and the runtime's own
 * figures, the assemblies alive and the heap-shot's rows. */
#include "leaklab/host.h"
#include "leaklab/snapshot.h"

#include "heap_shot.h"
#include "inventory.h"
#include "memory_probe.h"
#include "runtime.h"

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

static json_t *gc_figures(void)
{
    ll_gc_figures gc;
    ll__runtime()->gc_figures(&gc);
    return json_pack("{sI sI sb sI sI}", LL_FIELD_GC_HEAP_SIZE, (json_int_t)gc.heap_size, LL_FIELD_GC_USED_SIZE,
                     (json_int_t)gc.used_size, LL_FIELD_GC_AFTER_FULL_COLLECTION, 1, LL_FIELD_GC_MINOR_COLLECTIONS,
                     (json_int_t)gc.minor_collections, LL_FIELD_GC_MAJOR_COLLECTIONS,
                     (json_int_t)gc.major_collections);
}

static void add_counter(void *data, const char *name, long long value)
{
    json_object_set_new(data, name, json_integer(value));
}

static json_t *runtime_counters(void)
{
    json_t *counters = json_object();
    ll__runtime()->counters(add_counter, counters);
    return counters;
}

static json_t *snapshot_record(long seq, int iteration, double elapsed_ms, ll_snapshot_plan plan,
                               int *heap_shot_failed)
{
    double t0 = now_ms();
    ll__heap_shot_collect(plan.heap_shot);
    double gc_ms = now_ms() - t0;
    json_t *memory = plan.memory_map ? ll__memory_by_kind() : ll__memory_total();
    if (!memory)
        return NULL;
    json_t *record = ll_record_snapshot(seq, iteration);
    json_t *fields = json_pack("{sf sf so so so so so}", LL_FIELD_TIME_UNIX_MS, unix_ms(), LL_FIELD_ELAPSED_MS,
                               elapsed_ms, LL_FIELD_MEMORY, memory, LL_FIELD_MALLOC, ll__malloc_stats(), LL_FIELD_GC,
                               gc_figures(), LL_FIELD_RUNTIME, runtime_counters(), LL_FIELD_ASSEMBLIES,
                               ll__inventory_counts());
    json_object_update(record, fields);
    json_decref(fields);
    if (plan.heap_shot) {
        json_t *rows = ll__heap_shot_rows();
        *heap_shot_failed = rows == NULL;
        if (rows)
            json_object_set_new(record, LL_FIELD_DUMPHEAP, rows);
        else
            json_object_set_new(record, LL_FIELD_HEAP_SHOT_FAILED, json_true());
    }
    json_object_set_new(record, LL_FIELD_GC_MS, json_real(gc_ms));
    json_object_set_new(record, LL_FIELD_SNAPSHOT_MS, json_real(now_ms() - t0));
    return record;
}

int ll_host_write_snapshot(ll_snapshot_writer *w, long seq, int iteration, double elapsed_ms, ll_snapshot_plan plan,
                           int *heap_shot_failed, ll_error *err)
{
    int failed = 0;
    json_t *record = snapshot_record(seq, iteration, elapsed_ms, plan, &failed);
    if (heap_shot_failed)
        *heap_shot_failed = failed;
    if (!record) {
        ll_error_set_code(err, LL_ERROR_IO, "cannot read /proc/self/smaps or /proc/self/statm");
        return -1;
    }
    int rc = ll_snapshot_writer_append(w, record, err);
    json_decref(record);
    return rc;
}
