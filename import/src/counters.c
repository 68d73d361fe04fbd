/* dotnet-counters output: `collect` as CSV or JSON, and the text `monitor`
 * prints. Every timestamp (or monitor refresh) is one snapshot; the
 * counters leaklab reasons about are mapped to snapshot fields, the others
 * kept under "runtime". Two generations of names: the EventCounters'
 * ("Working Set (MB)", in MB of 10^6 bytes) and, on .NET 9 and later, the
 * runtime's Meter ("dotnet.process.memory.working_set (By)", in bytes, a
 * figure per GC generation tagged "[gc.heap.generation=gen0]", which add
 * up to the heap). */
#define _XOPEN_SOURCE 700
#include "import_internal.h"
#include "leaklab/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

/* Adds VALUE to the figure OBJECT.KEY of SNAP (the GC generations of a
 * Meter's heap size add up). */
static void add_to_figure(json_t *snap, const char *object, const char *key, double value)
{
    json_t *figure = json_object_get(json_object_get(snap, object), key);
    double sum = (figure ? json_number_value(figure) : 0) + value;
    ll_record_set_figure(snap, object, key, json_integer((json_int_t)llround(sum)));
}

/* The runtime's Meter names (.NET 9 and later), in bytes: 1 when NAME is
 * one leaklab reasons about, added to SNAP. */
static int add_meter(json_t *snap, const char *name, double value)
{
    if (ll__starts_with(name, "dotnet.process.memory.working_set"))
        json_object_set_new(snap, LL_FIELD_MEMORY, json_pack("{s{sI}}", LL_FIELD_MEMORY_TOTAL, LL_FIELD_REGION_RSS,
                                                            (json_int_t)llround(value)));
    else if (ll__starts_with(name, "dotnet.gc.last_collection.heap.size"))
        add_to_figure(snap, LL_FIELD_GC, LL_FIELD_GC_USED_SIZE, value);
    else if (ll__starts_with(name, "dotnet.gc.last_collection.memory.committed_size"))
        ll_record_set_figure(snap, LL_FIELD_GC, LL_FIELD_GC_HEAP_SIZE, json_integer((json_int_t)llround(value)));
    else if (ll__starts_with(name, "dotnet.assembly.count"))
        ll_record_set_figure(snap, LL_FIELD_ASSEMBLIES, LL_FIELD_LOADED, json_integer((json_int_t)value));
    else
        return 0;
    return 1;
}

/* Adds counter NAME = VALUE to the snapshot SNAP. Returns -1 (nothing
 * added) for a value no counter can have: not finite, or beyond 10^12. */
static int add_counter(json_t *snap, const char *name, double value)
{
    double mb = 1e6;
    if (!isfinite(value) || value < 0 || value > 1e12) /* what analyze accepts */
        return -1;
    if (add_meter(snap, name, value))
        return 0;
    if (ll__contains(name, "Working Set"))
        json_object_set_new(snap, LL_FIELD_MEMORY, json_pack("{s{sI}}", LL_FIELD_MEMORY_TOTAL, LL_FIELD_REGION_RSS,
                                                            (json_int_t)llround(value * mb)));
    else if (ll__contains(name, "GC Heap Size"))
        ll_record_set_figure(snap, LL_FIELD_GC, LL_FIELD_GC_USED_SIZE, json_integer((json_int_t)llround(value * mb)));
    else if (ll__contains(name, "GC Committed Bytes"))
        ll_record_set_figure(snap, LL_FIELD_GC, LL_FIELD_GC_HEAP_SIZE, json_integer((json_int_t)llround(value * mb)));
    else if (ll__contains(name, "Assemblies Loaded"))
        ll_record_set_figure(snap, LL_FIELD_ASSEMBLIES, LL_FIELD_LOADED, json_integer((json_int_t)value));
    else
        ll_record_set_figure(snap, LL_FIELD_RUNTIME, name, json_real(value));
    return 0;
}

/* Milliseconds since the epoch for the timestamp notations dotnet-counters
 * writes (its machine's locale), or -1. */
