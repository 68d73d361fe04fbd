/* Typed reads of a JSON document's fields: see json_reader.h. */
#include "json_reader.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ll__jr_fail(jr_reader *rd, const char *key, const char *expected)
{
    if (rd->failed++)
        return;
    ll_error_set(rd->err, "%s: field '%s%s%s': expected %s", rd->name, rd->path, rd->path[0] ? "." : "", key, expected);
}

/* Enters the object KEY for the path of messages; leave with ll__jr_leave(). */
size_t ll__jr_enter(jr_reader *rd, const char *key)
{
    size_t len = strlen(rd->path);
    snprintf(rd->path + len, sizeof rd->path - len, "%s%s", len ? "." : "", key);
    return len;
}

void ll__jr_leave(jr_reader *rd, size_t len)
{
    rd->path[len] = '\0';
}

json_t *ll__jr_member(jr_reader *rd, const json_t *obj, const char *key, int (*is)(const json_t *), const char *expected)
{
    json_t *v = json_object_get(obj, key);
    if (!v || !is(v)) {
        ll__jr_fail(rd, key, expected);
        return NULL;
    }
    return v;
}

static int is_number(const json_t *v) { return json_is_number(v); }
static int is_integer(const json_t *v) { return json_is_integer(v); }
static int is_string(const json_t *v) { return json_is_string(v); }
static int is_boolean(const json_t *v) { return json_is_boolean(v); }
int ll__jr_is_object(const json_t *v) { return json_is_object(v); }
int ll__jr_is_array(const json_t *v) { return json_is_array(v); }
int ll__jr_is_object_or_null(const json_t *v) { return json_is_object(v) || json_is_null(v); }
int ll__jr_is_number_or_null(const json_t *v) { return json_is_number(v) || json_is_null(v); }

double ll__jr_number(jr_reader *rd, const json_t *obj, const char *key)
{
    json_t *v = ll__jr_member(rd, obj, key, is_number, "a number");
    return v ? json_number_value(v) : NAN;
}

/* A number, or null (NAN). */
double ll__jr_number_or_nan(jr_reader *rd, const json_t *obj, const char *key)
{
    json_t *v = ll__jr_member(rd, obj, key, ll__jr_is_number_or_null, "a number or null");
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* An optional number: absent gives NAN. */
double ll__jr_optional_number(jr_reader *rd, const json_t *obj, const char *key)
{
    return json_object_get(obj, key) ? ll__jr_number(rd, obj, key) : NAN;
}

long ll__jr_integer(jr_reader *rd, const json_t *obj, const char *key)
{
    json_t *v = ll__jr_member(rd, obj, key, is_integer, "a whole number");
    return v ? (long)json_integer_value(v) : 0;
}

int ll__jr_boolean(jr_reader *rd, const json_t *obj, const char *key)
{
    return json_is_true(ll__jr_member(rd, obj, key, is_boolean, "true or false"));
}

char *ll__jr_string(jr_reader *rd, const json_t *obj, const char *key)
{
    json_t *v = ll__jr_member(rd, obj, key, is_string, "a string");
    return v ? strdup(json_string_value(v)) : NULL;
}

/* An optional string: absent or null gives NULL. */
char *ll__jr_optional_string(jr_reader *rd, const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        ll__jr_fail(rd, key, "a string");
        return NULL;
    }
    return strdup(json_string_value(v));
}

void ll__jr_pair(jr_reader *rd, const json_t *obj, const char *key, double out[2])
{
    json_t *v = ll__jr_member(rd, obj, key, ll__jr_is_array, "[low, high]");
    if (v && (json_array_size(v) != 2 || !json_is_number(json_array_get(v, 0)) ||
              !json_is_number(json_array_get(v, 1)))) {
        ll__jr_fail(rd, key, "[low, high]");
        return;
    }
    out[0] = json_number_value(json_array_get(v, 0));
    out[1] = json_number_value(json_array_get(v, 1));
}

/* Index of NAME in NAMES, or -1 after failing on KEY. */
int ll__jr_one_of(jr_reader *rd, const json_t *obj, const char *key, const char *(*name_of)(int), int count)
{
    json_t *v = ll__jr_member(rd, obj, key, is_string, "a string");
    for (int i = 0; v && i < count; i++)
        if (strcmp(json_string_value(v), name_of(i)) == 0)
            return i;
    if (v)
        ll__jr_fail(rd, key, "one of the names README.md lists");
    return -1;
}

const char *ll__jr_verdict_name(int i) { return ll_verdict_name((ll_verdict)i); }
const char *ll__jr_kind_name(int i) { return ll_leak_kind_name((ll_leak_kind)i); }
const char *ll__jr_basis_name(int i) { return ll_basis_name((ll_basis)i); }
const char *ll__jr_grade_name(int i) { return ll_grade_name((ll_grade)i); }

void ll__jr_strings(jr_reader *rd, const json_t *obj, const char *key, char ***list, size_t *count)
{
    json_t *a = ll__jr_member(rd, obj, key, ll__jr_is_array, "an array of strings"), *s;
    size_t i;
    json_array_foreach(a, i, s) {
        if (!json_is_string(s)) {
            ll__jr_fail(rd, key, "an array of strings");
            return;
        }
        ll_string_list_add(list, count, json_string_value(s));
    }
}

void ll__jr_read_doubles(jr_reader *rd, const json_t *obj, void *into, const jr_field *fields, size_t n,
                     double (*read)(jr_reader *rd, const json_t *obj, const char *key))
{
    for (size_t i = 0; i < n; i++)
        *(double *)((char *)into + fields[i].offset) = read(rd, obj, fields[i].key);
}

void ll__jr_read_longs(jr_reader *rd, const json_t *obj, void *into, const jr_field *fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        *(long *)((char *)into + fields[i].offset) = ll__jr_integer(rd, obj, fields[i].key);
}
