/* A collectible context that cannot be unloaded. An AssemblyLoadContext
 * (or an AppDomain) goes only when nothing reaches its LoaderAllocator:
 * a LoaderAllocator (or its LoaderAllocatorScout) that !gcroot shows
 * rooted is the signature of a context that will never be unloaded, and
 * of the assemblies it holds, as the .NET documentation's unloadability
 * guide reads it. Each root is a suspect, named by the first of the
 * application's own types on its chain, with the fix its kind of root
 * calls for: a strong handle to free, a static (a pinned handle: statics
 * live in a pinned array) to clear, a local to let go, an event handler to
 * remove.
 *
 * Any other chain names what keeps its object: the root, and the holder,
 * read off the chain itself: the collection whose storage (the last array
 * on the chain, other than a static's own slot array next to its pinned
 * handle) leads to the object, or an event's invocation list, with the
 * nearest object of the application's that owns it. */
#include "root_triage.h"

#include "leaklab/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROOT_SUSPECTS 5

static int framework_type(const char *type)
{
    return strncmp(type, "System.", 7) == 0 || strncmp(type, "Microsoft.", 10) == 0;
}

static int loader_allocator(const char *type)
{
    return type && (strcmp(type, "System.Reflection.LoaderAllocator") == 0 ||
                    strcmp(type, "System.Reflection.LoaderAllocatorScout") == 0);
}

/* A !gcroot chain's types, root first (the first MAX_CHAIN; the last
 * always). */
#define MAX_CHAIN 64
struct chain {
    const char *types[MAX_CHAIN];
    size_t count;
    const char *last;
};

static int add_link(const ll_value *item, void *ctx)
{
    struct chain *c = ctx;
    c->last = ll_value_string(item);
    if (c->count < MAX_CHAIN)
        c->types[c->count++] = c->last ? c->last : "?";
    return 0;
}

/* The first application type on CHAIN, or its first type. */
static const char *named_type(const struct chain *c)
{
    for (size_t i = 0; i < c->count; i++)
        if (!framework_type(c->types[i]))
            return c->types[i];
    return c->count ? c->types[0] : "?";
}

/* A delegate: an event's handler, its invocation list, a Func or Action. */
static int delegate_type(const char *type)
{
    return strstr(type, "EventHandler") || strcmp(type, "System.Delegate[]") == 0 ||
           strncmp(type, "System.Func`", 12) == 0 || strncmp(type, "System.Action", 13) == 0;
}

static int through_delegate(const struct chain *c)
{
    for (size_t i = 0; i < c->count; i++)
        if (delegate_type(c->types[i]))
            return 1;
    return 0;
}

/* A closure the C# compiler made for a lambda that captures a variable. */
static const char *closure_on(const struct chain *c)
{
    for (size_t i = 0; i < c->count; i++)
        if (strstr(c->types[i], "<>c__DisplayClass"))
            return c->types[i];
    return NULL;
}

/* The fix for a root of kind ROOT holding TYPE, in the user's terms. */
static void fix_for(const char *root, const char *type, int delegate, char *fix, size_t len)
{
    if (delegate)
        snprintf(fix, len, "remove the handler that holds %s from its event (-=) before unloading the context", type);
    else if (strstr(root, "pinned handle"))
        snprintf(fix, len, "clear the static field that holds %s (statics live in a pinned array): set it to null "
                 "before unloading, and keep the context's objects out of other contexts' statics", type);
    else if (strstr(root, "handle"))
        snprintf(fix, len, "free the GCHandle that holds %s (GCHandle.Free) before unloading the context", type);
    else if (strncmp(root, "a local of ", 11) == 0)
        snprintf(fix, len, "let %s drop its reference to %s (a Type, MethodInfo or object of the context's code) "
                 "before unloading: do not keep them in locals across the unload", root + 11, type);
    else
        snprintf(fix, len, "release the reference to %s before unloading the context", type);
}

struct triage {
    ll_report *report;
    size_t rooted, kept;
};

static int is_array(const char *type)
{
    size_t n = strlen(type);
    return n > 2 && strcmp(type + n - 2, "[]") == 0;
}

/* Where on CHAIN the holder sits: the object whose array (the last on the
 * chain, not a static's slot array right after a pinned handle's root)
 * leads on to the object; -1 when no array does. */
static long holder_at(const struct chain *c, const char *root)
{
    int statics = strstr(root, "pinned handle") != NULL;
    for (size_t k = c->count; k-- > 1;)
        if (is_array(c->types[k]) && !(statics && k == 0) && k + 1 < c->count)
            return (long)k - 1;
    return -1;
}

/* The holder's text: the collection, and the nearest application object
 * before it that owns it (when there is one). */
static void holder_text(const struct chain *c, long at, char *out, size_t len)
{
    const char *owner = NULL;
    for (long k = at - 1; k >= 0 && !owner; k--)
        if (!framework_type(c->types[k]) && !is_array(c->types[k]))
            owner = c->types[k];
    if (owner && owner != c->types[at])
        snprintf(out, len, "%s, held by %s", c->types[at], owner);
    else
        snprintf(out, len, "%s", c->types[at]);
}