static double parse_timestamp(const char *text)
{
    static const char *const formats[] = {"%d.%m.%Y %H:%M:%S", "%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %H:%M:%S",
                                          "%m/%d/%Y %I:%M:%S %p", "%d/%m/%Y %H:%M:%S"};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        const char *end = strptime(text, formats[i], &tm);
        if (end && (*end == '\0' || *end == 'Z'))
            return (double)timegm(&tm) * 1000.0;
    }
    return -1;
}

/* Starts the snapshot of a new timestamp. */
static json_t *new_sample(ll_import *im, const char *name, size_t line, const char *timestamp, int *warned)
{
    json_t *snap = json_object();
    double ms = timestamp ? parse_timestamp(timestamp) : -1;
    if (ms >= 0)
        json_object_set_new(snap, "time_unix_ms", json_real(ms));
    else if (timestamp && !(*warned)++)
        ll__import_warn(im, name, line, "timestamp \"%s\" is in no known format; samples are ordered as written",
                       timestamp);
    if (timestamp)
        json_object_set_new(snap, "timestamp", json_string(timestamp));
    return snap;
}

/* A sample becomes a snapshot only if one of its values could be read:
 * those that could not were warned about, and an empty snapshot would be a
 * point of no series. */
static void keep_sample(ll_import *im, json_t *snap)
{
    if (json_object_get(snap, LL_FIELD_MEMORY) || json_object_get(snap, LL_FIELD_GC) || json_object_get(snap, LL_FIELD_ASSEMBLIES) ||
        json_object_get(snap, LL_FIELD_RUNTIME))
        ll__import_add_snapshot(im, snap);
    else
        json_decref(snap);
}

static int finish(const char *name, size_t imported, ll_error *err)
{
    if (imported == 0) {
        ll_error_set(err, "%s: no counter values could be read", name);
        return -1;
    }
    return 0;
}

/* The index of column NAME in the CSV header fields, or -1. */
static int column(char **fields, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(ll__trim(fields[i]), name) == 0)
            return i;
    return -1;
}

static int split_csv(char *line, char **fields, int max)
{
    int n = 0;
    for (char *p = line; n < max; n++) {
        fields[n] = p;
        char *comma = strchr(p, ',');
        if (!comma)
            return n + 1;
        *comma = '\0';
        p = comma + 1;
    }
    return n;
}

int ll__import_counters_csv(ll_import *im, const char *name, const ll_lines *lines, ll_error *err)
{
    char buf[4096], *fields[16], last_time[128] = "";
    int n = lines->count ? split_csv(ll__line_copy(lines, 0, buf, sizeof buf), fields, 16) : 0;
    int t = column(fields, n, "Timestamp"), c = column(fields, n, "Counter Name");
    int v = column(fields, n, "Mean/Increment");
    if (v < 0)
        v = column(fields, n, "Mean");
    if (t < 0 || c < 0 || v < 0) {
        ll_error_set(err, "%s:1: the CSV header lacks the column '%s' (expected Timestamp, Provider, Counter Name, "
                     "Counter Type, Mean/Increment)", name, t < 0 ? "Timestamp" : c < 0 ? "Counter Name" : "Mean/Increment");
        return -1;
    }
    int columns = n, warned_time = 0;
    json_t *snap = NULL;
    size_t imported = 0;
    for (size_t i = 1; i < lines->count; i++) {
        char *line = ll__line_copy(lines, i, buf, sizeof buf);
        if (!*ll__trim(line))
            continue;
        if (split_csv(line, fields, 16) != columns) {
            ll__import_warn(im, name, i + 1, "expected %d fields; row skipped", columns);
            continue;
        }
        double value;
        if (ll__parse_number(ll__trim(fields[v]), LL_NUMBERS_PLAIN, &value) < 0) {
            ll__import_warn(im, name, i + 1, "field 'Mean/Increment': \"%s\" is not a number; skipped", fields[v]);
            continue;
        }
        const char *time_text = ll__trim(fields[t]);
        if (!snap || strcmp(time_text, last_time) != 0) {
            if (snap)
                keep_sample(im, snap);
            snap = new_sample(im, name, i + 1, time_text, &warned_time);
            snprintf(last_time, sizeof last_time, "%s", time_text);
        }
        if (add_counter(snap, ll__trim(fields[c]), value) < 0) {
            ll__import_warn(im, name, i + 1, "field 'Mean/Increment': %g is negative or out of range; skipped", value);
            continue;
        }
        imported++;
    }
    if (snap)
        keep_sample(im, snap);
    return finish(name, imported, err);
}

