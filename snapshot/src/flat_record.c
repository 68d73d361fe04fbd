/* The flat-record scanner; see flat_record.h for why it exists and what it
 * declines. */
#include "flat_record.h"

#include <stdlib.h>
#include <string.h>

/* Scans a plain string starting after its opening quote at *P; on success
 * NUL-terminates it in place and leaves *P after the closing quote. */
static const char *scan_string(char **p, const char *end)
{
    char *start = *p;
    for (char *c = start; c < end; c++) {
        unsigned char ch = (unsigned char)*c;
        if (ch == '"') {
            *c = '\0';
            *p = c + 1;
            return start;
        }
        if (!ll__flat_plain_byte(ch))
            return NULL;
    }
    return NULL;
}

static int scan_integer(char **p, const char *end, json_int_t *out)
{
    char *c = *p;
    int negative = c < end && *c == '-';
    c += negative;
    char *digits = c;
    json_int_t v = 0;
    while (c < end && *c >= '0' && *c <= '9' && c - digits < 18)
        v = v * 10 + (*c++ - '0');
    if (c == digits || (c < end && ((*c >= '0' && *c <= '9') || *c == '.' || *c == 'e' || *c == 'E')) ||
        (*digits == '0' && c - digits > 1))
        return -1;
    *out = negative ? -v : v;
    *p = c;
    return 0;
}

static int scan_value(ll_flat_field *f, char **p, const char *end)
{
    if (**p == '"') {
        (*p)++;
        f->kind = LL_FLAT_STRING;
        return (f->string = scan_string(p, end)) ? 0 : -1;
    }
    if (end - *p >= 4 && memcmp(*p, "null", 4) == 0) {
        f->kind = LL_FLAT_NULL;
        *p += 4;
        return 0;
    }
    f->kind = LL_FLAT_INT;
    return scan_integer(p, end, &f->integer);
}

/* Whether a field before the last has the last one's key: lengths and
 * first bytes compared first, as a record has a dozen keys. */
static int key_repeated(const struct ll_flat_record *r)
{
    const ll_flat_field *last = &r->fields[r->count];
    for (size_t i = 0; i < r->count; i++)
        if (r->fields[i].key_len == last->key_len && r->fields[i].key[0] == last->key[0] &&
            memcmp(r->fields[i].key, last->key, last->key_len) == 0)
            return 1;
    return 0;
}

int ll__flat_record_scan(struct ll_flat_record *r, const char *line, size_t len)
{
    if (len < 2 || line[0] != '{' || line[len - 1] != '}')
        return -1;
    if (len + 1 > r->copy_cap) {
        char *copy = realloc(r->copy, len + 1);
        if (!copy)
            return -1;
        r->copy = copy;
        r->copy_cap = len + 1;
    }
    memcpy(r->copy, line, len);
    r->copy[len] = '\0';
    r->line = line;
    r->line_len = len;
    r->count = 0;
    char *p = r->copy + 1, *end = r->copy + len - 1;
    while (p < end) {
        if (r->count == LL_FLAT_MAX_FIELDS || *p++ != '"')
            return -1;
        ll_flat_field *f = &r->fields[r->count];
        if (!(f->key = scan_string(&p, end)))
            return -1;
        f->key_len = (size_t)(p - 1 - f->key);
        if (p >= end || *p++ != ':' || key_repeated(r) || scan_value(f, &p, end) < 0)
            return -1;
        r->count++;
        if (p < end && *p++ != ',')
            return -1;
        if (p == end && p[-1] == ',')
            return -1;
    }
    return r->count > 0 ? 0 : -1;
}

const ll_flat_field *ll__flat_record_field(const struct ll_flat_record *r, const char *key)
{
    /* Comparing the first byte first: this runs several times per line. */
    for (size_t i = 0; i < r->count; i++)
        if (r->fields[i].key[0] == key[0] && strcmp(r->fields[i].key, key) == 0)
            return &r->fields[i];
    return NULL;
}

void ll__flat_record_reset(struct ll_flat_record *r)
{
    json_decref(r->json);
    r->json = NULL;
}
