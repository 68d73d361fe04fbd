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
 *     LARGE_COUNT items or more: a list or dictionary that only grows;
 *   - one type name under several MethodTables (too few for the heap
 *     evidence to call a leak, heap_evidence.h): the same type loaded
 *     from as many assemblies;
 *   - a collectible AssemblyLoadContext whose state is "unloading"
 *     (dumpalc): its Unload() was called and something still keeps it;
 *     a type a !dumpmt shows in collectible contexts (LoaderAllocators):
 *     contexts alive at the dump;
 *   - the native allocation sites (heaptrack, valgrind) that hold
 *     SITE_SHARE or more of the bytes still allocated at the end.
 * Each comes with its evidence (objects, bytes, share) and the command that
 * would confirm it. Names only point: they never change the verdict. */
#include "look_at.h"

#include "heap_evidence.h"
#include "leaklab/snapshot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LARGE_SHARE 0.05
#define LARGE_COUNT 100000
#define MANY_HANDLERS 100000
#define MAX_LOOK_AT 3
#define NATIVE_SHARE 0.30
#define NATIVE_BLOCKS 100
#define MAX_NATIVE_LOOK_AT 2
#define SITE_SHARE 0.10

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
    /* A count past a long's range is no count (a hostile !dumpobj's). */
    long loaded = count >= 0 && count < 9.2e18 ? (long)count : -1;
    return ll_result_add_suspect_text(report, LL_SUSPECT_LOOK_AT, name, origin, loaded, evidence, meaning, confirm)
               ? 0
               : -1;
}

static void add(ll_report *report, const char *type, double count, double bytes, double total, const char *meaning,
                const char *confirm)
{
    char evidence[256];
    snprintf(evidence, sizeof evidence, "%.0f objects, %.0f bytes, %.1f %% of the heap's objects' bytes", count, bytes,
             total > 0 ? 100 * bytes / total : NAN);
    add_look_at(report, type, "!dumpheap -stat", count, evidence, meaning, confirm);
}

/* The first frame of a stack above the OS and the runtime, cleaned of its
 * token and offset ("Module!Type.Method()$##6000056+0x1ef"), into OUT. */
struct frame_search {
    char *out;
    size_t len;
    char runtime[256]; /* the first frame above the allocator, when all are the OS's or the runtime's */
};

/* A frame of the heap's own allocator (what every allocation goes
 * through): ntdll's Rtl*Allocate*, HeapAlloc, malloc, operator new. */
static int allocator_frame(const char *frame)
{
    const char *symbol = strchr(frame, '!');
    symbol = symbol ? symbol + 1 : frame;
    return (starts_with(frame, "ntdll!") && strstr(symbol, "Alloc")) || strstr(symbol, "HeapAlloc") ||
           strstr(symbol, "malloc") || strstr(symbol, "calloc") || strstr(symbol, "realloc") ||
           strstr(symbol, "operator new");
}

/* FRAME's symbol, without the token and offset, into OUT. */
static void frame_symbol(const char *frame, int keep_module, char *out, size_t len)
{
    const char *symbol = strchr(frame, '!');
    snprintf(out, len, "%s", symbol && !keep_module ? symbol + 1 : frame);
    out[strcspn(out, "$+")] = '\0';
}

static int find_allocating_frame(const ll_value *item, void *ctx)
{
    static const char *const below[] = {"ntdll!", "KERNELBASE!", "kernel32!", "coreclr!", "clr!", "mscorwks!",
                                        "System_Private_CoreLib", "mscorlib", "ucrtbase!", "msvcrt!"};
    struct frame_search *f = ctx;
    const char *frame = ll_value_string(item);
    int low = !frame;
    for (size_t k = 0; !low && k < sizeof below / sizeof below[0]; k++)
        low = starts_with(frame, below[k]);
    if (low && frame && !f->runtime[0] && !allocator_frame(frame) && frame[0] != '+')
        frame_symbol(frame, 1, f->runtime, sizeof f->runtime);
    if (low)
        return 0;
    frame_symbol(frame, 0, f->out, f->len);
    return 1;
}

/* The allocating frame of the first stack of blocks of SIZE bytes. */
struct stack_search {
    double size;
    struct frame_search frame;
};

static int find_stack(const ll_value *stack, void *ctx)
{
    struct stack_search *s = ctx;
    ll_value size = ll_value_member(stack, "size"), frames = ll_value_member(stack, "frames");
    if (size.kind != LL_VALUE_INTEGER || (double)size.integer != s->size)
        return 0;
    return ll_value_each_item(&frames, find_allocating_frame, &s->frame);
}

