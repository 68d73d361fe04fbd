/* Reading a JSON document field by field into typed values (json_reader.c),
 * as report_json_read.c does: each read names the field's path in its
 * error (e.g. "growth.rss.ci95"), the first error wins, nothing is
 * defaulted. */
#ifndef LEAKLAB_JSON_READER_H
#define LEAKLAB_JSON_READER_H

#include "leaklab/report.h"

#include <jansson.h>

/* Reading state: the file's name, the path of the object being read, and
 * the first error (later ones are ignored). */
typedef struct jr_reader {
    const char *name;
    char path[192];
    ll_error *err;
    int failed;
} jr_reader;

void ll__jr_fail(jr_reader *rd, const char *key, const char *expected);
size_t ll__jr_enter(jr_reader *rd, const char *key);
void ll__jr_leave(jr_reader *rd, size_t len);
/* OBJ's KEY when IS says it is what is EXPECTED, else NULL after failing. */
json_t *ll__jr_member(jr_reader *rd, const json_t *obj, const char *key, int (*is)(const json_t *), const char *expected);
int ll__jr_is_object(const json_t *v);
int ll__jr_is_array(const json_t *v);
int ll__jr_is_object_or_null(const json_t *v);
int ll__jr_is_number_or_null(const json_t *v);
double ll__jr_number(jr_reader *rd, const json_t *obj, const char *key);
double ll__jr_number_or_nan(jr_reader *rd, const json_t *obj, const char *key);
double ll__jr_optional_number(jr_reader *rd, const json_t *obj, const char *key);
long ll__jr_integer(jr_reader *rd, const json_t *obj, const char *key);
int ll__jr_boolean(jr_reader *rd, const json_t *obj, const char *key);
char *ll__jr_string(jr_reader *rd, const json_t *obj, const char *key);
char *ll__jr_optional_string(jr_reader *rd, const json_t *obj, const char *key);
void ll__jr_pair(jr_reader *rd, const json_t *obj, const char *key, double out[2]);
/* Index of NAME in NAMES, or -1 after failing on KEY. */
int ll__jr_one_of(jr_reader *rd, const json_t *obj, const char *key, const char *(*name_of)(int), int count);
const char *ll__jr_verdict_name(int i);
const char *ll__jr_kind_name(int i);
const char *ll__jr_basis_name(int i);
const char *ll__jr_grade_name(int i);
void ll__jr_strings(jr_reader *rd, const json_t *obj, const char *key, char ***list, size_t *count);

/* A struct member read by key: plain figures are read from tables of
 * these rather than line by line. */
typedef struct jr_field {
    const char *key;
    size_t offset;
} jr_field;
#define JR_COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))
/* Each FIELDS[i] of OBJ into the double (or long) at INTO + its offset,
 * the doubles through READ (ll__jr_number, ll__jr_number_or_nan). */
void ll__jr_read_doubles(jr_reader *rd, const json_t *obj, void *into, const jr_field *fields, size_t n,
                     double (*read)(jr_reader *rd, const json_t *obj, const char *key));
void ll__jr_read_longs(jr_reader *rd, const json_t *obj, void *into, const jr_field *fields, size_t n);

#endif
