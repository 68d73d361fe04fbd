/* The fast path for writing the most numerous record, "assembly": a
 * !dumpdomain of 300,000 in-memory assemblies is 300,000 of them, and
 * building and serialising each through jansson was most of an import's
 * time. The line is written directly when every string in it is plain
 * (printable ASCII with no quote or backslash: nothing to escape, what the
 * flat scanner of flat_record.c reads back without jansson); otherwise the
 * caller uses ll_record_assembly. The output is the same bytes jansson's
 * JSON_COMPACT gives the builder's object. */
#include "leaklab/snapshot.h"

#include "flat_record.h"

#include <stdio.h>
#include <string.h>

static int plain(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (!ll_flat_plain_byte(*p) || *p == '"')
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
