/* How assembly names look: the patterns that group generated assemblies
 * (shared by the analyzer, which groups them, and the importer, which
 * extends a sampled module's types to the assemblies that look like it). */
#include "leaklab/snapshot.h"
#include "leaklab/text.h"

#include <ctype.h>
#include <string.h>

/* CodeDom names in-memory assemblies like Path.GetRandomFileName() without
 * the extension: eight characters from [a-z0-9]. */
static int looks_random8(const char *name, const char *origin)
{
    int digits = 0;
    if (strlen(name) != 8)
        return 0;
    for (const char *p = name; *p; p++) {
        if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p))
            return 0;
        digits += isdigit((unsigned char)*p) != 0;
    }
    return digits > 0 || strcmp(origin, "bytes") == 0;
}

void ll_digits_to_hash(const char *name, char *out, size_t len)
{
    size_t o = 0;
    for (const char *p = name; *p && o + 1 < len; p++) {
        if (isdigit((unsigned char)*p)) {
            out[o++] = '#';
            while (isdigit((unsigned char)p[1]))
                p++;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
    ll_utf8_mend_end(out);
}

void ll_assembly_name_pattern(const char *name, const char *origin, char *out, size_t len)
{
    if (!looks_random8(name, origin)) {
        ll_digits_to_hash(name, out, len);
        return;
    }
    if (!len)
        return;
    /* Copied, not snprintf'd: this runs for every assembly record read. */
    size_t n = sizeof LL_RANDOM8_PATTERN - 1 < len - 1 ? sizeof LL_RANDOM8_PATTERN - 1 : len - 1;
    memcpy(out, LL_RANDOM8_PATTERN, n);
    out[n] = '\0';
}
