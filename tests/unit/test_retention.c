/* The retention paths (host/src/retention_paths.c) on scripted heaps: a
 * capture built by hand (objects, references with their fields' offsets,
 * roots), named by a minimal runtime, searched and grouped. Covers the
 * roots' priority, cycles, unreachable instances, a linked list counted
 * once, a thousand generated classes folded into one group, and owners'
 * retained bytes. Links the host library alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "retention.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OBJECTS 4096

/* A class is its name; a field is named by its offset: 8 * (k + 1) is
 * field K of the class's list. */
typedef struct fake_class {
    const char *name;
    const char *fields[4];
} fake_class;

static char *class_name(const void *klass)
{
    return strdup(((const fake_class *)klass)->name);
}

static char *field_name(const void *klass, uintptr_t offset)
{
    const fake_class *c = klass;
    size_t k = offset / 8 - 1;
    return k < 4 && c->fields[k] ? strdup(c->fields[k]) : NULL;
}

static char *root_name(const ll_root *root)
{
    return strdup(root->name);
}

static const ll_runtime naming_runtime = {.name = "fake", .class_name = class_name, .field_name = field_name,
                                          .root_name = root_name};

/* A heap under construction: object I is at address 0x1000 * (I + 1). */
static struct heap {
    ll_captured_object objects[MAX_OBJECTS];
    ll_captured_ref refs[MAX_OBJECTS * 2];
    ll_captured_root roots[16];
    size_t objects_n, refs_n, roots_n;
} heap;

static uintptr_t at(size_t i)
{
    return 0x1000 * (i + 1);
}

static size_t object(const fake_class *klass, uint64_t bytes)
{
    heap.objects[heap.objects_n] = (ll_captured_object){at(heap.objects_n), klass, bytes, heap.refs_n};
    return heap.objects_n++;
}

/* A reference from the object made last, through its field K. */
static void ref(size_t to, int k)
{
    heap.refs[heap.refs_n++] = (ll_captured_ref){at(to), (uintptr_t)(8 * (k + 1))};
}

static void root(size_t object_index, ll_root_kind kind, const char *name)
{
    heap.roots[heap.roots_n++] = (ll_captured_root){at(object_index), {kind, NULL, 0, name}};
}

static ll_capture capture(void)
{
    return (ll_capture){heap.objects, heap.objects_n, heap.refs, heap.refs_n, heap.roots, heap.roots_n, 0};
}

static int setup(void **state)
{
    (void)state;
    memset(&heap, 0, sizeof heap);
    return 0;
}

static json_t *type_of(json_t *record, const char *name)
{
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(record, "types"), i, t) if (strcmp(json_string_value(json_object_get(t, "type")), name) == 0) return t;
    return NULL;
}

static const char *chain_text(json_t *path, char *buf, size_t len)
{
    size_t i, used = 0;
    json_t *link;
    buf[0] = '\0';
    json_array_foreach(json_object_get(path, "chain"), i, link) {
        const char *field = json_string_value(json_object_get(link, "field"));
        json_int_t repeat = json_integer_value(json_object_get(link, "repeat"));
        used += (size_t)snprintf(buf + used, len - used, "%s%s%s%s", i ? " " : "",
                                 json_string_value(json_object_get(link, "type")), field ? "." : "", field ? field : "");
        if (repeat)
            used += (size_t)snprintf(buf + used, len - used, "x%lld", (long long)repeat);
    }
    return buf;
}

static const fake_class publisher = {"App.Publisher", {"Changed"}}, handler = {"System.EventHandler", {"_target", "_invocationList"}},
                        delegates = {"System.Delegate[]", {"[]"}}, listener = {"App.Listener", {"owner"}},
                        frame = {"App.Worker", {"current"}};

/* An event's listeners: a static event, its invocation list, each
 * handler's target; a cycle back from each listener to the publisher; a
 * stack that sees a listener too (the static wins); two listeners nobody
 * keeps. */
static void test_event_listeners(void **state)
{
    (void)state;
    size_t pub = object(&publisher, 24);
    size_t list_handler = pub + 1, list = pub + 2;
    ref(list_handler, 0);
    object(&handler, 64); /* the multicast delegate in Publisher.Changed */
    ref(list, 1);
    object(&delegates, 32 + 8 * 50);
    for (int k = 0; k < 50; k++)
        ref(list + 1 + 2 * (size_t)k, 0);
    for (int k = 0; k < 50; k++) {
        size_t h = object(&handler, 64);
        ref(h + 1, 0);
        object(&listener, 40);
        ref(pub, 0); /* a cycle: the listener knows its publisher */
    }
    size_t worker = object(&frame, 32);
    ref(list + 2, 0); /* the worker's current listener, also on the list */
    object(&listener, 40);
    object(&listener, 40);
    root(worker, LL_ROOT_STACK, "thread stack");
    root(pub, LL_ROOT_STATIC, "App.Program.publisher");
    ll_capture c = capture();
    const char *types[] = {"App.Listener"};
    json_t *record = ll__retention_paths(&c, types, 1, 1);
    assert_non_null(record);
    json_t *t = type_of(record, "App.Listener");
    assert_non_null(t);
    assert_int_equal(json_integer_value(json_object_get(t, "count")), 52);
    json_t *first = json_array_get(json_object_get(t, "paths"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "root_kind")), "static");
    assert_string_equal(json_string_value(json_object_get(first, "root")), "App.Program.publisher");
    assert_int_equal(json_integer_value(json_object_get(first, "count")), 50);
    char text[512];
    assert_string_equal(chain_text(first, text, sizeof text),
                        "App.Publisher.Changed System.EventHandler._invocationList System.Delegate[].[] "
                        "System.EventHandler._target App.Listener");
    /* The publisher's subtree: everything but the worker and the two strays. */
    assert_int_equal(json_integer_value(json_object_get(first, "owner_retained")), 24 + 64 + 432 + 50 * (64 + 40));
    assert_int_equal(json_integer_value(json_object_get(json_object_get(t, "unreachable"), "count")), 2);
    json_t *roots = json_object_get(record, "roots");
    assert_int_equal(json_integer_value(json_object_get(roots, "static")), 1);
    assert_int_equal(json_integer_value(json_object_get(roots, "stack")), 1);
    json_decref(record);
}