struct native_look {
    ll_report *report;
    ll_value stacks;
    size_t listed;
};

static double member_number(const ll_value *object, const char *key)
{
    ll_value v = ll_value_member(object, key);
    return ll_value_number(&v);
}

static int look_at_heap_size(const ll_value *row, void *ctx)
{
    struct native_look *n = ctx;
    double share = member_number(row, "share"), size = member_number(row, "size");
    double blocks = member_number(row, "blocks"), total = member_number(row, "total");
    ll_value heap_value = ll_value_member(row, "heap");
    const char *heap = ll_value_string(&heap_value);
    if (n->listed == MAX_NATIVE_LOOK_AT || !(share >= NATIVE_SHARE) || !(blocks >= NATIVE_BLOCKS) || !heap ||
        !isfinite(size))
        return 0;
    char name[128], evidence[600], by[256] = "", fix[384];
    struct stack_search search = {size, {by, sizeof by, ""}};
    int stacked = ll_value_each_item(&n->stacks, find_stack, &search) > 0;
    /* A stack that never leaves the OS and the runtime: the culprit is a
     * runtime component, named by its first frame above the allocator. */
    int inside_runtime = !by[0] && search.frame.runtime[0];
    if (inside_runtime)
        snprintf(by, sizeof by, "%s (a runtime component: every frame is the OS's or the runtime's)",
                 search.frame.runtime);
    snprintf(name, sizeof name, "native blocks of %.0f bytes (heap %s)", size, heap);
    snprintf(evidence, sizeof evidence, "%.0f blocks, %.0f bytes, %.1f %% of the heap's busy bytes%s%s", blocks,
             isfinite(total) ? total : 0, 100 * share, by[0] ? "; allocated by " : "", by);
    if (stacked || inside_runtime)
        snprintf(fix, sizeof fix, "the allocating stack above names the code: release what it allocates (dispose "
                 "the object that holds them); a second dump later shows whether the blocks keep growing");
    else
        snprintf(fix, sizeof fix, "!heap -flt s %llx lists the blocks; !heap -p -a on a few (with gflags /i APP +ust) "
                 "gives their allocating stack: the frame above the runtime's is the code that never frees them",
                 (long long)size);
    if (add_look_at(n->report, name, "!heap -stat -h", blocks, evidence,
                    "one allocation size holding most of a native heap: one allocation site repeated, most "
                    "likely a call path that allocates and never frees (an object never disposed)",
                    fix) < 0)
        return 1;
    n->listed++;
    return 0;
}

static void look_at_native(const ll_record *snapshot, ll_report *report)
{
    struct native_look n = {report, ll_record_value(snapshot, LL_FIELD_ALLOCATION_STACKS), 0};
    ll_value sizes = ll_record_value(snapshot, LL_FIELD_HEAP_SIZES);
    ll_value_each_item(&sizes, look_at_heap_size, &n);
}

/* An AssemblyLoadContext (dumpalc) whose Unload() was called, still in
 * the dump: 0 when listed, 1 when OBJECT is not one. */
static int look_at_unloading_context(ll_report *report, const ll_value *object, const char *type)
{
    ll_value state = ll_value_member(object, LL_FIELD_OBJECT_CONTEXT_STATE),
             made = ll_value_member(object, LL_FIELD_OBJECT_CONTEXTS_MADE);
    const char *s = ll_value_string(&state);
    if (!s || strcmp(s, "unloading") != 0)
        return 1;
    char evidence[200] = "a collectible context whose Unload() was called, still in the dump";
    if (made.kind == LL_VALUE_INTEGER)
        snprintf(evidence, sizeof evidence, "a collectible context whose Unload() was called, still in the dump; "
                 "the process made %lld contexts", (long long)made.integer);
    add_look_at(report, type, "dumpalc", 1, evidence,
                "an unloaded context is freed once nothing outside it references its objects, types or delegates: "
                "one still there after its finalizers ran is kept (a static, an event handler, a cache of the "
                "default context)",
                "!gcroot on the object given to dumpalc names what keeps the context; dumpheap -type "
                "LoaderAllocator -stat in a second dump shows whether kept contexts accumulate");
    return 0;
}

/* A type !dumpmt showed in collectible contexts, too few of them for the
 * heap evidence to call a leak. */
