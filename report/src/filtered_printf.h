/* printf(3) whose %s arguments pass through a filter: the one mechanism
 * behind the HTML writer (every %s escaped for markup) and the text
 * writer (every %s shown without raw control characters, ll_text_printf
 * in report.h). Markup and
 * layout live only in format strings, which are constants of ours. */
#ifndef LEAKLAB_FILTERED_PRINTF_H
#define LEAKLAB_FILTERED_PRINTF_H

#include <stdarg.h>
#include <stdio.h>

/* Writes TEXT (LEN bytes) to OUT as the output format needs. */
typedef void (*ll_string_filter)(FILE *out, const char *text, size_t len);

/* Conversions: %s (filtered; NULL writes nothing), %c (filtered), %d, %u,
 * %x, %ld, %lld, %zu, %f, %g, %e with flags, width and precision, and %%. */
void ll__filtered_vprintf(FILE *out, ll_string_filter filter, const char *fmt, va_list ap);

#endif
