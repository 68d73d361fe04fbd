/* See text_clean.h. Decoding is iconv(3)'s; the rest is line surgery. */
#include "text_clean.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* LEN bytes of TEXT in encoding FROM, as UTF-8 (malloc'd, NUL-terminated),
 * or NULL if they are not valid in FROM. */
static char *to_utf8(const char *from, const char *text, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 3 + 4, left = cap - 1, in_left = len;
    char *out = malloc(cap), *in = (char *)text, *o = out;
    if (out && iconv(cd, &in, &in_left, &o, &left) == (size_t)-1) {
        free(out);
        out = NULL;
    }
    iconv_close(cd);
    if (out) {
        *o = '\0';
        *out_len = (size_t)(o - out);
    }
    return out;
}

/* Whether LEN bytes of TEXT are valid UTF-8, checked by iconv in pieces
 * (a 100 MB file needs no second 100 MB). */
static int valid_utf8(const char *text, size_t len)
{
    iconv_t cd = iconv_open("UTF-8", "UTF-8");
    if (cd == (iconv_t)-1)
        return 0;
    char piece[65536], *in = (char *)text;
    size_t in_left = len;
    int valid = 1;
    while (in_left > 0 && valid) {
        char *o = piece;
        size_t left = sizeof piece;
        if (iconv(cd, &in, &in_left, &o, &left) == (size_t)-1 && errno != E2BIG)
            valid = 0;
    }
    iconv_close(cd);
    return valid;
}

static void say(char *what, size_t what_len, const char *change)
{
    size_t used = strlen(what);
    snprintf(what + used, what_len - used, "%s%s", used ? "; " : "", change);
}

/* --- terminal captures ------------------------------------------------- */

/* A terminal program redirected to a file (dotnet-counters monitor) writes
 * its screen with escape sequences: a full repaint after "ESC[H ESC[J"
 * (home, clear), then values rewritten in place ("ESC[13;66H 8,503,000").
 * Each repaint becomes lines of their own; every other sequence is cut,
 * with the text it would have put somewhere on the screen up to the next
 * sequence or line end, which no line of ours could place. Returns how
 * many were cut; TEXT is rewritten in place (never longer). */
static size_t undo_terminal(char *text, size_t *len)
{
    char *r = text, *w = text, *end = text + *len;
    size_t cut = 0;
    while (r < end) {
        if (*r != '\x1b' || r + 1 >= end || r[1] != '[') {
            *w++ = *r++;
            continue;
        }
        if ((size_t)(end - r) >= 6 && memcmp(r, "\x1b[H\x1b[J", 6) == 0) {
            r += 6;
            if (w > text && w[-1] != '\n')
                *w++ = '\n';
            continue;
        }
        cut++;
        r += 2;
        while (r < end && (isdigit((unsigned char)*r) || *r == ';'))
            r++;
        r += r < end; /* the sequence's final letter */
        while (r < end && *r != '\n' && *r != '\x1b')
            r++;
    }
    *w = '\0';
    *len = (size_t)(w - text);
    return cut;
}

/* --- web and chat ------------------------------------------------------- */

/* The character an HTML entity at P stands for, as UTF-8 in OUT; the
 * entity's length, or 0 if P is not one this knows. */
