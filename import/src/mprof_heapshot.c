/* mprof-report's heap shots. A Mono user runs the service under `mono
 * --profile=log:heapshot` (a heap shot at every major collection) and reads
 * the log with `mprof-report --reports=heapshot` (Debian's mono-utils),
 * which prints, after "Heap shot summary":
 *
 *   Heap shot N at T secs: size: B, object count: C, class count: K, roots: R
 *        Bytes      Count  Average Class name
 *        85760         16     5360 System.Byte[] (bytes: +85760, count: +16)
 *           16 references from: System.Byte[][]         (--traces)
 *
 * Each heap shot is one snapshot: the GC heap's size B and one "dumpheap"
 * row per class. With --traces, each class's referrers ("N references
 * from: TYPE") and root references make, for each class, a type-level
 * path: from the class up its commonest referrer, and that
 * one's, until a class GC roots hold, a class already on the path, or
 * MAX_DEPTH (the snapshot's "retainers", which the analyzer reads as a
 * run's: "kept by" for a user's own Mono service). The "(bytes: +N, count: +N)" tail is the change since the
 * previous shot, never part of a class name. Without --verbose only the 30
 * largest classes of a shot are listed: the import says so. A row whose
 * average is not its bytes over its count is not a row of this table and
 * is refused with a warning.
 *
 * The first shot a file holds, when its rows carry their changes (a
 * single shot pasted from the middle of a report), also gives the shot
 * before it: each listed class's figures less its change, one more point
 * ("derived_from_changes"). A report of the log profiler without any heap
 * shot (a calls-only profile) is refused with the options that record one. */
#include "import_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A class of a heap shot with its referrers (--traces). */
struct traced_class {
    char *name;
    long long count, bytes, roots;
    json_t *referrers; /* {TYPE: N} */
};

#define MAX_TRACED 4096
#define MAX_DEPTH 8

struct heap_shot {
    json_t *snapshot, *rows;
    json_t *before_rows;   /* each class less its change, when its rows carry one */
    long long number;
    long long size, objects, classes, listed_bytes;
    size_t line;
    struct traced_class *traced; /* MAX_TRACED, in the table's order (most bytes first) */
    size_t traced_count;
};

/* The largest figure a series holds exactly (a double's 2^53). */
#define MAX_FIGURE 9007199254740992.0

/* "Heap shot N at T secs: size: B, object count: C, class count: K[, roots: R]":
 * 0; -1 if LINE is no such header; -2 if it is one whose figures are out
 * of range (a time that is not a finite number of seconds from 0, a count
 * past 2^53). */
static int shot_header(const char *line, struct heap_shot *s, long long *number, double *secs)
{
    int end = 0;
    if (sscanf(line, "Heap shot %lld at %lf secs: size: %lld, object count: %lld, class count: %lld%n", number,
               secs, &s->size, &s->objects, &s->classes, &end) != 5 || !end)
        return -1;
    long long roots;
    int roots_end = 0;
    const char *rest = line + end;
    if (*rest && !(sscanf(rest, ", roots: %lld%n", &roots, &roots_end) == 1 && rest[roots_end] == '\0'))
        return -1;
    if (*number < 0 || !isfinite(*secs) || *secs < 0 || *secs > 1e9 || s->size < 0 || s->objects < 0 ||
        s->classes < 0 || (double)s->size > MAX_FIGURE || (double)s->objects > MAX_FIGURE)
        return -2;
    return 0;
}

/* A class row's change since the previous shot, when it has one. */
struct change {
    int present;
    long long bytes, count;
};

/* The change tail of a class name, " (bytes: +N, count: +N)", cut off
 * NAME into CHANGE. */
static void strip_change(char *name, struct change *change)
{
    char *tail = strstr(name, " (bytes: ");
    int end = 0;
    *change = (struct change){0};
    if (!tail || sscanf(tail, " (bytes: %lld, count: %lld)%n", &change->bytes, &change->count, &end) != 2 ||
        tail[end] != '\0')
        return;
    change->present = 1;
    *tail = '\0';
}

