/* The runtime interface's proof: a fake runtime (no Mono, a scripted heap
 * of objects, references and roots, assemblies loaded and unloaded as
 * events) drives the host's recorder end to end, and the series it writes
 * is one the analyzer reads and judges. A second runtime needs what this
 * file fills, nothing else (ARCHITECTURE.md, "A new runtime").
 *
 * The scripted scenario "Fake.Leak:Run" does on each call what the
 * customer's code did: it loads one generated assembly (a proxy type
 * deriving from SoapHttpClientProtocol) and keeps ITEMS_PER_CALL objects
 * of ITEM_BYTES in a static cache. In the default context both stay; in a
 * collectible context the assembly goes with its context and the items are
 * dropped. Links the host and the analyzer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "leaklab/analyzer.h"
#include "leaklab/host.h"
#include "runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ITEMS_PER_CALL 10
#define ITEM_BYTES 2048
#define MAX_OBJECTS 4096
#define MAX_ASSEMBLIES 512

/* --- the scripted heap ---------------------------------------------------- */

typedef struct fake_class {
    const char *name;
} fake_class;

static const fake_class cache_class = {"Fake.Cache"}, list_class = {"System.Collections.Generic.List<Fake.Item>"},
                        item_class = {"Fake.Item"}, thread_class = {"System.Threading.Thread"};

typedef struct fake_object {
    const fake_class *klass;
    uint64_t bytes;
    uintptr_t refs[2];
    size_t ref_count;
} fake_object;

struct ll_runtime_context {
    int id;
};

static struct {
    const ll_runtime_events *events;
    fake_object objects[MAX_OBJECTS]; /* 0: the cache list, 1: the thread; then items */
    size_t object_count;
    int assemblies[MAX_ASSEMBLIES]; /* each generated assembly's context id; its handle is its address */
    size_t assembly_count;
    struct ll_runtime_context contexts[MAX_ASSEMBLIES];
    int next_context;
    int current_context;
    long walks, references_seen, roots_seen;
    int walk_cut_short; /* the walk stops half-way, as a heap dump cut short */
} fake;

/* Every reference is at offset 16 (after a two-word header). */
static const uintptr_t field_offsets[2] = {16, 16};

static uintptr_t address_of(size_t i)
{
    return (uintptr_t)&fake.objects[i];
}

static int fake_start(const char *lib_dir, const ll_runtime_events *events, ll_error *err)
{
    (void)lib_dir, (void)err;
    fake.events = events;
    fake.objects[0] = (fake_object){&list_class, 64, {0}, 0};
    fake.objects[1] = (fake_object){&thread_class, 128, {0}, 0};
    fake.object_count = 2;
    fake.next_context = 2;
    fake.current_context = 1;
    return 0;
}

static const char *fake_version(void)
{
    return "1.0-fake";
}

static int fake_default_context_id(void)
{
    return 1;
}

static int fake_exit_code(void)
{
    return 0;
}

static ll_runtime_context *fake_context_create(const char *name, ll_error *err)
{
    (void)name, (void)err;
    ll_runtime_context *c = &fake.contexts[fake.next_context % MAX_ASSEMBLIES];
    c->id = fake.next_context++;
    fake.current_context = c->id;
    return c;
}

/* Unloading a context: its assemblies go, and the items its calls kept
 * (the cache list then forgets them: the fake's "static" lived in it). */
static void fake_context_unload(ll_runtime_context *context, const char *service_url)
{
    (void)service_url;
    for (size_t i = 0; i < fake.assembly_count; i++)
        if (fake.assemblies[i] == context->id) {
            fake.events->assembly_unloading(&fake.assemblies[i]);
            fake.assemblies[i] = -1;
        }
    fake.object_count = 2;
    fake.objects[0].ref_count = 0;
    fake.current_context = 1;
    fake.events->classes_freed();
}

static int fake_entry_resolve(ll_runtime_context *context, const char *assembly, const char *entry,
                              ll_runtime_entry *out, ll_error *err)
{
    (void)context, (void)assembly;
    if (strcmp(entry, "Fake.Leak:Run") != 0) {
        ll_error_set_code(err, LL_ERROR_USAGE, "no type for entry point '%s'", entry);
        return -1;
    }
    *out = (ll_runtime_entry){entry, 1};
    return 0;
}

