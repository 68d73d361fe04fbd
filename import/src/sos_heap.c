/* The GC heap's statistics: `!dumpheap -stat` (WinDbg, dotnet-dump,
 * lldb; headerless, thousands separators) and `dotnet-gcdump report`, read
 * as one. See sos_parsers.h. */
#include "sos_parsers.h"
#include "key_table.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* The largest figure a series holds exactly (a double's 2^53). */
#define MAX_FIGURE 9007199254740992LL

/* Whether TEXT is a figure of digits and separators too big to read. */
static int heap_figure_too_big(const char *text)
{
    size_t digits = 0;
    for (const char *p = text; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits++;
        else if (*p != ',')
            return 0;
    }
    return digits > 16;
}

/* One "MT Count TotalSize Class Name" row; 0 and the figures if LINE is
 * one, -2 if it is one whose figures are past 2^53, -1 if not one. */
static int heap_row(const char *line, long long *count, long long *size, const char **type)
{
    char mt[64], c[32], s[32];
    int at = 0;
    if (!isxdigit((unsigned char)line[0]))
        return -1;
    if (sscanf(line, "%63s %31s %31s %n", mt, c, s, &at) != 3 || !at || ll__parse_hex(mt) < 0 || !line[at])
        return -1;
    *count = heap_figure(c);
    *size = heap_figure(s);
    *type = line + at;
    if ((*count < 0 && heap_figure_too_big(c)) || (*size < 0 && heap_figure_too_big(s)) || *count > MAX_FIGURE ||
        *size > MAX_FIGURE)
        return -2;
    return *count >= 0 && *size >= 0 ? 0 : -1;
}

/* Rows one !dumpheap -stat keeps: a real heap lists thousands of types
 * (the customer's, tens of thousands of generated ones). Past MAX_ROWS, or
 * MAX_NAME_BYTES of type names, rows of one type name are merged (the
 * MethodTables they stand for counted in method_tables), then the types
 * with the fewest bytes let go, with a warning: memory stays bounded on
 * any input, and the dump's record under the reader's limit. */
#define MAX_ROWS 100000
#define MAX_NAME_BYTES (24 << 20)

struct heap_entry {
    char *type;
    uint64_t key; /* the hash of TYPE: rows are merged by it */
    long long count, size, tables;
};

struct heap_table {
    struct heap_entry *rows;
    size_t count, cap, name_bytes;
    size_t read, dropped;
    long long dropped_bytes;
    int merged, failed;
};

static int by_name(const void *a, const void *b)
{
    const struct heap_entry *x = a, *y = b;
    return x->key != y->key ? (x->key < y->key ? -1 : 1) : strcmp(x->type, y->type);
}

static int most_bytes_first(const void *a, const void *b)
{
    long long x = ((const struct heap_entry *)a)->size, y = ((const struct heap_entry *)b)->size;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Merges rows of one name, then, still over half the bound, keeps the
 * half with the most bytes. */
static void compact(struct heap_table *t)
{
    qsort(t->rows, t->count, sizeof *t->rows, by_name);
    size_t kept = 0;
    for (size_t i = 0; i < t->count; i++) {
        struct heap_entry *last = kept ? &t->rows[kept - 1] : NULL;
        if (last && last->key == t->rows[i].key && strcmp(last->type, t->rows[i].type) == 0) {
            last->count = ll__add_saturating(last->count, t->rows[i].count);
            last->size = ll__add_saturating(last->size, t->rows[i].size);
            last->tables += t->rows[i].tables;
            t->name_bytes -= strlen(t->rows[i].type);
            free(t->rows[i].type);
            t->merged = 1;
        } else {
            t->rows[kept++] = t->rows[i];
        }
    }
    t->count = kept;
    if (t->count <= MAX_ROWS / 2 && t->name_bytes <= MAX_NAME_BYTES / 2)
        return;
    qsort(t->rows, t->count, sizeof *t->rows, most_bytes_first);
    while (t->count > 0 && (t->count > MAX_ROWS / 2 || t->name_bytes > MAX_NAME_BYTES / 2)) {
        struct heap_entry *e = &t->rows[--t->count];
        t->dropped += (size_t)e->tables;
        t->dropped_bytes = ll__add_saturating(t->dropped_bytes, e->size);
        t->name_bytes -= strlen(e->type);
        free(e->type);
    }
}

static void add_entry(struct heap_table *t, const char *type, long long count, long long size)
{
    t->read++;
    if (t->count == MAX_ROWS || t->name_bytes > MAX_NAME_BYTES)
        compact(t);
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        struct heap_entry *grown = realloc(t->rows, cap * sizeof *grown);
        if (!grown) {
            t->failed = 1;
            return;
        }
        t->rows = grown;
        t->cap = cap;
    }
    struct heap_entry *e = &t->rows[t->count];
    if (!(e->type = strdup(type))) {
        t->failed = 1;
        return;
    }
    e->key = ll__key_hash(type);
    e->count = count;
    e->size = size;
    e->tables = 1;
    t->name_bytes += strlen(type);
    t->count++;
}