static size_t entity(const char *p, char out[8])
{
    static const struct {
        const char *name, *text;
    } named[] = {{"&amp;", "&"}, {"&lt;", "<"},   {"&gt;", ">"},   {"&quot;", "\""}, {"&apos;", "'"},
                 {"&#39;", "'"}, {"&nbsp;", " "}, {"&#160;", " "}, {"&#8203;", ""}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strncmp(p, named[i].name, strlen(named[i].name)) == 0) {
            snprintf(out, 8, "%s", named[i].text);
            return strlen(named[i].name);
        }
    unsigned long code;
    int used = 0;
    if ((sscanf(p, "&#x%lx;%n", &code, &used) == 1 || sscanf(p, "&#%lu;%n", &code, &used) == 1) && used &&
        code > 0 && code < 0x110000) {
        /* Typographic quotes and dashes a blog put in stand for ASCII. */
        const char *ascii = code == 0x2018 || code == 0x2019 ? "'"
                            : code == 0x201c || code == 0x201d ? "\""
                            : code == 0x2013 || code == 0x2014 ? "-"
                            : code == 0xa0                     ? " "
                                                               : NULL;
        if (code >= 0xd800 && code <= 0xdfff)
            ascii = "\xef\xbf\xbd"; /* a lone surrogate stands for no character: U+FFFD, as results spell it */
        if (ascii)
            snprintf(out, 8, "%s", ascii);
        else if (code < 0x80)
            snprintf(out, 8, "%c", (int)code);
        else if (code < 0x800)
            snprintf(out, 8, "%c%c", (int)(0xc0 | code >> 6), (int)(0x80 | (code & 0x3f)));
        else if (code < 0x10000)
            snprintf(out, 8, "%c%c%c", (int)(0xe0 | code >> 12), (int)(0x80 | (code >> 6 & 0x3f)),
                     (int)(0x80 | (code & 0x3f)));
        else
            snprintf(out, 8, "%c%c%c%c", (int)(0xf0 | code >> 18), (int)(0x80 | (code >> 12 & 0x3f)),
                     (int)(0x80 | (code >> 6 & 0x3f)), (int)(0x80 | (code & 0x3f)));
        return (size_t)used;
    }
    return 0;
}

/* What a web page or a word processor puts for ASCII, as UTF-8: the
 * kind (an index of web_kind_names) and what it stands for. */
enum web_kind { WEB_ENTITY, WEB_DASH, WEB_QUOTE, WEB_SPACE, WEB_INVISIBLE, WEB_KINDS };
static const char *const web_kind_names[WEB_KINDS] = {"HTML entities", "typographic dashes or ellipses",
                                                      "typographic quotes", "no-break or thin spaces",
                                                      "zero-width characters"};
static const struct {
    const char *utf8, *ascii;
    enum web_kind kind;
} web_chars[] = {
    {"\xe2\x80\x90", "-", WEB_DASH},      {"\xe2\x80\x91", "-", WEB_DASH},      {"\xe2\x80\x92", "-", WEB_DASH},
    {"\xe2\x80\x93", "-", WEB_DASH},      {"\xe2\x80\x94", "-", WEB_DASH},      {"\xe2\x88\x92", "-", WEB_DASH},
    {"\xe2\x80\x98", "'", WEB_QUOTE},     {"\xe2\x80\x99", "'", WEB_QUOTE},     {"\xe2\x80\x9c", "\"", WEB_QUOTE},
    {"\xe2\x80\x9d", "\"", WEB_QUOTE},    {"\xc2\xa0", " ", WEB_SPACE},          {"\xe2\x80\xaf", " ", WEB_SPACE},
    {"\xe2\x80\x89", " ", WEB_SPACE},     {"\xe2\x80\x87", " ", WEB_SPACE},     {"\xe2\x80\x8b", "", WEB_INVISIBLE},
    {"\xe2\x80\x8c", "", WEB_INVISIBLE},  {"\xe2\x80\x8d", "", WEB_INVISIBLE},  {"\xe2\x81\xa0", "", WEB_INVISIBLE},
    {"\xef\xbb\xbf", "", WEB_INVISIBLE},  {"\xe2\x80\xa6", "...", WEB_DASH},
};

/* The web character at R (before END), or -1. */
static int web_char(const char *r, const char *end)
{
    if ((unsigned char)*r < 0xc2)
        return -1;
    for (size_t i = 0; i < sizeof web_chars / sizeof web_chars[0]; i++) {
        size_t n = strlen(web_chars[i].utf8);
        if ((size_t)(end - r) >= n && memcmp(r, web_chars[i].utf8, n) == 0)
            return (int)i;
    }
    return -1;
}

/* Whether TEXT holds anything undo_web would replace. */
static int has_web_text(const char *text, size_t len)
{
    if (memchr(text, '&', len))
        return 1;
    for (const char *p = text, *end = text + len; p < end; p++)
        if (web_char(p, end) >= 0)
            return 1;
    return 0;
}

