/* The retention capture: every object of a snapshot's walk with its class,
 * size and references, and every root, kept in mapped memory while the
 * world is stopped (mapped_array.h), bounded by LL_RETAINERS_MAX_OBJECTS
 * and LL_RETAINERS_MAX_BYTES: past them the capture is marked incomplete
 * and the snapshot says so instead of naming paths from half a heap. */
#include "retention.h"
#include "mapped_array.h"

#include "leaklab/host.h"

static struct {
    ll_mapped_array objects, refs, roots;
    int initialised, over_limit;
    void (*count_object)(void *data, uintptr_t object, const void *klass, uint64_t bytes);
} capture;

static void start_capture(void)
{
    if (!capture.initialised) {
        size_t object_bytes = (size_t)LL_RETAINERS_MAX_OBJECTS * sizeof(ll_captured_object);
        ll__mapped_array_init(&capture.objects, sizeof(ll_captured_object), object_bytes);
        ll__mapped_array_init(&capture.refs, sizeof(ll_captured_ref), LL_RETAINERS_MAX_BYTES - object_bytes);
        ll__mapped_array_init(&capture.roots, sizeof(ll_captured_root), LL_RETAINERS_MAX_BYTES / 16);
        capture.initialised = 1;
    }
    ll__mapped_array_clear(&capture.objects);
    ll__mapped_array_clear(&capture.refs);
    ll__mapped_array_clear(&capture.roots);
    capture.over_limit = 0;
}

static void capture_object(void *data, uintptr_t object, const void *klass, uint64_t bytes)
{
    capture.count_object(data, object, klass, bytes);
    if (capture.over_limit)
        return;
    ll_captured_object *o = ll__mapped_array_push(&capture.objects);
    if (!o) {
        capture.over_limit = 1;
        return;
    }
    *o = (ll_captured_object){object, klass, bytes, capture.refs.count};
}

static void capture_references(void *data, uintptr_t object, const uintptr_t *targets, const uintptr_t *offsets,
                               size_t count)
{
    (void)data, (void)object;
    for (size_t i = 0; i < count && !capture.over_limit; i++) {
        ll_captured_ref *r = ll__mapped_array_push(&capture.refs);
        if (r)
            *r = (ll_captured_ref){targets[i], offsets ? offsets[i] : 0};
        else
            capture.over_limit = 1;
    }
}

static void capture_root(void *data, uintptr_t object, const ll_root *root)
{
    (void)data;
    ll_captured_root *r = capture.over_limit ? NULL : ll__mapped_array_push(&capture.roots);
    if (r)
        *r = (ll_captured_root){object, *root};
    else
        capture.over_limit = 1;
}

ll_heap_visitor ll__retention_visitor(void (*count_object)(void *data, uintptr_t object, const void *klass,
                                                             uint64_t bytes))
{
    start_capture();
    capture.count_object = count_object;
    return (ll_heap_visitor){NULL, capture_object, capture_references, capture_root, NULL};
}

ll_capture ll__retention_capture(void)
{
    return (ll_capture){
        .objects = capture.objects.items,
        .object_count = capture.objects.count,
        .refs = capture.refs.items,
        .ref_count = capture.refs.count,
        .roots = capture.roots.items,
        .root_count = capture.roots.count,
        .over_limit = capture.over_limit,
    };
}