/* The rows as the snapshot holds them (the table freed). */
static json_t *table_rows(struct heap_table *t)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < t->count; i++) {
        json_t *row = ll_record_type_row(t->rows[i].type, t->rows[i].count, t->rows[i].size);
        if (row && t->rows[i].tables > 1)
            json_object_set_new(row, LL_FIELD_DUMPHEAP_METHOD_TABLES, json_integer(t->rows[i].tables));
        if (!row || json_array_append_new(rows, row) < 0)
            t->failed = 1;
        free(t->rows[i].type);
    }
    free(t->rows);
    return rows;
}

/* Where a second !dumpheap -stat table starts in [FROM, TO), or TO: a row
 * of a type the table already listed, after something that is not a row
 * (a blank line, a date, a header). Users paste two tails taken days apart
 * one below the other, without prompts; read as one table, their counts
 * would be summed. A "..." is a cut inside one table, not a break; one
 * table may list a type name twice (two assemblies), but never across a
 * break. The second table starts right after the first one's last row and
 * its "Total N objects". */
size_t ll__sos_heap_table_restart(const ll_lines *l, size_t from, size_t to)
{
    char buf[LINE_MAX_LEN];
    long long count, size;
    const char *type;
    json_t *seen = json_object();
    size_t after_rows = from;
    int broken = 0;
    for (size_t i = from; i < to; i++) {
        char *line = ll__trim(ll__line_copy(l, i, buf, sizeof buf));
        if (heap_row(line, &count, &size, &type) < 0) {
            if (ll__starts_with(line, "Total ") && strstr(line, "objects") && !broken)
                after_rows = i + 1;
            broken |= strcmp(line, "...") != 0 && strcmp(line, "[...]") != 0;
            continue;
        }
        if (broken && json_object_get(seen, type)) {
            json_decref(seen);
            return after_rows;
        }
        json_object_set_new(seen, type, json_true());
        after_rows = i + 1;
        broken = 0;
    }
    json_decref(seen);
    return to;
}

/* !dumpheap -stat from WinDbg, dotnet-dump or lldb: after its header, or
 * without one (a table copied from the middle) when the output is the
 * command's or is mostly such rows; "..." or "[...]" where a user cut it;
 * "Total N objects" at the end. */
/* Whether a !dumpheap -stat header has the columns the rows are read by,
 * in their order: MT, Count, TotalSize, Class Name. */
static int columns_as_expected(const char *header)
{
    const char *count = strstr(header, "Count"), *size = strstr(header, "TotalSize"),
               *name = strstr(header, "Class Name");
    return count && size && name && count < size && size < name;
}

/* Where a user cut rows out of a table: "...", "[...]", "... and more". */
static int is_cut_mark(const char *line)
{
    return ll__starts_with(line, "...") || strcmp(line, "[...]") == 0 || strcmp(line, "and more") == 0;
}

/* Whether the table in [FROM, TO) sums up an object listing before it
 * ("Address MT Size" and its rows): !dumpheap -type or -mt, whose
 * statistics count only the types listed, not the heap. dotnet-dump's -c
 * sessions echo no command: the listing says which it was (a plain
 * !dumpheap, which lists the whole heap, reads as such too). */
static int sums_up_a_listing(const ll_lines *l, size_t from, size_t to)
{
    char buf[LINE_MAX_LEN];
    for (size_t i = from; i < to; i++) {
        char *line = ll__trim(ll__line_copy(l, i, buf, sizeof buf));
        if (ll__starts_with(line, "Address") && strstr(line, "MT") && strstr(line, "Size"))
            return 1;
        if (ll__starts_with(line, "MT") && strstr(line, "Class Name"))
            return 0;
    }
    return 0;
}