/* Entities, typographic dashes and quotes, no-break and thin spaces, and
 * zero-width characters in TEXT replaced by the ASCII they stand for, in
 * place (the result is never longer); how many of each kind in COUNTS. */
static void undo_web(char *text, size_t *len, size_t counts[WEB_KINDS])
{
    char *r = text, *w = text, *end = text + *len, piece[8];
    while (r < end) {
        size_t n;
        int k;
        if (*r == '&' && (n = entity(r, piece)) > 0 && strlen(piece) <= n) {
            memcpy(w, piece, strlen(piece));
            w += strlen(piece);
            r += n;
            counts[WEB_ENTITY]++;
        } else if ((k = web_char(r, end)) >= 0) {
            size_t m = strlen(web_chars[k].ascii);
            memcpy(w, web_chars[k].ascii, m);
            w += m;
            r += strlen(web_chars[k].utf8);
            counts[web_chars[k].kind]++;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    *len = (size_t)(w - text);
}

/* "replaced web text: 3 typographic dashes, 1 HTML entities" into WHAT. */
static void say_web(char *what, size_t what_len, const size_t counts[WEB_KINDS])
{
    char change[256] = "read web text as the ASCII it stands for:";
    size_t used = strlen(change);
    const char *separator = "";
    for (int k = 0; k < WEB_KINDS; k++)
        if (counts[k]) {
            used += (size_t)snprintf(change + used, sizeof change - used, "%s %zu %s", separator, counts[k],
                                     web_kind_names[k]);
            separator = ",";
        }
    say(what, what_len, change);
}

/* Quote markers: when at least 80 % of the non-blank lines start with
 * '>', one level is removed from every line (a dotnet-dump log, whose
 * prompts start with '>', has far fewer). A blank line after every line:
 * when at least 90 % of the non-blank lines are followed by a blank one,
 * single blank lines are dropped and longer runs become one. Read-only:
 * says which applies. */
static void scan_quoting(const char *text, size_t len, int *unquote, int *unspace)
{
    size_t nonblank = 0, quoted = 0, spaced = 0;
    int previous_nonblank = 0;
    for (size_t start = 0; start <= len;) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        int is_blank = 1;
        for (size_t i = start; i < end && is_blank; i++)
            is_blank = text[i] == ' ' || text[i] == '\t' || text[i] == '\r';
        if (is_blank) {
            spaced += previous_nonblank;
        } else {
            nonblank++;
            quoted += text[start] == '>';
        }
        previous_nonblank = !is_blank;
        start = end + 1;
    }
    *unquote = nonblank >= 3 && quoted * 10 >= nonblank * 8;
    *unspace = nonblank >= 3 && spaced * 10 >= nonblank * 9;
}

/* The indentation, in columns (a tab is 4, as Markdown counts it), that
 * every non-blank line of TEXT has: a web page's code block indents each
 * line of what was pasted into it. 0 when a line has none, or when there
 * are fewer than 3 lines. */
static size_t shared_indentation(const char *text, size_t len)
{
    size_t least = (size_t)-1, nonblank = 0;
    for (size_t start = 0; start < len && least > 0;) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len, columns = 0, i = start;
        for (; i < end && (text[i] == ' ' || text[i] == '\t'); i++)
            columns += text[i] == '\t' ? 4 : 1;
        if (i < end && text[i] != '\r') {
            nonblank++;
            least = columns < least ? columns : least;
        }
        start = end + 1;
    }
    return nonblank >= 3 && least != (size_t)-1 && least >= 4 ? least : 0;
}

/* COLUMNS of indentation off every line of TEXT. */
static void undo_indentation(char *text, size_t *len, size_t columns)
{
    char *r = text, *w = text, *end = text + *len;
    while (r < end) {
        size_t taken = 0;
        while (r < end && taken < columns && (*r == ' ' || *r == '\t'))
            taken += *r++ == '\t' ? 4 : 1;
        char *nl = memchr(r, '\n', (size_t)(end - r));
        char *line_end = nl ? nl + 1 : end;
        memmove(w, r, (size_t)(line_end - r));
        w += line_end - r;
        r = line_end;
    }
    *w = '\0';
    *len = (size_t)(w - text);
}

