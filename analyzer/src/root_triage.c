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

/* The first application type on CHAIN, or its first type. */
static const char *named_type(json_t *chain)
{
    size_t i;
    json_t *t;
    json_array_foreach(chain, i, t)
        if (json_string_value(t) && !framework_type(json_string_value(t)))
            return json_string_value(t);
    return json_string_value(json_array_get(chain, 0));
}

static int through_delegate(json_t *chain)
{
    size_t i;
    json_t *t;
    json_array_foreach(chain, i, t) {
        const char *type = json_string_value(t);
        if (type && (strstr(type, "EventHandler") || strcmp(type, "System.Delegate[]") == 0))
            return 1;
    }
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

size_t ll_root_triage(json_t *snapshot, ll_report *report)
{
    json_t *roots = json_object_get(snapshot, LL_FIELD_GCROOTS), *r;
    size_t i, rooted = 0;
    json_array_foreach(roots, i, r) {
        json_t *chain = json_object_get(r, LL_FIELD_GCROOT_CHAIN);
        const char *root = json_string_value(json_object_get(r, LL_FIELD_GCROOT_ROOT));
        const char *target = json_string_value(json_array_get(chain, json_array_size(chain) - 1));
        if (!root || !loader_allocator(target))
            continue;
        if (++rooted > MAX_ROOT_SUSPECTS)
            continue;
        const char *type = named_type(chain);
        char path[1024] = "", fix[512];
        size_t len = (size_t)snprintf(path, sizeof path, "%s", root);
        size_t k;
        json_t *t;
        json_array_foreach(chain, k, t)
            if (len < sizeof path)
                len += (size_t)snprintf(path + len, sizeof path - len, " -> %s", json_string_value(t));
        fix_for(root, type, through_delegate(chain), fix, sizeof fix);
        ll_suspect *s = ll_report_add_suspect(report);
        if (!s)
            break;
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
    }
    return rooted;
}
