/* Objects and bytes per class for the heap-shot: an open-addressing table
 * on the class pointer, in memory mapped for it. It is filled while the
 * world is stopped, where every other thread is frozen wherever it was,
 * possibly inside malloc: growing it maps a larger table, never mallocs. */
#include "class_counts.h"

#include <string.h>
#include <sys/mman.h>

static ll_class_count *map_slots(size_t cap)
{
    void *p = mmap(NULL, cap * sizeof(ll_class_count), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

size_t ll__class_hash(const void *klass, size_t cap)
{
    uintptr_t h = ((uintptr_t)klass >> 3) * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 20) & (cap - 1);
}

static size_t slot_of(const ll_class_count *slots, size_t cap, const void *klass)
{
    size_t i = ll__class_hash(klass, cap);
    while (slots[i].klass && slots[i].klass != klass)
        i = (i + 1) & (cap - 1);
    return i;
}

int ll__class_counts_init(ll_class_counts *c, size_t cap)
{
    *c = (ll_class_counts){.slots = map_slots(cap), .cap = cap};
    return c->slots ? 0 : -1;
}

void ll__class_counts_free(ll_class_counts *c)
{
    if (c->slots)
        munmap(c->slots, c->cap * sizeof *c->slots);
    *c = (ll_class_counts){0};
}

void ll__class_counts_reset(ll_class_counts *c)
{
    memset(c->slots, 0, c->cap * sizeof *c->slots);
    c->used = 0;
    c->objects = 0;
    c->lost = 0;
}

static int grow(ll_class_counts *c)
{
    size_t cap = c->cap * 2;
    ll_class_count *slots = map_slots(cap);
    if (!slots)
        return -1;
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i].klass)
            slots[slot_of(slots, cap, c->slots[i].klass)] = c->slots[i];
    munmap(c->slots, c->cap * sizeof *c->slots);
    c->slots = slots;
    c->cap = cap;
    return 0;
}

void ll__class_counts_add(ll_class_counts *c, const void *klass, uint64_t bytes)
{
    ll__class_counts_add_many(c, klass, 1, bytes);
}

void ll__class_counts_add_many(ll_class_counts *c, const void *klass, uint64_t objects, uint64_t bytes)
{
    if (c->used * 4 >= c->cap * 3 && grow(c) < 0) {
        c->lost = 1;
        return;
    }
    size_t i = slot_of(c->slots, c->cap, klass);
    if (!c->slots[i].klass) {
        c->slots[i].klass = klass;
        c->used++;
    }
    c->slots[i].objects += objects;
    c->slots[i].bytes += bytes;
    c->objects += objects;
}
