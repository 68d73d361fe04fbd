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
#include <sys/mman.h>

struct class_count {
    MonoClass *klass;
    uint64_t objects, bytes;
};

static struct {
    struct class_count *slots; /* open addressing on the class pointer */
    size_t cap, used;          /* cap: a power of two */
    int armed;                 /* the snapshot's own collection is running */
    int walked;                /* a walk completed since the heap-shot began */
    int lost;                  /* the table could not grow: counts are partial */
    uint64_t objects;
} shot;

static struct class_count *map_slots(size_t cap)
{
    void *p = mmap(NULL, cap * sizeof(struct class_count), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void unmap_slots(struct class_count *slots, size_t cap)
{
    if (slots)
        munmap(slots, cap * sizeof *slots);
}

static size_t slot_of(const struct class_count *slots, size_t cap, MonoClass *klass)
{
    size_t i = ll_class_hash(klass, cap);
    while (slots[i].klass && slots[i].klass != klass)
        i = (i + 1) & (cap - 1);
    return i;
}

/* Doubles the table with mmap only (the world is stopped). */
static int grow_slots(void)
{
    size_t cap = shot.cap * 2;
    struct class_count *slots = map_slots(cap);
    if (!slots)
        return -1;
    for (size_t i = 0; i < shot.cap; i++)
        if (shot.slots[i].klass)
            slots[slot_of(slots, cap, shot.slots[i].klass)] = shot.slots[i];
    unmap_slots(shot.slots, shot.cap);
    shot.slots = slots;
    shot.cap = cap;
    return 0;
}

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
    size = ((uintptr_t)mono_object_get_size(obj) + 7) & ~(uintptr_t)7;
    if (shot.used * 4 >= shot.cap * 3 && grow_slots() < 0) {
        shot.lost = 1;
        return 0;
    }
    size_t i = slot_of(shot.slots, shot.cap, klass);
    if (!shot.slots[i].klass) {
        shot.slots[i].klass = klass;
        shot.used++;
    }
    shot.slots[i].objects++;
    shot.slots[i].bytes += size;
    shot.objects++;
    return 0;
}

static void on_gc_event(MonoProfiler *prof, MonoProfilerGCEvent event, uint32_t generation, mono_bool is_serial)
{
    (void)prof, (void)is_serial;
    if (!shot.armed || event != MONO_GC_EVENT_PRE_START_WORLD || (int)generation != mono_gc_max_generation())
        return;
    memset(shot.slots, 0, shot.cap * sizeof *shot.slots);
    shot.used = 0;
    shot.objects = 0;
    shot.lost = 0;
    mono_gc_walk_heap(0, count_object, NULL);
    shot.walked = 1;
}

int ll_heap_shot_install(void)
{
    shot.cap = 4096;
    shot.slots = map_slots(shot.cap);
    if (!shot.slots)
        return -1;
    MonoProfilerHandle handle = mono_profiler_create(NULL);
    mono_profiler_set_gc_event_callback(handle, on_gc_event);
    ll_class_names_install(handle);
    return 0;
}

void ll_heap_shot_collect(int walk)
{
    shot.armed = walk && shot.slots;
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
    return strcmp(ll_class_name_text(x->id), ll_class_name_text(y->id));
}

/* The walk's classes added up by name into *ROWS (malloc'd, most bytes
 * first); their number, or -1 when out of memory. */
static long count_by_name(struct named_count **rows)
{
    for (size_t i = 0; i < shot.cap; i++)
        if (shot.slots[i].klass && ll_class_name_id(shot.slots[i].klass) < 0)
            return -1;
    long names = ll_class_name_count(), n = 0;
    struct named_count *by_id = calloc((size_t)(names ? names : 1), sizeof *by_id);
    if (!by_id)
        return -1;
    for (size_t i = 0; i < shot.cap; i++) {
        if (!shot.slots[i].klass)
            continue;
        struct named_count *c = &by_id[ll_class_name_id(shot.slots[i].klass)];
        c->objects += shot.slots[i].objects;
        c->bytes += shot.slots[i].bytes;
    }
    for (long id = 0; id < names; id++)
        if (by_id[id].objects)
            by_id[n++] = (struct named_count){id, by_id[id].objects, by_id[id].bytes};
    qsort(by_id, (size_t)n, sizeof *by_id, by_bytes_descending);
    *rows = by_id;
    return n;
}

json_t *ll_heap_shot_rows(void)
{
    if (!shot.walked || shot.lost)
        return NULL;
    struct named_count *counts;
    long n = count_by_name(&counts);
    if (n < 0)
        return NULL;
    json_t *rows = json_array();
    for (long i = 0; i < n && rows; i++) {
        json_t *row = ll_record_type_row(ll_class_name_text(counts[i].id), (json_int_t)counts[i].objects,
                                         (json_int_t)counts[i].bytes);
        if (json_array_append_new(rows, row) < 0) {
            json_decref(rows);
            rows = NULL;
        }
    }
    free(counts);
    return rows;
}

uint64_t ll_heap_shot_objects(void)
{
    return shot.walked ? shot.objects : 0;
}
