/* WinDbg, dotnet-dump and lldb session logs, or single command outputs.
 * A log is cut into command outputs at its prompt lines ("0:000> !cmd",
 * "> cmd", "(lldb) sos cmd"); a file without prompts is one output. Every
 * output is offered to each command's parser, which looks for its own
 * table, so `!eeheap` (loader and GC together), separate files and unknown
 * prompts all work (README.md, "SOS layouts", lists every layout read).
 * `dotnet-gcdump report` output, the heap statistics of a .NET Core dump,
 * is read alongside as a !dumpheap -stat.
 *
 * Files become dumps (windbg_dump.h): consecutive files whose commands do
 * not repeat one another are one dump, and a file that shows a command the
 * dump already has starts the next one; ll_import_add_dump groups files
 * explicitly. */
#include "windbg_dump.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LINE_MAX_LEN 4096

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
        if (ll_starts_with(label, map[i].prefix))
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
    *bytes = ll_parse_hex(tokens[n - 1]);
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
    const char *kind = ll_trim(colon + 1);
    ll_copy_cut(label, label_len, kind, strlen(kind));
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
    json_object_set_new(k, "size", json_integer(ll_add_saturating(json_integer_value(json_object_get(k, "size")), bytes)));
    if (regions >= 0 && json_object_get(k, "regions"))
        json_object_set_new(k, "regions",
                            json_integer(ll_add_saturating(json_integer_value(json_object_get(k, "regions")), regions)));
}

static void parse_address_summary(ll_import *im, ll_windbg_dump *d, const char *file, const ll_lines *l, size_t from,
                                  size_t to)
{
    enum { NONE, USAGE, STATE, OTHER } section = NONE;
    char buf[LINE_MAX_LEN], label[128];
    for (size_t i = from; i < to; i++) {
        char *line = ll_trim(ll_line_copy(l, i, buf, sizeof buf));
        if (ll_starts_with(line, "---")) {
            /* "Usage Summary", or "Usage SUMMARY" before WinDbg 6.12 */
            section = strcasestr(line, "Usage Summary") ? USAGE : strcasestr(line, "State Summary") ? STATE : OTHER;
            if (section == USAGE && !d->memory)
                d->memory = json_object();
            continue;
        }
        if (section == NONE || section == OTHER || !*line)
            continue;
        /* The old layout's column headings, total line and largest free
         * region carry no kind. */
        if (ll_starts_with(line, "TotSize") || ll_starts_with(line, "Tot:") || ll_starts_with(line, "Largest free region"))
            continue;
        long long count, bytes;
        char copy[LINE_MAX_LEN];
        snprintf(copy, sizeof copy, "%s", line);
        if (address_row(line, label, sizeof label, &count, &bytes) < 0 &&
            address_row_windbg6(copy, label, sizeof label, &count, &bytes) < 0) {
            ll_import_warn(im, file, i + 1, "!address -summary: cannot read this row; skipped");
            continue;
        }
        if (section == USAGE) {
            const char *kind = usage_kind(label);
            if (kind) {
                add_kind(d->memory, kind, bytes, count);
                d->busy = ll_add_saturating(d->busy, bytes);
            }
        } else if (strcmp(label, "MEM_COMMIT") == 0) {
            d->commit = bytes;
        } else if (strcmp(label, "MEM_RESERVE") == 0) {
            d->reserve = bytes;
        }
    }
    if (d->memory)
        d->commands |= LL_SOS_ADDRESS_SUMMARY;
    if (d->memory && d->commit < 0)
        ll_import_warn(im, file, from + 1, "!address -summary: no MEM_COMMIT row (truncated?)");
}

/* A byte figure at S: the decimal in parentheses ("0xa5000 (675840)"),
 * or, when SOS 8 and later print it for people ("0x10a000 (1.04mb)"), the
 * hexadecimal before it; -1 if neither. */
static long long byte_figure(const char *s)
{
    long long v = ll_paren_decimal(s);
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
    int total_row = ll_starts_with(line, "Total size:");
    if (total_row && *rows_in_section) {
        *rows_in_section = 0;
        return;
    }
    *rows_in_section = total_row ? 0 : *rows_in_section + 1;
    d->loader_sum = ll_add_saturating(d->loader_sum, size);
    long long w = wasted_on_line(line);
    d->loader_wasted = ll_add_saturating(d->loader_wasted, w > 0 ? w : 0);
}

