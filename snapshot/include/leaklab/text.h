/* Text as leaklab writes it: assembly name patterns, UTF-8 mended, names
 * and URLs as JSON strings, jansson's errors without the input's text.
 * Part of libleaklab_snapshot. */
#ifndef LEAKLAB_TEXT_H
#define LEAKLAB_TEXT_H

#include <jansson.h>
#include <stddef.h>

#define LL_RANDOM8_PATTERN "random 8-character"

/* NAME's pattern: LL_RANDOM8_PATTERN for CodeDom's random in-memory names,
 * otherwise NAME with each run of digits as '#'. ORIGIN is the record's
 * origin ("file", "bytes", "emit"). */
void ll_assembly_name_pattern(const char *name, const char *origin, char *out, size_t len);
void ll_digits_to_hash(const char *name, char *out, size_t len);
/* Drops a UTF-8 character cut short at the end of S: a fixed buffer filled
 * by snprintf may end in the middle of one, and jansson refuses such a
 * string (a record or report field would be lost). Returns S. */
char *ll_utf8_mend_end(char *s);
/* S as a JSON string, each byte that is not valid UTF-8 shown as U+FFFD (a
 * file name may be any bytes); NULL if S is NULL. */
json_t *ll_json_text(const char *s);
/* The longest name (a class, a field, an assembly) a record holds whole: a
 * longer one is cut, at a character, and marked with its whole length, so
 * that no record outgrows what the reader accepts (LL_SNAPSHOT_MAX_LINE). */
#define LL_NAME_MAX_BYTES 4096
/* NAME, malloc'd, cut to LL_NAME_MAX_BYTES with " [cut from N bytes]" when
 * longer; NULL when out of memory. */
char *ll_name_cut(const char *name);
/* The same for a URL the user gave, with any user name and password in it
 * replaced (user:pw@host becomes ***@host): a series
 * header, a sweep or an error must not carry credentials. */
json_t *ll_json_url(const char *url);
/* jansson's reason for refusing a document, without the "near 'TOKEN'"
 * it appends: an error must not quote what the file holds (the file may
 * be anyone's). Returns BUF. */
const char *ll_json_error_reason(const json_error_t *e, char *buf, size_t len);

#endif
