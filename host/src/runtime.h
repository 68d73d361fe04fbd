/* The runtime interface: what a backend (host/src/mono/, or a test's fake
 * runtime) fills so that the runtime-neutral host (sessions, inventory,
 * heap-shot, snapshots, the recorder) can run scenarios on it. The neutral
 * host calls only these functions; a backend calls back only through
 * ll_runtime_events. ARCHITECTURE.md says how to add a runtime. */
#ifndef LEAKLAB_RUNTIME_H
#define LEAKLAB_RUNTIME_H

#include "leaklab/host.h"

#include <stddef.h>
#include <stdint.h>

/* A context scenarios run in (a Mono AppDomain, a collectible
 * AssemblyLoadContext): defined by each backend. */
typedef struct ll_runtime_context ll_runtime_context;

/* A resolved entry point: HANDLE is the backend's (a MonoMethod). */
typedef struct ll_runtime_entry {
    const void *handle;
    int takes_iteration;
} ll_runtime_entry;

/* What a backend reports as it happens; the neutral host installs them
 * before the runtime starts. May run on any thread, never while the world
 * is stopped. */
typedef struct ll_runtime_events {
    /* ASSEMBLY (the backend's handle) was loaded into context CONTEXT_ID. */
    void (*assembly_loaded)(const void *assembly, int context_id);
    void (*assembly_unloading)(const void *assembly);
    /* A context was unloaded: class handles may be reused from now on. */
    void (*classes_freed)(void);
} ll_runtime_events;

/* Why a GC root keeps its object, from the most to the least telling
 * (the order retention paths prefer: PerfView's and LeakCanary's). */
typedef enum ll_root_kind {
    LL_ROOT_STATIC,    /* a static field */
    LL_ROOT_HANDLE,    /* a GC handle (strong or pinned) */
    LL_ROOT_OTHER,     /* the domain, reflection, marshalling, the thread pool... */
    LL_ROOT_STACK,     /* a thread's stack or registers */
    LL_ROOT_FINALIZER, /* the finalizer queue */
    LL_ROOT_KIND_COUNT
} ll_root_kind;

/* A root as the walk reports it; the backend names it after the world
 * restarts (root_name). KEY and OFFSET are the backend's: for a static,
 * Mono gives its class's vtable and the slot's offset in the static data. */
typedef struct ll_root {
    ll_root_kind kind;
    const void *key;
    uintptr_t offset;
    const char *name; /* a constant string of the runtime's, or NULL */
} ll_root;

/* The heap walk, called while the world is stopped: no function may call
 * malloc, take a lock or call the runtime; write only to memory mapped
 * beforehand. An object is visited once; its references (each with its
 * offset in the object, which field_name turns into a field) may come in
 * several batches, each after its object; roots come after the objects.
 * REFERENCES and ROOT may be NULL: not wanted (a cheaper walk). */
typedef struct ll_heap_visitor {
    void *data;
    void (*object)(void *data, uintptr_t object, const void *klass, uint64_t bytes);
    void (*references)(void *data, uintptr_t object, const uintptr_t *targets, const uintptr_t *offsets,
                       size_t count);
    void (*root)(void *data, uintptr_t object, const ll_root *root);
    /* OBJECTS objects of KLASS, BYTES in all: a walk that counts by class
     * (CoreCLR's heap dump) gives these instead of each object. NULL: the
     * visitor needs each object (retention), and such a walk then gives
     * each one, with its references and the roots. */
    void (*objects_of_class)(void *data, const void *klass, uint64_t objects, uint64_t bytes);
} ll_heap_visitor;

/* An assembly's description, given to the inventory piece by piece. */
typedef struct ll_assembly_sink {
    void *data;
    /* ORIGIN: "file", "bytes" (loaded from memory) or "emit"; PATH only for "file". */
    void (*identity)(void *data, const char *name, const char *version, const char *origin, const char *path);
    void (*type)(void *data, const char *name, const char *base); /* BASE NULL: none */
    void (*reference)(void *data, const char *name);
} ll_assembly_sink;

