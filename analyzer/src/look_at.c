/* "Inconclusive" with something to look at. One dump cannot prove growth,
 * but an expert reading its !dumpheap -stat still says where to look:
 *   - the application's own types that hold the most of the heap (a type
 *     outside the framework's namespaces with at least LARGE_SHARE of the
 *     heap's bytes, or LARGE_COUNT objects): whatever keeps them is the
 *     first thing to find;
 *   - hundreds of thousands of handlers, listeners or dispatchers
 *     (MANY_HANDLERS or more): event subscriptions never removed keep
 *     their subscribers, the classic managed leak.
 *   - a native heap whose busy bytes sit in one allocation size
 *     (NATIVE_SHARE of them, in NATIVE_BLOCKS blocks or more, !heap -stat
 *     -h): one allocation site repeated, named by the first frame of its
 *     allocating stack (!heap -p -a) above the OS and the runtime;
 *   - an object a user dumped (!dumpobj) that is a collection holding
 *     LARGE_COUNT items or more: a list or dictionary that only grows.
 * Each comes with its evidence (objects, bytes, share) and the command that
 * would confirm it. Names only point: they never change the verdict. */
#include "look_at.h"

#include "leaklab/snapshot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define LARGE_SHARE 0.05
#define LARGE_COUNT 100000
#define MANY_HANDLERS 100000
#define MAX_LOOK_AT 3
#define NATIVE_SHARE 0.30
#define NATIVE_BLOCKS 100
#define MAX_NATIVE_LOOK_AT 2

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The framework's own types (and the GC's free space). */
static int framework_type(const char *type)
{
    static const char *const namespaces[] = {"System.", "Microsoft.", "MS.", "Mono.", "Internal.", "Interop+", "Free"};
    for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++)
        if (starts_with(type, namespaces[i]))
            return 1;
    return strcmp(type, "Free") == 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A delegate or an object that receives events, by its name. */
static int handler_type(const char *type)
{
    return ends_with(type, "EventHandler") || ends_with(type, "Handler") || ends_with(type, "Listener") ||
           ends_with(type, "Dispatcher") || ends_with(type, "Callback") || strcmp(type, "System.Delegate[]") == 0;
}

/* A thing to look at: NAME, read from ORIGIN, COUNT of them, with its
 * EVIDENCE, what it may MEAN and the command that would CONFIRM it. */
static int add_look_at(ll_report *report, const char *name, const char *origin, double count, const char *evidence,
                       const char *meaning, const char *confirm)
{
    ll_suspect *s = ll_report_add_suspect(report);
    if (!s)
        return -1;
    s->source = LL_SUSPECT_LOOK_AT;
    s->name_pattern = strdup(name);
    s->origin = strdup(origin);
    s->version = strdup("-");
    s->loaded = (long)count;
    s->signature = strdup(evidence);
    s->generator = strdup(meaning);
    s->fix = strdup(confirm);
    return 0;
}

static void add(ll_report *report, const char *type, double count, double bytes, double total, const char *meaning,
                const char *confirm)
{
    char evidence[256];
    snprintf(evidence, sizeof evidence, "%.0f objects, %.0f bytes, %.1f %% of the heap's objects' bytes", count, bytes,
             total > 0 ? 100 * bytes / total : NAN);
    add_look_at(report, type, "!dumpheap -stat", count, evidence, meaning, confirm);
}

/* The first frame of FRAMES above the OS and the runtime, cleaned of its
 * token and offset ("Module!Type.Method()$##6000056+0x1ef"), into OUT. */
static int allocating_frame(json_t *frames, char *out, size_t len)
{
    static const char *const below[] = {"ntdll!", "KERNELBASE!", "kernel32!", "coreclr!", "clr!", "mscorwks!",
                                        "System_Private_CoreLib", "mscorlib", "ucrtbase!", "msvcrt!"};
    size_t i;
    json_t *f;
    json_array_foreach(frames, i, f) {
        const char *frame = json_string_value(f);
        int low = !frame;
        for (size_t k = 0; !low && k < sizeof below / sizeof below[0]; k++)
            low = starts_with(frame, below[k]);
        if (low)
            continue;
        const char *symbol = strchr(frame, '!');
        snprintf(out, len, "%s", symbol ? symbol + 1 : frame);
        out[strcspn(out, "$+")] = '\0';
        return 1;
    }
    return 0;
}

