/* Small text helpers shared by the importers: lines, trimming, and the
 * number notations debuggers and counters print (hex with a backtick,
 * "0x1e5000(1986560)", locale-formatted decimals). */
#ifndef LEAKLAB_TEXT_SCAN_H
#define LEAKLAB_TEXT_SCAN_H

#include "leaklab/text.h"

#include <stddef.h>
#include <stdint.h>

/* The largest text an importer reads: offsets into it fit in 32 bits, so
 * a line costs 4 bytes of index (a text of 2-byte lines: 2 x its size). */
#define LL_TEXT_MAX_BYTES ((size_t)UINT32_MAX - 1)

/* The lines of a text, as offsets into it (no copy): line I is
 * [start[I], start[I + 1] - 1), its newline left out. */
typedef struct ll_lines {
    const char *text;
    uint32_t *start; /* COUNT + 1 entries */
    size_t count;
} ll_lines;

/* Splits TEXT (LEN bytes, at most LL_TEXT_MAX_BYTES); -1 when out of
 * memory or too long. */
int ll__lines_split(const char *text, size_t len, ll_lines *out);
void ll__lines_free(ll_lines *l);
/* Line I (0-based) as a NUL-terminated copy in BUF, without trailing
 * whitespace. */
char *ll__line_copy(const ll_lines *l, size_t i, char *buf, size_t cap);

/* The first N bytes of SRC into DST of CAP bytes, NUL-terminated, cut to fit
 * at a character boundary (ll_utf8_mend_end). */
void ll__copy_cut(char *dst, size_t cap, const char *src, size_t n);

int ll__starts_with(const char *s, const char *prefix);
char *ll__trim(char *s);
/* Case-insensitive substring test. */
int ll__contains(const char *s, const char *needle);

/* "7dfe`953cf000", "0x3c876000" or "3c876000" as a number; -1 if not hex. */
long long ll__parse_hex(const char *s);
/* The decimal in the first "(digits)" of S, e.g. "0x2c9510 (2921744)";
 * -1 if there is none. */
long long ll__paren_decimal(const char *s);

/* A + B, saturating at LLONG_MAX: figures from untrusted text are summed. */
long long ll__add_saturating(long long a, long long b);

/* How a file writes numbers: "12,345.6", "12 345,6", "12345.6". */
typedef enum { LL_NUMBERS_PLAIN, LL_NUMBERS_COMMA_THOUSANDS, LL_NUMBERS_SPACE_THOUSANDS } ll_number_style;
/* A number in STYLE; returns 0, or -1 if S is not one (e.g. "NaN"). */
int ll__parse_number(const char *s, ll_number_style style, double *out);

#endif