int ll__import_counters_json(ll_import *im, const char *name, const char *text, size_t len, ll_error *err)
{
    json_error_t jerr;
    char reason[JSON_ERROR_TEXT_LENGTH];
    json_t *root = json_loadb(text, len, 0, &jerr);
    json_t *events = json_object_get(root, "Events");
    if (!json_is_array(events)) {
        ll_error_set(err, "%s:%d: %s", name, root ? 1 : jerr.line,
                     root ? "field 'Events': missing or not an array"
                          : ll_json_error_reason(&jerr, reason, sizeof reason));
        json_decref(root);
        return -1;
    }
    json_t *snap = NULL, *event, *seen = json_object();
    const char *last_time = NULL;
    size_t i, imported = 0;
    int warned_time = 0;
    json_array_foreach(events, i, event) {
        const char *time_text = json_string_value(json_object_get(event, "timestamp"));
        const char *counter = json_string_value(json_object_get(event, "name"));
        const char *tags = json_string_value(json_object_get(event, "tags"));
        json_t *value = json_object_get(event, "value");
        if (!time_text || !counter || !json_is_number(value)) {
            ll__import_warn(im, name, 0, "event %zu: field '%s' missing or of the wrong type; skipped", i,
                           !time_text ? "timestamp" : !counter ? "name" : "value");
            continue;
        }
        /* A Meter's figure per tag (a GC generation) is a counter of its own,
         * named as collect's CSV names it. */
        char tagged[1024];
        snprintf(tagged, sizeof tagged, tags && *tags ? "%s[%s]" : "%s", counter, tags);
        /* The Meter's events of one refresh carry timestamps microseconds
         * apart: one of its counters seen again starts the next sample;
         * EventCounters' share their refresh's timestamp. */
        int meter = ll__starts_with(counter, "dotnet.");
        if (!snap || (meter ? json_object_get(seen, tagged) != NULL : strcmp(time_text, last_time) != 0)) {
            if (snap)
                keep_sample(im, snap);
            snap = new_sample(im, name, 0, time_text, &warned_time);
            json_object_clear(seen);
            last_time = time_text;
        }
        json_object_set_new(seen, tagged, json_true());
        if (add_counter(snap, tagged, json_number_value(value)) < 0) {
            ll__import_warn(im, name, 0, "event %zu: field 'value' is negative or out of range; skipped", i);
            continue;
        }
        imported++;
    }
    if (snap)
        keep_sample(im, snap);
    json_decref(seen);
    json_decref(root);
    return finish(name, imported, err);
}

/* The number style of a monitor text: "23 376 680" and "0,031" mean spaces
 * group thousands and a comma is the decimal point; "37,896" alone means a
 * comma groups thousands. */
static ll_number_style monitor_style(const ll_lines *lines)
{
    char buf[1024];
    int comma = 0;
    for (size_t i = 0; i < lines->count; i++) {
        const char *line = ll__line_copy(lines, i, buf, sizeof buf);
        for (const char *p = line; p[0] && p[1]; p++) {
            if (p[0] >= '0' && p[0] <= '9' && p[1] == ' ' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' &&
                p[3] <= '9' && p[4] >= '0' && p[4] <= '9')
                return LL_NUMBERS_SPACE_THOUSANDS;
            comma |= p[0] >= '0' && p[0] <= '9' && p[1] == ',';
        }
    }
    return comma ? LL_NUMBERS_COMMA_THOUSANDS : LL_NUMBERS_PLAIN;
}

/* Whether VALUE fits STYLE unambiguously: with commas as thousands
 * separators every comma must be followed by exactly three digits, and a
 * value mixing '.' and ',' is another locale altogether. */
