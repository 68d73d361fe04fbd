/* The host library's start-up and its cheap figures: which runtime runs
 * the scenarios (runtimes.c), the events its backend reports wired to the
 * inventory and the class names, and the single figures the benchmarks
 * read between calls. */
#include "leaklab/host.h"

#include "class_names.h"
#include "heap_shot.h"
#include "inventory.h"
#include "memory_probe.h"
#include "runtime.h"
#include "scenario_table.h"

#include <stdio.h>

static const ll_runtime_events events = {
    .assembly_loaded = ll__inventory_assembly_loaded,
    .assembly_unloading = ll__inventory_assembly_unloading,
    .classes_freed = ll__class_names_stale,
};

int ll__host_start_runtime(const ll_runtime *chosen, ll_error *err)
{
    if (ll__runtime()) {
        ll_error_set_code(err, LL_ERROR_USAGE, "the host has already started %s", ll__runtime()->name);
        return -1;
    }
    ll__heap_shot_init(); /* without its table, snapshots say the heap-shot failed */
    ll__runtime_set(chosen);
    if (chosen->start(ll__scenario_lib_dir(), &events, err) < 0) {
        ll__runtime_set(NULL);
        return -1;
    }
    return 0;
}

/* The backend named NAME (NULL: the default), or NULL with ERR. */
static const ll_runtime *backend(const char *name, ll_error *err)
{
    if (!name)
        name = LL_HOST_DEFAULT_RUNTIME;
    const ll_runtime *found = ll__runtime_find(name);
    if (!found && ll__runtime_known(name))
        ll_error_set_code(err, LL_ERROR_UNSUPPORTED, "runtime '%s': built without %s", name, name);
    else if (!found)
        ll_error_set_code(err, LL_ERROR_USAGE, "unknown runtime '%s' (known: mono, coreclr)", name);
    return found;
}

int ll_host_start(const char *name, ll_error *err)
{
    const ll_runtime *chosen = backend(name, err);
    return chosen ? ll__host_start_runtime(chosen, err) : -1;
}

const char *ll_host_runtime_name(void)
{
    return ll__runtime() ? ll__runtime()->name : NULL;
}

const char *ll_host_runtime_version(void)
{
    return ll__runtime() ? ll__runtime()->version() : NULL;
}

int ll_host_exit_code(void)
{
    return ll__runtime() ? ll__runtime()->exit_code() : 0;
}

const char *ll_host_lib_dir(void)
{
    return ll__scenario_lib_dir();
}

int ll_host_builtin_scenario(const char *name, const char *runtime, char *assembly, size_t assembly_len, char *entry,
                             size_t entry_len, ll_error *err)
{
    if (!runtime)
        runtime = LL_HOST_DEFAULT_RUNTIME;
    const ll_runtime *chosen = backend(runtime, err);
    ll_scenario_table table;
    if (!chosen || ll__scenarios_load(&table, err) < 0)
        return -1;
    const ll_scenario *s = ll__scenarios_find(&table, name);
    if (!s) {
        ll_error_set_code(err, LL_ERROR_USAGE, "unknown scenario '%s'; `leaklab list` shows them", name);
        return -1;
    }
    if (!ll__scenario_runs_on(s, runtime)) {
        ll_error_set_code(err, LL_ERROR_USAGE, "scenario '%s' has no %s version (it runs on %s)", name, runtime,
                          s->runtimes);
        return -1;
    }
    snprintf(assembly, assembly_len, "%s/%s", ll__scenario_lib_dir(), chosen->scenarios);
    snprintf(entry, entry_len, "%s", s->entry);
    return 0;
}

int ll_host_runtime_traits(const char *name, ll_runtime_traits *out, ll_error *err)
{
    const ll_runtime *chosen = backend(name, err);
    if (!chosen)
        return -1;
    *out = chosen->traits;
    return 0;
}

long ll_host_assemblies_loaded(void)
{
    return ll__inventory_loaded();
}

unsigned long long ll_host_rss(void)
{
    return ll__memory_rss();
}

long long ll_host_gc_used(void)
{
    ll_gc_figures gc;
    ll__runtime()->gc_figures(&gc);
    return gc.used_size;
}

long long ll_host_malloc_in_use(void)
{
    return ll__malloc_in_use();
}

void ll_host_collect_garbage(void)
{
    ll__heap_shot_collect(0, 0);
}

void ll_host_collect_garbage_walking(int walk)
{
    ll__heap_shot_collect(walk, 0);
}

int ll_host_load_runtime_profiler(const char *name, const char *desc)
{
    const ll_runtime *chosen = backend(name, NULL);
    if (!chosen || !chosen->load_profiler)
        return -1;
    chosen->load_profiler(desc);
    return 0;
}

uint64_t ll_host_heap_shot_objects(void)
{
    return ll__heap_shot_objects();
}
