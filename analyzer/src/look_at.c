/* "Inconclusive" with something to look at. One dump cannot prove growth,
 * but an expert reading its !dumpheap -stat still says where to look:
 *   - the application's own types that hold the most of the heap (a type
 *     outside the framework's namespaces with at least LARGE_SHARE of the
 *     heap's bytes, or LARGE_COUNT objects): whatever keeps them is the
 *     first thing to find;
 *   - hundreds of thousands of handlers, listeners or dispatchers
 *     (MANY_HANDLERS or more): event subscriptions never removed keep
 *     their subscribers, the classic managed leak.
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

static void add(ll_report *report, const char *type, double count, double bytes, double total, const char *meaning,
                const char *confirm)
{
    ll_suspect *s = ll_report_add_suspect(report);
    if (!s)
        return;
    char evidence[256];
    snprintf(evidence, sizeof evidence, "%.0f objects, %.0f bytes, %.1f %% of the heap's objects' bytes", count, bytes,
             total > 0 ? 100 * bytes / total : NAN);
    s->source = LL_SUSPECT_LOOK_AT;
    s->name_pattern = strdup(type);
    s->origin = strdup("!dumpheap -stat");
    s->version = strdup("-");
    s->loaded = (long)count;
    s->signature = strdup(evidence);
    s->generator = strdup(meaning);
    s->fix = strdup(confirm);
}

void ll_look_at_types(json_t *snapshot, ll_report *report)
{
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
