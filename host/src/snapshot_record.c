/* One "snapshot" record (README.md, "The snapshot format"): a full
 * collection through the runtime (walking the heap when the plan says),
 * then the process's memory, malloc, the GC's and the runtime's own
 * figures, the assemblies alive, the heap-shot's rows and, when the plan
 * says, who keeps what grew since the run's first capture. */
#include "leaklab/host.h"
#include "leaklab/snapshot.h"

#include "heap_shot.h"
#include "inventory.h"
#include "memory_probe.h"
#include "retention.h"
#include "runtime.h"

#include <stdlib.h>
#include <string.h>

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

/* The run's first capture's objects per type, by name: what grew since
 * is what later captures look for the keepers of. */
static json_t *first_capture;

/* A type's count and bytes in a heap-shot ROW. */
static void row_figures(const json_t *row, json_int_t *count, json_int_t *bytes)
{
    *count = json_integer_value(json_object_get(row, LL_FIELD_DUMPHEAP_COUNT));
    *bytes = json_integer_value(json_object_get(row, LL_FIELD_DUMPHEAP_SIZE));
}

struct growth {
    const char *type;
    json_int_t bytes;
};

static int by_growth(const void *a, const void *b)
{
    const struct growth *x = a, *y = b;
    return x->bytes != y->bytes ? (x->bytes < y->bytes ? 1 : -1) : strcmp(x->type, y->type);
}

/* The types whose keepers the capture looks for, into TYPES (at most
 * LL_RETAINED_TYPES): at the first capture the heap's largest (ROWS are
 * most bytes first), later those that grew most since it. Their number. */
static size_t types_to_explain(const json_t *rows, const char **types)
{
    size_t n = 0, i;
    json_t *row;
    if (!first_capture) {
        first_capture = json_object();
        json_array_foreach(rows, i, row) {
            json_int_t count, bytes;
            row_figures(row, &count, &bytes);
            json_object_set_new(first_capture, json_string_value(json_object_get(row, LL_FIELD_DUMPHEAP_TYPE)),
                                json_pack("[II]", count, bytes));
            if (n < LL_RETAINED_TYPES)
                types[n++] = json_string_value(json_object_get(row, LL_FIELD_DUMPHEAP_TYPE));
        }
        return n;
    }
    struct growth *grown = malloc((json_array_size(rows) + 1) * sizeof *grown);
    if (!grown)
        return 0;
    json_array_foreach(rows, i, row) {
        const char *type = json_string_value(json_object_get(row, LL_FIELD_DUMPHEAP_TYPE));
        const json_t *before = json_object_get(first_capture, type);
        json_int_t count, bytes;
        row_figures(row, &count, &bytes);
        if (count > json_integer_value(json_array_get(before, 0)))
            grown[n++] = (struct growth){type, bytes - json_integer_value(json_array_get(before, 1))};
    }
    qsort(grown, n, sizeof *grown, by_growth);
    if (n > LL_RETAINED_TYPES)
        n = LL_RETAINED_TYPES;
    for (size_t k = 0; k < n; k++)
        types[k] = grown[k].type;
    free(grown);
    return n;
}

/* The "retainers" of the capture just walked, for the types ROWS says. */
static json_t *retainers(const json_t *rows, int final)
{
    double t0 = now_ms();
    const char *types[LL_RETAINED_TYPES];
    size_t n = types_to_explain(rows, types);
    ll_capture capture = ll__retention_capture();
    json_t *record = ll__retention_paths(&capture, types, n, final);
    if (record)
        json_object_set_new(record, LL_FIELD_RETAINERS_MS, json_real(now_ms() - t0));
    return record;
}

static json_t *snapshot_record(long seq, int iteration, double elapsed_ms, ll_snapshot_plan plan,
                               int *heap_shot_failed)
{
    double t0 = now_ms();
    if (seq == 0) { /* a new series */
        json_decref(first_capture);
        first_capture = NULL;
    }
    ll__heap_shot_collect(plan.heap_shot, plan.retainers);
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
        if (rows && plan.retainers)
            json_object_set_new(record, LL_FIELD_RETAINERS, retainers(rows, plan.final));
    }
    json_object_set_new(record, LL_FIELD_GC_MS, json_real(gc_ms));
    json_object_set_new(record, LL_FIELD_SNAPSHOT_MS, json_real(now_ms() - t0));
    return record;
}

void ll_host_collect_garbage_capturing(void)
{
    ll__heap_shot_collect(1, 1);
    json_t *rows = ll__heap_shot_rows(), *saved = first_capture;
    first_capture = NULL; /* as a run's first capture: the heap's largest types */
    if (rows)
        json_decref(retainers(rows, 1));
    json_decref(first_capture);
    first_capture = saved;
    json_decref(rows);
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
