/* What produced an assembly group, in the user's terms, and the lines a
 * report says of it: the generator (CodeDom SOAP proxy, XmlSerializer,
 * Reflection.Emit, ...) recognised from the group's origin, name and the
 * types it defines and references, the way an expert reads `!dumpmodule
 * -mt`, with its fix; the group's signature; the group as a suspect.
 * Names only label a group already found leaking: they never decide. */
#include "generators.h"
#include "leaklab/text.h"

#include <stdlib.h>
#include <string.h>

void ll__text_append(char *buf, size_t cap, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (*len + n >= cap)
        n = cap - *len - 1;
    memcpy(buf + *len, s, n);
    *len += n;
    buf[*len] = '\0';
}

static int references(const ll_group *group, const char *type)
{
    const ll_module *m = &group->representative;
    for (size_t i = 0; i < m->ref_count; i++)
        if (strcmp(m->refs[i], type) == 0)
            return 1;
    return 0;
}

/* Whether the group defines a type based on BASE; a module listed by
 * `!dumpmodule -mt` shows no base types, and there a reference to BASE
 * with GeneratedCodeAttribute is the evidence an expert reads. */
static int defines_type_based_on(const ll_group *group, const char *base)
{
    const ll_module *m = &group->representative;
    if (references(group, base) && references(group, "System.CodeDom.Compiler.GeneratedCodeAttribute") &&
        m->type_count && !m->types[0].base)
        return 1;
    for (size_t i = 0; i < m->type_count; i++)
        if (m->types[i].base && strcmp(m->types[i].base, base) == 0)
            return 1;
    return 0;
}

ll_generator ll__generator_named(ll_generator_kind kind)
{
    static const ll_generator generators[] = {
        [LL_GENERATOR_CODEDOM_SOAP_PROXY] =
            {"CodeDom-compiled SOAP client proxy (ServiceDescriptionImporter + CSharpCodeProvider, "
             "GenerateInMemory): one new proxy assembly per call",
             "compile the proxy once per WSDL and cache the generated Type (keyed by the WSDL "
             "content or URL); or generate it at build time with `wsdl` and compile it in; or, if "
             "it must be dynamic, load it into an AppDomain you unload (a collectible "
             "AssemblyLoadContext on .NET Core)"},
        [LL_GENERATOR_RUNTIME_SOAP_PROXY] =
            {"SOAP client proxy generated from the WSDL and compiled at run time (CodeDom source compiled with "
             "Roslyn, as a port to .NET does): one new proxy assembly per call",
             "compile the proxy once per WSDL and cache the generated Type (keyed by the WSDL content or URL); or "
             "generate it at build time and compile it in; or, if it must be dynamic, load it into a collectible "
             "AssemblyLoadContext you unload (on .NET, Assembly.Load(byte[]) gives each image a context of its "
             "own that is never unloaded)"},
        [LL_GENERATOR_XML_SERIALIZER] =
            {"XmlSerializer-generated serialization assembly (Reflection.Emit): one per new "
             "serialized type, e.g. per new proxy type",
             "reuse the types being serialized (cache the proxy type) and reuse XmlSerializer "
             "instances; the XmlSerializer(Type, XmlRootAttribute) and similar constructors are "
             "not cached by the framework"},
        [LL_GENERATOR_REFLECTION_EMIT] =
            {"Reflection.Emit assembly (AssemblyBuilder) created per call",
             "define the dynamic assembly and module once and add types to it, cache the generated "
             "types, or create it with AssemblyBuilderAccess.RunAndCollect / in an unloadable "
             "context"},
        [LL_GENERATOR_CODEDOM_IN_MEMORY] = {"CodeDom-compiled in-memory assembly (CSharpCodeProvider, GenerateInMemory)",
                                            "cache the compiled assembly by its source, or compile into an AppDomain "
                                            "you unload"},
        [LL_GENERATOR_LOAD_BYTES] = {"assembly loaded from bytes (Assembly.Load(byte[])) again and again",
                                     "load it once and keep the Assembly, or load it into an AppDomain you unload"},
        [LL_GENERATOR_LOAD_FILE] = {"the same assembly file loaded again and again (Assembly.LoadFile/LoadFrom, or "
                                    "new AppDomains that are never unloaded)",
                                    "load it once, or unload the AppDomains that load it"},
        [LL_GENERATOR_ASSEMBLIES_LOADED] =
            {"assemblies loaded again and again (CodeDom GenerateInMemory, Assembly.Load, or AppDomains never "
             "unloaded): the heap holds one RuntimeAssembly object per loaded assembly",
             "find what loads them (!dumpdomain lists them, grouped by name; !dumpmodule -mt of one says what "
             "it defines), then load or compile once and cache, or load into a context you unload"},
    };
    return generators[kind];
}

/* Whether NAME is a SOAP client base other than .NET Framework's: a name
 * ending in "SoapClient" or "ClientProtocol", or WCF's ClientBase. */
static int soap_client_base(const char *name)
{
    static const char *const suffixes[] = {"SoapClient", "ClientProtocol", "ClientBase`1"};
    for (size_t k = 0; name && k < sizeof suffixes / sizeof suffixes[0]; k++) {
        size_t n = strlen(name), s = strlen(suffixes[k]);
        if (n >= s && strcmp(name + n - s, suffixes[k]) == 0)
            return 1;
    }
    return 0;
}