static void undo_quoting(char *text, size_t *len, int unquote, int unspace)
{
    char *r = text, *w = text, *end = text + *len;
    size_t run = 0;
    for (;;) {
        char *nl = memchr(r, '\n', (size_t)(end - r));
        char *line_end = nl ? nl : end;
        char *start = r;
        if (unquote && start < line_end && *start == '>')
            start += start + 1 < line_end && start[1] == ' ' ? 2 : 1;
        int is_blank = 1;
        for (char *p = start; p < line_end && is_blank; p++)
            is_blank = *p == ' ' || *p == '\t' || *p == '\r';
        int keep = 1;
        if (unspace && is_blank)
            keep = run++ == 1; /* the first blank of a run is the paste's; the second is a real one */
        else
            run = 0;
        if (keep) {
            memmove(w, start, (size_t)(line_end - start));
            w += line_end - start;
            if (nl)
                *w++ = '\n';
        }
        if (!nl)
            break;
        r = nl + 1;
    }
    *w = '\0';
    *len = (size_t)(w - text);
}

int ll__clean_text(const char *text, size_t len, char **out, size_t *out_len, char *what, size_t what_len, char *why,
                  size_t why_len)
{
    *out = NULL;
    what[0] = '\0';
    char *copy = NULL;
    size_t n = len;
    const unsigned char *u = (const unsigned char *)text;
    if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
        copy = to_utf8(u[0] == 0xff ? "UTF-16LE" : "UTF-16BE", text + 2, len - 2, &n);
        if (!copy) {
            snprintf(why, why_len, "UTF-16 text that does not decode");
            return -1;
        }
        say(what, what_len, "decoded from UTF-16");
    } else if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        copy = strndup(text + 3, len - 3);
        n = len - 3;
    } else if (memchr(text, '\0', len)) {
        snprintf(why, why_len, "not a text file (it holds NUL bytes)");
        return -1;
    } else if (!valid_utf8(text, len)) {
        copy = to_utf8("WINDOWS-1252", text, len, &n);
        if (!copy) {
            snprintf(why, why_len, "neither UTF-8 nor Windows-1252 text");
            return -1;
        }
        say(what, what_len, "not UTF-8: decoded as Windows-1252");
    }
    if (copy && memchr(copy, '\0', n)) {
        free(copy);
        snprintf(why, why_len, "not a text file (it holds NUL characters)");
        return -1;
    }
    const char *source = copy ? copy : text;
    int html = has_web_text(source, n);
    int unquote, unspace;
    scan_quoting(source, n, &unquote, &unspace);
    size_t indentation = shared_indentation(source, n);
    int terminal = memmem(source, n, "\x1b[", 2) != NULL;
    if (!copy && !html && !unquote && !unspace && !indentation && !terminal)
        return 0;
    if (!copy && !(copy = strndup(text, len))) {
        snprintf(why, why_len, "out of memory");
        return -1;
    }
    size_t web[WEB_KINDS] = {0};
    if (html)
        undo_web(copy, &n, web);
    int replaced = 0;
    for (int k = 0; k < WEB_KINDS; k++)
        replaced |= web[k] > 0;
    if (replaced)
        say_web(what, what_len, web);
    else if (!unquote && !unspace && !indentation && !terminal && n == len && memcmp(copy, text, len) == 0) {
        free(copy); /* an '&' that was no entity: nothing changed */
        return 0;
    }
    if (unquote || unspace) {
        undo_quoting(copy, &n, unquote, unspace);
        say(what, what_len, unquote && unspace ? "removed the '>' quote markers and the blank line after every line"
                            : unquote          ? "removed the '>' quote markers of every line"
                                               : "removed the blank line after every line");
    }
    if (terminal) {
        char change[200];
        snprintf(change, sizeof change, "read a terminal capture's screens (escape sequences: each clear starts a "
                 "screen; %zu values rewritten in place were cut)", undo_terminal(copy, &n));
        say(what, what_len, change);
    }
    if (indentation) {
        undo_indentation(copy, &n, indentation);
        say(what, what_len, "removed the indentation every line shared (a web page's code block)");
    }
    *out = copy;
    *out_len = n;
    return 0;
}