static int fake_invoke(const ll_runtime_entry *entry, int iteration, ll_exception_text *exc, char **result,
                       size_t *result_full_len)
{
    (void)entry;
    if (fake.assembly_count == MAX_ASSEMBLIES || fake.object_count + ITEMS_PER_CALL > MAX_OBJECTS) {
        snprintf(exc->type, sizeof exc->type, "System.OutOfMemoryException");
        snprintf(exc->message, sizeof exc->message, "the fake heap is full at call %d", iteration);
        exc->stack[0] = '\0';
        return -1;
    }
    fake.assemblies[fake.assembly_count] = fake.current_context;
    fake.events->assembly_loaded(&fake.assemblies[fake.assembly_count++], fake.current_context);
    for (int k = 0; k < ITEMS_PER_CALL; k++) {
        size_t i = fake.object_count++;
        fake.objects[i] = (fake_object){&item_class, ITEM_BYTES, {address_of(i - 1)}, i > 2};
    }
    fake.objects[0].refs[0] = address_of(fake.object_count - 1); /* the list keeps the chain of items */
    fake.objects[0].ref_count = 1;
    if (result) {
        *result = strdup("{\"answer\":\"ok\"}");
        *result_full_len = strlen(*result);
    }
    return 0;
}

/* The world is "stopped": only writes to FAKE's own counters and the
 * visitor's mapped memory happen here. */
static int fake_collect(const ll_heap_visitor *walk)
{
    if (!walk)
        return 0;
    fake.walks++;
    for (size_t i = 0; i < fake.object_count; i++) {
        if (fake.walk_cut_short && i == fake.object_count / 2)
            return -1;
        walk->object(walk->data, address_of(i), fake.objects[i].klass, fake.objects[i].bytes);
        if (fake.objects[i].ref_count && walk->references)
            walk->references(walk->data, address_of(i), fake.objects[i].refs, field_offsets, fake.objects[i].ref_count);
    }
    if (!walk->root)
        return 0;
    ll_root cache = {LL_ROOT_STATIC, &cache_class, 0, "items"}, stack = {LL_ROOT_STACK, NULL, 0, "thread stack"};
    walk->root(walk->data, address_of(0), &cache);
    walk->root(walk->data, address_of(1), &stack);
    return 0;
}

/* Fields by offset: a list's 16 is "_head", an item's 16 "next". */
static char *fake_field_name(const void *klass, uintptr_t offset)
{
    return offset != 16 ? NULL : strdup(klass == &list_class ? "_head" : "next");
}

static char *fake_root_name(const ll_root *root)
{
    if (root->kind != LL_ROOT_STATIC)
        return strdup(root->name);
    char *name;
    return asprintf(&name, "%s.%s", ((const fake_class *)root->key)->name, root->name) < 0 ? NULL : name;
}

static char *fake_class_name(const void *klass)
{
    return strdup(((const fake_class *)klass)->name);
}

static void fake_assembly_describe(const void *assembly, int context_id, const ll_assembly_sink *sink)
{
    (void)context_id;
    char name[16];
    /* Eight random-looking characters, as CodeDom names them. */
    snprintf(name, sizeof name, "q%07lx", (unsigned long)(((const int *)assembly - fake.assemblies) * 2654435761u) & 0xfffffff);
    sink->identity(sink->data, name, "0.0.0.0", "bytes", NULL);
    sink->type(sink->data, "Leaklab.DynamicWebLoad.OrderImplService",
               "System.Web.Services.Protocols.SoapHttpClientProtocol");
    sink->reference(sink->data, "System.Web.Services.Protocols.SoapHttpClientProtocol");
    sink->reference(sink->data, "System.Xml.Serialization.XmlSerializer");
}

static void fake_gc_figures(ll_gc_figures *out)
{
    long long used = 0;
    for (size_t i = 0; i < fake.object_count; i++)
        used += (long long)fake.objects[i].bytes;
    *out = (ll_gc_figures){.heap_size = used + (1 << 20), .used_size = used, .major_collections = fake.walks};
}

static void fake_counters(void (*add)(void *data, const char *name, long long value), void *data)
{
    add(data, "Fake assemblies", (long long)fake.assembly_count);
}

static const ll_runtime fake_runtime = {
    .name = "fake",
    .traits = {.heapshot_every = 1},
    .start = fake_start,
    .version = fake_version,
    .default_context_id = fake_default_context_id,
    .exit_code = fake_exit_code,
    .context_create = fake_context_create,
    .context_unload = fake_context_unload,
    .entry_resolve = fake_entry_resolve,
    .invoke = fake_invoke,
    .collect = fake_collect,
    .class_name = fake_class_name,
    .field_name = fake_field_name,
    .root_name = fake_root_name,
    .assembly_describe = fake_assembly_describe,
    .gc_figures = fake_gc_figures,
    .counters = fake_counters,
};