static void parse_eeheap(ll_windbg_dump *d, const ll_lines *l, size_t from, size_t to)
{
    char buf[LINE_MAX_LEN];
    int gc = 0, loader = 0, rows_in_section = 0;
    for (size_t i = from; i < to; i++) {
        char *line = ll_trim(ll_line_copy(l, i, buf, sizeof buf));
        long long v;
        if (ll_starts_with(line, "Number of GC Heaps:")) {
            d->gc_heap_count = atoi(line + 19);
            gc = 1;
        } else if (ll_starts_with(line, "GC Allocated Heap Size:") && (v = size_on_line(line)) >= 0) {
            d->gc_allocated = v;
            gc = 1;
        } else if (ll_starts_with(line, "GC Committed Heap Size:") && (v = size_on_line(line)) >= 0) {
            d->gc_committed = v;
        } else if (ll_starts_with(line, "GC Heap Size") && (v = size_on_line(line)) >= 0) {
            d->gc_total = v;
            gc = 1;
        } else if (ll_starts_with(line, "Heap Size") && (v = size_on_line(line)) >= 0) {
            d->gc_heaps_sum = ll_add_saturating(d->gc_heaps_sum, v);
            d->gc_heaps_seen++;
            gc = 1;
        } else if (ll_starts_with(line, "Total LoaderHeap size") && (v = size_on_line(line)) >= 0) {
            d->loader_total = v;
            long long w = wasted_on_line(line);
            d->loader_wasted = w > 0 ? w : d->loader_wasted;
            loader = 1;
        } else if (strstr(line, "bytes total") && (v = size_on_line(line)) >= 0) {
            add_loader_row(d, line, v, &rows_in_section);
            loader = 1;
        } else if (ll_starts_with(line, "LoaderAllocator:")) {
            /* SOS 8 and later (ClrMD): no "Total LoaderHeap size" line;
             * the rows are the whole figure. */
            d->loader_rows_complete = 1;
            loader = 1;
        } else if (ll_starts_with(line, "Loader Heap:")) {
            loader = 1;
        }
    }
    d->commands |= (gc ? LL_SOS_EEHEAP_GC : 0) | (loader ? LL_SOS_EEHEAP_LOADER : 0);
}

static void add_assembly_line(ll_windbg_dump *d, const char *domain, const char *line)
{
    const char *open = strchr(line, '['), *close = strrchr(line, ']');
    char content[1024] = "", address[64] = "-";
    if (open && close && close > open)
        ll_copy_cut(content, sizeof content, open + 1, (size_t)(close - open - 1));
    sscanf(line, "Assembly: %63s", address);
    ll_windbg_dump_add_assembly(d, domain, address, ll_trim(content), strstr(line, "(Dynamic)") != NULL);
}

/* A module line under "Module Name" (CLR 2/4 SOS: "<addr>  <path>") or
 * "Module" (.NET Core SOS: "  <addr>    <path, display name, Dynamic
 * Module or Unknown Module>"); 0 if LINE is one. */
static int add_module_line(ll_windbg_dump *d, const char *line)
{
    char address[64];
    int name_at = 0;
    if (sscanf(line, "%63s %n", address, &name_at) != 1 || ll_parse_hex(address) < 0)
        return -1;
    ll_windbg_dump_add_module(d, address, line + name_at);
    return 0;
}

static void parse_dumpdomain(ll_windbg_dump *d, const ll_lines *l, size_t from, size_t to)
{
    char buf[LINE_MAX_LEN], domain[64] = "";
    int modules = 0, any = 0;
    for (size_t i = from; i < to; i++) {
        char *line = ll_trim(ll_line_copy(l, i, buf, sizeof buf));
        if (ll_starts_with(line, "System Domain:"))
            snprintf(domain, sizeof domain, "System Domain");
        else if (ll_starts_with(line, "Shared Domain:"))
            snprintf(domain, sizeof domain, "Shared Domain");
        else if (ll_starts_with(line, "Domain ") && strchr(line, ':'))
            ll_copy_cut(domain, sizeof domain, line, (size_t)(strchr(line, ':') - line));
        else if (ll_starts_with(line, "Assembly:") && strchr(line, '[') && domain[0]) {
            add_assembly_line(d, domain, line);
            modules = 0;
            any = 1;
        } else if (strcmp(line, "Module Name") == 0 || strcmp(line, "Module") == 0) {
            modules = any;
        } else if (!*line || (modules && add_module_line(d, line) < 0)) {
            modules = 0;
        }
    }
    if (any)
        d->commands |= LL_SOS_DUMPDOMAIN;
}

