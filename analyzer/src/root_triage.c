/* A collectible context that cannot be unloaded. An AssemblyLoadContext
 * (or an AppDomain) goes only when nothing reaches its LoaderAllocator:
 * a LoaderAllocator (or its LoaderAllocatorScout) that !gcroot shows
 * rooted is the signature of a context that will never be unloaded, and
 * of the assemblies it holds, as the .NET documentation's unloadability
 * guide reads it. Each root is a suspect, named by the first of the
 * application's own types on its chain, with the fix its kind of root
 * calls for: a strong handle to free, a static (a pinned handle: statics
 * live in a pinned array) to clear, a local to let go, an event handler to
 * remove. */
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

static int through_delegate(const struct chain *c)
{
    for (size_t i = 0; i < c->count; i++)
        if (strstr(c->types[i], "EventHandler") || strcmp(c->types[i], "System.Delegate[]") == 0)
            return 1;
    return 0;
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
    size_t rooted;
};

/* A suspect for the root R when its chain ends at a LoaderAllocator. */
static int triage_root(const ll_value *r, void *ctx)
{
    struct triage *t = ctx;
    ll_value root_value = ll_value_member(r, LL_FIELD_GCROOT_ROOT), chain_value = ll_value_member(r, LL_FIELD_GCROOT_CHAIN);
    const char *root = ll_value_string(&root_value);
    struct chain chain = {.count = 0};
    ll_value_each_item(&chain_value, add_link, &chain);
    if (!root || !loader_allocator(chain.last))
        return 0;
    if (++t->rooted > MAX_ROOT_SUSPECTS)
        return 0;
    const char *type = named_type(&chain);
    char path[1024] = "", fix[512];
    size_t len = (size_t)snprintf(path, sizeof path, "%s", root);
    for (size_t k = 0; k < chain.count && len < sizeof path; k++)
        len += (size_t)snprintf(path + len, sizeof path - len, " -> %s", chain.types[k]);
    fix_for(root, type, through_delegate(&chain), fix, sizeof fix);
    ll_suspect *s = ll_result_add_suspect(t->report);
    if (!s)
        return 1;
    s->source = LL_SUSPECT_GCROOT;
    s->name_pattern = strdup(type);
    char held_by[640];
    snprintf(held_by, sizeof held_by, "%s%s", strncmp(root, "a ", 2) == 0 ? "" : "a ", root);
    s->origin = strdup(held_by);
    s->version = strdup("-");
    s->signature = strdup(path);
    s->generator = strdup("a collectible context (AssemblyLoadContext, or an AppDomain) that cannot be unloaded: "
                          "its LoaderAllocator is still reachable, so its assemblies stay loaded for good");
    s->fix = strdup(fix);
    return 0;
}

size_t ll__root_triage(const ll_record *snapshot, ll_report *report)
{
    struct triage t = {report, 0};
    ll_value roots = ll_record_value(snapshot, LL_FIELD_GCROOTS);
    ll_value_each_item(&roots, triage_root, &t);
    return t.rooted;
}