/* --- the runs ----------------------------------------------------------- */

static int start_fake(void **state)
{
    (void)state;
    ll_error err;
    return ll__host_start_runtime(&fake_runtime, &err);
}

/* Records ITERATIONS calls of ENTRY into a temporary file; its path. */
static char *record(const char *entry, int collectible, long iterations)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/leaklab-test-recorder-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    ll_error err;
    ll_snapshot_writer *w = ll_snapshot_writer_open(path, NULL, 0, &err);
    assert_non_null(w);
    ll_run_settings settings = {
        .runtime = "fake", .scenario = "fake-leak", .assembly = "/nonexistent/fake.dll", .entry = entry,
        .collectible = collectible, .iterations = iterations, .snapshot_every = 1, .recycle_every = 1,
        .heapshot_every = 1, .retainers_every = LL_RETAINERS_FIRST_LAST,
    };
    ll_recorder *r = ll_recorder_start(&settings, w, &err);
    assert_non_null(r);
    for (long i = 1; i <= iterations; i++) {
        ll_iteration_outcome out;
        assert_int_equal(ll_recorder_iteration(r, (int)i, &out, &err), 0);
        assert_false(out.threw);
        assert_true(out.snapshot_taken);
        assert_false(out.heap_shot_failed);
    }
    assert_int_equal(ll_recorder_end(r, LL_RUN_COMPLETED, iterations, &err), 0);
    assert_int_equal(ll_recorder_done(r), iterations);
    ll_recorder_close(r);
    assert_int_equal(ll_snapshot_writer_close(w, &err), 0);
    return path;
}

static ll_report *analyze(const char *path)
{
    ll_thresholds t;
    ll_thresholds_default(&t);
    ll_error err;
    ll_report *report = ll_analyze_file(path, &t, &err);
    if (!report)
        fail_msg("%s", err.message);
    return report;
}

static int names_type(const ll_report *r, const char *type)
{
    for (size_t i = 0; i < r->growth_by_type_count; i++)
        if (strcmp(r->growth_by_type[i].type, type) == 0)
            return 1;
    return 0;
}

static void test_default_context_leaks_assemblies(void **state)
{
    (void)state;
    char *path = record("Fake.Leak:Run", 0, 40);
    ll_report *r = analyze(path);
    assert_int_equal(r->verdict, LL_LEAK);
    assert_int_equal(r->kind, LL_LEAK_KIND_ASSEMBLY);
    assert_true(r->suspect_count > 0);
    assert_int_equal(r->suspects[0].source, LL_SUSPECT_GROUP);
    assert_non_null(strstr(r->suspects[0].signature, "OrderImplService"));
    assert_true(names_type(r, "Fake.Item"));
    assert_string_equal(r->run.scenario, "fake-leak");
    assert_true(fake.walks >= 40);
    ll_result_free(r);
    unlink(path);
}

/* The same scenario with each call's context unloaded: every assembly is
 * unloaded again, the items go with it: neither the assemblies nor the
 * GC heap grow. (The process's own RSS and malloc are measured for real,
 * and grow under a sanitizer's allocator: they are not the fake's.) */
static void test_collectible_context_does_not_leak(void **state)
{
    (void)state;
    char *path = record("Fake.Leak:Run", 1, 40);
    ll_report *r = analyze(path);
    assert_int_equal(r->growth[LL_SERIES_ASSEMBLIES].verdict, LL_NO_LEAK);
    assert_int_equal(r->growth[LL_SERIES_MANAGED].verdict, LL_NO_LEAK);
    assert_false(names_type(r, "Fake.Item"));
    ll_result_free(r);
    unlink(path);
}

/* The header names the runtime it ran on, and keeps mono_version to Mono. */
static void test_header_names_the_runtime(void **state)
{
    (void)state;
    char *path = record("Fake.Leak:Run", 1, 2);
    ll_error err;
    ll_snapshot_reader *reader = ll_snapshot_reader_open(path, &err);
    assert_non_null(reader);
    const ll_record *header = ll_snapshot_reader_header(reader);
    assert_string_equal(ll_record_string(header, LL_FIELD_RUNTIME_INFO "." LL_FIELD_RUNTIME_NAME), "fake");
    assert_string_equal(ll_record_string(header, LL_FIELD_RUNTIME_INFO "." LL_FIELD_RUNTIME_VERSION), "1.0-fake");
    assert_null(ll_record_string(header, LL_FIELD_MONO_VERSION));
    ll_snapshot_reader_close(reader);
    unlink(path);
}

