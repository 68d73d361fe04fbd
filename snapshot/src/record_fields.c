/* Typed access to the fields of a parsed record, by dotted path, with error
 * messages that name the file, the line and the field: the reader's half of
 * "bad input gets a clear error". */
#include "leaklab/snapshot.h"

#include "flat_record.h"
#include "simd_doc.h"

#include <stdarg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void error_vset(ll_error *err, ll_error_code code, const char *fmt, va_list ap)
{
    if (!err)
        return;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    err->code = code;
}

void ll_error_set(ll_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(err, LL_ERROR_OTHER, fmt, ap);
    va_end(ap);
}

void ll_error_set_code(ll_error *err, ll_error_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(err, code, fmt, ap);
    va_end(ap);
}

/* The JSON of REC, parsing a fast-read record's line on first use. */
static json_t *record_json(const ll_record *rec)
{
    if (rec->json)
        return rec->json;
    if (rec->doc)
        return ll__simd_json(rec->doc);
    if (!rec->flat)
        return NULL;
    if (!rec->flat->json)
        rec->flat->json = json_loadb(rec->flat->line, rec->flat->line_len, 0, NULL);
    return rec->flat->json;
}

json_t *ll_record_json(const ll_record *rec)
{
    return record_json(rec);
}

const char *ll_record_text(const ll_record *rec, size_t *len)
{
    if (rec->doc)
        return ll__simd_line(rec->doc, len);
    if (rec->flat && !rec->json) {
        *len = rec->flat->line_len;
        return rec->flat->line;
    }
    *len = 0;
    return NULL;
}

/* The node at PATH (dotted) of REC's JSON, null included, or NULL. */
static json_t *json_at(const ll_record *rec, const char *path)
{
    json_t *node = record_json(rec);
    const char *part = path;
    while (node && *part) {
        const char *dot = strchr(part, '.');
        size_t len = dot ? (size_t)(dot - part) : strlen(part);
        node = json_is_object(node) ? json_object_getn(node, part, len) : NULL;
        part += len + (dot ? 1 : 0);
    }
    return node;
}

json_t *ll_record_find(const ll_record *rec, const char *path)
{
    json_t *node = json_at(rec, path);
    return json_is_null(node) ? NULL : node;
}

static ll_value json_value(const json_t *j)
{
    ll_value v = {.json = j};
    switch (j ? json_typeof(j) : JSON_NULL) {
    case JSON_OBJECT:
        v.kind = LL_VALUE_OBJECT;
        break;
    case JSON_ARRAY:
        v.kind = LL_VALUE_ARRAY;
        break;
    case JSON_STRING:
        v.kind = LL_VALUE_STRING;
        v.string = json_string_value(j);
        break;
    case JSON_INTEGER:
        v.kind = LL_VALUE_INTEGER;
        v.integer = json_integer_value(j);
        v.number = (double)v.integer;
        break;
    case JSON_REAL:
        v.kind = LL_VALUE_REAL;
        v.number = json_real_value(j);
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        v.kind = LL_VALUE_BOOLEAN;
        v.integer = json_is_true(j);
        break;
    case JSON_NULL:
        v.kind = j ? LL_VALUE_NULL : LL_VALUE_ABSENT;
        break;
    }
    return v;
}

static int count_member(const char *key, const ll_value *value, void *n)
{
    (void)key;
    (void)value;
    (*(size_t *)n)++;
    return 0;
}

static int count_item(const ll_value *item, void *n)
{
    return count_member(NULL, item, n);
}

size_t ll_value_count(const ll_value *v)
{
    size_t n = 0;
    if (v->kind == LL_VALUE_OBJECT)
        ll_value_each_member(v, count_member, &n);
    else if (v->kind == LL_VALUE_ARRAY)
        ll_value_each_item(v, count_item, &n);
    return n;
}

const char *ll_value_string(const ll_value *v)
{
    return v->kind == LL_VALUE_STRING ? v->string : NULL;
}

double ll_value_number(const ll_value *v)
{
    return v->kind == LL_VALUE_INTEGER || v->kind == LL_VALUE_REAL ? v->number : NAN;
}

const char *ll_record_string(const ll_record *rec, const char *path)
{
    ll_value v = ll_record_value(rec, path);
    return ll_value_string(&v);
}

double ll_record_number(const ll_record *rec, const char *path)
{
    ll_value v = ll_record_value(rec, path);
    return ll_value_number(&v);
}

ll_value ll_value_of_json(const json_t *j)
{
    return json_value(j);
}

ll_record *ll_record_copy(const ll_record *rec)
{
    json_t *json = record_json(rec);
    ll_record *copy = calloc(1, sizeof *copy);
    char *file = strdup(rec->file ? rec->file : "");
    if (!json || !copy || !file) {
        free(copy);
        free(file);
        return NULL;
    }
    *copy = (ll_record){.type = rec->type, .json = json_incref(json), .file = file, .line = rec->line};
    return copy;
}

