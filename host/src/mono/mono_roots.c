/* The Mono backend's GC roots, for retention paths (runtime.h's visitor).
 *
 * Mono says where roots live when they are registered (the profiler's
 * gc_root_register event: a range, its source and key, a static's key
 * being its class's vtable), and, during a collection it was asked to
 * report them for, each root slot with its object (gc_roots). Both
 * callbacks are installed before mono_jit_init, so that every range is
 * known; the slots are reported only while a snapshot's capture is armed
 * (reporting costs every collection, minor ones included). Slots arrive
 * before the heap walk, in the same stopped world: they are buffered in
 * mapped memory and handed to the visitor after the objects, each with
 * the kind its range says. The ranges stay sorted by address as they are
 * registered (Mono registers under its GC lock, never during a
 * collection), so a slot finds its range by binary search, without malloc. */
#include "mono_backend.h"
#include "mapped_array.h"

#include <mono/metadata/class.h>
#include <mono/metadata/mono-gc.h>
#include <mono/metadata/object.h>
#include <mono/metadata/attrdefs.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct root_range {
    uintptr_t start, end;
    MonoGCRootSource source;
    const void *key;
} root_range;

typedef struct reported_root {
    uintptr_t slot, object;
} reported_root;

/* Mono's pseudo-addresses of its own queues (sgen-mono.c). */
#define FINALIZER_QUEUE_SLOT 1
#define CRITICAL_FINALIZER_QUEUE_SLOT 2
#define EPHEMERON_SLOT 3
#define TOGGLEREF_SLOT 4