/* An entry point the runtime cannot resolve: -2, and why. */
static void test_entry_point_that_cannot_load(void **state)
{
    (void)state;
    char path[] = "/tmp/leaklab-test-recorder-XXXXXX";
    close(mkstemp(path));
    ll_error err;
    ll_snapshot_writer *w = ll_snapshot_writer_open(path, NULL, 0, &err);
    ll_run_settings settings = {.entry = "Fake.Missing:Run", .assembly = "x.dll", .iterations = 1,
                                .snapshot_every = 1, .recycle_every = 1};
    ll_recorder *r = ll_recorder_start(&settings, w, &err);
    assert_non_null(r);
    ll_iteration_outcome out;
    assert_int_equal(ll_recorder_iteration(r, 1, &out, &err), -2);
    assert_int_equal(err.code, LL_ERROR_USAGE);
    assert_non_null(strstr(err.message, "Fake.Missing:Run"));
    ll_recorder_close(r);
    ll_snapshot_writer_discard(w);
    unlink(path);
}

/* The walk hands over references and roots: from the static root, the
 * cache list reaches every item through the references. */
static struct reach {
    uintptr_t seen[MAX_OBJECTS], edges_from[MAX_OBJECTS], edges_to[MAX_OBJECTS];
    size_t objects, edges;
    uintptr_t static_root;
    const char *static_name;
} reach;

static void reach_object(void *data, uintptr_t object, const void *klass, uint64_t bytes)
{
    (void)data, (void)klass, (void)bytes;
    reach.seen[reach.objects++] = object;
}

static void reach_references(void *data, uintptr_t object, const uintptr_t *targets, const uintptr_t *offsets,
                             size_t count)
{
    (void)data, (void)offsets;
    for (size_t i = 0; i < count; i++, reach.edges++) {
        reach.edges_from[reach.edges] = object;
        reach.edges_to[reach.edges] = targets[i];
    }
}

static void reach_root(void *data, uintptr_t object, const ll_root *root)
{
    (void)data;
    if (root->kind == LL_ROOT_STATIC) {
        reach.static_root = object;
        reach.static_name = root->name;
    }
}

static void test_walk_gives_references_and_roots(void **state)
{
    (void)state;
    ll_runtime_entry entry = {"Fake.Leak:Run", 1};
    ll_exception_text exc;
    fake_invoke(&entry, 1, &exc, NULL, NULL);
    fake_invoke(&entry, 2, &exc, NULL, NULL);
    memset(&reach, 0, sizeof reach);
    ll_heap_visitor visitor = {NULL, reach_object, reach_references, reach_root, NULL};
    ll__runtime()->collect(&visitor);
    assert_string_equal(reach.static_name, "items");
    size_t reached = 1;
    for (uintptr_t at = reach.static_root;;) {
        size_t e = 0;
        while (e < reach.edges && reach.edges_from[e] != at)
            e++;
        if (e == reach.edges)
            break;
        at = reach.edges_to[e];
        reached++;
    }
    assert_int_equal(reached, 1 + 2 * ITEMS_PER_CALL); /* the list, then every item */
    assert_int_equal(reach.objects, 2 + 2 * ITEMS_PER_CALL);
}

/* A walk the runtime could not finish (CoreCLR's heap dump cut short) is
 * a failed heap-shot, never a short one written as whole. */
static void test_walk_cut_short_fails_the_heap_shot(void **state)
{
    (void)state;
    ll_error err;
    char path[] = "/tmp/leaklab-test-cut-short-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    ll_snapshot_writer *w = ll_snapshot_writer_open(path, NULL, 0, &err);
    assert_non_null(w);
    ll_snapshot_plan plan = {.heap_shot = 1};
    int failed = 0;
    fake.walk_cut_short = 1;
    assert_int_equal(ll_host_write_snapshot(w, 0, 0, 0, plan, &failed, &err), 0);
    fake.walk_cut_short = 0;
    assert_true(failed);
    assert_int_equal(ll_host_write_snapshot(w, 1, 1, 0, plan, &failed, &err), 0);
    assert_false(failed);
    assert_int_equal(ll_snapshot_writer_close(w, &err), 0);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_context_leaks_assemblies),
        cmocka_unit_test(test_collectible_context_does_not_leak),
        cmocka_unit_test(test_header_names_the_runtime),
        cmocka_unit_test(test_entry_point_that_cannot_load),
        cmocka_unit_test(test_walk_gives_references_and_roots),
        cmocka_unit_test(test_walk_cut_short_fails_the_heap_shot),
    };
    return cmocka_run_group_tests(tests, start_fake, NULL);
}