static void look_at_collectible_type(const ll_record *snapshot, ll_report *report)
{
    char *type;
    long contexts = ll__collectible_types_count(snapshot, &type);
    if (contexts > 0 && contexts < LL_MANY_METHOD_TABLES) {
        char evidence[160];
        snprintf(evidence, sizeof evidence, "loaded in %ld collectible context%s (its LoaderAllocator rows)", contexts,
                 contexts == 1 ? "" : "s");
        add_look_at(report, type, "!dumpmt", (double)contexts, evidence,
                    "each LoaderAllocator is a collectible context alive at the dump: if the code unloaded them, "
                    "something keeps them",
                    "dumpheap -type LoaderAllocator -stat now and in a second dump: a count that keeps rising is "
                    "contexts unloaded but alive; !gcroot on one names what keeps it");
    }
    free(type);
}

struct object_look {
    ll_report *report;
    size_t listed;
};

static int look_at_object(const ll_value *object, void *ctx)
{
    struct object_look *o = ctx;
    ll_value type_value = ll_value_member(object, LL_FIELD_OBJECT_TYPE);
    ll_value items = ll_value_member(object, LL_FIELD_OBJECT_ITEMS);
    const char *type = ll_value_string(&type_value);
    if (o->listed < MAX_LOOK_AT && type && look_at_unloading_context(o->report, object, type) == 0)
        o->listed++;
    if (o->listed == MAX_LOOK_AT || !type || items.kind != LL_VALUE_INTEGER || items.integer < LARGE_COUNT)
        return 0;
    char evidence[128];
    snprintf(evidence, sizeof evidence, "one collection of %lld items (its count field, !dumpobj)",
             (long long)items.integer);
    if (add_look_at(o->report, type, "!dumpobj", (double)items.integer, evidence,
                    "a collection that large is most often one that is only ever added to: a static list, an "
                    "event's invocation list or a cache without a bound",
                    "!gcroot on the object: the static or the object that holds it is the one to bound or to "
                    "clear; a second dump later shows whether the count grows") < 0)
        return 1;
    o->listed++;
    return 0;
}

static void look_at_objects(const ll_record *snapshot, ll_report *report)
{
    struct object_look o = {report, 0};
    ll_value objects = ll_record_value(snapshot, LL_FIELD_OBJECTS);
    ll_value_each_item(&objects, look_at_object, &o);
}

/* A !dumpheap -stat row, as the look reads it. */
struct heap_row {
    const char *type;
    double count, bytes;
};

struct heap_rows {
    struct heap_row *rows;
    size_t count;
    double total;
};

static int add_heap_row(const ll_value *row, void *ctx)
{
    struct heap_rows *h = ctx;
    ll_value type = ll_value_member(row, LL_FIELD_DUMPHEAP_TYPE);
    /* A figure a row lacks counts as none. */
    double count = member_number(row, LL_FIELD_DUMPHEAP_COUNT), bytes = member_number(row, LL_FIELD_DUMPHEAP_SIZE);
    struct heap_row r = {ll_value_string(&type), isfinite(count) ? count : 0, isfinite(bytes) ? bytes : 0};
    h->total += r.bytes;
    h->rows[h->count++] = r;
    return 0;
}

static void look_at_row(ll_report *report, const struct heap_row *row, double total, size_t *listed)
{
    if (!row->type)
        return;
    if (handler_type(row->type) && row->count >= MANY_HANDLERS) {
        add(report, row->type, row->count, row->bytes, total,
            "that many handlers, listeners or dispatchers: event subscriptions never removed keep their "
            "subscribers alive",
            "!dumpheap -type TYPE for their method tables, !gcroot on one: the event that holds it is the one to "
            "unsubscribe from; a second dump later shows whether the count grows");
        (*listed)++;
    } else if (!framework_type(row->type) && (row->bytes >= LARGE_SHARE * total || row->count >= LARGE_COUNT)) {
        add(report, row->type, row->count, row->bytes, total,
            "one of the application's own types, among the largest on the heap: whatever keeps them (a static "
            "collection, a cache without a bound) is the first thing to find",
            "!dumpheap -mt MT (from !dumpheap -type TYPE -stat) for a few addresses, !gcroot on one of them; a "
            "second dump later shows whether the count grows");
        (*listed)++;
    }
}

static void look_at_repeated_type(ll_report *report)
{
    const ll_heap_evidence *h = &report->composition.heap;
    if (!h->repeated_type || h->points_at_assemblies)
        return;
    char evidence[256];
    const char *bound = h->listing_cut ? "at least " : "";
    snprintf(evidence, sizeof evidence, "listed under %s%ld MethodTables (the listing %s)", bound,
             h->repeated_type_tables, h->listing_cut ? "was cut: a lower bound" : "is whole");
    add_look_at(report, h->repeated_type, "!dumpheap -stat", (double)h->repeated_type_tables, evidence,
                "the same type loaded from as many assemblies: generated ones (XmlSerializer, CodeDom, "
                "Reflection.Emit) or one assembly loaded again and again",
                "!dumpdomain for the assemblies, grouped by name; a second dump later shows whether the number of "
                "MethodTables grows (then it is an assembly leak)");
}