static struct {
    pthread_mutex_t lock;
    ll_mapped_array ranges;   /* root_range, sorted by start */
    ll_mapped_array reported; /* reported_root, during an armed collection */
    MonoProfilerHandle handle;
} roots = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* The index of the first range starting after ADDRESS. */
static size_t ranges_after(uintptr_t address)
{
    size_t lo = 0, hi = roots.ranges.count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (((root_range *)ll__mapped_array_at(&roots.ranges, mid))->start <= address)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void on_root_register(MonoProfiler *prof, const mono_byte *start, uintptr_t size, MonoGCRootSource source,
                             const void *key, const char *name)
{
    (void)prof, (void)name;
    pthread_mutex_lock(&roots.lock);
    size_t at = ranges_after((uintptr_t)start);
    if (ll__mapped_array_push(&roots.ranges)) {
        root_range *items = roots.ranges.items;
        memmove(&items[at + 1], &items[at], (roots.ranges.count - 1 - at) * sizeof *items);
        items[at] = (root_range){(uintptr_t)start, (uintptr_t)start + size, source, key};
    }
    pthread_mutex_unlock(&roots.lock);
}

static void on_root_unregister(MonoProfiler *prof, const mono_byte *start)
{
    (void)prof;
    pthread_mutex_lock(&roots.lock);
    size_t at = ranges_after((uintptr_t)start);
    root_range *items = roots.ranges.items;
    if (at > 0 && items[at - 1].start == (uintptr_t)start) {
        memmove(&items[at - 1], &items[at], (roots.ranges.count - at) * sizeof *items);
        roots.ranges.count--;
    }
    pthread_mutex_unlock(&roots.lock);
}

static void on_roots(MonoProfiler *prof, uint64_t count, const mono_byte *const *addresses,
                     MonoObject *const *objects)
{
    (void)prof;
    for (uint64_t i = 0; i < count; i++) {
        reported_root *r = ll__mapped_array_push(&roots.reported);
        if (r)
            *r = (reported_root){(uintptr_t)addresses[i], (uintptr_t)objects[i]};
    }
}

void ll__mono_roots_install(MonoProfilerHandle handle)
{
    roots.handle = handle;
    ll__mapped_array_init(&roots.ranges, sizeof(root_range), (size_t)256 << 20);
    ll__mapped_array_init(&roots.reported, sizeof(reported_root), (size_t)512 << 20);
    mono_profiler_set_gc_root_register_callback(handle, on_root_register);
    mono_profiler_set_gc_root_unregister_callback(handle, on_root_unregister);
}

void ll__mono_roots_arm(int on)
{
    ll__mapped_array_clear(&roots.reported);
    mono_profiler_set_gc_roots_callback(roots.handle, on ? on_roots : NULL);
}

/* What a source is to a reader, and which kind of root it makes. */
static ll_root classify(MonoGCRootSource source)
{
    switch (source) {
    case MONO_ROOT_SOURCE_STATIC:
        return (ll_root){LL_ROOT_STATIC, NULL, 0, "static field"};
    case MONO_ROOT_SOURCE_THREAD_STATIC:
        return (ll_root){LL_ROOT_STATIC, NULL, 0, "thread-static field"};
    case MONO_ROOT_SOURCE_CONTEXT_STATIC:
        return (ll_root){LL_ROOT_STATIC, NULL, 0, "context-static field"};
    case MONO_ROOT_SOURCE_GC_HANDLE:
        return (ll_root){LL_ROOT_HANDLE, NULL, 0, "GC handle"};
    case MONO_ROOT_SOURCE_STACK:
        return (ll_root){LL_ROOT_STACK, NULL, 0, "thread stack"};
    case MONO_ROOT_SOURCE_HANDLE:
        return (ll_root){LL_ROOT_STACK, NULL, 0, "runtime handle stack"};
    case MONO_ROOT_SOURCE_FINALIZER_QUEUE:
        return (ll_root){LL_ROOT_FINALIZER, NULL, 0, "finalizer queue"};
    case MONO_ROOT_SOURCE_DOMAIN:
        return (ll_root){LL_ROOT_OTHER, NULL, 0, "domain"};
    case MONO_ROOT_SOURCE_REFLECTION:
        return (ll_root){LL_ROOT_OTHER, NULL, 0, "reflection"};
    case MONO_ROOT_SOURCE_MARSHAL:
        return (ll_root){LL_ROOT_OTHER, NULL, 0, "marshalling"};
    case MONO_ROOT_SOURCE_THREAD_POOL:
        return (ll_root){LL_ROOT_OTHER, NULL, 0, "thread pool"};
    case MONO_ROOT_SOURCE_THREADING:
        return (ll_root){LL_ROOT_OTHER, NULL, 0, "threading"};
    case MONO_ROOT_SOURCE_JIT:
        return (ll_root){LL_ROOT_OTHER, NULL, 0, "JIT"};
    case MONO_ROOT_SOURCE_EPHEMERON:
        return (ll_root){LL_ROOT_OTHER, NULL, 0, "ephemeron (ConditionalWeakTable)"};
    default:
        return (ll_root){LL_ROOT_OTHER, NULL, 0, "runtime"};
    }
}

/* The root a reported SLOT is: its range's, or one of Mono's queues.
 * Called while the world is stopped: no lock (no range is registered
 * during a collection), no malloc. */
static ll_root root_of_slot(uintptr_t slot)
{
    if (slot == FINALIZER_QUEUE_SLOT || slot == CRITICAL_FINALIZER_QUEUE_SLOT)
        return classify(MONO_ROOT_SOURCE_FINALIZER_QUEUE);
    if (slot == EPHEMERON_SLOT)
        return classify(MONO_ROOT_SOURCE_EPHEMERON);
    if (slot == TOGGLEREF_SLOT)
        return (ll_root){LL_ROOT_OTHER, NULL, 0, "toggleref"};
    size_t at = ranges_after(slot);
    const root_range *r = at > 0 ? ll__mapped_array_at(&roots.ranges, at - 1) : NULL;
    if (!r || slot >= r->end) /* a stack slot of a thread Mono scans without a range */
        return classify(MONO_ROOT_SOURCE_STACK);
    ll_root root = classify(r->source);
    if (r->source == MONO_ROOT_SOURCE_STATIC)
        root.key = r->key, root.offset = slot - r->start;
    return root;
}

void ll__mono_roots_visit(const ll_heap_visitor *walk)
{
    for (size_t i = 0; i < roots.reported.count; i++) {
        const reported_root *r = ll__mapped_array_at(&roots.reported, i);
        ll_root root = root_of_slot(r->slot);
        walk->root(walk->data, r->object, &root);
    }
}

/* --- names, after the world restarts ---------------------------------------- */

/* "Ns.Type<Args>.MEMBER", the type as SOS spells it. */
static char *qualified(MonoClass *klass, const char *member)
{
    char *type = ll__mono_class_name(klass), *text = NULL;
    if (type && asprintf(&text, "%s.%s", type, member) < 0)
        text = NULL;
    free(type);
    return text;
}

/* KLASS's field (static or not, as STATIC says) that holds OFFSET: the
 * one starting there, or the value-type field around it; NULL if none. */
static MonoClassField *field_at(MonoClass *klass, uintptr_t offset, int statics)
{
    MonoClassField *best = NULL;
    int best_offset = -1;
    for (MonoClass *k = klass; k; k = statics ? NULL : mono_class_get_parent(k)) {
        void *iter = NULL;
        MonoClassField *f;
        while ((f = mono_class_get_fields(k, &iter))) {
            uint32_t flags = mono_field_get_flags(f);
            int is_static = (flags & MONO_FIELD_ATTR_STATIC) != 0;
            int stored = !(flags & (MONO_FIELD_ATTR_LITERAL | MONO_FIELD_ATTR_HAS_RVA)); /* constants have no slot */
            int at = is_static == statics && stored ? (int)mono_field_get_offset(f) : -1;
            if (at >= 0 && (uintptr_t)at <= offset && at > best_offset)
                best = f, best_offset = at;
        }
    }
    return best;
}

char *ll__mono_field_name(const void *klass, uintptr_t offset)
{
    if (mono_class_get_rank((MonoClass *)klass) > 0)
        return strdup("[]");
    MonoClassField *f = field_at((MonoClass *)klass, offset, 0);
    return f ? strdup(mono_field_get_name(f)) : NULL;
}

char *ll__mono_root_name(const ll_root *root)
{
    if (root->kind == LL_ROOT_STATIC && root->key) {
        MonoClass *klass = mono_vtable_class((MonoVTable *)root->key);
        MonoClassField *f = klass ? field_at(klass, root->offset, 1) : NULL;
        if (f)
            return qualified(klass, mono_field_get_name(f));
        if (klass)
            return qualified(klass, "(static data)");
    }
    return strdup(root->name ? root->name : "runtime");
}
