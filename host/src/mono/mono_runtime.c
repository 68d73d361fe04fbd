/* The Mono backend's runtime table: Mono is started once per process, with
 * the settings Mono 6.8 on Debian 12 needs to run System.Web.Services code
 * from C and to unload AppDomains safely: the profiler callbacks installed
 * before mono_jit_init, mono_config_parse, a configuration file for every
 * domain (leaklab.config), and the preemptive thread suspend mode
 * (README.md, "The scenarios", says what each avoids). A context is an
 * AppDomain. */
#include "mono_backend.h"

#include <mono/metadata/appdomain.h>
#include <mono/metadata/environment.h>
#include <mono/metadata/mono-config.h>
#include <mono/metadata/mono-gc.h>
#include <stdio.h>
#include <stdlib.h>

#define CONFIG_FILE_NAME "leaklab.config"

static char config_dir[4096];
static char config_path[4200];

/* The profiler handle's own data: Mono wants one, leaklab needs none. */
struct _MonoProfiler {
    int unused;
};
static struct _MonoProfiler profiler;

static const ll_runtime_events *events;

static void on_domain_unloaded(MonoProfiler *prof, MonoDomain *domain)
{
    (void)prof, (void)domain;
    events->classes_freed();
}

static int start(const char *lib_dir, const ll_runtime_events *host_events, ll_error *err)
{
    events = host_events;
    MonoProfilerHandle handle = mono_profiler_create(&profiler);
    ll__mono_assemblies_install(handle, events);
    ll__mono_heap_walk_install(handle);
    mono_profiler_set_domain_unloaded_callback(handle, on_domain_unloaded);
    ll__mono_counters_enable();
    snprintf(config_dir, sizeof config_dir, "%s", lib_dir);
    snprintf(config_path, sizeof config_path, "%s/%s", lib_dir, CONFIG_FILE_NAME);
    /* The default (hybrid) suspend mode aborts in domain unloading and in
     * exception formatting from C on Mono 6.8. */
    setenv("MONO_THREADS_SUSPEND", "preemptive", 1);
    mono_config_parse(NULL);
    MonoDomain *root = mono_jit_init_version("leaklab", "v4.0.30319");
    if (!root) {
        ll_error_set_code(err, LL_ERROR_RUNTIME, "the Mono runtime did not start");
        return -1;
    }
    mono_domain_set_config(root, config_dir, CONFIG_FILE_NAME);
    return 0;
}

static const char *version(void)
{
    static char *build_info;
    if (!build_info)
        build_info = mono_get_runtime_build_info();
    return build_info;
}

static int default_context_id(void)
{
    return mono_domain_get_id(mono_get_root_domain());
}

static int exit_code(void)
{
    return mono_environment_exitcode_get();
}

static ll_runtime_context *context_create(const char *name, ll_error *err)
{
    MonoDomain *domain = mono_domain_create_appdomain((char *)name, config_path);
    if (!domain) {
        ll_error_set_code(err, LL_ERROR_RUNTIME, "cannot create an AppDomain");
        return NULL;
    }
    mono_domain_set_config(domain, config_dir, CONFIG_FILE_NAME);
    mono_domain_set(domain, 0);
    return (ll_runtime_context *)domain;
}

static void context_unload(ll_runtime_context *context, const char *service_url)
{
    MonoDomain *domain = (MonoDomain *)context;
    mono_domain_set(mono_get_root_domain(), 0);
    ll__mono_quiesce_domain(domain, service_url);
    mono_domain_unload(domain);
}

static void gc_figures(ll_gc_figures *out)
{
    *out = (ll_gc_figures){
        .heap_size = mono_gc_get_heap_size(),
        .used_size = mono_gc_get_used_size(),
        .minor_collections = mono_gc_collection_count(0),
        .major_collections = mono_gc_collection_count(mono_gc_max_generation()),
    };
}

static void load_profiler(const char *desc)
{
    mono_profiler_load(desc);
}

const ll_runtime ll__mono_runtime = {
    .name = "mono",
    .scenarios = "leaklab-scenarios.dll",
    /* The walk rides on the snapshot's own collection: every snapshot. */
    .traits = {.heapshot_every = 1},
    .start = start,
    .version = version,
    .default_context_id = default_context_id,
    .exit_code = exit_code,
    .context_create = context_create,
    .context_unload = context_unload,
    .entry_resolve = ll__mono_entry_resolve,
    .invoke = ll__mono_invoke,
    .collect = ll__mono_collect,
    .class_name = ll__mono_class_name,
    .field_name = ll__mono_field_name,
    .root_name = ll__mono_root_name,
    .assembly_describe = ll__mono_assembly_describe,
    .gc_figures = gc_figures,
    .counters = ll__mono_counters_sample,
    .load_profiler = load_profiler,
};