/* The article before ROOT ("a strong handle", "an async pinned handle";
 * a stack's root carries its own). */
static const char *held_by(const char *root)
{
    return strncmp(root, "a ", 2) == 0 ? "" : strchr("aeiou", root[0]) ? "an " : "a ";
}

/* "an async pinned handle", into OUT. */
static const char *root_origin(const char *root, char *out, size_t len)
{
    snprintf(out, len, "%s%s", held_by(root), root);
    return out;
}

/* What a kind of root is, where SOS's name does not say. */
static const char *root_meaning(const char *root)
{
    return strcmp(root, "pinned handle") == 0         ? " (a static: statics live in a pinned array)"
           : strcmp(root, "async pinned handle") == 0 ? " (an I/O operation in flight pins its buffer)"
                                                        : "";
}

/* A suspect for a chain that ends at any other object: what keeps it. */
static void kept_by_chain(struct triage *t, const char *root, const struct chain *c, const char *path)
{
    if (++t->kept > MAX_ROOT_SUSPECTS || !c->count)
        return;
    const char *object = c->types[c->count - 1];
    long at = holder_at(c, root);
    int delegate = through_delegate(c);
    const char *closure = closure_on(c);
    char holder[1024], what[2600], fix[1400], on_the_way[1100] = "";
    if (at >= 0)
        holder_text(c, at, holder, sizeof holder);
    else
        snprintf(holder, sizeof holder, "%s", c->count > 1 ? c->types[c->count - 2] : root);
    if (closure)
        snprintf(on_the_way, sizeof on_the_way, "; on the way, a delegate whose closure %s captures it", closure);
    else if (delegate)
        snprintf(on_the_way, sizeof on_the_way, "; on the way, a delegate (an event's handler or its invocation list)");
    snprintf(what, sizeof what, "kept by %s%s%s, through %s%s", held_by(root), root, root_meaning(root), holder,
             on_the_way);
    if (strcmp(root, "async pinned handle") == 0)
        snprintf(fix, sizeof fix, "finish or cancel the I/O that pins %s: dispose what started it (a "
                 "FileSystemWatcher, a socket, a stream) when done with it", object);
    else if (closure)
        snprintf(fix, sizeof fix, "stop the lambda from capturing %s (pass what it needs as an argument, or build the "
                 "delegate once), or remove its delegate from %s", object, holder);
    else if (delegate)
        snprintf(fix, sizeof fix, "remove the handler that holds %s from its event (-=), or remove it from %s", object,
                 holder);
    else
        snprintf(fix, sizeof fix, "remove %s from %s when done with it, or bound it (a cache needs an eviction "
                 "policy)", object, holder);
    char origin[640];
    ll_result_add_suspect_text(t->report, LL_SUSPECT_GCROOT, object, root_origin(root, origin, sizeof origin), 0, path,
                               what, fix);
}

/* A weak handle (short, long, .NET 9's interior pointers, which SOS 10
 * lists among !gcroot's roots as "(10)") keeps nothing alive. */
static int weak_root(const char *root)
{
    return strncmp(root, "weak ", 5) == 0;
}

/* A suspect for the root R when its chain ends at a LoaderAllocator. */
static int triage_root(const ll_value *r, void *ctx)
{
    struct triage *t = ctx;
    ll_value root_value = ll_value_member(r, LL_FIELD_GCROOT_ROOT), chain_value = ll_value_member(r, LL_FIELD_GCROOT_CHAIN);
    const char *root = ll_value_string(&root_value);
    struct chain chain = {.count = 0};
    ll_value_each_item(&chain_value, add_link, &chain);
    if (!root || weak_root(root))
        return 0;
    char path[1024] = "", fix[512];
    size_t len = (size_t)snprintf(path, sizeof path, "%s", root);
    for (size_t k = 0; k < chain.count && len < sizeof path; k++)
        len += (size_t)snprintf(path + len, sizeof path - len, " -> %s", chain.types[k]);
    if (!loader_allocator(chain.last)) {
        kept_by_chain(t, root, &chain, path);
        return 0;
    }
    if (++t->rooted > MAX_ROOT_SUSPECTS)
        return 0;
    const char *type = named_type(&chain);
    fix_for(root, type, through_delegate(&chain), fix, sizeof fix);
    char origin[640];
    return ll_result_add_suspect_text(t->report, LL_SUSPECT_GCROOT, type, root_origin(root, origin, sizeof origin), 0,
                                      path,
                                      "a collectible context (AssemblyLoadContext, or an AppDomain) that cannot be "
                                      "unloaded: its LoaderAllocator is still reachable, so its assemblies stay loaded "
                                      "for good",
                                      fix)
               ? 0
               : 1;
}

size_t ll__root_triage(const ll_record *snapshot, ll_report *report)
{
    struct triage t = {report, 0, 0};
    ll_value roots = ll_record_value(snapshot, LL_FIELD_GCROOTS);
    ll_value_each_item(&roots, triage_root, &t);
    return t.rooted;
}