struct site_look {
    ll_report *report;
    double total;
    size_t listed;
    int grown; /* UMDH's comparison: bytes grown between two logs, not held at the end */
};

static int add_site_bytes(const ll_value *row, void *ctx)
{
    struct site_look *s = ctx;
    double bytes = member_number(row, LL_FIELD_SITE_BYTES);
    s->total += isfinite(bytes) ? bytes : 0;
    return 0;
}

struct caller_list {
    char text[512];
    size_t len;
};

static int add_caller(const ll_value *caller, void *ctx)
{
    struct caller_list *c = ctx;
    if (caller->kind == LL_VALUE_STRING)
        c->len += (size_t)snprintf(c->text + c->len, c->len < sizeof c->text ? sizeof c->text - c->len : 0, "%s%s",
                                   c->len ? " < " : "", caller->string);
    return c->len >= sizeof c->text;
}

static int look_at_site(const ll_value *row, void *ctx)
{
    struct site_look *s = ctx;
    double bytes = member_number(row, LL_FIELD_SITE_BYTES);
    ll_value site = ll_value_member(row, LL_FIELD_SITE_NAME), stack = ll_value_member(row, LL_FIELD_SITE_STACK);
    if (s->listed == MAX_LOOK_AT || site.kind != LL_VALUE_STRING || !(bytes >= SITE_SHARE * s->total) ||
        !(s->total > 0))
        return s->listed == MAX_LOOK_AT;
    struct caller_list callers = {"", 0};
    ll_value_each_item(&stack, add_caller, &callers);
    char evidence[700];
    snprintf(evidence, sizeof evidence, "%.0f bytes %s, %.1f %% of them%s%s", bytes,
             s->grown ? "more in the second log than in the first" : "still allocated at the end",
             100 * bytes / s->total, callers.len ? "; called from " : "", callers.text);
    if (s->grown)
        add_look_at(s->report, site.string, "native allocation sites", bytes, evidence,
                    "the function whose allocations not freed grew the most between the two logs: what it allocates "
                    "is kept (a cache, a list) or never released",
                    "a third log after more work (umdh -d LOG2 LOG3) shows whether it keeps growing");
    else
        add_look_at(s->report, site.string, "native allocation sites", bytes, evidence,
                    "the function that allocated the most of what was never freed: what it allocates is kept (a "
                    "cache, a list) or never released",
                    "a second profile after more work (leaklab native-sites, or two heaptrack runs imported "
                    "together) shows whether it grows per call");
    s->listed++;
    return 0;
}

/* A single profile's native sites: the largest are what to look at. */
static void look_at_sites(const ll_record *snapshot, ll_report *report)
{
    ll_value rows = ll_record_value(snapshot, LL_FIELD_NATIVE_SITES);
    const char *measure = ll_record_string(snapshot, LL_FIELD_NATIVE_SITES_MEASURE);
    struct site_look s = {report, 0, 0, measure && strcmp(measure, "grown") == 0};
    ll_value_each_item(&rows, add_site_bytes, &s);
    ll_value_each_item(&rows, look_at_site, &s);
}

void ll__look_at_types(const ll_record *snapshot, ll_report *report)
{
    look_at_repeated_type(report);
    look_at_sites(snapshot, report);
    look_at_native(snapshot, report);
    look_at_objects(snapshot, report);
    look_at_collectible_type(snapshot, report);
    ll_value rows = ll_record_value(snapshot, LL_FIELD_DUMPHEAP);
    size_t n = ll_value_count(&rows), listed = 0;
    struct heap_rows h = {n ? calloc(n, sizeof *h.rows) : NULL, 0, 0};
    if (!h.rows)
        return;
    ll_value_each_item(&rows, add_heap_row, &h);
    /* Rows come most bytes first (as SOS prints them, and heap-shots) or
     * least first (SOS's default order): look at them largest first. */
    int ascending = n > 1 && h.rows[0].bytes < h.rows[n - 1].bytes;
    for (size_t k = 0; k < n && listed < MAX_LOOK_AT; k++)
        look_at_row(report, &h.rows[ascending ? n - 1 - k : k], h.total, &listed);
    free(h.rows);
}
