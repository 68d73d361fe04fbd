/* Text as users bring it, made readable by the parsers, each change said
 * once as a warning:
 *   encodings  UTF-16 with a byte-order mark (WinDbg's `.logopen /u`) and
 *              bytes that are not UTF-8 (a Latin-1 path in !dumpdomain,
 *              read as Windows-1252) become UTF-8; a UTF-8 BOM is dropped;
 *   web/chat   HTML entities (&#8220; &amp; &nbsp;), no-break and
 *              zero-width spaces, "> " quote markers on every line, and a
 *              blank line after every line are undone. */
#ifndef LEAKLAB_TEXT_CLEAN_H
#define LEAKLAB_TEXT_CLEAN_H

#include <stddef.h>

/* Cleans TEXT (LEN bytes). Returns 0 with *OUT NULL when nothing had to
 * change, 0 with *OUT a malloc'd NUL-terminated copy (*OUT_LEN bytes) and
 * a description of the changes in WHAT, or -1 with WHY when the text
 * cannot be decoded (or holds NUL bytes). */
int ll__clean_text(const char *text, size_t len, char **out, size_t *out_len, char *what, size_t what_len, char *why,
                  size_t why_len);

#endif