static void parse_dumpheap(const ll_sos_output *o, const char *command)
{
    ll_windbg_dump *d = o->dump;
    const ll_lines *l = o->lines;
    size_t from = o->from, to = o->to;
    char buf[LINE_MAX_LEN];
    long long count, size;
    const char *type;
    size_t rows = 0, lines = 0;
    for (size_t i = from; i < to && !command; i++) {
        char *line = ll__trim(ll__line_copy(l, i, buf, sizeof buf));
        lines += *line != '\0';
        rows += heap_row(line, &count, &size, &type) == 0;
    }
    int headerless = (command && ll__contains(command, "dumpheap")) || (!command && rows >= 3 && rows * 2 >= lines);
    int some_types = command ? ll__contains(command, "-type") || ll__contains(command, "-mt")
                             : sums_up_a_listing(l, from, to);
    int in_table = headerless;
    struct heap_table found = {0};
    size_t first_row = 0;
    long long total = 0;
    int cut = 0;
    for (size_t i = from; i < to; i++) {
        char *line = ll__trim(ll__line_copy(l, i, buf, sizeof buf));
        if (ll__starts_with(line, "MT") && (strstr(line, "Class Name") || strstr(line, "TotalSize"))) {
            in_table = columns_as_expected(line);
            if (!in_table)
                ll__import_warn(o->im, o->file, i + 1, "!dumpheap -stat: columns not in the order MT, Count, "
                               "TotalSize, Class Name: the table is not read (its figures would land in the wrong "
                               "places)");
            headerless = 0;
            continue;
        }
        if (ll__starts_with(line, "Total ") && strstr(line, "objects")) {
            char n[32];
            if (in_table && !some_types && sscanf(line, "Total %31s", n) == 1)
                d->dumpheap_objects = heap_figure(n);
            in_table = headerless;
            continue;
        }
        int row = in_table ? heap_row(line, &count, &size, &type) : -1;
        if (row == -2) {
            ll__import_warn(o->im, o->file, i + 1, "!dumpheap -stat: a row whose count or size is past 2^53 (no heap "
                            "holds that many): skipped");
        } else if (row == 0) {
            first_row = found.read ? first_row : i + 1;
            add_entry(&found, type, count, size);
            total = ll__add_saturating(total, size);
        } else if (in_table && found.read && is_cut_mark(line)) {
            cut = 1;
        }
    }
    if (found.merged || found.dropped)
        compact(&found); /* the rows after the last merge too */
    if (found.merged || found.dropped)
        ll__import_warn(o->im, o->file, first_row, "!dumpheap -stat: %zu rows, over the %d a dump keeps: rows of one "
                        "type name merged (method_tables counts them)%s; the total still counts every row", found.read,
                        MAX_ROWS, found.dropped ? ", and the types with the fewest bytes left out" : "");
    if (found.dropped)
        ll__import_warn(o->im, o->file, first_row, "!dumpheap -stat: %zu rows left out, %lld bytes in all",
                        found.dropped, found.dropped_bytes);
    json_t *kept = table_rows(&found);
    if (found.failed)
        ll__import_warn(o->im, o->file, first_row, "out of memory: part of the !dumpheap -stat rows were not read");
    if (!json_array_size(kept)) {
        json_decref(kept);
        return;
    }
    if (some_types) {
        ll__windbg_dump_add_type_rows(d, kept);
        json_decref(kept);
        return;
    }
    json_decref(d->dumpheap);
    d->dumpheap = kept;
    d->dumpheap_total = total;
    d->dumpheap_cut = cut;
    d->commands |= LL_SOS_DUMPHEAP;
}

/* The type a `dotnet-gcdump report` row counts, without its size class
 * (" (Bytes > 100K)") and module ("  [System.Private.CoreLib.dll]"). */
static void gcdump_type(const char *text, char *out, size_t len)
{
    ll__copy_cut(out, len, text, strlen(text));
    char *cut = strstr(out, " (Bytes >");
    if (cut)
        *cut = '\0';
    if ((cut = strstr(out, "  [")))
        *cut = '\0';
    ll__trim(out);
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
        char *line = ll__trim(ll__line_copy(l, i, buf, sizeof buf));
        if (strstr(line, "GC Heap bytes") && sscanf(line, "%31s", n1) == 1)
            heap_bytes = heap_figure(n1);
        else if (strstr(line, "GC Heap objects") && sscanf(line, "%31s", n1) == 1)
            d->dumpheap_objects = heap_figure(n1);
        else if (ll__starts_with(line, "Object Bytes") && strstr(line, "Type"))
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
            json_object_set_new(row, "count", json_integer(ll__add_saturating(json_integer_value(json_object_get(row, "count")), count)));
            json_object_set_new(row, "size", json_integer(ll__add_saturating(json_integer_value(json_object_get(row, "size")), bytes)));
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


void ll__sos_parse_heap(const ll_sos_output *o, const char *command, ll_sos_whose whose)
{
    if (whose == LL_SOS_MINE)
        parse_dumpheap(o, command);
    if (whose == LL_SOS_ANYONES) {
        parse_dumpheap(o, command);
        parse_gcdump_report(o->dump, o->lines, o->from, o->to);
    }
}