/* "MT  token  Name" rows under "Types defined/referenced in this module";
 * the listing is joined to its assembly by the module address (the
 * command's argument) or by its `Name:`. */
static void parse_dumpmodule(ll_windbg_dump *d, const ll_lines *l, size_t from, size_t to, const char *argument)
{
    char buf[LINE_MAX_LEN], name[1024] = "";
    json_t *types = json_array(), *refs = json_array(), *into = NULL;
    for (size_t i = from; i < to; i++) {
        char *line = ll_trim(ll_line_copy(l, i, buf, sizeof buf));
        if (ll_starts_with(line, "Name:"))
            ll_copy_cut(name, sizeof name, ll_trim(line + 5), strlen(ll_trim(line + 5)));
        else if (ll_starts_with(line, "Types defined in this module"))
            into = types;
        else if (ll_starts_with(line, "Types referenced in this module"))
            into = refs;
        else if (into && *line && !ll_starts_with(line, "MT") && !ll_starts_with(line, "---")) {
            char mt[64], token[64];
            int name_at = 0;
            if (sscanf(line, "%63s %63s %n", mt, token, &name_at) == 2 && name_at && ll_parse_hex(mt) >= 0 &&
                ll_starts_with(token, "0x0"))
                json_array_append_new(into, into == types ? json_pack("{ss sn}", "name", line + name_at, "base")
                                                          : json_string(line + name_at));
        }
    }
    if (!json_array_size(types) && !json_array_size(refs)) {
        json_decref(types);
        json_decref(refs);
        return;
    }
    json_t *set = json_pack("{so so}", "types", types, "refs", refs);
    char address[40];
    if (*argument && ll_canonical_address(argument, address, sizeof address) == 0) {
        json_object_set(d->modules, address, set);
        json_object_set_new(d->module_listings, address, json_true());
    }
    if (*name && strcmp(name, "Unknown Module") != 0 && strcmp(name, "Dynamic Module") != 0) {
        json_object_set(d->modules, name, set);
        json_object_set_new(d->module_listings, name, json_true());
    }
    json_decref(set);
    d->commands |= LL_SOS_DUMPMODULE;
}

/* A count or byte figure of !dumpheap -stat: digits, with the thousands
 * separators newer SOS prints ("207,010"); -1 if TEXT is not one. */
static long long heap_figure(const char *text)
{
    long long v = 0;
    int digits = 0;
    for (const char *p = text; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (v > (LLONG_MAX - 9) / 10)
                return -1;
            v = v * 10 + (*p - '0');
            digits++;
        } else if (*p != ',' || !digits) {
            return -1;
        }
    }
    return digits ? v : -1;
}

/* One "MT Count TotalSize Class Name" row; 0 and the figures if LINE is
 * one. */
static int heap_row(const char *line, long long *count, long long *size, const char **type)
{
    char mt[64], c[32], s[32];
    int at = 0;
    if (!isxdigit((unsigned char)line[0]))
        return -1;
    if (sscanf(line, "%63s %31s %31s %n", mt, c, s, &at) != 3 || !at || ll_parse_hex(mt) < 0 || !line[at])
        return -1;
    *count = heap_figure(c);
    *size = heap_figure(s);
    *type = line + at;
    return *count >= 0 && *size >= 0 ? 0 : -1;
}

/* !dumpheap -stat from WinDbg, dotnet-dump or lldb: after its header, or
 * without one (a table copied from the middle) when the output is the
 * command's or is mostly such rows; "..." or "[...]" where a user cut it;
 * "Total N objects" at the end. */
