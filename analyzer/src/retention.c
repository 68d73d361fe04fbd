/* Who keeps it: the last snapshot's "retainers" (a run's heap capture: the
 * commonest shortest paths from a GC root to the instances of each type
 * that grew) read into the typed result, on each growing type and on the
 * suspects, with the holder named and the fix its root calls for.
 *
 * The holder is what the path says, never a list of known classes: its
 * root (a static field, a GC handle, a thread's stack, the finalizer
 * queue, the runtime) and the chain to the instances. The fix follows the
 * root's kind, and, for a static, what the chain passes through: an
 * event's invocation list (a delegate) is unsubscribed, anything else
 * bounded or built once. An assembly group of Reflection.Emit assemblies
 * is kept by whatever path reaches an assembly builder; any other group
 * of a run's default context by the default domain, which never unloads. */
#include "retention.h"

#include "leaklab/snapshot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ll_retention_free(ll_retention *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->path_count; i++) {
        ll_retention_path *p = &r->paths[i];
        free(p->root);
        free(p->root_kind);
        for (size_t k = 0; k < p->chain_length; k++) {
            free(p->chain[k].type);
            free(p->chain[k].field);
        }
        free(p->chain);
    }
    free(r->paths);
    free(r);
}

static char *copy(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* --- reading a capture ------------------------------------------------------ */

static int add_link(const ll_value *item, void *ctx)
{
    ll_retention_path *p = ctx;
    ll_value type = ll_value_member(item, LL_FIELD_CHAIN_TYPE), field = ll_value_member(item, LL_FIELD_CHAIN_FIELD);
    ll_value repeat = ll_value_member(item, LL_FIELD_CHAIN_REPEAT);
    if (!ll_value_string(&type))
        return 0; /* a link without its type says nothing: left out */
    ll_chain_link *chain = realloc(p->chain, (p->chain_length + 1) * sizeof *chain);
    if (!chain)
        return -1;
    p->chain = chain;
    chain[p->chain_length++] = (ll_chain_link){strdup(ll_value_string(&type)), copy(ll_value_string(&field)),
                                               repeat.kind == LL_VALUE_INTEGER ? (long)repeat.integer : 1};
    return 0;
}

static double member_number(const ll_value *object, const char *key)
{
    ll_value v = ll_value_member(object, key);
    return v.kind == LL_VALUE_INTEGER || v.kind == LL_VALUE_REAL ? ll_value_number(&v) : NAN;
}

static int add_path(const ll_value *item, void *ctx)
{
    ll_retention *r = ctx;
    ll_value root = ll_value_member(item, LL_FIELD_PATH_ROOT), kind = ll_value_member(item, LL_FIELD_PATH_ROOT_KIND);
    if (!ll_value_string(&root) || !ll_value_string(&kind))
        return 0; /* a path without its root names no holder: left out */
    ll_retention_path *paths = realloc(r->paths, (r->path_count + 1) * sizeof *paths);
    if (!paths)
        return -1;
    r->paths = paths;
    ll_retention_path *p = &paths[r->path_count++];
    ll_value cut = ll_value_member(item, LL_FIELD_PATH_CUT);
    *p = (ll_retention_path){.root = copy(ll_value_string(&root)), .root_kind = copy(ll_value_string(&kind)),
                             .cut = cut.kind == LL_VALUE_BOOLEAN && cut.integer,
                             .count = member_number(item, LL_FIELD_PATH_COUNT),
                             .bytes = member_number(item, LL_FIELD_PATH_BYTES),
                             .owner_retained = member_number(item, LL_FIELD_PATH_OWNER_RETAINED)};
    p->share = r->instances > 0 ? p->count / r->instances : NAN;
    ll_value chain = ll_value_member(item, LL_FIELD_PATH_CHAIN);
    return p->root && p->root_kind ? ll_value_each_item(&chain, add_link, p) : -1; /* out of memory */
}

struct type_lookup {
    const char *type;
    ll_retention *found;
};

static int match_type(const ll_value *item, void *ctx)
{
    struct type_lookup *look = ctx;
    ll_value type = ll_value_member(item, LL_FIELD_RETAINED_TYPE);
    if (look->found || !ll_value_string(&type) || strcmp(ll_value_string(&type), look->type) != 0)
        return 0;
    ll_retention *r = calloc(1, sizeof *r);
    if (!r)
        return -1;
    r->instances = member_number(item, LL_FIELD_PATH_COUNT);
    r->bytes = member_number(item, LL_FIELD_PATH_BYTES);
    ll_value other = ll_value_member(item, LL_FIELD_PATHS_OTHER);
    ll_value unreachable = ll_value_member(item, LL_FIELD_PATHS_UNREACHABLE);
    r->other_count = member_number(&other, LL_FIELD_PATH_COUNT);
    r->unreachable_count = member_number(&unreachable, LL_FIELD_PATH_COUNT);
    ll_value paths = ll_value_member(item, LL_FIELD_PATHS);
    if (ll_value_each_item(&paths, add_path, r) < 0) {
        ll_retention_free(r);
        return -1;
    }
    look->found = r;
    return 0;
}

void ll__retention_attach(const ll_record *last_snapshot, ll_report *report)
{
    ll_value types = ll_record_value(last_snapshot, LL_FIELD_RETAINERS "." LL_FIELD_RETAINED_TYPES);
    for (size_t i = 0; types.kind == LL_VALUE_ARRAY && i < report->growth_by_type_count; i++) {
        struct type_lookup look = {report->growth_by_type[i].type, NULL};
        ll_value_each_item(&types, match_type, &look);
        report->growth_by_type[i].retention = look.found;
    }
}

/* --- the holder and its fix --------------------------------------------------- */

static ll_retention *retention_copy(const ll_retention *from)
{
    ll_retention *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    *r = *from;
    r->paths = calloc(from->path_count ? from->path_count : 1, sizeof *r->paths);
    if (!r->paths) {
        free(r);
        return NULL;
    }
    for (size_t i = 0; i < from->path_count; i++) {
        const ll_retention_path *p = &from->paths[i];
        ll_retention_path *q = &r->paths[i];
        *q = *p;
        q->root = copy(p->root);
        q->root_kind = copy(p->root_kind);
        q->chain = calloc(p->chain_length ? p->chain_length : 1, sizeof *q->chain);
        for (size_t k = 0; q->chain && k < p->chain_length; k++)
            q->chain[k] = (ll_chain_link){copy(p->chain[k].type), copy(p->chain[k].field), p->chain[k].repeat};
        q->chain_length = q->chain ? p->chain_length : 0;
    }
    return r;
}

static int chain_has(const ll_retention_path *p, const char *word)
{
    for (size_t k = 0; k < p->chain_length; k++)
        if (strstr(p->chain[k].type, word))
            return 1;
    return 0;
}

/* A path found class by class (mprof-report --traces), not object by
 * object: its chain is what is known. */
static int type_level(const ll_retention_path *p)
{
    return strcmp(p->root_kind, "type-level") == 0;
}

/* "static Ns.Type.field (96 % of them)", or for a type-level path "the
 * classes A <- B <- C (mprof-report --traces)". */
static char *holder_text(const ll_retention_path *p)
{
    char *text = NULL;
    if (type_level(p)) {
        size_t len = 0;
        FILE *out = open_memstream(&text, &len);
        if (!out)
            return NULL;
        fprintf(out, "class by class (mprof-report --traces): ");
        for (size_t k = p->chain_length; k-- > 0;)
            fprintf(out, "%s%s", p->chain[k].type, k ? " <- " : "");
        fclose(out);
        return text;
    }
    if (asprintf(&text, "%s %s (%.0f %% of them)", p->root_kind, p->root, 100 * (isnan(p->share) ? 1 : p->share)) < 0)
        return NULL;
    return text;
}

/* Whether the path goes through a delegate: an invocation list
 * (System.Delegate[] on Mono, an Object[] of handlers on CoreCLR) or a
 * handler, known by its type's name. */
static int through_delegate(const ll_retention_path *p)
{
    return chain_has(p, "Delegate") || chain_has(p, "EventHandler");
}

static char *fix_text(const ll_retention_path *p)
{
    char *text = NULL;
    int rc = -1;
    if ((strcmp(p->root_kind, "static") == 0 || type_level(p)) && through_delegate(p))
        rc = asprintf(&text, "unsubscribe: an event's invocation list under %s keeps them; remove each handler (-=) "
                             "when the object it belongs to is done, or use a weak event",
                      type_level(p) && p->chain_length ? p->chain[0].type : p->root);
    else if (strcmp(p->root_kind, "static") == 0 && chain_has(p, "Serializer"))
        rc = asprintf(&text, "reuse the serializer: %s caches what each call generates; build it once per type and "
                             "keep it, instead of constructing it on every call", p->root);
    else if (strcmp(p->root_kind, "static") == 0)
        rc = asprintf(&text, "bound the cache: %s keeps them from one call to the next; remove entries when done, "
                             "bound it, or build what it holds once and reuse it", p->root);
    else if (strcmp(p->root_kind, "handle") == 0)
        rc = asprintf(&text, "dispose: a GC handle keeps them; free the handle (GCHandle.Free), or dispose what "
                             "allocated it");
    else if (strcmp(p->root_kind, "stack") == 0)
        rc = asprintf(&text, "a running thread keeps them in a local or argument (%s): let the loop or call that "
                             "holds them drop them", p->root);
    else if (type_level(p))
        rc = asprintf(&text, "find what keeps the %s objects, the first class of the path (a static, a cache, an "
                             "event): the profiler's references stop there", p->chain_length ? p->chain[0].type : "?");
    else if (strcmp(p->root_kind, "finalizer") == 0)
        rc = asprintf(&text, "dispose them: they wait for their finalizers; call Dispose so that finalization is "
                             "suppressed");
    else
        rc = asprintf(&text, "the runtime keeps them (%s): release what registered them with it", p->root);
    return rc < 0 ? NULL : text;
}

static const ll_retention *retention_of(const ll_report *report, const char *type)
{
    for (size_t i = 0; i < report->growth_by_type_count; i++)
        if (strcmp(report->growth_by_type[i].type, type) == 0)
            return report->growth_by_type[i].retention;
    return NULL;
}

static void keep_type(ll_suspect *s, const ll_retention *r)
{
    if (!r || r->path_count == 0)
        return;
    char *fix = fix_text(&r->paths[0]);
    s->kept_by = holder_text(&r->paths[0]);
    s->retention = retention_copy(r);
    if (fix) {
        free(s->fix);
        s->fix = fix;
    }
}

/* The first path of any growing type that passes through an assembly
 * builder: what keeps emitted assemblies. */
static const ll_retention_path *path_to_assembly_builder(const ll_report *report, size_t *link)
{
    for (size_t i = 0; i < report->growth_by_type_count; i++) {
        const ll_retention *r = report->growth_by_type[i].retention;
        for (size_t j = 0; r && j < r->path_count; j++)
            for (size_t k = 0; k < r->paths[j].chain_length; k++)
                if (strstr(r->paths[j].chain[k].type, "AssemblyBuilder") && !strstr(r->paths[j].chain[k].type, "[]")) {
                    *link = k;
                    return &r->paths[j];
                }
    }
    return NULL;
}

#define LOADER_ALLOCATOR "System.Reflection.LoaderAllocator"

static const ll_retention_path *first_path(const ll_retention *r)
{
    return r && r->path_count ? &r->paths[0] : NULL;
}

/* A collectible context lives as long as its LoaderAllocator: what keeps
 * the LoaderAllocators (path P) keeps the unloaded contexts. */
static void keep_unloaded_by(ll_suspect *s, const ll_retention_path *p, double unloaded_alive)
{
    char *holder = holder_text(p), *fix = fix_text(p);
    if (holder && asprintf(&s->kept_by, "%.0f unloaded contexts still alive: their LoaderAllocators are kept by %s",
                           unloaded_alive, holder) < 0)
        s->kept_by = NULL;
    free(holder);
    if (fix) {
        free(s->fix);
        s->fix = fix;
    }
}

/* UNLOADED_ALIVE: collectible contexts whose Unload() was called, alive
 * after the last snapshot's collections (CoreCLR's weak references; NaN:
 * not measured). */
static void keep_group(ll_suspect *s, const ll_report *report, int default_context, double unloaded_alive)
{
    size_t link = 0;
    const ll_retention_path *p = strcmp(s->origin, "emit") == 0 ? path_to_assembly_builder(report, &link) : NULL;
    if (p) {
        if (asprintf(&s->kept_by, "%s %s, through %s", p->root_kind, p->root, p->chain[link].type) < 0)
            s->kept_by = NULL;
    } else if (unloaded_alive >= 1 && (p = first_path(retention_of(report, LOADER_ALLOCATOR)))) {
        keep_unloaded_by(s, p, unloaded_alive);
    } else if (unloaded_alive >= 1) {
        if (asprintf(&s->kept_by,
                     "%.0f unloaded contexts still alive: Unload() was called, but something outside them (a "
                     "static, an event handler, a cache of the default context) still references their objects, "
                     "types or delegates",
                     unloaded_alive) < 0)
            s->kept_by = NULL;
    } else if (default_context) {
        s->kept_by = strdup("the default domain: an assembly loaded into it is never unloaded");
    }
}

void ll__retention_suspects(ll_report *report, const char *context, double unloaded_alive)
{
    int default_context = context && strcmp(context, "default") == 0;
    for (size_t i = 0; i < report->suspect_count; i++) {
        ll_suspect *s = &report->suspects[i];
        if (s->kept_by)
            continue;
        if (s->source == LL_SUSPECT_GROWING_TYPE)
            keep_type(s, retention_of(report, s->name_pattern));
        else if (s->source == LL_SUSPECT_GROUP && s->origin)
            keep_group(s, report, default_context, unloaded_alive);
        else if (s->source == LL_SUSPECT_HEAP_TABLE && strcmp(s->name_pattern, LOADER_ALLOCATOR) == 0)
            keep_type(s, retention_of(report, LOADER_ALLOCATOR));
    }
}