static int fits_style(const char *value, ll_number_style style)
{
    if (strchr(value, '.') && strchr(value, ','))
        return 0;
    if (style != LL_NUMBERS_COMMA_THOUSANDS)
        return 1;
    for (const char *c = strchr(value, ','); c; c = strchr(c + 1, ','))
        if (strspn(c + 1, "0123456789") != 3)
            return 0;
    return 1;
}

/* "    Name (unit)      1 234" -> name and value text, split at the last
 * run of two or more spaces. */
static int monitor_row(char *line, char **counter, char **value)
{
    char *cut = NULL;
    for (char *p = line; p[0]; p++)
        if (p[0] == ' ' && p[1] == ' ' && p[2] != ' ' && p[2] != '\0')
            cut = p;
    if (!cut)
        return -1;
    *cut = '\0';
    *counter = ll__trim(line);
    *value = ll__trim(cut + 2);
    return **counter && **value ? 0 : -1;
}

int ll__import_counters_monitor(ll_import *im, const char *name, const ll_lines *lines, ll_error *err)
{
    ll_number_style style = monitor_style(lines);
    char buf[1024];
    json_t *snap = NULL;
    size_t imported = 0;
    int in_runtime_block = 0, sample_has_runtime = 0, unused = 0;
    /* A Meter's figures per tag (.NET 9): its name on a line of its own,
     * the tag's name, a rule, then one row per value, indented deeper. */
    char parent[512] = "", tag[128] = "", tagged[1024];
    for (size_t i = 0; i < lines->count; i++) {
        char *line = ll__line_copy(lines, i, buf, sizeof buf);
        size_t indent = strspn(line, " ");
        char *trimmed = ll__trim(line);
        if (indent == 4 && *trimmed && !strstr(trimmed, "  ")) {
            snprintf(parent, sizeof parent, "%s", trimmed); /* a name without a value */
            tag[0] = '\0';
            continue;
        }
        if (indent >= 8 && parent[0] && *trimmed && !strstr(trimmed, "  ")) {
            if (trimmed[0] != '-')
                snprintf(tag, sizeof tag, "%s", trimmed);
            continue;
        }
        if (*trimmed == '[') {
            in_runtime_block = strcmp(trimmed, "[System.Runtime]") == 0;
            /* A second System.Runtime block is the next refresh. */
            if (in_runtime_block && sample_has_runtime) {
                keep_sample(im, snap);
                snap = NULL;
                sample_has_runtime = 0;
            }
            continue;
        }
        if (line[0] != ' ' || ll__starts_with(trimmed, "Status:") || ll__starts_with(trimmed, "Press "))
            continue;
        char *counter, *value_text;
        double value;
        if (monitor_row(line, &counter, &value_text) < 0)
            continue;
        if (strcmp(value_text, "NaN") == 0)
            continue;
        if (!fits_style(value_text, style) || ll__parse_number(value_text, style, &value) < 0) {
            ll__import_warn(im, name, i + 1, "counter '%s': \"%s\" is not a number in this file's notation (%s); "
                           "skipped", counter, value_text,
                           style == LL_NUMBERS_SPACE_THOUSANDS ? "\"1 234,5\""
                           : style == LL_NUMBERS_COMMA_THOUSANDS ? "\"1,234.5\"" : "\"1234.5\"");
            continue;
        }
        if (indent >= 8 && parent[0] && tag[0]) {
            snprintf(tagged, sizeof tagged, "%s[%s=%s]", parent, tag, counter);
            counter = tagged;
        } else {
            parent[0] = '\0';
        }
        if (!snap)
            snap = new_sample(im, name, i + 1, NULL, &unused);
        if (add_counter(snap, counter, value) < 0) {
            ll__import_warn(im, name, i + 1, "counter '%s': %g is negative or out of range; skipped", counter, value);
            continue;
        }
        sample_has_runtime |= in_runtime_block;
        imported++;
    }
    if (snap)
        keep_sample(im, snap);
    return finish(name, imported, err);
}
