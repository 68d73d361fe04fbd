/* Who keeps them: from a capture (retention.h), after the world restarts,
 * the shortest prioritized path from a GC root to each instance of the
 * chosen types, grouped.
 *
 * The search is a breadth-first walk of the references from the roots of
 * one kind at a time, statics first, then handles, the runtime's other
 * roots, stacks, and the finalizer queue last (PerfView's priority
 * spanning tree and LeakCanary's shortest prioritized path do the same):
 * an object reached from a static is never explained by a stack that also
 * sees it. Each instance's path is its chain of (type, field) from the
 * root; paths are grouped by root and chain, with digit runs in type
 * names folded, so that a thousand generated classes make one group, and
 * a link repeated (a linked list's next, next...) counted once. The
 * owner of a path is the root's object; its retained bytes are its
 * subtree's in the search's spanning tree, a bound that needs no
 * dominator tree. */
#include "retention.h"
#include "class_names.h"

#include "leaklab/host.h"
#include "leaklab/snapshot.h"
#include "leaklab/text.h"

#include <stdlib.h>
#include <string.h>

#define NONE (-1)
#define FROM_ROOT (-2)
#define MAX_CHAIN 1024

static const char *const root_kind_names[LL_ROOT_KIND_COUNT] = {
    [LL_ROOT_STATIC] = "static", [LL_ROOT_HANDLE] = "handle", [LL_ROOT_OTHER] = "other",
    [LL_ROOT_STACK] = "stack", [LL_ROOT_FINALIZER] = "finalizer",
};

/* Open addressing on the address: an object's index. */
typedef struct address_slot {
    uintptr_t address;
    int32_t index;
} address_slot;

typedef struct search {
    const ll_capture *c;
    address_slot *slots;
    size_t slot_mask;
    int32_t *ref_to;     /* each reference's object, or NONE (not an object of the capture) */
    int32_t *parent;     /* NONE, FROM_ROOT, or the object it was reached from */
    int32_t *parent_ref; /* the reference it was reached through */
    int32_t *root_of;    /* the root its path starts at */
    int32_t *order;      /* objects in the order they were reached */
    size_t reached;
    uint64_t *retained; /* spanning-tree subtree bytes, when owners are asked for */
    int32_t *chain;     /* MAX_CHAIN: the path being looked at */
    const char **links; /* MAX_CHAIN: each of its objects' field to the next (NULL: the last, or unknown) */
    long *name_ids;     /* each object's class name id (class_names.h) */
    char **root_names;  /* by root, named on first use */
    struct field_name {
        const void *klass;
        uintptr_t offset;
        char *name;
    } *fields; /* open addressing on (class, offset) */
    size_t field_mask, field_count;
} search;

static size_t address_hash(uintptr_t a, size_t mask)
{
    return (size_t)(((uint64_t)a >> 3) * UINT64_C(0x9E3779B97F4A7C15) >> 17) & mask;
}

static int32_t object_at(const search *s, uintptr_t address)
{
    for (size_t i = address_hash(address, s->slot_mask);; i = (i + 1) & s->slot_mask) {
        if (s->slots[i].index == NONE)
            return NONE;
        if (s->slots[i].address == address)
            return s->slots[i].index;
    }
}

static int index_addresses(search *s)
{
    size_t cap = 16;
    while (cap < s->c->object_count * 2)
        cap *= 2;
    if (!(s->slots = malloc(cap * sizeof *s->slots)))
        return -1;
    s->slot_mask = cap - 1;
    for (size_t i = 0; i < cap; i++)
        s->slots[i].index = NONE;
    for (size_t o = 0; o < s->c->object_count; o++) {
        size_t i = address_hash(s->c->objects[o].address, s->slot_mask);
        while (s->slots[i].index != NONE)
            i = (i + 1) & s->slot_mask;
        s->slots[i] = (address_slot){s->c->objects[o].address, (int32_t)o};
    }
    return 0;
}