/* "     85760         16     5360 System.Byte[]..." into its figures,
 * class name and change; -1 if LINE is no such row, -2 if its figures
 * disagree. */
static int class_row(char *line, long long *bytes, long long *count, char **name, struct change *change)
{
    long long average;
    int end = 0;
    if (sscanf(line, "%lld %lld %lld %n", bytes, count, &average, &end) != 3 || !end || !line[end])
        return -1;
    *name = line + end;
    strip_change(*name, change);
    if (*bytes < 0 || *count <= 0 || average != *bytes / *count || (double)*bytes > MAX_FIGURE)
        return -2;
    return 0;
}

/* The row of NAME in the shot before, from its CHANGE: none when the class
 * had no object then. */
static void add_before_row(struct heap_shot *s, const char *name, long long bytes, long long count,
                           const struct change *change)
{
    long long before_count = count - change->count, before_bytes = bytes - change->bytes;
    if (!s->before_rows || before_count <= 0 || before_bytes < 0)
        return;
    json_array_append_new(s->before_rows, ll_record_type_row(name, before_count, before_bytes));
}

/* "N references from: TYPE" or "N root references (M pinning)" (--traces),
 * added to the last class of S; 0 if LINE is one. */
static int reference_line(const char *line, struct heap_shot *s)
{
    long long n, m;
    int end = 0;
    struct traced_class *c = s->traced_count ? &s->traced[s->traced_count - 1] : NULL;
    if (sscanf(line, "%lld references from: %n", &n, &end) == 1 && end && line[end]) {
        if (c && n > 0)
            json_object_set_new(c->referrers, line + end, json_integer(n));
        return 0;
    }
    if (sscanf(line, "%lld root references (%lld pinning)", &n, &m) == 2) {
        if (c && n > 0)
            c->roots += n;
        return 0;
    }
    return -1;
}

static void trace_class(struct heap_shot *s, const char *name, long long count, long long bytes)
{
    if (!s->traced || s->traced_count == MAX_TRACED)
        return;
    s->traced[s->traced_count++] = (struct traced_class){strdup(name), count, bytes, 0, json_object()};
}

static struct traced_class *traced_named(struct heap_shot *s, const char *name)
{
    for (size_t i = 0; i < s->traced_count; i++)
        if (s->traced[i].name && strcmp(s->traced[i].name, name) == 0)
            return &s->traced[i];
    return NULL;
}

/* C's commonest referrer not already on the path (CHAIN, N long), or NULL. */
static const char *top_referrer(const struct traced_class *c, const char *const *chain, size_t n, long long *refs)
{
    const char *best = NULL, *key;
    json_t *value;
    *refs = 0;
    json_object_foreach(c->referrers, key, value) {
        int on_path = 0;
        for (size_t k = 0; k < n; k++)
            on_path |= strcmp(chain[k], key) == 0;
        if (!on_path && json_integer_value(value) > *refs)
            best = key, *refs = json_integer_value(value);
    }
    return best;
}

/* The type-level path of class C: from it up its commonest referrers. */
static json_t *type_path(struct heap_shot *s, const struct traced_class *c)
{
    const char *chain[MAX_DEPTH];
    size_t n = 0;
    chain[n++] = c->name;
    const struct traced_class *at = c;
    long long first_refs = -1;
    while (n < MAX_DEPTH) {
        long long refs;
        const char *up = top_referrer(at, chain, n, &refs);
        if (first_refs < 0)
            first_refs = up ? refs : at->roots;
        if (!up || at->roots >= refs)
            break;
        chain[n++] = up;
        if (!(at = traced_named(s, up)))
            break;
    }
    json_t *links = json_array();
    for (size_t k = n; k-- > 0;)
        json_array_append_new(links, json_pack("{so sn}", LL_FIELD_CHAIN_TYPE, ll_json_text(chain[k]),
                                               LL_FIELD_CHAIN_FIELD));
    const char *root = at && at->roots > 0 ? "GC roots of the class (the profiler does not say which)"
                                           : "a class the heap shot does not list, or a cycle";
    return json_pack("{ss ss so sI sI}", LL_FIELD_PATH_ROOT, root, LL_FIELD_PATH_ROOT_KIND, "type-level",
                     LL_FIELD_PATH_CHAIN, links, LL_FIELD_PATH_COUNT, (json_int_t)(first_refs > 0 ? first_refs : 0),
                     LL_FIELD_PATH_BYTES, (json_int_t)0);
}

