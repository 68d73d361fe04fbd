/* The heap-shot: objects and bytes per class on the managed heap, counted
 * during the full collection a snapshot asks for (the equivalent of SOS
 * `!dumpheap -stat`, and of the log profiler's heap shot without its log).
 *
 * Mono lets a profiler walk the heap only while the world is stopped, in
 * its GC event callback (mono_gc_walk_heap, at MONO_GC_EVENT_PRE_START_WORLD).
 * Every other thread is then frozen wherever it was, possibly inside
 * malloc, so the walk never calls malloc: its table lives in memory mapped
 * for it, and grows by mapping a larger one. Class names are resolved
 * after the world restarts, in the snapshot's own thread, before any
 * domain can be unloaded. */
#include "heap_shot.h"
#include "class_counts.h"
#include "class_names.h"

#include "leaklab/snapshot.h"

#include <mono/metadata/class.h>
#include <mono/metadata/mono-gc.h>
#include <mono/metadata/object.h>
#include <mono/metadata/profiler.h>
#include <mono/utils/mono-publib.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct {
    ll_class_counts counts;
    int armed;  /* the snapshot's own collection is running */
    int walked; /* a walk completed since the heap-shot began */
} shot;

/* Called once per object, and again (with SIZE 0) for each further batch of
 * its references: only the first call counts it. SIZE is the slot the GC
 * gave the object (its size class: 5,336 bytes for a byte[4096]); SOS
 * counts the object itself, 8-byte aligned, and so do we. */
static int count_object(MonoObject *obj, MonoClass *klass, uintptr_t size, uintptr_t num, MonoObject **refs,
                        uintptr_t *offsets, void *data)
{
    (void)num, (void)refs, (void)offsets, (void)data;
    if (size == 0)
        return 0;
    ll__class_counts_add(&shot.counts, klass, ((uintptr_t)mono_object_get_size(obj) + 7) & ~(uintptr_t)7);
    return 0;
}

static void on_gc_event(MonoProfiler *prof, MonoProfilerGCEvent event, uint32_t generation, mono_bool is_serial)
{
    (void)prof, (void)is_serial;
    if (!shot.armed || event != MONO_GC_EVENT_PRE_START_WORLD || (int)generation != mono_gc_max_generation())
        return;
    ll__class_counts_reset(&shot.counts);
    mono_gc_walk_heap(0, count_object, NULL);
    shot.walked = 1;
}

int ll__heap_shot_install(void)
{
    if (ll__class_counts_init(&shot.counts, 4096) < 0)
        return -1;
    MonoProfilerHandle handle = mono_profiler_create(NULL);
    mono_profiler_set_gc_event_callback(handle, on_gc_event);
    ll__class_names_install(handle);
    return 0;
}

void ll__heap_shot_collect(int walk)
{
    shot.armed = walk && shot.counts.slots;
    shot.walked = 0;
    mono_gc_collect(mono_gc_max_generation());
    shot.armed = 0;
}

/* The classes of the last walk by name: classes of the same name in
 * several assemblies (a generated proxy compiled a thousand times) are one
 * row, as they are one thing to a reader. */
struct named_count {
    long id;
    uint64_t objects, bytes;
};

static int by_bytes_descending(const void *a, const void *b)
{
    const struct named_count *x = a, *y = b;
    if (x->bytes != y->bytes)
        return x->bytes < y->bytes ? 1 : -1;
    return strcmp(ll__class_name_text(x->id), ll__class_name_text(y->id));
}

/* The class of the walk's slot I, or NULL (the table keeps it const). */
static MonoClass *slot_class(size_t i)
{
    return (MonoClass *)shot.counts.slots[i].klass;
}

/* The walk's classes added up by name into *ROWS (malloc'd, most bytes
 * first); their number, or -1 when out of memory. */
static long count_by_name(struct named_count **rows)
{
    for (size_t i = 0; i < shot.counts.cap; i++)
        if (slot_class(i) && ll__class_name_id(slot_class(i)) < 0)
            return -1;
    long names = ll__class_name_count(), n = 0;
    struct named_count *by_id = calloc((size_t)(names ? names : 1), sizeof *by_id);
    if (!by_id)
        return -1;
    for (size_t i = 0; i < shot.counts.cap; i++) {
        if (!slot_class(i))
            continue;
        struct named_count *c = &by_id[ll__class_name_id(slot_class(i))];
        c->objects += shot.counts.slots[i].objects;
        c->bytes += shot.counts.slots[i].bytes;
    }
    for (long id = 0; id < names; id++)
        if (by_id[id].objects)
            by_id[n++] = (struct named_count){id, by_id[id].objects, by_id[id].bytes};
    qsort(by_id, (size_t)n, sizeof *by_id, by_bytes_descending);
    *rows = by_id;
    return n;
}

json_t *ll__heap_shot_rows(void)
{
    if (!shot.walked || shot.counts.lost)
        return NULL;
    struct named_count *counts;
    long n = count_by_name(&counts);
    if (n < 0)
        return NULL;
    json_t *rows = json_array();
    for (long i = 0; i < n && rows; i++) {
        json_t *row = ll_record_type_row(ll__class_name_text(counts[i].id), (json_int_t)counts[i].objects,
                                         (json_int_t)counts[i].bytes);
        if (json_array_append_new(rows, row) < 0) {
            json_decref(rows);
            rows = NULL;
        }
    }
    free(counts);
    return rows;
}

uint64_t ll__heap_shot_objects(void)
{
    return shot.walked ? shot.counts.objects : 0;
}