void ll_record_free(ll_record *rec)
{
    if (!rec)
        return;
    json_decref(rec->json);
    free((char *)rec->file);
    free(rec);
}

/* A flat record's field FIELD (or none) as a value, written straight
 * into the caller's slot: built in a local and copied out, each field read
 * stalled on its copy (a third of an assembly-heavy read's lookups). */
static ll_value flat_value(const ll_flat_field *f)
{
    if (!f)
        return (ll_value){.kind = LL_VALUE_ABSENT};
    return (ll_value){
        .kind = f->kind == LL_FLAT_INT ? LL_VALUE_INTEGER : f->kind == LL_FLAT_STRING ? LL_VALUE_STRING : LL_VALUE_NULL,
        .integer = f->integer,
        .number = (double)f->integer,
        .string = f->string,
    };
}

ll_value ll_record_value(const ll_record *rec, const char *path)
{
    if (!rec)
        return (ll_value){.kind = LL_VALUE_ABSENT};
    if (rec->doc)
        return ll__simd_value(rec->doc, path);
    if (!rec->json && rec->flat && path[0] && !strchr(path, '.')) /* flat records have no nesting */
        return flat_value(ll__flat_record_field(rec->flat, path));
    return json_value(json_at(rec, path));
}

int ll_value_each_member(const ll_value *object, ll_member_visitor visit, void *ctx)
{
    if (object->kind != LL_VALUE_OBJECT)
        return 0;
    if (!object->json)
        return ll__simd_each_member(object, visit, ctx);
    const char *key;
    json_t *member;
    json_object_foreach((json_t *)object->json, key, member) {
        ll_value v = json_value(member);
        int rc = visit(key, &v, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

ll_value ll_value_member(const ll_value *object, const char *key)
{
    if (object->kind != LL_VALUE_OBJECT)
        return (ll_value){.kind = LL_VALUE_ABSENT};
    if (!object->json)
        return ll__simd_member(object, key);
    return json_value(json_object_get(object->json, key));
}

int ll_value_each_item(const ll_value *array, ll_item_visitor visit, void *ctx)
{
    if (array->kind != LL_VALUE_ARRAY)
        return 0;
    if (!array->json)
        return ll__simd_each_item(array, visit, ctx);
    size_t i;
    json_t *item;
    json_array_foreach((json_t *)array->json, i, item) {
        ll_value v = json_value(item);
        int rc = visit(&v, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

/* The value at PATH, or ABSENT after ERR names the missing field (a null
 * is missing too). */
static ll_value present(const ll_record *rec, const char *path, ll_error *err)
{
    ll_value v = ll_record_value(rec, path);
    if (v.kind == LL_VALUE_ABSENT || v.kind == LL_VALUE_NULL) {
        ll_error_set(err, "%s:%ld: field '%s': missing", rec->file, rec->line, path);
        v.kind = LL_VALUE_ABSENT;
    }
    return v;
}

static int wrong_kind(const ll_record *rec, const char *path, const char *kind, ll_error *err)
{
    ll_error_set(err, "%s:%ld: field '%s': expected %s", rec->file, rec->line, path, kind);
    return -1;
}

int ll_record_get_int(const ll_record *rec, const char *path, json_int_t *out, ll_error *err)
{
    ll_value v = present(rec, path, err);
    if (v.kind != LL_VALUE_INTEGER)
        return v.kind == LL_VALUE_ABSENT ? -1 : wrong_kind(rec, path, "an integer", err);
    *out = v.integer;
    return 0;
}

int ll_record_get_number(const ll_record *rec, const char *path, double *out, ll_error *err)
{
    ll_value v = present(rec, path, err);
    if (v.kind != LL_VALUE_INTEGER && v.kind != LL_VALUE_REAL)
        return v.kind == LL_VALUE_ABSENT ? -1 : wrong_kind(rec, path, "a number", err);
    *out = v.number;
    return 0;
}

int ll_record_get_string(const ll_record *rec, const char *path, const char **out, ll_error *err)
{
    ll_value v = present(rec, path, err);
    if (v.kind != LL_VALUE_STRING)
        return v.kind == LL_VALUE_ABSENT ? -1 : wrong_kind(rec, path, "a string", err);
    *out = v.string;
    return 0;
}

int ll_record_get_array(const ll_record *rec, const char *path, json_t **out, ll_error *err)
{
    json_t *node = ll_record_find(rec, path);
    if (!node) {
        ll_error_set(err, "%s:%ld: field '%s': missing", rec->file, rec->line, path);
        return -1;
    }
    if (!json_is_array(node))
        return wrong_kind(rec, path, "an array", err);
    *out = node;
    return 0;
}
