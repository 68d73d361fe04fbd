/* Internal: the fast path for flat records. Most lines of a large snapshot
 * file are "assembly", "unload" and "iteration" records: flat objects of
 * integers and plain strings. Parsing them with jansson costs more than
 * everything else the analyzer does, so the reader first tries this
 * scanner, which accepts only that simple subset of JSON and declines
 * anything else (escapes, non-ASCII, floats, nesting, whitespace,
 * duplicate keys), leaving it to jansson. A declined line is never an
 * error: it is parsed the slow, general way. */
#ifndef LEAKLAB_FLAT_RECORD_H
#define LEAKLAB_FLAT_RECORD_H

#include <jansson.h>
#include <stddef.h>

#define LL_FLAT_MAX_FIELDS 16

/* A byte a plain string may hold: printable ASCII but the backslash
 * (the quote ends it). Plain strings are read and written without
 * escapes. */
static inline int ll__flat_plain_byte(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '\\';
}

typedef enum { LL_FLAT_INT, LL_FLAT_STRING, LL_FLAT_NULL } ll_flat_kind;

typedef struct ll_flat_field {
    const char *key;     /* NUL-terminated, inside the record's copy */
    size_t key_len;
    ll_flat_kind kind;
    json_int_t integer;
    const char *string;  /* NUL-terminated, inside the record's copy */
} ll_flat_field;

struct ll_flat_record {
    ll_flat_field fields[LL_FLAT_MAX_FIELDS];
    size_t count;
    char *copy;          /* the line with each string NUL-terminated */
    size_t copy_cap;
    const char *line;    /* the original line, for ll_record_find */
    size_t line_len;
    json_t *json;        /* parsed from LINE on demand, or NULL */
};

/* Scans LINE (LEN bytes, without its newline) into R. Returns 0, or -1 if
 * the line is not a flat record (R is then meaningless). */
int ll__flat_record_scan(struct ll_flat_record *r, const char *line, size_t len);
/* The field named KEY, or NULL. */
const ll_flat_field *ll__flat_record_field(const struct ll_flat_record *r, const char *key);
/* Releases the lazily parsed JSON of the previous line. */
void ll__flat_record_reset(struct ll_flat_record *r);

#endif