static void parse_dumpheap(ll_windbg_dump *d, const ll_lines *l, size_t from, size_t to, const char *command)
{
    char buf[LINE_MAX_LEN];
    long long count, size;
    const char *type;
    size_t rows = 0, lines = 0;
    for (size_t i = from; i < to && !command; i++) {
        char *line = ll_trim(ll_line_copy(l, i, buf, sizeof buf));
        lines += *line != '\0';
        rows += heap_row(line, &count, &size, &type) == 0;
    }
    int headerless = (command && ll_contains(command, "dumpheap")) || (!command && rows >= 3 && rows * 2 >= lines);
    int in_table = headerless;
    json_t *found = json_array();
    long long total = 0;
    for (size_t i = from; i < to; i++) {
        char *line = ll_trim(ll_line_copy(l, i, buf, sizeof buf));
        if (ll_starts_with(line, "MT") && (strstr(line, "Class Name") || strstr(line, "TotalSize"))) {
            in_table = 1;
            continue;
        }
        if (ll_starts_with(line, "Total ") && strstr(line, "objects")) {
            char n[32];
            if (in_table && sscanf(line, "Total %31s", n) == 1)
                d->dumpheap_objects = heap_figure(n);
            in_table = headerless;
            continue;
        }
        if (in_table && heap_row(line, &count, &size, &type) == 0) {
            json_array_append_new(found, ll_record_type_row(type, count, size));
            total = ll_add_saturating(total, size);
        }
    }
    if (!json_array_size(found)) {
        json_decref(found);
        return;
    }
    json_decref(d->dumpheap);
    d->dumpheap = found;
    d->dumpheap_total = total;
    d->commands |= LL_SOS_DUMPHEAP;
}

/* The type a `dotnet-gcdump report` row counts, without its size class
 * (" (Bytes > 100K)") and module ("  [System.Private.CoreLib.dll]"). */
static void gcdump_type(const char *text, char *out, size_t len)
{
    ll_copy_cut(out, len, text, strlen(text));
    char *cut = strstr(out, " (Bytes >");
    if (cut)
        *cut = '\0';
    if ((cut = strstr(out, "  [")))
        *cut = '\0';
    ll_trim(out);
}

/* `dotnet-gcdump report`: "N  GC Heap bytes", "N  GC Heap objects", then
 * "Object Bytes  Count  Type" rows, where Object Bytes is one object's
 * size and a type's large objects come in rows of their own by size class:
 * a type's bytes are the sum of size x count over its rows. */
static void parse_gcdump_report(ll_windbg_dump *d, const ll_lines *l, size_t from, size_t to)
{
    char buf[LINE_MAX_LEN], type[1024], n1[32], n2[32];
    int in_table = 0, at = 0;
    long long heap_bytes = -1;
    json_t *by_type = json_object();
    for (size_t i = from; i < to; i++) {
        char *line = ll_trim(ll_line_copy(l, i, buf, sizeof buf));
        if (strstr(line, "GC Heap bytes") && sscanf(line, "%31s", n1) == 1)
            heap_bytes = heap_figure(n1);
        else if (strstr(line, "GC Heap objects") && sscanf(line, "%31s", n1) == 1)
            d->dumpheap_objects = heap_figure(n1);
        else if (ll_starts_with(line, "Object Bytes") && strstr(line, "Type"))
            in_table = 1;
        else if (in_table && sscanf(line, "%31s %31s %n", n1, n2, &at) == 2 && at && line[at]) {
            long long size = heap_figure(n1), count = heap_figure(n2);
            if (size < 0 || count < 0)
                continue;
            gcdump_type(line + at, type, sizeof type);
            json_t *row = json_object_get(by_type, type);
            long long bytes = size > LLONG_MAX / (count ? count : 1) ? LLONG_MAX : size * count;
            if (!row) {
                row = ll_record_type_row(type, 0, 0);
                json_object_set_new(by_type, type, row);
            }
            json_object_set_new(row, "count", json_integer(ll_add_saturating(json_integer_value(json_object_get(row, "count")), count)));
            json_object_set_new(row, "size", json_integer(ll_add_saturating(json_integer_value(json_object_get(row, "size")), bytes)));
        }
    }
    if (heap_bytes >= 0 && json_object_size(by_type)) {
        json_t *rows = json_array(), *row;
        const char *key;
        json_object_foreach(by_type, key, row)
            json_array_append(rows, row);
        json_decref(d->dumpheap);
        d->dumpheap = rows;
        d->dumpheap_total = heap_bytes;
        d->gc_total = heap_bytes;
        d->commands |= LL_SOS_DUMPHEAP;
    }
    json_decref(by_type);
}

/* The command on a prompt line ("0:000> !dumpmodule -mt 7fe8dda2f98",
 * "> eeheap", "(lldb) sos DumpHeap -stat"), or NULL if LINE is not one. */