static uint64_t refs_end(const search *s, size_t o)
{
    return o + 1 < s->c->object_count ? s->c->objects[o + 1].first_ref : s->c->ref_count;
}

/* Breadth-first from the roots of KIND, over what earlier kinds left. */
static void reach_from(search *s, ll_root_kind kind)
{
    size_t head = s->reached;
    for (size_t r = 0; r < s->c->root_count; r++) {
        int32_t o = s->c->roots[r].root.kind == kind ? object_at(s, s->c->roots[r].object) : NONE;
        if (o == NONE || s->parent[o] != NONE)
            continue;
        s->parent[o] = FROM_ROOT;
        s->root_of[o] = (int32_t)r;
        s->order[s->reached++] = o;
    }
    while (head < s->reached) {
        int32_t o = s->order[head++];
        for (uint64_t e = s->c->objects[o].first_ref; e < refs_end(s, (size_t)o); e++) {
            int32_t t = s->ref_to[e];
            if (t == NONE || s->parent[t] != NONE)
                continue;
            s->parent[t] = o;
            s->parent_ref[t] = (int32_t)e;
            s->root_of[t] = s->root_of[o];
            s->order[s->reached++] = t;
        }
    }
}

static int search_paths(search *s, int owners)
{
    size_t n = s->c->object_count;
    s->ref_to = malloc((s->c->ref_count ? s->c->ref_count : 1) * sizeof *s->ref_to);
    s->parent = malloc((n ? n : 1) * sizeof *s->parent);
    s->parent_ref = malloc((n ? n : 1) * sizeof *s->parent_ref);
    s->root_of = malloc((n ? n : 1) * sizeof *s->root_of);
    s->order = malloc((n ? n : 1) * sizeof *s->order);
    s->root_names = calloc(s->c->root_count ? s->c->root_count : 1, sizeof *s->root_names);
    s->chain = malloc(MAX_CHAIN * sizeof *s->chain);
    s->links = malloc(MAX_CHAIN * sizeof *s->links);
    if (!s->chain || !s->links || !s->ref_to || !s->parent || !s->parent_ref || !s->root_of || !s->order || !s->root_names ||
        index_addresses(s) < 0)
        return -1;
    for (size_t e = 0; e < s->c->ref_count; e++)
        s->ref_to[e] = object_at(s, s->c->refs[e].target);
    for (size_t o = 0; o < n; o++)
        s->parent[o] = NONE;
    for (int k = 0; k < LL_ROOT_KIND_COUNT; k++)
        reach_from(s, (ll_root_kind)k);
    if (!owners)
        return 0;
    if (!(s->retained = calloc(n ? n : 1, sizeof *s->retained)))
        return -1;
    for (size_t i = s->reached; i-- > 0;) {
        int32_t o = s->order[i];
        s->retained[o] += s->c->objects[o].bytes;
        if (s->parent[o] >= 0)
            s->retained[s->parent[o]] += s->retained[o];
    }
    return 0;
}

static void free_search(search *s)
{
    for (size_t r = 0; s->root_names && r < s->c->root_count; r++)
        free(s->root_names[r]);
    for (size_t i = 0; s->fields && i <= s->field_mask; i++)
        free(s->fields[i].name);
    free(s->fields);
    free(s->root_names);
    free(s->slots);
    free(s->ref_to);
    free(s->parent);
    free(s->parent_ref);
    free(s->root_of);
    free(s->order);
    free(s->retained);
    free(s->chain);
    free(s->links);
    free(s->name_ids);
}

/* --- names -------------------------------------------------------------- */

static const char *root_name(search *s, int32_t r)
{
    if (!s->root_names[r])
        s->root_names[r] = ll__runtime()->root_name(&s->c->roots[r].root);
    return s->root_names[r] ? s->root_names[r] : "?";
}

