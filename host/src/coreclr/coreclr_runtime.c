/* The CoreCLR backend's runtime table: .NET is started once per process
 * through the hosting API (nethost finds hostfxr; hostfxr starts the
 * runtime from the bridge's runtimeconfig.json and gives
 * load_assembly_and_get_function_pointer), and every function of the
 * runtime interface that needs managed code calls one [UnmanagedCallersOnly]
 * entry of managed/Bridge.cs. Strings cross in UTF-8 buffers the caller
 * owns; no managed exception crosses into C. A context is a collectible
 * AssemblyLoadContext, named by the bridge's id; an assembly and an entry
 * point are ids too. The heap walk is the runtime's own GC heap dump over
 * EventPipe, taken from outside the process (coreclr_heap_dump.c): objects
 * and bytes per type, a class being a MethodTable, or, for retention
 * paths, each object with its references (without their fields: the dump
 * has none) and the roots. */
#include "coreclr_backend.h"

#include <coreclr_delegates.h>
#include <dlfcn.h>
#include <hostfxr.h>
#include <inttypes.h>
#include <limits.h>
#include <nethost.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BRIDGE_ASSEMBLY "leaklab-coreclr-host"
#define BRIDGE_TYPE "Leaklab.CoreClr.Bridge, " BRIDGE_ASSEMBLY
/* The default heap-shot schedule: measured in README.md, "CoreCLR". */
#define CORECLR_HEAPSHOT_EVERY 200
/* Below LIB_DIR: the bridge, the scenarios and their dependencies. */
#define CORECLR_DIR "coreclr"

/* managed/Bridge.cs's HostCallbacks. */
typedef struct bridge_callbacks {
    void (*assembly_loaded)(int64_t id, int context_id);
    void (*assembly_unloading)(int64_t id);
    void (*exit_requested)(int code);
} bridge_callbacks;

typedef void (*take_result_fn)(void *data, const char *text, int64_t len, int64_t full_len);

/* The bridge's entry points, in the order they are looked up. */
static struct {
    int (*start)(const bridge_callbacks *callbacks, const char *lib_dir, char *error, int error_size);
    void (*version)(char *buffer, int size);
    int (*context_create)(const char *name);
    void (*context_unload)(int id);
    int64_t (*entry_resolve)(int id, const char *path, const char *entry, int *takes_iteration, char *error,
                             int error_size);
    int (*invoke)(int64_t handle, int iteration, ll_exception_text *exc, take_result_fn take, void *data,
                  int64_t max_bytes);
    void (*collect)(void);
    void (*gc_figures)(int64_t *out);
    void (*counters)(void (*add)(void *data, const char *name, long long value), void *data);
    void (*assembly_describe)(int64_t id, const ll_assembly_sink *sink);
    int (*wait_for_collection)(int before, int timeout_ms);
} bridge;

static const char *const entry_names[] = {"Start",   "Version",    "ContextCreate", "ContextUnload",   "EntryResolve",
                                          "Invoke",  "Collect",    "GcFigures",     "Counters",        "AssemblyDescribe",
                                          "WaitForCollection"};

static const ll_runtime_events *events;
static int requested_exit_code;
static char coreclr_dir[PATH_MAX];

static void on_assembly_loaded(int64_t id, int context_id)
{
    events->assembly_loaded((const void *)(uintptr_t)id, context_id);
}

static void on_assembly_unloading(int64_t id)
{
    events->assembly_unloading((const void *)(uintptr_t)id);
    events->classes_freed();
}

static void on_exit_requested(int code)
{
    requested_exit_code = code;
}

static const bridge_callbacks callbacks = {on_assembly_loaded, on_assembly_unloading, on_exit_requested};

/* The .NET install nethost searches: $DOTNET_ROOT, else the one the build
 * found (LEAKLAB_DOTNET_ROOT), else nethost's own search. */
static const char *dotnet_root(void)
{
    const char *env = getenv("DOTNET_ROOT");
    if (env && *env)
        return env;
#ifdef LEAKLAB_DOTNET_ROOT
    return LEAKLAB_DOTNET_ROOT;
#else
    return NULL;
#endif
}