static const fake_class node = {"App.Node", {"next", "value"}}, payload = {"App.Payload", {0}},
                        cache = {"App.Cache", {"_items"}}, objects = {"System.Object[]", {"[]"}};

/* A linked list of 200 nodes, each with a payload: the head's payload is
 * a group of its own, every other one group whatever its depth (the
 * "next" link counted once). */
static void test_linked_list_is_one_group(void **state)
{
    (void)state;
    size_t first = heap.objects_n;
    for (size_t k = 0; k < 200; k++) {
        size_t n = object(&node, 32);
        if (k + 1 < 200)
            ref(n + 2, 0);
        ref(n + 1, 1);
        object(&payload, 100);
    }
    root(first, LL_ROOT_STATIC, "App.Program.head");
    ll_capture c = capture();
    const char *types[] = {"App.Payload"};
    json_t *record = ll__retention_paths(&c, types, 1, 0);
    json_t *paths = json_object_get(type_of(record, "App.Payload"), "paths");
    assert_int_equal(json_array_size(paths), 2);
    json_t *deep = json_array_get(paths, 0), *head = json_array_get(paths, 1);
    assert_int_equal(json_integer_value(json_object_get(deep, "count")), 199);
    assert_int_equal(json_integer_value(json_object_get(head, "count")), 1);
    char text[512];
    assert_string_equal(chain_text(head, text, sizeof text), "App.Node.value App.Payload");
    assert_null(json_object_get(deep, "owner_retained")); /* not asked for */
    json_decref(record);
}

/* A thousand generated classes, one instance each, each keeping a
 * payload: their digits folded, one group of a thousand. */
static void test_generated_classes_fold(void **state)
{
    (void)state;
    static fake_class generated[1000];
    static char names[1000][48];
    size_t holder = object(&cache, 24);
    ref(holder + 1, 0);
    size_t array = object(&objects, 16 + 8 * 1000);
    for (size_t k = 0; k < 1000; k++)
        ref(array + 1 + 2 * k, 0);
    for (size_t k = 0; k < 1000; k++) {
        snprintf(names[k], sizeof names[k], "Gen.Serializer%zu", k);
        generated[k] = (fake_class){names[k], {"payload"}};
        size_t g = object(&generated[k], 48);
        ref(g + 1, 0);
        object(&payload, 100);
    }
    root(holder, LL_ROOT_STATIC, "App.Cache.Instance");
    ll_capture c = capture();
    const char *types[] = {"App.Payload"};
    json_t *record = ll__retention_paths(&c, types, 1, 1);
    json_t *t = type_of(record, "App.Payload");
    assert_int_equal(json_array_size(json_object_get(t, "paths")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(t, "paths"), 0), "count")), 1000);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(t, "other"), "count")), 0);
    json_decref(record);
}

/* Several roots of several kinds, each keeping its own payloads: the three
 * commonest groups first, the rest as "other"; a heap over the bound says
 * so and names no path. */
static void test_several_roots_and_other(void **state)
{
    (void)state;
    static const char *root_names[] = {"A.x", "B.y", "C.z", "D.w", "E.v"};
    for (int r = 0; r < 5; r++) {
        size_t holder = object(&cache, 24);
        ref(holder + 1, 0);
        size_t array = object(&objects, 64);
        for (int k = 0; k < 5 - r; k++)
            ref(array + 1 + (size_t)k, 0);
        for (int k = 0; k < 5 - r; k++)
            object(&payload, 100);
        root(holder, r < 3 ? LL_ROOT_STATIC : LL_ROOT_HANDLE, root_names[r]);
    }
    ll_capture c = capture();
    const char *types[] = {"App.Payload", "No.Such.Type"};
    json_t *record = ll__retention_paths(&c, types, 2, 0);
    json_t *t = type_of(record, "App.Payload");
    json_t *paths = json_object_get(t, "paths");
    assert_int_equal(json_array_size(paths), LL_RETAINER_PATHS);
    assert_string_equal(json_string_value(json_object_get(json_array_get(paths, 0), "root")), "A.x");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(t, "other"), "count")), 2 + 1);
    assert_null(type_of(record, "No.Such.Type"));
    json_decref(record);
    c.over_limit = 1;
    record = ll__retention_paths(&c, types, 2, 0);
    assert_non_null(json_object_get(record, "skipped"));
    assert_null(json_object_get(record, "types"));
    json_decref(record);
}

int main(void)
{
    ll__runtime_set(&naming_runtime);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_event_listeners, setup),
        cmocka_unit_test_setup(test_linked_list_is_one_group, setup),
        cmocka_unit_test_setup(test_generated_classes_fold, setup),
        cmocka_unit_test_setup(test_several_roots_and_other, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