static int grow_fields(search *s)
{
    size_t cap = s->fields ? (s->field_mask + 1) * 2 : 256;
    struct field_name *fields = calloc(cap, sizeof *fields);
    if (!fields)
        return -1;
    for (size_t i = 0; s->fields && i <= s->field_mask; i++) {
        if (!s->fields[i].klass)
            continue;
        size_t j = address_hash((uintptr_t)s->fields[i].klass ^ s->fields[i].offset, cap - 1);
        while (fields[j].klass)
            j = (j + 1) & (cap - 1);
        fields[j] = s->fields[i];
    }
    free(s->fields);
    s->fields = fields;
    s->field_mask = cap - 1;
    return 0;
}

/* The field of KLASS at OFFSET, named once per (class, offset); NULL
 * when the runtime cannot say (CoreCLR's heap dump names no field). */
static const char *field_name(search *s, const void *klass, uintptr_t offset)
{
    if ((!s->fields || (s->field_count + 1) * 2 > s->field_mask) && grow_fields(s) < 0)
        return NULL;
    size_t i = address_hash((uintptr_t)klass ^ offset, s->field_mask);
    while (s->fields[i].klass && (s->fields[i].klass != klass || s->fields[i].offset != offset))
        i = (i + 1) & s->field_mask;
    if (!s->fields[i].klass) {
        s->fields[i] = (struct field_name){klass, offset, ll__runtime()->field_name(klass, offset)};
        s->field_count++;
    }
    return s->fields[i].name;
}

static const char *class_name(const void *klass)
{
    long id = ll__class_name_id(klass);
    return id >= 0 ? ll__class_name_text(id) : "?";
}

/* --- grouping ------------------------------------------------------------- */

/* FNV-1a over a name with its digit runs folded into one '#'. */
static uint64_t hash_folded(uint64_t h, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned char c = *p;
        if (c >= '0' && c <= '9') {
            while (p[1] >= '0' && p[1] <= '9')
                p++;
            c = '#';
        }
        h = (h ^ c) * UINT64_C(1099511628211);
    }
    return (h ^ 0x1F) * UINT64_C(1099511628211);
}

/* The objects of O's path into S->chain, from the root's object to O (at
 * most MAX_CHAIN, the nearest to O), and each one's field to the next into
 * S->links; their number. */
static size_t path_of(search *s, int32_t o)
{
    size_t n = 0;
    for (int32_t at = o; at >= 0 && n < MAX_CHAIN; at = s->parent[at])
        s->chain[MAX_CHAIN - 1 - n++] = at;
    memmove(s->chain, s->chain + MAX_CHAIN - n, n * sizeof *s->chain);
    for (size_t i = 0; i < n; i++) {
        const ll_captured_object *obj = &s->c->objects[s->chain[i]];
        s->links[i] = i + 1 < n ? field_name(s, obj->klass, s->c->refs[s->parent_ref[s->chain[i + 1]]].offset) : NULL;
    }
    return n;
}

static int same_field(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether link I of S->chain repeats link I - 1 (same class, same field). */
static int repeats(const search *s, size_t i, size_t n)
{
    return i > 0 && i + 1 < n && s->c->objects[s->chain[i]].klass == s->c->objects[s->chain[i - 1]].klass &&
           same_field(s->links[i], s->links[i - 1]);
}

static uint64_t path_key(search *s, size_t n)
{
    uint64_t h = UINT64_C(1469598103934665603);
    int32_t r = s->root_of[s->chain[n - 1]];
    h = hash_folded(h, root_kind_names[s->c->roots[r].root.kind]);
    h = hash_folded(h, root_name(s, r));
    for (size_t i = 0; i < n; i++) {
        if (repeats(s, i, n))
            continue;
        h = hash_folded(h, class_name(s->c->objects[s->chain[i]].klass));
        h = hash_folded(h, s->links[i] ? s->links[i] : "");
    }
    return h;
}

typedef struct group {
    uint64_t key;
    int32_t example;
    uint64_t count, bytes;
} group;

typedef struct type_groups {
    group *groups;
    size_t count, cap;
    uint64_t instances, bytes, unreachable, unreachable_bytes;
} type_groups;

/* Groups kept per type: a path's key is compared with each group's, so a
 * type whose instances each have a path of their own (every one in a
 * static of its own) stops making groups here and counts as "other". */
#define MAX_GROUPS 256

static int add_to_group(type_groups *t, uint64_t key, int32_t o, uint64_t bytes)
{
    for (size_t i = 0; i < t->count; i++)
        if (t->groups[i].key == key) {
            t->groups[i].count++;
            t->groups[i].bytes += bytes;
            return 0;
        }
    if (t->count == MAX_GROUPS)
        return 0;
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        group *g = realloc(t->groups, cap * sizeof *g);
        if (!g)
            return -1;
        t->groups = g;
        t->cap = cap;
    }
    t->groups[t->count++] = (group){key, o, 1, bytes};
    return 0;
}

