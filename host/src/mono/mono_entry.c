/* The Mono backend's entry points: a scenario's public static method found
 * in its assembly, invoked with the iteration number, and what it returns
 * (a string, as UTF-8) or throws (formatted while its domain is alive). */
#include "mono_backend.h"


#include <mono/metadata/appdomain.h>
#include <mono/metadata/attrdefs.h>
#include <mono/metadata/assembly.h>
#include <mono/metadata/class.h>
#include <mono/metadata/debug-helpers.h>
#include <mono/metadata/object.h>
#include <mono/metadata/tokentype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Splits "Namespace.Type:Method" into its parts, each at most LEN-1 long. */
static int split_entry(const char *entry, char *ns, char *type, char *method, size_t len)
{
    const char *colon = strchr(entry, ':');
    if (!colon || colon == entry || colon[1] == '\0' || strlen(entry) >= len)
        return -1;
    const char *dot = memrchr(entry, '.', (size_t)(colon - entry));
    const char *type_start = dot ? dot + 1 : entry;
    snprintf(ns, len, "%.*s", dot ? (int)(dot - entry) : 0, entry);
    snprintf(type, len, "%.*s", (int)(colon - type_start), type_start);
    snprintf(method, len, "%s", colon + 1);
    return 0;
}

static int is_public_static(MonoMethod *method)
{
    uint32_t flags = mono_method_get_flags(method, NULL);
    return (flags & MONO_METHOD_ATTR_STATIC) &&
           (flags & MONO_METHOD_ATTR_ACCESS_MASK) == MONO_METHOD_ATTR_PUBLIC;
}

static int takes_one_int(MonoMethod *method)
{
    MonoMethodSignature *sig = mono_method_signature(method);
    void *iter = NULL;
    MonoType *param = mono_signature_get_params(sig, &iter);
    return param && mono_type_get_type(param) == MONO_TYPE_I4;
}

int ll__mono_entry_resolve(ll_runtime_context *context, const char *assembly_path, const char *entry,
                           ll_runtime_entry *out, ll_error *err)
{
    char ns[512], type[512], method[512];
    if (split_entry(entry, ns, type, method, sizeof ns) < 0) {
        ll_error_set_code(err, LL_ERROR_USAGE, "entry point '%s' is not of the form Namespace.Type:Method", entry);
        return -1;
    }
    MonoDomain *domain = context ? (MonoDomain *)context : mono_get_root_domain();
    MonoAssembly *assembly = mono_domain_assembly_open(domain, assembly_path);
    if (!assembly) {
        ll_error_set_code(err, LL_ERROR_IO, "cannot load assembly %s", assembly_path);
        return -1;
    }
    MonoClass *klass = mono_class_from_name(mono_assembly_get_image(assembly), ns, type);
    if (!klass) {
        ll_error_set_code(err, LL_ERROR_USAGE, "no type %s%s%s in %s", ns, *ns ? "." : "", type, assembly_path);
        return -1;
    }
    MonoMethod *with_int = mono_class_get_method_from_name(klass, method, 1);
    MonoMethod *without = mono_class_get_method_from_name(klass, method, 0);
    if (with_int && takes_one_int(with_int) && is_public_static(with_int)) {
        *out = (ll_runtime_entry){with_int, 1};
    } else if (without && is_public_static(without)) {
        *out = (ll_runtime_entry){without, 0};
    } else {
        ll_error_set_code(err, LL_ERROR_USAGE,
                          "no public static method %s(int) or %s() in %s%s%s", method, method, ns,
                 *ns ? "." : "", type);
        return -1;
    }
    return 0;
}

/* S as UTF-8, at most CAP bytes (cut at a character), in a malloc'd
 * string; *FULL_LEN the length it would have whole. Mono's own
 * conversion gives NULL for a lone surrogate ("x\uD800y" is a valid .NET
 * string): here it becomes U+FFFD, as the rest of leaklab's text does. */
static char *string_utf8(MonoString *s, size_t cap, size_t *full_len)
{
    const mono_unichar2 *u = mono_string_chars(s);
    size_t n = (size_t)mono_string_length(s), len = 0, out_cap = n * 3 < cap ? n * 3 + 1 : cap + 1;
    char *out = malloc(out_cap);
    size_t total = 0;
    int cut = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = u[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF)
            c = 0x10000 + ((c - 0xD800) << 10) + (u[++i] - 0xDC00);
        else if (c >= 0xD800 && c <= 0xDFFF)
            c = 0xFFFD;
        char enc[4];
        size_t k = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        if (k == 1)
            enc[0] = (char)c;
        else if (k == 2)
            enc[0] = (char)(0xC0 | c >> 6), enc[1] = (char)(0x80 | (c & 0x3F));
        else if (k == 3)
            enc[0] = (char)(0xE0 | c >> 12), enc[1] = (char)(0x80 | ((c >> 6) & 0x3F)), enc[2] = (char)(0x80 | (c & 0x3F));
        else
            enc[0] = (char)(0xF0 | c >> 18), enc[1] = (char)(0x80 | ((c >> 12) & 0x3F)),
            enc[2] = (char)(0x80 | ((c >> 6) & 0x3F)), enc[3] = (char)(0x80 | (c & 0x3F));
        total += k;
        cut |= len + k > cap || len + k >= out_cap;
        if (out && !cut) {
            memcpy(out + len, enc, k);
            len += k;
        }
    }
    if (out)
        out[len] = '\0';
    if (full_len)
        *full_len = total;
    return out;
}

/* The string value of a property of OBJ, or "" if it has none or throws. */
static void copy_string_property(MonoObject *obj, const char *name, char *out, size_t len)
{
    out[0] = '\0';
    MonoProperty *prop = NULL;
    for (MonoClass *k = mono_object_get_class(obj); k && !prop; k = mono_class_get_parent(k))
        prop = mono_class_get_property_from_name(k, name);
    if (!prop)
        return;
    MonoObject *thrown = NULL;
    MonoObject *value = mono_property_get_value(prop, obj, NULL, &thrown);
    if (thrown || !value)
        return;
    char *utf8 = string_utf8((MonoString *)value, len - 1, NULL);
    snprintf(out, len, "%s", utf8 ? utf8 : "");
    free(utf8);
}

static void describe_exception(MonoObject *exc, ll_exception_text *out)
{
    MonoClass *klass = mono_object_get_class(exc);
    const char *ns = mono_class_get_namespace(klass);
    snprintf(out->type, sizeof out->type, "%s%s%s", ns, *ns ? "." : "", mono_class_get_name(klass));
    copy_string_property(exc, "Message", out->message, sizeof out->message);
    copy_string_property(exc, "StackTrace", out->stack, sizeof out->stack);
}

int ll__mono_invoke(const ll_runtime_entry *entry, int iteration, ll_exception_text *exc, char **result,
                    size_t *result_full_len)
{
    void *args[1] = {&iteration};
    MonoObject *thrown = NULL;
    if (result)
        *result = NULL;
    MonoObject *returned = mono_runtime_invoke((MonoMethod *)entry->handle, NULL, entry->takes_iteration ? args : NULL, &thrown);
    if (thrown) {
        describe_exception(thrown, exc);
        return -1;
    }
    if (result && returned && mono_object_get_class(returned) == mono_get_string_class())
        *result = string_utf8((MonoString *)returned, LL_RESULT_MAX_BYTES, result_full_len);
    return 0;
}