static const char *prompt_command(const char *line)
{
    const char *p = line;
    while (*p == ' ')
        p++;
    if (ll_starts_with(p, "(lldb)"))
        return p + 6;
    if (*p == '>')
        return p + 1;
    if (!isdigit((unsigned char)*p))
        return NULL;
    while (isdigit((unsigned char)*p) || *p == ':' || isalnum((unsigned char)*p))
        p++;
    return *p == '>' ? p + 1 : NULL;
}

static void parse_output(ll_import *im, ll_windbg_dump *d, const char *file, const ll_lines *l, size_t from, size_t to,
                         const char *command)
{
    char argument[128] = "";
    if (command && ll_contains(command, "dumpmodule")) {
        const char *last = strrchr(command, ' ');
        ll_copy_cut(argument, sizeof argument, last ? last + 1 : "", last ? strlen(last + 1) : 0);
    }
    /* A known command's output goes to its parser alone; anything else
     * (no prompt, an unknown one) to every parser. */
    static const char *const known[] = {"address", "eeheap", "dumpdomain", "dumpmodule", "dumpheap"};
    int which = -1;
    for (int k = 0; k < 5 && command; k++)
        if (ll_contains(command, known[k]))
            which = k;
    if (which < 0 || which == 0)
        parse_address_summary(im, d, file, l, from, to);
    if (which < 0 || which == 1)
        parse_eeheap(d, l, from, to);
    if (which < 0 || which == 2)
        parse_dumpdomain(d, l, from, to);
    if (which < 0 || which == 3)
        parse_dumpmodule(d, l, from, to, argument);
    if (which < 0 || which == 4)
        parse_dumpheap(d, l, from, to, command);
    if (which < 0)
        parse_gcdump_report(d, l, from, to);
}

/* Everything FILE shows, as a dump of its own. */
static ll_windbg_dump *parse_file(ll_import *im, const char *file, const ll_lines *lines)
{
    ll_windbg_dump *d = ll_windbg_dump_new();
    if (!d)
        return NULL;
    json_array_append_new(d->files, ll_json_text(file));
    char buf[LINE_MAX_LEN], command[LINE_MAX_LEN] = "";
    size_t start = 0;
    int have_command = 0;
    for (size_t i = 0; i <= lines->count; i++) {
        const char *next = i < lines->count ? prompt_command(ll_line_copy(lines, i, buf, sizeof buf)) : NULL;
        if (i == lines->count || next) {
            parse_output(im, d, file, lines, start, i, have_command ? command : NULL);
            if (next) {
                ll_copy_cut(command, sizeof command, ll_trim((char *)next), strlen(ll_trim((char *)next)));
                have_command = 1;
                start = i + 1;
            }
        }
    }
    return d;
}

/* Whether FILE_DUMP repeats a command PENDING already has: a !dumpmodule
 * -mt of another module is not a repeat, one of the same module is. */
static int repeats(const ll_windbg_dump *pending, const ll_windbg_dump *file_dump)
{
    unsigned common = pending->commands & file_dump->commands & ~(unsigned)LL_SOS_DUMPMODULE;
    if (common)
        return 1;
    const char *key;
    json_t *v;
    json_object_foreach(file_dump->module_listings, key, v) if (json_object_get(pending->module_listings, key)) return 1;
    return 0;
}

void ll_import_finish_dump(ll_import *im)
{
    if (!im->pending_dump)
        return;
    if (!ll_windbg_dump_empty(im->pending_dump))
        ll_windbg_dump_emit(im, im->pending_dump);
    ll_windbg_dump_free(im->pending_dump);
    im->pending_dump = NULL;
}

int ll_import_windbg_log(ll_import *im, const char *name, const ll_lines *lines, ll_error *err)
{
    ll_windbg_dump *d = parse_file(im, name, lines);
    if (!d) {
        ll_error_set(err, "%s: out of memory", name);
        return -1;
    }
    if (ll_windbg_dump_empty(d)) {
        ll_windbg_dump_free(d);
        ll_error_set(err, "%s: no known debugger output (!address -summary, !eeheap -gc, !eeheap -loader, "
                     "!dumpdomain, !dumpmodule -mt, !dumpheap -stat)", name);
        return -1;
    }
    if (im->pending_dump && !im->explicit_dump && repeats(im->pending_dump, d))
        ll_import_finish_dump(im);
    if (im->pending_dump)
        ll_windbg_dump_merge(im->pending_dump, d);
    else
        im->pending_dump = d;
    return 0;
}