static int by_count(const void *a, const void *b)
{
    const group *x = a, *y = b;
    return x->count != y->count ? (x->count < y->count ? 1 : -1) : (x->bytes < y->bytes) - (x->bytes > y->bytes);
}

/* --- the record ------------------------------------------------------------ */

/* The chain as [{type, field}], a repeated link once with its "repeat". */
static json_t *chain_json(search *s, size_t n)
{
    json_t *links = json_array(), *last = NULL;
    for (size_t i = 0; i < n; i++) {
        if (repeats(s, i, n)) {
            json_int_t times = json_integer_value(json_object_get(last, LL_FIELD_CHAIN_REPEAT));
            json_object_set_new(last, LL_FIELD_CHAIN_REPEAT, json_integer(times ? times + 1 : 2));
            continue;
        }
        const char *field = s->links[i];
        last = json_pack("{so so}", LL_FIELD_CHAIN_TYPE, ll_json_text(class_name(s->c->objects[s->chain[i]].klass)),
                         LL_FIELD_CHAIN_FIELD, field ? ll_json_text(field) : json_null());
        json_array_append_new(links, last);
    }
    return links;
}

static json_t *path_json(search *s, const group *g)
{
    size_t n = path_of(s, g->example);
    int32_t r = s->root_of[g->example];
    json_t *path = json_pack("{so ss so sI sI}", LL_FIELD_PATH_ROOT, ll_json_text(root_name(s, r)),
                             LL_FIELD_PATH_ROOT_KIND, root_kind_names[s->c->roots[r].root.kind], LL_FIELD_PATH_CHAIN,
                             chain_json(s, n), LL_FIELD_PATH_COUNT, (json_int_t)g->count, LL_FIELD_PATH_BYTES,
                             (json_int_t)g->bytes);
    if (path && s->parent[s->chain[0]] != FROM_ROOT)
        json_object_set_new(path, LL_FIELD_PATH_CUT, json_true()); /* longer than MAX_CHAIN: the root's end cut */
    if (path && s->retained)
        json_object_set_new(path, LL_FIELD_PATH_OWNER_RETAINED, json_integer((json_int_t)s->retained[s->chain[0]]));
    return path;
}

static json_t *share_json(uint64_t count, uint64_t bytes)
{
    return json_pack("{sI sI}", LL_FIELD_PATH_COUNT, (json_int_t)count, LL_FIELD_PATH_BYTES, (json_int_t)bytes);
}

static json_t *type_json(search *s, const char *type, type_groups *t)
{
    qsort(t->groups, t->count, sizeof *t->groups, by_count);
    json_t *paths = json_array();
    uint64_t other = 0, other_bytes = 0;
    for (size_t i = 0; i < t->count; i++) {
        if (i < LL_RETAINER_PATHS)
            json_array_append_new(paths, path_json(s, &t->groups[i]));
        else
            other += t->groups[i].count, other_bytes += t->groups[i].bytes;
    }
    uint64_t grouped = t->unreachable;
    for (size_t i = 0; i < t->count; i++)
        grouped += t->groups[i].count;
    other += t->instances - grouped; /* past MAX_GROUPS */
    return json_pack("{so sI sI so so so}", LL_FIELD_RETAINED_TYPE, ll_json_text(type), LL_FIELD_PATH_COUNT,
                     (json_int_t)t->instances, LL_FIELD_PATH_BYTES, (json_int_t)t->bytes, LL_FIELD_PATHS, paths,
                     LL_FIELD_PATHS_OTHER, share_json(other, other_bytes), LL_FIELD_PATHS_UNREACHABLE,
                     share_json(t->unreachable, t->unreachable_bytes));
}

