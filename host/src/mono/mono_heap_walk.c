/* The Mono backend's collection and heap walk, and its class names.
 *
 * Mono lets a profiler walk the heap only while the world is stopped, in
 * its GC event callback (mono_gc_walk_heap, at MONO_GC_EVENT_PRE_START_WORLD
 * of the snapshot's own full collection). Every other thread is then
 * frozen wherever it was, possibly inside malloc: the walk hands each
 * object and its references to the host's visitor, which honours the same
 * rule (runtime.h), then the roots when the visitor wants them
 * (mono_roots.c). */
#include "mono_backend.h"
#include "sos_names.h"

#include <mono/metadata/class.h>
#include <mono/metadata/debug-helpers.h>
#include <mono/metadata/mono-gc.h>
#include <mono/metadata/object.h>
#include <mono/utils/mono-publib.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const ll_heap_visitor *volatile armed; /* the snapshot's own collection is running */

/* Called once per object, and again (with SIZE 0) for each further batch of
 * its references. SIZE is the slot the GC gave the object (its size class:
 * 5,336 bytes for a byte[4096]); SOS counts the object itself, 8-byte
 * aligned, and so do we. */
static int visit_object(MonoObject *obj, MonoClass *klass, uintptr_t size, uintptr_t num, MonoObject **refs,
                        uintptr_t *offsets, void *data)
{
    const ll_heap_visitor *walk = data;
    if (size != 0)
        walk->object(walk->data, (uintptr_t)obj, klass, ((uintptr_t)mono_object_get_size(obj) + 7) & ~(uintptr_t)7);
    if (num > 0 && walk->references)
        walk->references(walk->data, (uintptr_t)obj, (const uintptr_t *)refs, offsets, (size_t)num);
    return 0;
}

static void on_gc_event(MonoProfiler *prof, MonoProfilerGCEvent event, uint32_t generation, mono_bool is_serial)
{
    (void)prof, (void)is_serial;
    const ll_heap_visitor *walk = armed;
    if (!walk || event != MONO_GC_EVENT_PRE_START_WORLD || (int)generation != mono_gc_max_generation())
        return;
    mono_gc_walk_heap(0, visit_object, (void *)walk);
    if (walk->root)
        ll__mono_roots_visit(walk);
}

void ll__mono_heap_walk_install(MonoProfilerHandle handle)
{
    mono_profiler_set_gc_event_callback(handle, on_gc_event);
    ll__mono_roots_install(handle);
}

int ll__mono_collect(const ll_heap_visitor *walk)
{
    int with_roots = walk && walk->root;
    if (with_roots)
        ll__mono_roots_arm(1);
    armed = walk;
    mono_gc_collect(mono_gc_max_generation());
    armed = NULL;
    if (with_roots)
        ll__mono_roots_arm(0);
    return 0;
}

/* Whether KLASS, a class of the application's, would be spelt like one of
 * the runtime's: a class named "int" outside any namespace (C#'s @int)
 * reads as System.Int32 once C#'s words are spelt out, and one in the
 * System namespace as corlib's. */
static int spelt_like_corlib(MonoClass *klass)
{
    if (mono_class_get_image(klass) == mono_get_corlib() || mono_class_get_rank(klass) > 0)
        return 0;
    const char *space = mono_class_get_namespace(klass);
    return strcmp(space, "System") == 0 || (!*space && ll__sos_builtin_word(mono_class_get_name(klass)));
}

char *ll__mono_class_name(const void *klass)
{
    MonoClass *c = (MonoClass *)klass;
    if (spelt_like_corlib(c)) {
        /* Its own name, and its assembly's, as dotnet-gcdump marks types. */
        const char *space = mono_class_get_namespace(c);
        char *name = NULL;
        if (asprintf(&name, "%s%s%s [%s]", space, *space ? "." : "", mono_class_get_name(c),
                     mono_image_get_name(mono_class_get_image(c))) < 0)
            return NULL;
        return name;
    }
    char *mono_name = mono_type_full_name(mono_class_get_type(c));
    if (!mono_name)
        return NULL;
    char *name = ll__sos_class_name(mono_name);
    mono_free(mono_name);
    return name;
}