/* Whether the group defines a generated type (GeneratedCodeAttribute)
 * based on such a client base; a module listed by `!dumpmodule -mt` shows
 * no base types, nor an attribute whose MethodTable was never loaded:
 * there, defining types and referencing such a base is the evidence. */
static int defines_generated_soap_client(const ll_group *group)
{
    const ll_module *m = &group->representative;
    if (m->type_count && !m->types[0].base) {
        for (size_t i = 0; i < m->ref_count; i++)
            if (soap_client_base(m->refs[i]))
                return 1;
        return 0;
    }
    if (!references(group, "System.CodeDom.Compiler.GeneratedCodeAttribute"))
        return 0;
    for (size_t i = 0; i < m->type_count; i++)
        if (soap_client_base(m->types[i].base))
            return 1;
    return 0;
}

ll_generator ll__group_generator(const ll_group *group)
{
    int from_bytes = strcmp(group->origin, "bytes") == 0;
    int emitted = strcmp(group->origin, "emit") == 0;
    int random_name = strcmp(group->name_pattern, LL_RANDOM8_PATTERN) == 0;
    if (from_bytes && (defines_type_based_on(group, "System.Web.Services.Protocols.SoapHttpClientProtocol") ||
                       defines_type_based_on(group, "System.Web.Services.Protocols.HttpGetClientProtocol") ||
                       defines_type_based_on(group, "System.Web.Services.Protocols.HttpPostClientProtocol")))
        return ll__generator_named(LL_GENERATOR_CODEDOM_SOAP_PROXY);
    if (from_bytes && defines_generated_soap_client(group))
        return ll__generator_named(LL_GENERATOR_RUNTIME_SOAP_PROXY);
    if (emitted && (defines_type_based_on(group, "System.Xml.Serialization.XmlSerializationReader") ||
                    defines_type_based_on(group, "System.Xml.Serialization.XmlSerializationWriter")))
        return ll__generator_named(LL_GENERATOR_XML_SERIALIZER);
    if (emitted)
        return ll__generator_named(LL_GENERATOR_REFLECTION_EMIT);
    if (from_bytes && random_name)
        return ll__generator_named(LL_GENERATOR_CODEDOM_IN_MEMORY);
    if (from_bytes)
        return ll__generator_named(LL_GENERATOR_LOAD_BYTES);
    return ll__generator_named(LL_GENERATOR_LOAD_FILE);
}

/* The first LIMIT of COUNT items, comma-separated, then ", ..." if more;
 * each written by APPEND. */
static void append_list(char *buf, size_t cap, size_t *len, const void *items, size_t size, size_t count,
                        size_t limit, void (*append)(char *buf, size_t cap, size_t *len, const void *item))
{
    for (size_t i = 0; i < count; i++) {
        if (i == limit) {
            ll__text_append(buf, cap, len, ", ...");
            break;
        }
        if (i)
            ll__text_append(buf, cap, len, ", ");
        append(buf, cap, len, (const char *)items + i * size);
    }
}

/* "A : Base" for a defined type, "-" for an unknown base (a module listed
 * by !dumpmodule -mt). */
static void append_type(char *buf, size_t cap, size_t *len, const void *item)
{
    const ll_module_type *t = item;
    ll__text_append(buf, cap, len, t->name ? t->name : "?");
    ll__text_append(buf, cap, len, " : ");
    ll__text_append(buf, cap, len, t->base ? t->base : "-");
}

static void append_ref(char *buf, size_t cap, size_t *len, const void *item)
{
    ll__text_append(buf, cap, len, *(char *const *)item);
}

char *ll__group_signature(const ll_group *group)
{
    char buf[1024];
    size_t len = 0;
    buf[0] = '\0';
    const ll_module *m = &group->representative;
    ll__text_append(buf, sizeof buf, &len, m->type_count ? "defines " : "defines no types");
    append_list(buf, sizeof buf, &len, m->types, sizeof *m->types, m->type_count, 2, append_type);
    if (m->ref_count > 0) {
        ll__text_append(buf, sizeof buf, &len, "; references ");
        append_list(buf, sizeof buf, &len, m->refs, sizeof *m->refs, m->ref_count, 3, append_ref);
    }
    return strdup(buf);
}

int ll__group_suspect(const ll_group *g, ll_suspect *s)
{
    ll_generator gen = ll__group_generator(g);
    s->source = LL_SUSPECT_GROUP;
    s->loaded = g->alive;
    s->seen = g->seen;
    s->name_pattern = strdup(g->name_pattern);
    s->origin = strdup(g->origin);
    s->version = strdup(g->version);
    s->signature = ll__group_signature(g);
    s->generator = strdup(gen.what);
    s->fix = strdup(gen.fix);
    int failed = !s->name_pattern || !s->origin || !s->version || !s->signature || !s->generator || !s->fix;
    for (size_t i = 0; i < g->example_count; i++)
        failed |= ll_string_list_add(&s->examples, &s->example_count, g->examples[i]) < 0;
    return failed ? -1 : 0;
}

int ll__group_looks_generated(const ll_group *g)
{
    return strcmp(g->name_pattern, LL_RANDOM8_PATTERN) == 0 || strcmp(g->origin, "bytes") == 0 ||
           strcmp(g->origin, "emit") == 0;
}