/* hostfxr's delegate that loads an assembly and finds a function in it. */
static load_assembly_and_get_function_pointer_fn start_hostfxr(const char *config, ll_error *err)
{
    char path[PATH_MAX];
    size_t size = sizeof path;
    struct get_hostfxr_parameters params = {sizeof params, NULL, dotnet_root()};
    if (get_hostfxr_path(path, &size, params.dotnet_root ? &params : NULL) != 0) {
        ll_error_set_code(err, LL_ERROR_RUNTIME, "no .NET runtime found (hostfxr; set DOTNET_ROOT to the .NET install)");
        return NULL;
    }
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    hostfxr_initialize_for_runtime_config_fn init =
        lib ? (hostfxr_initialize_for_runtime_config_fn)dlsym(lib, "hostfxr_initialize_for_runtime_config") : NULL;
    hostfxr_get_runtime_delegate_fn get_delegate =
        lib ? (hostfxr_get_runtime_delegate_fn)dlsym(lib, "hostfxr_get_runtime_delegate") : NULL;
    hostfxr_close_fn close_host = lib ? (hostfxr_close_fn)dlsym(lib, "hostfxr_close") : NULL;
    if (!init || !get_delegate || !close_host) {
        ll_error_set_code(err, LL_ERROR_RUNTIME, "%s: not a usable hostfxr (%s)", path, lib ? "symbols missing" : dlerror());
        return NULL;
    }
    hostfxr_handle host = NULL;
    int rc = init(config, NULL, &host);
    void *load = NULL;
    if (rc == 0 && host)
        rc = get_delegate(host, hdt_load_assembly_and_get_function_pointer, &load);
    if (host)
        close_host(host);
    if (rc != 0 || !load) {
        ll_error_set_code(err, LL_ERROR_RUNTIME, "%s: the .NET runtime did not start (hostfxr error 0x%x)", config,
                          (unsigned)rc);
        return NULL;
    }
    return (load_assembly_and_get_function_pointer_fn)load;
}

static int find_entries(load_assembly_and_get_function_pointer_fn load, const char *assembly, ll_error *err)
{
    void **slots = (void **)&bridge;
    for (size_t i = 0; i < sizeof entry_names / sizeof entry_names[0]; i++) {
        int rc = load(assembly, BRIDGE_TYPE, entry_names[i], UNMANAGEDCALLERSONLY_METHOD, NULL, &slots[i]);
        if (rc != 0 || !slots[i]) {
            ll_error_set_code(err, LL_ERROR_RUNTIME, "%s: no entry point %s (error 0x%x)", assembly, entry_names[i],
                              (unsigned)rc);
            return -1;
        }
    }
    return 0;
}

static int start(const char *lib_dir, const ll_runtime_events *host_events, ll_error *err)
{
    _Static_assert(sizeof bridge == sizeof entry_names / sizeof entry_names[0] * sizeof(void *),
                   "one name per bridge entry");
    events = host_events;
    char config[PATH_MAX + 64], assembly[PATH_MAX + 64];
    const char *dir = coreclr_dir;
    snprintf(coreclr_dir, sizeof coreclr_dir, "%s/%s", lib_dir, CORECLR_DIR);
    snprintf(config, sizeof config, "%s/%s.runtimeconfig.json", dir, BRIDGE_ASSEMBLY);
    snprintf(assembly, sizeof assembly, "%s/%s.dll", dir, BRIDGE_ASSEMBLY);
    /* The runtime makes its diagnostics socket in TMPDIR as it starts: the
     * process's own, where dotnet-dump, dotnet-counters and dotnet-trace
     * look for it, not the run's private folder. */
    char *run_tmpdir = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
    setenv("TMPDIR", ll__run_tmpdir_outer(), 1);
    load_assembly_and_get_function_pointer_fn load = start_hostfxr(config, err);
    if (run_tmpdir)
        setenv("TMPDIR", run_tmpdir, 1);
    free(run_tmpdir);
    if (!load || find_entries(load, assembly, err) < 0)
        return -1;
    char why[512] = "";
    if (bridge.start(&callbacks, dir, why, sizeof why) != 0) {
        ll_error_set_code(err, LL_ERROR_RUNTIME, "the CoreCLR bridge did not start: %s", why);
        return -1;
    }
    return 0;
}

static const char *version(void)
{
    static char text[128];
    if (!text[0])
        bridge.version(text, sizeof text);
    return text;
}

static int default_context_id(void)
{
    return 1; /* Contexts.DefaultId */
}

static int exit_code(void)
{
    return requested_exit_code;
}

static ll_runtime_context *context_create(const char *name, ll_error *err)
{
    int id = bridge.context_create(name);
    if (id <= 0) {
        ll_error_set_code(err, LL_ERROR_RUNTIME, "cannot create a collectible AssemblyLoadContext");
        return NULL;
    }
    return (ll_runtime_context *)(uintptr_t)id;
}

/* HttpClient connections are the scenario's and closed with each call:
 * nothing to quiesce but the context itself. */
static void context_unload(ll_runtime_context *context, const char *service_url)
{
    (void)service_url;
    bridge.context_unload((int)(uintptr_t)context);
}

static int entry_resolve(ll_runtime_context *context, const char *assembly, const char *entry, ll_runtime_entry *out,
                         ll_error *err)
{
    int id = context ? (int)(uintptr_t)context : default_context_id(), takes_iteration = 0;
    char why[1024] = "";
    int64_t handle = bridge.entry_resolve(id, assembly, entry, &takes_iteration, why, sizeof why);
    if (handle <= 0) {
        ll_error_set_code(err, LL_ERROR_USAGE, "%s", why);
        return -1;
    }
    *out = (ll_runtime_entry){(const void *)(uintptr_t)handle, takes_iteration};
    return 0;
}

