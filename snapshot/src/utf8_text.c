/* Text that goes into a record or a report must be valid UTF-8: jansson
 * refuses anything else, and the field would be lost. Two ways in are not:
 * text cut to a fixed buffer (the importers and the analyzer cut names and
 * messages to fixed widths) and file names, which on Linux are any bytes. */
#include "leaklab/snapshot.h"
#include "leaklab/text.h"

#include <stdlib.h>
#include <string.h>

/* The length of the valid UTF-8 character at S (1 to 4), or 0 if the bytes
 * there are not one (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF). */
static size_t utf8_char_length(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) || (s[0] == 0xf0 && s[1] < 0x90) ||
        (s[0] == 0xf4 && s[1] > 0x8f))
        return 0;
    return n;
}

char *ll_utf8_mend_end(char *s)
{
    size_t n = strlen(s), lead = n;
    while (lead > 0 && n - lead < 4 && ((unsigned char)s[lead - 1] & 0xc0) == 0x80)
        lead--;
    if (lead == 0)
        return s;
    unsigned char c = (unsigned char)s[lead - 1];
    size_t want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    if (n - (lead - 1) < want)
        s[lead - 1] = '\0';
    return s;
}

json_t *ll_json_text(const char *s)
{
    if (!s)
        return NULL;
    json_t *j = json_string(s);
    if (j)
        return j;
    size_t len = strlen(s), o = 0;
    char *copy = malloc(len * 3 + 1); /* each byte at worst becomes U+FFFD */
    if (!copy)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_char_length(p);
        if (n) {
            memcpy(copy + o, p, n);
            o += n;
            p += n;
        } else {
            memcpy(copy + o, "\xef\xbf\xbd", 3);
            o += 3;
            p++;
        }
    }
    copy[o] = '\0';
    j = json_string(copy);
    free(copy);
    return j;
}

char *ll_name_cut(const char *name)
{
    size_t len = strlen(name);
    if (len <= LL_NAME_MAX_BYTES)
        return strdup(name);
    size_t keep = LL_NAME_MAX_BYTES;
    while (keep > 0 && ((unsigned char)name[keep] & 0xC0) == 0x80) /* not inside a character */
        keep--;
    char *cut;
    return asprintf(&cut, "%.*s [cut from %zu bytes]", (int)keep, name, len) < 0 ? NULL : cut;
}

json_t *ll_json_url(const char *url)
{
    if (!url)
        return NULL;
    const char *scheme_end = strstr(url, "://");
    const char *host = scheme_end ? scheme_end + 3 : NULL;
    const char *path = host ? host + strcspn(host, "/?#") : NULL;
    /* The credentials end at the last '@' before the path: a password may
     * hold a raw '@' of its own. */
    const char *at = host ? memrchr(host, '@', (size_t)(path - host)) : NULL;
    if (!at)
        return ll_json_text(url);
    size_t head = (size_t)(host - url), len = head + 3 + strlen(at);
    char *shown = malloc(len + 1);
    if (!shown)
        return NULL;
    memcpy(shown, url, head);
    memcpy(shown + head, "***", 3);
    strcpy(shown + head + 3, at);
    json_t *j = ll_json_text(shown);
    free(shown);
    return j;
}

const char *ll_json_error_reason(const json_error_t *e, char *buf, size_t len)
{
    const char *near = strstr(e->text, " near ");
    size_t n = near ? (size_t)(near - e->text) : strlen(e->text);
    snprintf(buf, len, "%.*s", (int)n, e->text);
    return buf;
}
