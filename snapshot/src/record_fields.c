/* Typed access to the fields of a parsed record, by dotted path, with error
 * messages that name the file, the line and the field: the reader's half of
 * "bad input gets a clear error". */
#include "leaklab/snapshot.h"

#include "flat_record.h"

#include <stdarg.h>
#include <string.h>

void ll_error_set(ll_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

/* The JSON of REC, parsing a flat record's line on first use. */
static json_t *record_json(const ll_record *rec)
{
    if (rec->json || !rec->flat)
        return rec->json;
    if (!rec->flat->json)
        rec->flat->json = json_loadb(rec->flat->line, rec->flat->line_len, 0, NULL);
    return rec->flat->json;
}

json_t *ll_record_find(const ll_record *rec, const char *path)
{
    json_t *node = record_json(rec);
    const char *part = path;
    while (node && *part) {
        const char *dot = strchr(part, '.');
        size_t len = dot ? (size_t)(dot - part) : strlen(part);
        node = json_is_object(node) ? json_object_getn(node, part, len) : NULL;
        part += len + (dot ? 1 : 0);
    }
    return json_is_null(node) ? NULL : node;
}

static int missing(const ll_record *rec, const char *path, ll_error *err)
{
    ll_error_set(err, "%s:%ld: field '%s': missing", rec->file, rec->line, path);
    return -1;
}

static int wrong_kind(const ll_record *rec, const char *path, const char *kind, ll_error *err)
{
    ll_error_set(err, "%s:%ld: field '%s': expected %s", rec->file, rec->line, path, kind);
    return -1;
}

/* The field of a flat record, or NULL (with ERR set) if absent or null. */
static const ll_flat_field *flat_field(const ll_record *rec, const char *path, ll_error *err)
{
    const ll_flat_field *f = ll_flat_record_field(rec->flat, path);
    if (!f || f->kind == LL_FLAT_NULL) {
        missing(rec, path, err);
        return NULL;
    }
    return f;
}

static json_t *require(const ll_record *rec, const char *path, int (*is_kind)(const json_t *),
                       const char *kind, ll_error *err)
{
    json_t *node = ll_record_find(rec, path);
    if (!node) {
        missing(rec, path, err);
        return NULL;
    }
    if (!is_kind(node)) {
        wrong_kind(rec, path, kind, err);
        return NULL;
    }
    return node;
}

static int is_integer(const json_t *j) { return json_is_integer(j); }
static int is_number(const json_t *j) { return json_is_number(j); }
static int is_string(const json_t *j) { return json_is_string(j); }
static int is_array(const json_t *j) { return json_is_array(j); }

int ll_record_get_int(const ll_record *rec, const char *path, json_int_t *out, ll_error *err)
{
    if (!rec->json && rec->flat) {
        const ll_flat_field *f = flat_field(rec, path, err);
        if (!f || f->kind != LL_FLAT_INT)
            return f ? wrong_kind(rec, path, "an integer", err) : -1;
        *out = f->integer;
        return 0;
    }
    json_t *node = require(rec, path, is_integer, "an integer", err);
    if (!node)
        return -1;
    *out = json_integer_value(node);
    return 0;
}

int ll_record_get_number(const ll_record *rec, const char *path, double *out, ll_error *err)
{
    if (!rec->json && rec->flat) {
        const ll_flat_field *f = flat_field(rec, path, err);
        if (!f || f->kind != LL_FLAT_INT)
            return f ? wrong_kind(rec, path, "a number", err) : -1;
        *out = (double)f->integer;
        return 0;
    }
    json_t *node = require(rec, path, is_number, "a number", err);
    if (!node)
        return -1;
    *out = json_number_value(node);
    return 0;
}

int ll_record_get_string(const ll_record *rec, const char *path, const char **out, ll_error *err)
{
    if (!rec->json && rec->flat) {
        const ll_flat_field *f = flat_field(rec, path, err);
        if (!f || f->kind != LL_FLAT_STRING)
            return f ? wrong_kind(rec, path, "a string", err) : -1;
        *out = f->string;
        return 0;
    }
    json_t *node = require(rec, path, is_string, "a string", err);
    if (!node)
        return -1;
    *out = json_string_value(node);
    return 0;
}

int ll_record_get_array(const ll_record *rec, const char *path, json_t **out, ll_error *err)
{
    return (*out = require(rec, path, is_array, "an array", err)) ? 0 : -1;
}
