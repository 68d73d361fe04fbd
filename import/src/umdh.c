/* UMDH's comparison of two logs (`umdh LOG1 LOG2`, `umdh -d` for
 * decimal), read as allocation sites: each record's growth on its stack.
 *
 *   + 5320 (f110 - 9df0) 3a allocs BackTrace00053
 *   Total increase == 5320
 *   ntdll!RtlAllocateHeap+0x00000808
 *   MyApp!operator new+0x0000000E
 *   MyApp!LeakyFunc+0x0000001E
 *
 * The figures are hexadecimal unless `-d` was given, and the output does
 * not say which: a record's own figures do (its growth is its second
 * figure less its third in one base only, unless the third is 0). The
 * frames come leaf first, "module!symbol+offset", some with " (file,
 * line)". A frame of the OS's, the C runtime's or an allocator's never
 * keeps anything itself: native_sites.c walks past them to the site. */
#include "umdh.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The largest byte count read: 2^53, exact in a double. */
#define MAX_BYTES 9007199254740992.0

/* The figure at *P in BASE (10 or 16), *P moved past it; -1 when there
 * is none or it is too large. */
static double figure(const char **p, int base)
{
    while (**p == ' ' || **p == '\t')
        (*p)++;
    char *end;
    unsigned long long n = strtoull(*p, &end, base);
    if (end == *p || end - *p > 16 || (double)n > MAX_BYTES || !(*end == ' ' || *end == '\t' || *end == ')'))
        return -1;
    *p = end;
    return (double)n;
}

static const char *expect(const char *p, char c)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return *p == c ? p + 1 : NULL;
}

/* "+ D ( A - B) N allocs BackTraceX" read in BASE: 0 with *GROWTH (D,
 * signed by its mark), -1 when LINE is not one, -2 when it is but A - B
 * is not D in BASE. */
static int record_in(const char *line, int base, double *growth)
{
    const char *p = line;
    int sign = *p == '+' ? 1 : *p == '-' ? -1 : 0;
    if (!sign)
        return -1;
    p++;
    double d = figure(&p, base), a, b;
    if (d < 0 || !(p = expect(p, '(')) || (a = figure(&p, base)) < 0 || !(p = expect(p, '-')) ||
        (b = figure(&p, base)) < 0 || !(p = expect(p, ')')) || figure(&p, base) < 0)
        return -1;
    while (*p == ' ' || *p == '\t')
        p++;
    if (strncmp(p, "allocs", 6) != 0 || !strstr(p, "BackTrace"))
        return -1;
    *growth = sign * d;
    return a - b == sign * d ? 0 : -2;
}

int ll__umdh_record(const char *line, int *base, double *growth)
{
    double hex, dec;
    int as_hex = record_in(line, 16, &hex), as_dec = record_in(line, 10, &dec);
    if (as_hex == -1 && as_dec == -1)
        return -1;
    if (as_hex == 0 && as_dec != 0)
        *base = 16;
    else if (as_dec == 0 && as_hex != 0)
        *base = 10;
    else if (!*base)
        *base = 16; /* both hold (the older figure is 0), or neither: UMDH's default until a record settles it */
    *growth = *base == 16 ? hex : dec;
    return 0;
}

int ll__umdh_frame(const char *line, char *name, size_t len)
{
    while (*line == ' ' || *line == '\t')
        line++;
    const char *bang = strchr(line, '!');
    const char *space = strpbrk(line, " \t");
    if (!bang || bang == line || !bang[1] || (space && space < bang))
        return -1;
    for (const char *p = line; p < bang; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' && *p != '-')
            return -1;
    size_t n = strlen(line);
    /* The offset ("+0x1E", "+000000E1") and a source position go. */
    const char *plus = strrchr(line, '+');
    if (plus && plus > bang && isxdigit((unsigned char)plus[1]))
        n = (size_t)(plus - line);
    else
        n = strcspn(line, " \r\n");
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\r' || line[n - 1] == '\n'))
        n--;
    if (n >= len)
        n = len - 1;
    memcpy(name, line, n);
    name[n] = '\0';
    return 0;
}

int ll__umdh_below_site(const char *frame)
{
    static const char *const modules[] = {"ntdll!", "KERNELBASE!", "kernel32!", "KERNEL32!", "ucrtbase!",
                                          "ucrtbased!", "msvcrt!", "MSVCR", "msvcr", "vcruntime", "VCRUNTIME"};
    static const char *const symbols[] = {"malloc", "calloc", "realloc", "_heap_alloc", "HeapAlloc",
                                          "operator new", "RtlAllocateHeap", "RtlpAllocateHeap"};
    const char *bang = strchr(frame, '!');
    if (!bang)
        return 0;
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++)
        if (strncmp(frame, modules[i], strlen(modules[i])) == 0)
            return 1;
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++)
        if (strstr(bang + 1, symbols[i]))
            return 1;
    return 0;
}