/* The shot's "retainers": a type-level path for each class listed with a
 * referrer or a root. */
static json_t *type_level_retainers(struct heap_shot *s)
{
    json_t *types = json_array();
    for (size_t i = 0; i < s->traced_count; i++) {
        const struct traced_class *c = &s->traced[i];
        if (!c->name || (!json_object_size(c->referrers) && !c->roots))
            continue;
        json_t *paths = json_array();
        json_array_append_new(paths, type_path(s, c));
        json_array_append_new(types, json_pack("{so sI sI so s{sIsI} s{sIsI}}", LL_FIELD_RETAINED_TYPE,
                                               ll_json_text(c->name), LL_FIELD_PATH_COUNT, (json_int_t)c->count,
                                               LL_FIELD_PATH_BYTES, (json_int_t)c->bytes, LL_FIELD_PATHS, paths,
                                               LL_FIELD_PATHS_OTHER, LL_FIELD_PATH_COUNT, (json_int_t)0,
                                               LL_FIELD_PATH_BYTES, (json_int_t)0, LL_FIELD_PATHS_UNREACHABLE,
                                               LL_FIELD_PATH_COUNT, (json_int_t)0, LL_FIELD_PATH_BYTES,
                                               (json_int_t)0));
    }
    if (json_array_size(types) == 0) {
        json_decref(types);
        return NULL;
    }
    return json_pack("{so}", LL_FIELD_RETAINED_TYPES, types);
}

static void free_traced(struct heap_shot *s)
{
    for (size_t i = 0; i < s->traced_count; i++) {
        free(s->traced[i].name);
        json_decref(s->traced[i].referrers);
    }
    free(s->traced);
    s->traced = NULL;
    s->traced_count = 0;
}

/* The shot before S, from its rows' changes: the file's first shot only
 * (the next ones' previous shot is in the file). */
static void add_shot_before(ll_import *im, const char *name, struct heap_shot *s)
{
    json_t *rows = s->before_rows;
    s->before_rows = NULL;
    if (!json_array_size(rows) || s->number < 1) {
        json_decref(rows);
        return;
    }
    ll__import_warn(im, name, s->line, "heap shot %lld lists its changes since the shot before: that shot's figures "
                   "for its %zu classes are read from them (one more point, derived_from_changes)", s->number,
                   json_array_size(rows));
    ll__import_add_snapshot(im, json_pack("{sI sb so}", "heap_shot", (json_int_t)(s->number - 1),
                                          "derived_from_changes", 1, LL_FIELD_DUMPHEAP, rows));
}

static void keep_shot(ll_import *im, const char *name, struct heap_shot *s, int *partial_warned)
{
    if (!s->snapshot) {
        json_decref(s->rows);
        json_decref(s->before_rows);
        free_traced(s);
        *s = (struct heap_shot){0};
        return;
    }
    add_shot_before(im, name, s);
    json_t *retainers = type_level_retainers(s);
    if (retainers)
        json_object_set_new(s->snapshot, LL_FIELD_RETAINERS, retainers);
    free_traced(s);
    size_t listed = json_array_size(s->rows);
    if ((long long)listed < s->classes && !(*partial_warned)++)
        ll__import_warn(im, name, s->line, "heap shot lists %zu of its %lld classes (mprof-report shows the 30 "
                       "largest without --verbose): a type below them reads as none; `mprof-report --verbose "
                       "--reports=heapshot` lists every class", listed, s->classes);
    if ((long long)listed == s->classes && s->listed_bytes != s->size)
        ll__import_warn(im, name, s->line, "heap shot: its classes add up to %lld bytes, not its size %lld",
                       s->listed_bytes, s->size);
    json_object_set_new(s->snapshot, LL_FIELD_DUMPHEAP, s->rows);
    ll__import_add_snapshot(im, s->snapshot);
    *s = (struct heap_shot){0};
}

