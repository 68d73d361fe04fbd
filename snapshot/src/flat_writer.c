/* The fast paths for writing what is most numerous:
 * - the "assembly" record: a !dumpdomain of 300,000 in-memory assemblies
 *   is 300,000 of them, and building and serialising each through jansson
 *   was most of an import's time. The line is written directly when every
 *   string in it is plain (printable ASCII with no quote or backslash:
 *   nothing to escape, what the flat scanner of flat_record.c reads back
 *   without jansson); otherwise the caller uses ll_record_assembly. The
 *   output is the same bytes jansson's JSON_COMPACT gives the builder's
 *   object.
 * - a snapshot's "dumpheap" rows, hundreds per heap-shot: serialised here
 *   (a name that needs escaping through jansson), after the rest of the
 *   record, which jansson serialises; the serialisation was a sixth of a
 *   snapshot's cost. */
#include "leaklab/snapshot.h"

#include "flat_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int plain(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (!ll__flat_plain_byte(*p) || *p == '"')
            return 0;
    return 1;
}

/* Appends to a line being built; FULL is set when it would overflow. */
typedef struct line_builder {
    char *at, *end;
    int full;
} line_builder;

static void append(line_builder *b, const char *text)
{
    size_t n = strlen(text);
    if (b->full || (size_t)(b->end - b->at) <= n) {
        b->full = 1;
        return;
    }
    memcpy(b->at, text, n);
    b->at += n;
}

static void append_integer(line_builder *b, json_int_t v)
{
    char digits[24];
    snprintf(digits, sizeof digits, "%" JSON_INTEGER_FORMAT, v);
    append(b, digits);
}

/* A plain string's value in quotes, or null. */
static void append_string(line_builder *b, const char *s)
{
    append(b, s ? "\"" : "null");
    if (s) {
        append(b, s);
        append(b, "\"");
    }
}

size_t ll_record_assembly_line(char *buf, size_t len, json_int_t id, json_t *domain, json_int_t iteration,
                               const char *name, const char *version, const char *origin, const char *path,
                               json_int_t typeset)
{
    const char *domain_name = json_string_value(domain);
    if ((!json_is_integer(domain) && (!domain_name || !plain(domain_name))) || !plain(name) || !plain(version) ||
        !plain(origin) || (path && !plain(path)))
        return 0;
    line_builder b = {buf, buf + len, 0};
    append(&b, "{\"type\":\"");
    append(&b, ll_record_type_name(LL_RECORD_ASSEMBLY));
    append(&b, "\",\"id\":");
    append_integer(&b, id);
    append(&b, ",\"domain\":");
    if (domain_name)
        append_string(&b, domain_name);
    else
        append_integer(&b, json_integer_value(domain));
    append(&b, ",\"iteration\":");
    append_integer(&b, iteration);
    append(&b, ",\"name\":");
    append_string(&b, name);
    append(&b, ",\"version\":");
    append_string(&b, version);
    append(&b, ",\"origin\":");
    append_string(&b, origin);
    append(&b, ",\"path\":");
    append_string(&b, path);
    append(&b, ",\"typeset\":");
    append_integer(&b, typeset);
    append(&b, "}");
    return b.full ? 0 : (size_t)(b.at - buf);
}

/* TEXT's JSON string as jansson writes it, appended to OUT: plain text as
 * it is, anything else through jansson. */
static int write_json_string(FILE *out, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p && *p >= 0x20 && *p != '"' && *p != '\\')
        p++;
    if (!*p)
        return fprintf(out, "\"%s\"", text) < 0 ? -1 : 0;
    json_t *s = json_string(text);
    int rc = s ? json_dumpf(s, out, JSON_ENCODE_ANY) : -1;
    json_decref(s);
    return rc;
}

static int write_type_rows(FILE *out, const json_t *rows)
{
    size_t i;
    const json_t *row;
    fputs(",\"" LL_FIELD_DUMPHEAP "\":[", out);
    json_array_foreach(rows, i, row) {
        json_t *type = json_object_get(row, LL_FIELD_DUMPHEAP_TYPE), *count = json_object_get(row, LL_FIELD_DUMPHEAP_COUNT),
               *size = json_object_get(row, LL_FIELD_DUMPHEAP_SIZE);
        if (json_object_size(row) != 3 || !json_is_string(type) || !json_is_integer(count) || !json_is_integer(size))
            return -1;
        fputs(i ? ",{\"" LL_FIELD_DUMPHEAP_TYPE "\":" : "{\"" LL_FIELD_DUMPHEAP_TYPE "\":", out);
        if (write_json_string(out, json_string_value(type)) < 0)
            return -1;
        fprintf(out, ",\"" LL_FIELD_DUMPHEAP_COUNT "\":%" JSON_INTEGER_FORMAT ",\"" LL_FIELD_DUMPHEAP_SIZE
                     "\":%" JSON_INTEGER_FORMAT "}",
                json_integer_value(count), json_integer_value(size));
    }
    fputs("]}", out);
    return 0;
}

char *ll_record_line(const json_t *record, size_t *len)
{
    /* Ten significant digits: enough for byte counts and times, and the
     * lines stay short. */
    const size_t flags = JSON_COMPACT | JSON_REAL_PRECISION(10);
    json_t *rows = json_object_get(record, LL_FIELD_DUMPHEAP), *rest = NULL;
    if (!json_is_array(rows) || !(rest = json_copy((json_t *)record)) || json_object_del(rest, LL_FIELD_DUMPHEAP) < 0 ||
        json_object_size(rest) == 0) {
        json_decref(rest);
        char *text = json_dumps(record, flags);
        *len = text ? strlen(text) : 0;
        return text;
    }
    char *text = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&text, &n);
    int rc = out ? json_dumpf(rest, out, flags) : -1;
    json_decref(rest);
    if (rc == 0 && fflush(out) == 0 && n > 0 && text[n - 1] == '}') {
        fseek(out, -1, SEEK_CUR); /* the closing brace, written after the rows */
        rc = write_type_rows(out, rows);
    } else {
        rc = -1;
    }
    if (!out || fclose(out) != 0 || rc < 0) {
        free(text);
        text = json_dumps(record, flags); /* a row of another shape: jansson writes it as it is */
        n = text ? strlen(text) : 0;
    }
    *len = n;
    return text;
}
