/* Internal: the fast reader of nested records (snapshots, iterations with a
 * float), a small C interface over simdjson's validating DOM parser
 * (simd_doc.cc, the library's one C++ file). jansson stays the judge: a
 * line simdjson refuses, or one it would accept where jansson does not
 * (a duplicate key, a NUL or a \u escape in a string, an integer beyond
 * int64, a number that is not finite, a root that is not an object), is
 * declined and parsed by jansson, whose record or error stands. Values are
 * read in place, without building JSON; record_fields.c builds it only
 * when a caller asks for the json_t. */
#ifndef LEAKLAB_SIMD_DOC_H
#define LEAKLAB_SIMD_DOC_H

#include "leaklab/snapshot.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes a line buffer must have readable after its end for ll__simd_parse. */
#define LL_SIMD_PADDING 64

typedef struct ll_simd_doc ll_simd_doc;

ll_simd_doc *ll_simd_doc_new(void);
void ll__simd_doc_free(ll_simd_doc *d);

/* Parses LINE (LEN bytes, LL_SIMD_PADDING more readable after them) into
 * D. Returns 0, or -1 when the line is declined (see above). D keeps LINE's
 * address: the line must stay as it is while D's values are read. */
int ll__simd_parse(ll_simd_doc *d, const char *line, size_t len);

/* The line last parsed, and its JSON built by jansson on first use (freed
 * by the next parse), or NULL if jansson refuses it. */
const char *ll__simd_line(const ll_simd_doc *d, size_t *len);
json_t *ll__simd_json(ll_simd_doc *d);

/* The value at PATH (dotted; "" is the root), ABSENT when a step is
 * missing or not an object. */
ll_value ll__simd_value(const ll_simd_doc *d, const char *path);
/* Calls VISIT with each member of OBJECT (a value of D); returns what the
 * first non-zero VISIT returned, or 0. */
int ll__simd_each_member(const ll_value *object, ll_member_visitor visit, void *ctx);
int ll__simd_each_item(const ll_value *array, ll_item_visitor visit, void *ctx);
ll_value ll__simd_member(const ll_value *object, const char *key);

#ifdef __cplusplus
}
#endif

#endif
