/* Text helpers for the importers; see text_scan.h. */
#include "text_scan.h"

#include "leaklab/snapshot.h"
#include "leaklab/text.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int ll__lines_split(const char *text, size_t len, ll_lines *out)
{
    size_t count = 0;
    for (const char *p = text, *end = text + len; p < end; count++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    out->text = text;
    out->count = count;
    out->start = len <= LL_TEXT_MAX_BYTES ? malloc((count + 1) * sizeof *out->start) : NULL;
    if (!out->start)
        return -1;
    size_t i = 0;
    for (const char *p = text, *end = text + len; p < end; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        out->start[i] = (uint32_t)(p - text);
        p = nl ? nl + 1 : end;
    }
    /* One past the last line's newline, real or not. */
    out->start[count] = (uint32_t)(len + (len && text[len - 1] != '\n'));
    return 0;
}

void ll__lines_free(ll_lines *l)
{
    free(l->start);
    memset(l, 0, sizeof *l);
}

void ll__copy_cut(char *dst, size_t cap, const char *src, size_t n)
{
    n = n < cap ? n : cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    ll_utf8_mend_end(dst);
}

char *ll__line_copy(const ll_lines *l, size_t i, char *buf, size_t cap)
{
    ll__copy_cut(buf, cap, l->text + l->start[i], l->start[i + 1] - 1 - l->start[i]);
    size_t n = strlen(buf);
    while (n > 0 && isspace((unsigned char)buf[n - 1]))
        buf[--n] = '\0';
    return buf;
}

int ll__starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *ll__trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

int ll__contains(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; *s; s++)
        if (strncasecmp(s, needle, n) == 0)
            return 1;
    return 0;
}

long long ll__parse_hex(const char *s)
{
    char digits[64];
    size_t n = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2;
    for (; *s && n < sizeof digits - 1; s++) {
        if (*s == '`')
            continue;
        if (!isxdigit((unsigned char)*s))
            return -1;
        digits[n++] = *s;
    }
    if (n == 0 || n > 16)
        return -1;
    digits[n] = '\0';
    return (long long)strtoull(digits, NULL, 16);
}

long long ll__add_saturating(long long a, long long b)
{
    long long sum;
    return __builtin_add_overflow(a, b, &sum) ? (a < 0 && b < 0 ? LLONG_MIN : LLONG_MAX) : sum;
}

long long ll__paren_decimal(const char *s)
{
    for (const char *p = strchr(s, '('); p; p = strchr(p + 1, '(')) {
        char *end;
        errno = 0;
        long long v = strtoll(p + 1, &end, 10);
        if (end != p + 1 && *end == ')' && errno == 0 && v >= 0)
            return v;
    }
    return -1;
}

int ll__parse_number(const char *s, ll_number_style style, double *out)
{
    char clean[64];
    size_t n = 0;
    for (; *s && n < sizeof clean - 1; s++) {
        char c = *s;
        if ((style == LL_NUMBERS_COMMA_THOUSANDS && c == ',') ||
            (style == LL_NUMBERS_SPACE_THOUSANDS && (c == ' ' || (unsigned char)c == 0xa0)))
            continue;
        if (style == LL_NUMBERS_SPACE_THOUSANDS && c == ',')
            c = '.';
        if (!isdigit((unsigned char)c) && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E')
            return -1;
        clean[n++] = c;
    }
    clean[n] = '\0';
    if (n == 0)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(clean, &end);
    if (*end || errno)
        return -1;
    *out = v;
    return 0;
}