static void start_shot(struct heap_shot *s, long long number, double secs, size_t line, int first)
{
    s->snapshot = json_pack("{sI sf s{sI}}", "heap_shot", (json_int_t)number, LL_FIELD_ELAPSED_MS, secs * 1000.0,
                            LL_FIELD_GC, LL_FIELD_GC_USED_SIZE, (json_int_t)s->size);
    s->rows = json_array();
    s->before_rows = first ? json_array() : NULL;
    s->number = number;
    s->line = line;
    s->traced = calloc(MAX_TRACED, sizeof *s->traced);
}

/* Why a report gave nothing: a profile without heap shots (its arguments
 * said), or no heap shot table at all. */
static void no_heap_shot(const char *name, const ll_lines *lines, ll_error *err)
{
    char buf[4096], arguments[512] = "";
    for (size_t i = 0; i < lines->count && !arguments[0]; i++) {
        char *text = ll__trim(ll__line_copy(lines, i, buf, sizeof buf));
        if (ll__starts_with(text, "Arguments: "))
            snprintf(arguments, sizeof arguments, "%s", text + 11);
    }
    if (arguments[0] && !strstr(arguments, "heapshot"))
        ll_error_set_code(err, LL_ERROR_FORMAT, "%s: a Mono log profiler report without heap shots (the profile's "
                          "arguments: %s): run the program under mono --profile=log:heapshot (a heap shot at every "
                          "major collection) and print the log with mprof-report --reports=heapshot", name, arguments);
    else
        ll_error_set_code(err, LL_ERROR_FORMAT, "%s: no heap shot (\"Heap shot N at T secs: ...\"): print the log with "
                          "mprof-report --reports=heapshot, from a run under mono --profile=log:heapshot", name);
}

int ll__import_mprof_heapshots(ll_import *im, const char *name, const ll_lines *lines, ll_error *err)
{
    char buf[4096];
    struct heap_shot shot = {0};
    int partial_warned = 0;
    size_t before = im->snapshots;
    for (size_t i = 0; i < lines->count; i++) {
        char *line = ll__line_copy(lines, i, buf, sizeof buf), *text = ll__trim(line);
        long long number, bytes, count;
        double secs;
        char *type;
        struct heap_shot next = {0};
        int header = shot_header(text, &next, &number, &secs);
        if (header == -2) {
            keep_shot(im, name, &shot, &partial_warned);
            ll__import_warn(im, name, i + 1, "a heap shot whose time or figures are out of range (a finite time "
                                             "from 0 s, sizes and counts up to 2^53): skipped");
            continue;
        }
        if (header == 0) {
            keep_shot(im, name, &shot, &partial_warned);
            shot = next;
            start_shot(&shot, number, secs, i + 1, im->snapshots == before);
            continue;
        }
        if (!shot.snapshot || !*text || (ll__starts_with(text, "Bytes") && strstr(text, "Class name")) ||
            reference_line(text, &shot) == 0)
            continue;
        if (line[0] != ' ' && line[0] != '\t') { /* the next report: the heap shots are over */
            keep_shot(im, name, &shot, &partial_warned);
            continue;
        }
        struct change change;
        int rc = class_row(text, &bytes, &count, &type, &change);
        if (rc == 0 && change.present)
            add_before_row(&shot, type, bytes, count, &change);
        if (rc == 0) {
            json_array_append_new(shot.rows, ll_record_type_row(type, count, bytes));
            trace_class(&shot, type, count, bytes);
            shot.listed_bytes = ll__add_saturating(shot.listed_bytes, bytes);
        } else {
            ll__import_warn(im, name, i + 1, rc == -2 ? "a class row whose average is not its bytes over its count, "
                                                       "or past 2^53: not mprof-report's table; skipped"
                                                     : "not a class row of a heap shot; skipped");
        }
    }
    keep_shot(im, name, &shot, &partial_warned);
    if (im->snapshots == before) {
        no_heap_shot(name, lines, err);
        return -1;
    }
    return 0;
}