struct result_copy {
    char *text;
    size_t full_len;
};

static void take_result(void *data, const char *text, int64_t len, int64_t full_len)
{
    struct result_copy *copy = data;
    copy->text = malloc((size_t)len + 1);
    if (copy->text) {
        memcpy(copy->text, text, (size_t)len);
        copy->text[len] = '\0';
    }
    copy->full_len = (size_t)full_len;
}

static int invoke(const ll_runtime_entry *entry, int iteration, ll_exception_text *exc, char **result,
                  size_t *result_full_len)
{
    struct result_copy copy = {NULL, 0};
    memset(exc, 0, sizeof *exc);
    int rc = bridge.invoke((int64_t)(uintptr_t)entry->handle, iteration, exc, take_result, &copy, LL_RESULT_MAX_BYTES);
    if (rc == 1 && !exc->type[0])
        snprintf(exc->type, sizeof exc->type, "System.Exception");
    if (rc < 0) {
        snprintf(exc->type, sizeof exc->type, "System.InvalidOperationException");
        snprintf(exc->message, sizeof exc->message, "the entry point was unloaded with its context");
        rc = 1;
    }
    if (result)
        *result = copy.text;
    else
        free(copy.text);
    if (result_full_len)
        *result_full_len = copy.full_len;
    return rc == 0 ? 0 : -1;
}

/* The .NET program that runs leaklab-heapdump: the install's. */
static const char *dotnet_program(void)
{
    static char program[PATH_MAX];
    const char *root = dotnet_root();
    if (!root)
        return "dotnet";
    snprintf(program, sizeof program, "%s/dotnet", root);
    return program;
}

/* How long a heap dump's collection may take to start and end. */
#define DUMP_COLLECTION_TIMEOUT_MS 30000

/* Whether the heap dump's collection has run, waiting for it. */
static int dump_collected(int64_t gen2_before)
{
    return bridge.wait_for_collection((int)gen2_before, DUMP_COLLECTION_TIMEOUT_MS);
}

/* The collection; then, for a heap-shot, the runtime's heap dump, which
 * makes a collection of its own. A dump cut short is -1: the heap-shot is
 * said to have failed rather than written short. */
static int collect(const ll_heap_visitor *walk)
{
    bridge.collect();
    if (!walk)
        return 0;
    int64_t figures[4];
    bridge.gc_figures(figures);
    return ll__coreclr_heap_dump(dotnet_program(), coreclr_dir, ll__run_tmpdir_outer(), walk, dump_collected,
                                 figures[3]);
}

/* KLASS (a MethodTable) as the heap dump named it: "System.Byte[]". */
static char *class_name(const void *klass)
{
    const char *name = ll__coreclr_type_name((uint64_t)(uintptr_t)klass);
    char unknown[64];
    if (!name) {
        snprintf(unknown, sizeof unknown, "(type 0x%" PRIxPTR ")", (uintptr_t)klass);
        name = unknown;
    }
    return strdup(name);
}

/* The dump names no field: an array's elements are known by the
 * type alone ("[]", as on Mono), any other reference is not. */
static char *field_name(const void *klass, uintptr_t offset)
{
    (void)offset;
    const char *name = ll__coreclr_type_name((uint64_t)(uintptr_t)klass);
    size_t len = name ? strlen(name) : 0;
    return len && name[len - 1] == ']' ? strdup("[]") : NULL;
}

/* The dump names its roots (coreclr_heap_dump.c): "Ns.Type.field". */
static char *root_name(const ll_root *root)
{
    return strdup(root->name ? root->name : "runtime");
}

static void gc_figures(ll_gc_figures *out)
{
    int64_t figures[4];
    bridge.gc_figures(figures);
    *out = (ll_gc_figures){figures[0], figures[1], figures[2], figures[3]};
}

static void counters(void (*add)(void *data, const char *name, long long value), void *data)
{
    bridge.counters(add, data);
}

static void assembly_describe(const void *assembly, int context_id, const ll_assembly_sink *sink)
{
    (void)context_id;
    bridge.assembly_describe((int64_t)(uintptr_t)assembly, sink);
}

const ll_runtime ll__coreclr_runtime = {
    .name = "coreclr",
    .scenarios = CORECLR_DIR "/leaklab-scenarios.dll",
    /* A heap dump costs an EventPipe session and a collection of its own
     * (README.md, "CoreCLR"). */
    .traits = {.heapshot_every = CORECLR_HEAPSHOT_EVERY},
    .start = start,
    .version = version,
    .default_context_id = default_context_id,
    .exit_code = exit_code,
    .context_create = context_create,
    .context_unload = context_unload,
    .entry_resolve = entry_resolve,
    .invoke = invoke,
    .collect = collect,
    .class_name = class_name,
    .field_name = field_name,
    .root_name = root_name,
    .assembly_describe = assembly_describe,
    .gc_figures = gc_figures,
    .counters = counters,
};