/* Each instance of a chosen type, into its type's groups. */
static int group_instances(search *s, const long *type_ids, size_t type_count, type_groups *types)
{
    for (size_t o = 0; o < s->c->object_count; o++) {
        long id = s->name_ids[o];
        size_t t = 0;
        while (t < type_count && type_ids[t] != id)
            t++;
        if (id < 0 || t == type_count)
            continue;
        uint64_t bytes = s->c->objects[o].bytes;
        types[t].instances++;
        types[t].bytes += bytes;
        if (s->parent[o] == NONE) {
            types[t].unreachable++;
            types[t].unreachable_bytes += bytes;
            continue;
        }
        uint64_t key = path_key(s, path_of(s, (int32_t)o));
        if (add_to_group(&types[t], key, (int32_t)o, bytes) < 0)
            return -1;
    }
    return 0;
}

static json_t *roots_json(const ll_capture *c)
{
    json_int_t counts[LL_ROOT_KIND_COUNT] = {0};
    for (size_t r = 0; r < c->root_count; r++)
        counts[c->roots[r].root.kind]++;
    json_t *roots = json_object();
    for (int k = 0; k < LL_ROOT_KIND_COUNT; k++)
        json_object_set_new(roots, root_kind_names[k], json_integer(counts[k]));
    return roots;
}

json_t *ll__retention_paths(const ll_capture *capture, const char *const *types, size_t type_count, int owners)
{
    json_t *record = json_pack("{sI sI so}", LL_FIELD_RETAINERS_OBJECTS, (json_int_t)capture->object_count,
                               LL_FIELD_RETAINERS_REFS, (json_int_t)capture->ref_count, LL_FIELD_RETAINERS_ROOTS,
                               roots_json(capture));
    if (!record || capture->over_limit) {
        if (record)
            json_object_set_new(record, LL_FIELD_RETAINERS_SKIPPED,
                                json_string("the heap is over the capture's bound (LL_RETAINERS_MAX_OBJECTS or "
                                            "LL_RETAINERS_MAX_BYTES)"));
        return record;
    }
    search s = {.c = capture};
    long *type_ids = calloc(type_count ? type_count : 1, sizeof *type_ids);
    type_groups *groups = calloc(type_count ? type_count : 1, sizeof *groups);
    json_t *per_type = json_array();
    int rc = type_ids && groups && per_type ? search_paths(&s, owners) : -1;
    /* Every class named once, so that the types' names find their ids. */
    if (rc == 0 && !(s.name_ids = malloc((capture->object_count ? capture->object_count : 1) * sizeof *s.name_ids)))
        rc = -1;
    for (size_t o = 0; rc == 0 && o < capture->object_count; o++)
        if ((s.name_ids[o] = ll__class_name_id(capture->objects[o].klass)) < 0)
            rc = -1;
    for (size_t t = 0; rc == 0 && t < type_count; t++)
        type_ids[t] = ll__class_name_find(types[t]);
    if (rc == 0)
        rc = group_instances(&s, type_ids, type_count, groups);
    for (size_t t = 0; rc == 0 && t < type_count; t++)
        if (groups[t].instances)
            json_array_append_new(per_type, type_json(&s, types[t], &groups[t]));
    for (size_t t = 0; groups && t < type_count; t++)
        free(groups[t].groups);
    free(groups);
    free(type_ids);
    free_search(&s);
    if (rc < 0) {
        json_decref(per_type);
        json_decref(record);
        return NULL;
    }
    json_object_set_new(record, LL_FIELD_RETAINED_TYPES, per_type);
    return record;
}
