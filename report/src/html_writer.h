/* The one path by which report/ writes HTML (the page and its SVG charts).
 * Markup lives only in format strings, which are constants of ours; every
 * %s argument is escaped for text and for quoted attributes alike, so a
 * renderer cannot forget to escape a name that came from a series, a dump
 * or a saved result. */
#ifndef LEAKLAB_HTML_WRITER_H
#define LEAKLAB_HTML_WRITER_H

#include <stdio.h>

/* printf(3) into OUT, with every %s argument escaped (& < > " ' and
 * control characters); the conversions of ll__filtered_vprintf. */
void ll__html_printf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* TEXT escaped (NULL writes nothing). */
void ll__html_text(FILE *out, const char *text);

/* The page's head: charset, viewport, a Content-Security-Policy that
 * forbids every script, TITLE and the inline STYLE (a constant of ours). */
void ll__html_page_begin(FILE *out, const char *title, const char *style);

/* V with FMT, or "-" when it is not a finite number (absent, or a crafted
 * result file): a page never shows "nan". */
const char *ll__html_cell(double v, const char *fmt, char *buf, size_t len);

#endif