typedef struct ll_gc_figures {
    long long heap_size, used_size;
    long long minor_collections, major_collections;
} ll_gc_figures;

typedef struct ll_runtime {
    const char *name; /* as the series' header spells it: "mono" */
    /* The built-in scenarios' assembly, below the host's lib folder. */
    const char *scenarios;
    /* What its heap walk gives and costs (host.h's ll_runtime_traits). */
    ll_runtime_traits traits;

    /* Starts the runtime once per process; LIB_DIR holds the scenarios and
     * their configuration. Returns 0, or -1 with ERR. */
    int (*start)(const char *lib_dir, const ll_runtime_events *events, ll_error *err);
    const char *(*version)(void);
    /* The default context's id, as assembly records give it. */
    int (*default_context_id)(void);
    /* The exit code managed code asked for (Environment.Exit). */
    int (*exit_code)(void);

    ll_runtime_context *(*context_create)(const char *name, ll_error *err);
    /* Lets CONTEXT go quiet (its connections to SERVICE_URL, when one,
     * closed; pending work done, bounded) and unloads it. */
    void (*context_unload)(ll_runtime_context *context, const char *service_url);

    /* Loads ASSEMBLY into CONTEXT (NULL: the default one) and finds ENTRY
     * ("Namespace.Type:Method", public static, taking an int or nothing). */
    int (*entry_resolve)(ll_runtime_context *context, const char *assembly, const char *entry, ll_runtime_entry *out,
                         ll_error *err);
    /* Returns 0, or -1 with EXC filled when it threw. A returned string
     * is *RESULT, malloc'd UTF-8 of at most LL_RESULT_MAX_BYTES, and
     * *RESULT_FULL_LEN its whole length. */
    int (*invoke)(const ll_runtime_entry *entry, int iteration, ll_exception_text *exc, char **result,
                  size_t *result_full_len);

    /* A full, blocking collection of every generation, walking the heap
     * with WALK (NULL: no walk) at its end.
     * Returns 0, or -1 when WALK could not visit the whole heap. */
    int (*collect)(const ll_heap_visitor *walk);
    /* KLASS's name as SOS prints it ("Ns.Outer+Inner", "System.Byte[]"),
     * malloc'd, or NULL when out of memory. Never while the world is stopped. */
    char *(*class_name)(const void *klass);
    /* The field of KLASS's objects at OFFSET ("_items", "[]" for an
     * array's elements), malloc'd, or NULL if unknown. */
    char *(*field_name)(const void *klass, uintptr_t offset);
    /* ROOT as a reader names it ("Ns.Type.field" for a static, "GC
     * handle", "thread stack"...), malloc'd. */
    char *(*root_name)(const ll_root *root);
    /* Describes ASSEMBLY, loaded into CONTEXT_ID and still alive. */
    void (*assembly_describe)(const void *assembly, int context_id, const ll_assembly_sink *sink);

    void (*gc_figures)(ll_gc_figures *out);
    /* Each counter the runtime keeps of its own memory and work. */
    void (*counters)(void (*add)(void *data, const char *name, long long value), void *data);
    /* One of the runtime's own profilers (Mono's "log:heapshot"), before
     * start; NULL when the runtime has none. */
    void (*load_profiler)(const char *desc);
} ll_runtime;

/* The backends built into this library, by name; NULL if none. */
const ll_runtime *ll__runtime_find(const char *name);
/* Whether NAME is a runtime leaklab knows, built in or not. */
int ll__runtime_known(const char *name);
/* Starts the host on RUNTIME (a test's fake runtime). */
int ll__host_start_runtime(const ll_runtime *runtime, ll_error *err);
/* The temporary folder the process had before its run's own
 * (run_tmpdir.c): where a runtime's diagnostics tools look for it. */
const char *ll__run_tmpdir_outer(void);
/* The runtime the host was started on, or NULL; set by the host's start. */
const ll_runtime *ll__runtime(void);
void ll__runtime_set(const ll_runtime *runtime);

#endif
