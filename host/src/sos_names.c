/* Class names as SOS prints them, from the names Mono writes: see
 * sos_names.h. No Mono here, so that it is tested alone. */
#include "sos_names.h"

#include <stdlib.h>
#include <string.h>

/* mono_type_full_name writes generic arguments in angle brackets and arrays
 * with "[]", as SOS on .NET Core does, but nested classes with '/', generic
 * definitions with their arity ("List`1") and the built-in types in C#'s
 * spelling ("byte[]", "List`1<string>"): SOS writes "Outer+Inner",
 * "System.Byte[]" and "List<System.String>". */
static const char *const builtin_names[][2] = {
    {"bool", "System.Boolean"}, {"byte", "System.Byte"},     {"sbyte", "System.SByte"},     {"char", "System.Char"},
    {"int16", "System.Int16"},  {"uint16", "System.UInt16"}, {"int", "System.Int32"},       {"uint", "System.UInt32"},
    {"long", "System.Int64"},   {"ulong", "System.UInt64"},  {"intptr", "System.IntPtr"},   {"uintptr", "System.UIntPtr"},
    {"single", "System.Single"}, {"double", "System.Double"}, {"string", "System.String"},  {"object", "System.Object"},
    {"void", "System.Void"},    {"typedbyref", "System.TypedReference"},
};

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '/' || c == '`';
}

static const char *builtin_full_name(const char *word, size_t len)
{
    for (size_t i = 0; i < sizeof builtin_names / sizeof *builtin_names; i++)
        if (strlen(builtin_names[i][0]) == len && memcmp(builtin_names[i][0], word, len) == 0)
            return builtin_names[i][1];
    return NULL;
}

int ll__sos_builtin_word(const char *name)
{
    return builtin_full_name(name, strlen(name)) != NULL;
}

/* Copies TEXT into OUT as SOS writes it: '/' as '+', no "`N". */
static size_t copy_sos_style(char *out, const char *text, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '`') {
            while (i + 1 < len && text[i + 1] >= '0' && text[i + 1] <= '9')
                i++;
            continue;
        }
        out[n++] = text[i] == '/' ? '+' : text[i];
    }
    return n;
}

char *ll__sos_class_name(const char *name)
{
    size_t cap = strlen(name) * 4 + 1, n = 0; /* "int" -> "System.Int32": at most x4 */
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *p = name; *p;) {
        size_t len = 0;
        while (is_name_char(p[len]))
            len++;
        const char *full = len ? builtin_full_name(p, len) : NULL;
        if (!len)
            len = 1;
        n += copy_sos_style(out + n, full ? full : p, full ? strlen(full) : len);
        p += len;
    }
    out[n] = '\0';
    return out;
}