static void look_at_native(json_t *snapshot, ll_report *report)
{
    json_t *sizes = json_object_get(snapshot, LL_FIELD_HEAP_SIZES), *row, *stack;
    json_t *stacks = json_object_get(snapshot, LL_FIELD_ALLOCATION_STACKS);
    size_t i, k, listed = 0;
    json_array_foreach(sizes, i, row) {
        double share = json_number_value(json_object_get(row, "share"));
        json_int_t size = json_integer_value(json_object_get(row, "size"));
        json_int_t blocks = json_integer_value(json_object_get(row, "blocks"));
        const char *heap = json_string_value(json_object_get(row, "heap"));
        if (listed == MAX_NATIVE_LOOK_AT || share < NATIVE_SHARE || blocks < NATIVE_BLOCKS || !heap)
            continue;
        char name[128], evidence[512], by[256] = "", fix[384];
        json_array_foreach(stacks, k, stack)
            if (!by[0] && json_integer_value(json_object_get(stack, "size")) == size)
                allocating_frame(json_object_get(stack, "frames"), by, sizeof by);
        snprintf(name, sizeof name, "native blocks of %lld bytes (heap %s)", (long long)size, heap);
        snprintf(evidence, sizeof evidence, "%lld blocks, %lld bytes, %.1f %% of the heap's busy bytes%s%s",
                 (long long)blocks, (long long)json_integer_value(json_object_get(row, "total")), 100 * share,
                 by[0] ? "; allocated by " : "", by);
        snprintf(fix, sizeof fix, "!heap -flt s %llx lists the blocks; !heap -p -a on a few (with gflags /i APP +ust) "
                 "gives their allocating stack: the frame above the runtime's is the code that never frees them",
                 (long long)size);
        if (add_look_at(report, name, "!heap -stat -h", (double)blocks, evidence,
                        "one allocation size holding most of a native heap: one allocation site repeated, most "
                        "likely a call path that allocates and never frees (an object never disposed)",
                        fix) < 0)
            return;
        listed++;
    }
}

static void look_at_objects(json_t *snapshot, ll_report *report)
{
    json_t *objects = json_object_get(snapshot, LL_FIELD_OBJECTS), *object;
    size_t i, listed = 0;
    json_array_foreach(objects, i, object) {
        const char *type = json_string_value(json_object_get(object, LL_FIELD_OBJECT_TYPE));
        json_t *items = json_object_get(object, LL_FIELD_OBJECT_ITEMS);
        if (listed == MAX_LOOK_AT || !type || !json_is_integer(items) || json_integer_value(items) < LARGE_COUNT)
            continue;
        char evidence[128];
        snprintf(evidence, sizeof evidence, "one collection of %lld items (its count field, !dumpobj)",
                 (long long)json_integer_value(items));
        if (add_look_at(report, type, "!dumpobj", (double)json_integer_value(items), evidence,
                        "a collection that large is most often one that is only ever added to: a static list, an "
                        "event's invocation list or a cache without a bound",
                        "!gcroot on the object: the static or the object that holds it is the one to bound or to "
                        "clear; a second dump later shows whether the count grows") < 0)
            return;
        listed++;
    }
}

void ll_look_at_types(json_t *snapshot, ll_report *report)
{
    look_at_native(snapshot, report);
    look_at_objects(snapshot, report);
    json_t *rows = json_object_get(snapshot, LL_FIELD_DUMPHEAP), *row;
    double total = 0;
    size_t i, listed = 0;
    json_array_foreach(rows, i, row)
        total += json_number_value(json_object_get(row, LL_FIELD_DUMPHEAP_SIZE));
    /* Rows come most bytes first (as SOS prints them, and heap-shots) or
     * least first (SOS's default order): look at them largest first. */
    size_t n = json_array_size(rows);
    int ascending = n > 1 && json_number_value(json_object_get(json_array_get(rows, 0), LL_FIELD_DUMPHEAP_SIZE)) <
                                 json_number_value(json_object_get(json_array_get(rows, n - 1), LL_FIELD_DUMPHEAP_SIZE));
    for (size_t k = 0; k < n && listed < MAX_LOOK_AT; k++) {
        row = json_array_get(rows, ascending ? n - 1 - k : k);
        const char *type = json_string_value(json_object_get(row, LL_FIELD_DUMPHEAP_TYPE));
        double count = json_number_value(json_object_get(row, LL_FIELD_DUMPHEAP_COUNT));
        double bytes = json_number_value(json_object_get(row, LL_FIELD_DUMPHEAP_SIZE));
        if (!type)
            continue;
        if (handler_type(type) && count >= MANY_HANDLERS) {
            add(report, type, count, bytes, total,
                "that many handlers, listeners or dispatchers: event subscriptions never removed keep their "
                "subscribers alive",
                "!dumpheap -type TYPE for their method tables, !gcroot on one: the event that holds it is the one to "
                "unsubscribe from; a second dump later shows whether the count grows");
            listed++;
        } else if (!framework_type(type) && (bytes >= LARGE_SHARE * total || count >= LARGE_COUNT)) {
            add(report, type, count, bytes, total,
                "one of the application's own types, among the largest on the heap: whatever keeps them (a static "
                "collection, a cache without a bound) is the first thing to find",
                "!dumpheap -mt MT (from !dumpheap -type TYPE -stat) for a few addresses, !gcroot on one of them; a "
                "second dump later shows whether the count grows");
            listed++;
        }
    }
}
