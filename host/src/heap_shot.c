/* The heap-shot: objects and bytes per class on the managed heap, counted
 * during the full collection a snapshot asks for (the equivalent of SOS
 * `!dumpheap -stat`, and of the log profiler's heap shot without its log).
 *
 * The runtime walks the heap while the world is stopped (runtime.h's
 * visitor): every other thread is then frozen wherever it was, possibly
 * inside malloc, so the count never calls malloc: its table lives in
 * memory mapped for it, and grows by mapping a larger one. Class names are
 * resolved after the world restarts, in the snapshot's own thread, before
 * any context can be unloaded. */
#include "heap_shot.h"
#include "class_counts.h"
#include "class_names.h"
#include "retention.h"
#include "runtime.h"

#include "leaklab/snapshot.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct {
    ll_class_counts counts;
    int walked; /* a walk visited an object since the heap-shot began */
} shot;

static void count_object(void *data, uintptr_t object, const void *klass, uint64_t bytes)
{
    (void)data, (void)object;
    shot.walked = 1;
    ll__class_counts_add(&shot.counts, klass, bytes);
}

static void count_objects_of_class(void *data, const void *klass, uint64_t objects, uint64_t bytes)
{
    (void)data;
    shot.walked = 1;
    ll__class_counts_add_many(&shot.counts, klass, objects, bytes);
}

/* The count needs neither the references nor the roots. */
static const ll_heap_visitor counting_walk = {NULL, count_object, NULL, NULL, count_objects_of_class};

int ll__heap_shot_init(void)
{
    return shot.counts.slots || ll__class_counts_init(&shot.counts, 4096) == 0 ? 0 : -1;
}

void ll__heap_shot_collect(int walk, int capture)
{
    walk = walk && shot.counts.slots;
    shot.walked = 0;
    if (walk)
        ll__class_counts_reset(&shot.counts);
    ll_heap_visitor capturing = walk && capture ? ll__retention_visitor(count_object) : counting_walk;
    if (ll__runtime()->collect(walk ? &capturing : NULL) < 0)
        shot.walked = 0;
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
static const void *slot_class(size_t i)
{
    return shot.counts.slots[i].klass;
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
