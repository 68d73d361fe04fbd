/* The SOS commands about memory: `!address -summary` (memory by kind,
 * committed, reserved; every WinDbg layout) and `!eeheap` (the GC heap and
 * the loader heap, from CLR 2 to SOS 8's layout). See sos_parsers.h. */
#include "sos_parsers.h"
#include "leaklab/text.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *usage_kind(const char *label)
{
    static const struct {
        const char *prefix, *kind;
    } map[] = {{"Heap", "native_heap"}, {"<unknown>", "unknown"}, {"Image", "image"},   {"Stack", "stack"},
               {"MappedFile", "mapped_file"}, {"TEB", "other"},  {"PEB", "other"},      {"Other", "other"},
               {"Free", NULL},
               /* WinDbg 6.0 to 6.11: VirtualAlloc'd regions (the GC heap's
                * among them) are "IsVAD", newer WinDbg's <unknown>. */
               {"RegionUsageIsVAD", "unknown"}, {"RegionUsageFree", NULL}, {"RegionUsageImage", "image"},
               {"RegionUsageStack", "stack"}, {"RegionUsageHeap", "native_heap"},
               {"RegionUsagePageHeap", "native_heap"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (ll__starts_with(label, map[i].prefix))
            return map[i].kind;
    return "other";
}

/* "<label> <count> <hex size> ( <human> ) ..." -> label, count, bytes. */
static int address_row(char *line, char *label, size_t label_len, long long *count, long long *bytes)
{
    char *paren = strrchr(line, '(');
    if (!paren)
        return -1;
    *paren = '\0';
    char *tokens[16];
    int n = 0;
    for (char *t = strtok(line, " \t"); t && n < 16; t = strtok(NULL, " \t"))
        tokens[n++] = t;
    if (n < 2)
        return -1;
    char *end;
    *count = strtoll(tokens[n - 2], &end, 10);
    *bytes = ll__parse_hex(tokens[n - 1]);
    if (*end || *count < 0 || *bytes < 0)
        return -1;
    label[0] = '\0';
    for (int i = 0; i < n - 2; i++)
        snprintf(label + strlen(label), label_len - strlen(label), "%s%s", i ? " " : "", tokens[i]);
    ll_utf8_mend_end(label);
    if (!label[0]) /* a renderer swallowed "<unknown>" as a tag (seen in the wild) */
        snprintf(label, label_len, "<unknown>");
    return 0;
}

/* WinDbg 6.0 to 6.11, before RgnCount: "701000 (   7172) : 00.34%
 * 20.69%   : RegionUsageIsVAD": the size in hexadecimal first, the label
 * after the last colon, no region count (-1). */
static int address_row_windbg6(char *line, char *label, size_t label_len, long long *count, long long *bytes)
{
    char *colon = strrchr(line, ':'), *end;
    errno = 0;
    long long size = strtoll(line, &end, 16);
    if (!colon || end == line || errno || size < 0 || (*end != ' ' && *end != '(' && *end != '\t'))
        return -1;
    const char *kind = ll__trim(colon + 1);
    ll__copy_cut(label, label_len, kind, strlen(kind));
    *bytes = size;
    *count = -1;
    return label[0] ? 0 : -1;
}

/* REGIONS -1: the output gives no count, and the kind has none. */
static void add_kind(json_t *memory, const char *kind, long long bytes, long long regions)
{
    json_t *k = json_object_get(memory, kind);
    if (!k) {
        k = json_pack("{sI}", "size", (json_int_t)0);
        if (regions >= 0)
            json_object_set_new(k, "regions", json_integer(0));
        json_object_set_new(memory, kind, k);
    }
    json_object_set_new(k, "size", json_integer(ll__add_saturating(json_integer_value(json_object_get(k, "size")), bytes)));
    if (regions >= 0 && json_object_get(k, "regions"))
        json_object_set_new(k, "regions",
                            json_integer(ll__add_saturating(json_integer_value(json_object_get(k, "regions")), regions)));
}

static void parse_address_summary(ll_import *im, ll_windbg_dump *d, const char *file, const ll_lines *l, size_t from,
                                  size_t to)
{
    enum { NONE, USAGE, STATE, OTHER } section = NONE;
    int saw_state = 0;
    char buf[LINE_MAX_LEN], label[128];
    for (size_t i = from; i < to; i++) {
        char *line = ll__trim(ll__line_copy(l, i, buf, sizeof buf));
        if (ll__starts_with(line, "---")) {
            /* "Usage Summary", or "Usage SUMMARY" before WinDbg 6.12 */
            section = strcasestr(line, "Usage Summary") ? USAGE : strcasestr(line, "State Summary") ? STATE : OTHER;
            saw_state |= section == STATE;
            if (section == USAGE && !d->memory)
                d->memory = json_object();
            continue;
        }
        if (section == NONE || section == OTHER || !*line)
            continue;
        /* The old layout's column headings, total line and largest free
         * region carry no kind. */
        if (ll__starts_with(line, "TotSize") || ll__starts_with(line, "Tot:") || ll__starts_with(line, "Largest free region"))
            continue;
        long long count, bytes;
        char copy[LINE_MAX_LEN];
        snprintf(copy, sizeof copy, "%s", line);
        if (address_row(line, label, sizeof label, &count, &bytes) < 0 &&
            address_row_windbg6(copy, label, sizeof label, &count, &bytes) < 0) {
            ll__import_warn(im, file, i + 1, "!address -summary: cannot read this row; skipped");
            continue;
        }
        if (section == USAGE) {
            const char *kind = usage_kind(label);
            if (kind) {
                add_kind(d->memory, kind, bytes, count);
                d->busy = ll__add_saturating(d->busy, bytes);
            }
        } else if (strcmp(label, "MEM_COMMIT") == 0) {
            d->commit = bytes;
        } else if (strcmp(label, "MEM_RESERVE") == 0) {
            d->reserve = bytes;
        }
    }
    if (d->memory)
        d->commands |= LL_SOS_ADDRESS_SUMMARY;
    /* Pasted with only its Usage section is a choice, not a cut. */
    if (d->memory && d->commit < 0 && !saw_state)
        ll__import_warn(im, file, from + 1, "!address -summary: its State section was not pasted: committed memory "
                       "(MEM_COMMIT) is not known");
    else if (d->memory && d->commit < 0)
        ll__import_warn(im, file, from + 1, "!address -summary: no MEM_COMMIT row (truncated?)");
}

/* A byte figure at S: the decimal in parentheses ("0xa5000 (675840)"),
 * or, when SOS 8 and later print it for people ("0x10a000 (1.04mb)"), the
 * hexadecimal before it; -1 if neither. */
static long long byte_figure(const char *s)
{
    long long v = ll__paren_decimal(s);
    const char *hex = strstr(s, "0x");
    if (v >= 0 || !hex)
        return v;
    char *end;
    errno = 0;
    unsigned long long h = strtoull(hex + 2, &end, 16);
    return end != hex + 2 && errno == 0 && h <= (unsigned long long)LLONG_MAX ? (long long)h : -1;
}

/* The figure after "Size:", or on LINE, or -1. */
static long long size_on_line(const char *line)
{
    const char *size = strstr(line, "Size:");
    return byte_figure(size ? size : line);
}

/* The bytes wasted on a loader heap row ("..., 0x3000 (12288) bytes
 * wasted"), or -1 when it says none. */
static long long wasted_on_line(const char *line)
{
    const char *wasted = strstr(line, "total,");
    return wasted ? byte_figure(wasted) : -1;
}

/* One row of the loader heaps: "KIND: ADDR(size:used)... Size: 0xa5000
 * (675840) bytes total, 0x3000 (12288) bytes wasted." Each section ends
 * with a "Total size:" row of the same figure: counted only when the
 * section showed no rows of its own (SOS 8 prints the module thunk heaps
 * and collectible LoaderAllocators as a total alone). */
static void add_loader_row(ll_windbg_dump *d, const char *line, long long size, int *rows_in_section)
{
    int total_row = ll__starts_with(line, "Total size:");
    if (total_row && *rows_in_section) {
        *rows_in_section = 0;
        return;
    }
    *rows_in_section = total_row ? 0 : *rows_in_section + 1;
    d->loader_sum = ll__add_saturating(d->loader_sum, size);
    long long w = wasted_on_line(line);
    d->loader_wasted = ll__add_saturating(d->loader_wasted, w > 0 ? w : 0);
}

static void parse_eeheap(ll_windbg_dump *d, const ll_lines *l, size_t from, size_t to)
{
    char buf[LINE_MAX_LEN];
    int gc = 0, loader = 0, rows_in_section = 0;
    for (size_t i = from; i < to; i++) {
        char *line = ll__trim(ll__line_copy(l, i, buf, sizeof buf));
        long long v;
        if (ll__starts_with(line, "Number of GC Heaps:")) {
            d->gc_heap_count = atoi(line + 19);
            gc = 1;
        } else if (ll__starts_with(line, "GC Allocated Heap Size:") && (v = size_on_line(line)) >= 0) {
            d->gc_allocated = v;
            gc = 1;
        } else if (ll__starts_with(line, "GC Committed Heap Size:") && (v = size_on_line(line)) >= 0) {
            d->gc_committed = v;
        } else if (ll__starts_with(line, "GC Heap Size") && (v = size_on_line(line)) >= 0) {
            d->gc_total = v;
            gc = 1;
        } else if (ll__starts_with(line, "Heap Size") && (v = size_on_line(line)) >= 0) {
            d->gc_heaps_sum = ll__add_saturating(d->gc_heaps_sum, v);
            d->gc_heaps_seen++;
            gc = 1;
        } else if (ll__starts_with(line, "Total LoaderHeap size") && (v = size_on_line(line)) >= 0) {
            d->loader_total = v;
            long long w = wasted_on_line(line);
            d->loader_wasted = w > 0 ? w : d->loader_wasted;
            loader = 1;
        } else if (strstr(line, "bytes total") && (v = size_on_line(line)) >= 0) {
            add_loader_row(d, line, v, &rows_in_section);
            loader = 1;
        } else if (ll__starts_with(line, "LoaderAllocator:")) {
            /* SOS 8 and later (ClrMD): no "Total LoaderHeap size" line;
             * the rows are the whole figure. */
            d->loader_rows_complete = 1;
            loader = 1;
        } else if (ll__starts_with(line, "Loader Heap:")) {
            loader = 1;
        }
    }
    d->commands |= (gc ? LL_SOS_EEHEAP_GC : 0) | (loader ? LL_SOS_EEHEAP_LOADER : 0);
}


/* A total is a total under any prompt: users paste the tail of !eeheap
 * (its "Total LoaderHeap size" or "GC Heap Size" line) after another
 * command's output, as in the customer's session. Those lines alone are
 * read there; the rest of !eeheap's rows would be misread in, e.g., a
 * !dumpdomain that lists each domain's heaps. */
static void read_totals(ll_windbg_dump *d, const ll_lines *l, size_t from, size_t to)
{
    char buf[LINE_MAX_LEN];
    for (size_t i = from; i < to; i++) {
        char *line = ll__trim(ll__line_copy(l, i, buf, sizeof buf));
        if (ll__starts_with(line, "Total LoaderHeap size") || ll__starts_with(line, "GC Heap Size") ||
            ll__starts_with(line, "GC Allocated Heap Size")) {
            unsigned commands = d->commands; /* a figure, not the command: it repeats nothing */
            parse_eeheap(d, l, i, i + 1);
            d->commands = commands;
        }
    }
}

void ll__sos_parse_memory(const ll_sos_output *o, const char *command, ll_sos_whose whose)
{
    if (whose == LL_SOS_OTHERS) {
        read_totals(o->dump, o->lines, o->from, o->to);
        return;
    }
    if (whose == LL_SOS_ANYONES || ll__contains(command, "address"))
        parse_address_summary(o->im, o->dump, o->file, o->lines, o->from, o->to);
    if (whose == LL_SOS_ANYONES || ll__contains(command, "eeheap"))
        parse_eeheap(o->dump, o->lines, o->from, o->to);
}
