/* The Mono backend's files, to each other: the only place besides them
 * where a Mono header is included. mono_runtime.c fills the runtime table
 * (runtime.h) from the functions below. */
#ifndef LEAKLAB_MONO_BACKEND_H
#define LEAKLAB_MONO_BACKEND_H

#include "runtime.h"

#include <mono/jit/jit.h>
#include <mono/metadata/profiler.h>

extern const ll_runtime ll__mono_runtime;

/* mono_entry.c: entry points and what they return or throw. */
int ll__mono_entry_resolve(ll_runtime_context *context, const char *assembly_path, const char *entry,
                           ll_runtime_entry *out, ll_error *err);
int ll__mono_invoke(const ll_runtime_entry *entry, int iteration, ll_exception_text *exc, char **result,
                    size_t *result_full_len);

/* mono_quiesce.c: before DOMAIN is unloaded. Returns -1 when the thread
 * pool was still busy at the deadline. */
int ll__mono_quiesce_domain(MonoDomain *domain, const char *service_url);

/* mono_heap_walk.c: the snapshot's collection and its walk; class names. */
void ll__mono_heap_walk_install(MonoProfilerHandle handle);
int ll__mono_collect(const ll_heap_visitor *walk);
char *ll__mono_class_name(const void *klass);

/* mono_roots.c: root ranges as Mono registers them, root slots reported
 * during an armed collection, visited after the heap; names of fields and
 * roots. */
void ll__mono_roots_install(MonoProfilerHandle handle);
void ll__mono_roots_arm(int on);
void ll__mono_roots_visit(const ll_heap_visitor *walk);
char *ll__mono_field_name(const void *klass, uintptr_t offset);
char *ll__mono_root_name(const ll_root *root);

/* mono_assemblies.c: loads and unloads as events; descriptions. */
void ll__mono_assemblies_install(MonoProfilerHandle handle, const ll_runtime_events *events);
void ll__mono_assembly_describe(const void *assembly, int context_id, const ll_assembly_sink *sink);

/* mono_counters.c: mono_counters. */
void ll__mono_counters_enable(void);
void ll__mono_counters_sample(void (*add)(void *data, const char *name, long long value), void *data);

#endif
