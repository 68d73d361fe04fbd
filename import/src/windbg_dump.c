/* See windbg_dump.h. */
#include "windbg_dump.h"
#include "leaklab/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const origin_names[] = {"file", "bytes", "emit"};

ll_windbg_dump *ll_windbg_dump_new(void)
{
    ll_windbg_dump *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    *d = (ll_windbg_dump){.commit = -1, .reserve = -1, .gc_allocated = -1, .gc_committed = -1, .gc_total = -1,
                          .loader_total = -1, .dumpheap_objects = -1};
    d->files = json_array();
    d->module_listings = json_object();
    d->domains = json_array();
    d->modules = json_object();
    d->dumpheap = json_array();
    d->gcroots = json_array();
    d->native_heaps = json_array();
    d->heap_sizes = json_array();
    d->allocation_stacks = json_array();
    d->thread_counts = json_object();
    d->objects = json_array();
    return d;
}

void ll_windbg_dump_free(ll_windbg_dump *d)
{
    if (!d)
        return;
    json_decref(d->files);
    json_decref(d->module_listings);
    json_decref(d->memory);
    json_decref(d->domains);
    json_decref(d->modules);
    json_decref(d->dumpheap);
    json_decref(d->gcroots);
    json_decref(d->native_heaps);
    json_decref(d->heap_sizes);
    json_decref(d->allocation_stacks);
    json_decref(d->thread_counts);
    json_decref(d->objects);
    free(d->assemblies);
    free(d->arena);
    ll_key_table_free(&d->seen);
    free(d);
}

int ll_windbg_dump_empty(const ll_windbg_dump *d)
{
    return d->commands == 0;
}

int ll_canonical_address(const char *address, char *out, size_t len)
{
    if (address[0] == '0' && (address[1] == 'x' || address[1] == 'X'))
        address += 2;
    size_t n = 0;
    for (const char *p = address; *p; p++) {
        if (*p == '`')
            continue;
        if (!isxdigit((unsigned char)*p) || n + 1 >= len)
            return -1;
        if (n == 0 && *p == '0' && p[1] && p[1] != '`')
            continue; /* leading zeros */
        out[n++] = (char)tolower((unsigned char)*p);
    }
    out[n] = '\0';
    return n ? 0 : -1;
}

/* Appends S and its NUL to the arena; the offset, or UINT32_MAX. */
static uint32_t arena_add(ll_windbg_dump *d, const char *s)
{
    size_t n = strlen(s) + 1;
    if (d->arena_len + n > d->arena_capacity) {
        size_t capacity = (d->arena_len + n) * 2 + 4096;
        char *grown = capacity < UINT32_MAX ? realloc(d->arena, capacity) : NULL;
        if (!grown) {
            d->failed = 1;
            return UINT32_MAX;
        }
        d->arena = grown;
        d->arena_capacity = capacity;
    }
    memcpy(d->arena + d->arena_len, s, n);
    d->arena_len += n;
    return (uint32_t)(d->arena_len - n);
}

/* Room for one more assembly; -1 (and D marked failed) when out of memory. */
static int reserve_assembly(ll_windbg_dump *d)
{
    if (d->assembly_count < d->assembly_capacity)
        return 0;
    size_t capacity = d->assembly_capacity ? d->assembly_capacity * 2 : 256;
    struct ll_dump_assembly *grown = realloc(d->assemblies, capacity * sizeof *grown);
    if (!grown) {
        d->failed = 1;
        return -1;
    }
    d->assemblies = grown;
    d->assembly_capacity = capacity;
    return 0;
}

static uint32_t domain_index(ll_windbg_dump *d, const char *domain)
{
    size_t i;
    json_t *name;
    json_array_foreach(d->domains, i, name) if (strcmp(json_string_value(name), domain) == 0) return (uint32_t)i;
    if (json_array_append_new(d->domains, json_string(domain)) < 0)
        d->failed = 1; /* out of memory: the caller drops the assembly */
    return (uint32_t)json_array_size(d->domains) - 1;
}

void ll_windbg_dump_add_assembly(ll_windbg_dump *d, const char *domain, const char *address, const char *content,
                                 int dynamic)
{
    char name[512], version[64] = "?", canonical[40] = "-", key[1200];
    const char *slash = strrchr(content, '\\') ? strrchr(content, '\\') : strrchr(content, '/');
    const char *comma = strchr(content, ',');
    enum ll_assembly_origin origin;
    if (dynamic || !content[0]) {
        origin = LL_ORIGIN_EMIT;
        if (content[0])
            ll_copy_cut(name, sizeof name, content, comma ? (size_t)(comma - content) : strlen(content));
        else
            snprintf(name, sizeof name, "(dynamic)");
    } else if (slash) {
        origin = LL_ORIGIN_FILE;
        ll_copy_cut(name, sizeof name, slash + 1, strlen(slash + 1));
        char *dot = strrchr(name, '.');
        if (dot && (strcasecmp(dot, ".dll") == 0 || strcasecmp(dot, ".exe") == 0))
            *dot = '\0';
    } else {
        origin = LL_ORIGIN_BYTES; /* a display name: loaded from memory, no file */
        ll_copy_cut(name, sizeof name, content, comma ? (size_t)(comma - content) : strlen(content));
    }
    const char *v = strstr(content, "Version=");
    if (v) {
        size_t n = strcspn(v + 8, ",");
        if (n) /* "Version=," keeps "?" */
            ll_copy_cut(version, sizeof version, v + 8, n);
    }
    ll_canonical_address(address, canonical, sizeof canonical);
    snprintf(key, sizeof key, "%s %s %s", domain, canonical, name);
    uint64_t hash = ll_key_hash(key);
    int added;
    if (!ll_key_table_upsert(&d->seen, hash, &added)) {
        d->failed = 1;
        return;
    }
    d->skipping_modules = !added; /* the module lines that follow belong to that one, already listed */
    if (!added)
        return;
    if (reserve_assembly(d) < 0)
        return;
    uint32_t text = arena_add(d, name);
    arena_add(d, version);
    arena_add(d, origin == LL_ORIGIN_FILE ? content : "");
    uint32_t domain_at = domain_index(d, domain);
    if (d->failed)
        return;
    d->assemblies[d->assembly_count++] =
        (struct ll_dump_assembly){.key = hash, .domain = domain_at, .text = text, .origin = (uint8_t)origin};
}

void ll_windbg_dump_add_module(ll_windbg_dump *d, const char *address, const char *name)
{
    char canonical[40];
    if (!d->assembly_count || d->skipping_modules || ll_canonical_address(address, canonical, sizeof canonical) < 0)
        return;
    struct ll_dump_assembly *a = &d->assemblies[d->assembly_count - 1];
    if (a->modules == UINT16_MAX)
        return;
    arena_add(d, canonical);
    arena_add(d, name);
    if (!d->failed)
        a->modules++;
}

/* The strings of A: name, version, path (empty if none), then MODULES
 * pairs of module address and name. */
static const char *field(const ll_windbg_dump *d, const struct ll_dump_assembly *a, int index)
{
    const char *s = d->arena + a->text;
    while (index-- > 0)
        s += strlen(s) + 1;
    return s;
}

static void merge_assemblies(ll_windbg_dump *into, ll_windbg_dump *from)
{
    for (size_t i = 0; i < from->assembly_count && !into->failed; i++) {
        const struct ll_dump_assembly *a = &from->assemblies[i];
        int added;
        if (!ll_key_table_upsert(&into->seen, a->key, &added)) {
            into->failed = 1;
            return;
        }
        if (!added)
            continue;
        if (reserve_assembly(into) < 0)
            return;
        struct ll_dump_assembly copy = *a;
        copy.domain = domain_index(into, json_string_value(json_array_get(from->domains, a->domain)));
        copy.text = arena_add(into, field(from, a, 0));
        for (int f = 1; f < 3 + 2 * a->modules; f++)
            arena_add(into, field(from, a, f));
        into->assemblies[into->assembly_count++] = copy;
    }
}

static void take_figure(long long *into, long long from)
{
    if (from >= 0)
        *into = from;
}

/* `!dumpheap -type X -stat` (or -mt): facts about some types of the same
 * dump, every block of them kept (a type listed again takes its latest
 * row); their total is not the heap's, so it is not taken as one. */
void ll_windbg_dump_add_type_rows(ll_windbg_dump *d, json_t *rows)
{
    size_t i, k;
    json_t *row, *known;
    json_array_foreach(rows, i, row) {
        const char *type = json_string_value(json_object_get(row, LL_FIELD_DUMPHEAP_TYPE));
        int replaced = 0;
        json_array_foreach(d->dumpheap, k, known) {
            if (!replaced && strcmp(json_string_value(json_object_get(known, LL_FIELD_DUMPHEAP_TYPE)), type) == 0) {
                json_array_set(d->dumpheap, k, row);
                replaced = 1;
            }
        }
        if (!replaced)
            json_array_append(d->dumpheap, row);
    }
    d->commands |= LL_SOS_DUMPHEAP_TYPES;
}

void ll_windbg_dump_merge(ll_windbg_dump *into, ll_windbg_dump *from)
{
    into->commands |= from->commands;
    json_array_extend(into->files, from->files);
    json_object_update(into->module_listings, from->module_listings);
    if (from->memory) {
        json_decref(into->memory);
        into->memory = json_incref(from->memory);
        into->busy = from->busy;
    }
    take_figure(&into->commit, from->commit);
    take_figure(&into->reserve, from->reserve);
    take_figure(&into->gc_allocated, from->gc_allocated);
    take_figure(&into->gc_committed, from->gc_committed);
    take_figure(&into->gc_total, from->gc_total);
    if (from->gc_heaps_seen) {
        into->gc_heaps_sum = from->gc_heaps_sum;
        into->gc_heaps_seen = from->gc_heaps_seen;
    }
    if (from->gc_heap_count)
        into->gc_heap_count = from->gc_heap_count;
    take_figure(&into->loader_total, from->loader_total);
    into->loader_rows_complete |= from->loader_rows_complete;
    if (from->loader_sum) {
        into->loader_sum = from->loader_sum;
        into->loader_wasted = from->loader_wasted;
    } else if (from->loader_total >= 0) {
        into->loader_wasted = from->loader_wasted;
    }
    merge_assemblies(into, from);
    json_object_update(into->modules, from->modules);
    if (from->commands & LL_SOS_DUMPHEAP) {
        json_decref(into->dumpheap);
        into->dumpheap = json_incref(from->dumpheap);
        into->dumpheap_total = from->dumpheap_total;
        into->dumpheap_objects = from->dumpheap_objects;
    } else if (json_array_size(from->dumpheap)) {
        ll_windbg_dump_add_type_rows(into, from->dumpheap);
    }
    json_array_extend(into->gcroots, from->gcroots);
    json_array_extend(into->native_heaps, from->native_heaps);
    json_array_extend(into->heap_sizes, from->heap_sizes);
    json_array_extend(into->allocation_stacks, from->allocation_stacks);
    json_object_update(into->thread_counts, from->thread_counts);
    json_array_extend(into->objects, from->objects);
    into->failed |= from->failed;
    ll_windbg_dump_free(from);
}

/* --- emitting ------------------------------------------------------------ */

/* The typeset an assembly's own !dumpmodule -mt listed, joined by module
 * address, then by module name (`Name:`), then by its path; NULL if none.
 * A listing that is joined is marked, so that the unjoined ones can be
 * added as assemblies of their own. */
static json_t *own_typeset(const ll_windbg_dump *d, const struct ll_dump_assembly *a)
{
    json_t *set = NULL;
    for (int m = 0; m < a->modules && !set; m++)
        set = json_object_get(d->modules, field(d, a, 3 + 2 * m));
    for (int m = 0; m < a->modules && !set; m++)
        set = json_object_get(d->modules, field(d, a, 4 + 2 * m));
    if (!set && field(d, a, 2)[0])
        set = json_object_get(d->modules, field(d, a, 2));
    if (set)
        json_object_set_new(set, "joined", json_true());
    return set;
}

static void look_key(const ll_windbg_dump *d, const struct ll_dump_assembly *a, char *key, size_t len)
{
    char pattern[128];
    ll_assembly_name_pattern(field(d, a, 0), origin_names[a->origin], pattern, sizeof pattern);
    snprintf(key, len, "%s|%s|%s", origin_names[a->origin], pattern, field(d, a, 1));
}

/* A !dumpmodule -mt listing no !dumpdomain line claims is still a loaded
 * assembly: added, named after its file. */
static void add_unjoined_listings(ll_windbg_dump *d)
{
    const char *key;
    json_t *set;
    json_object_foreach(d->modules, key, set) {
        if (!json_object_get(set, "joined") && strpbrk(key, "\\/")) {
            ll_windbg_dump_add_assembly(d, "?", "-", key, 0);
            json_object_set_new(set, "joined", json_true());
        }
    }
}

/* The typeset record's id of SET ({types, refs}), recorded once per set:
 * thousands of assemblies share a sampled one. */
static json_int_t typeset_id(ll_import *im, json_t *set)
{
    json_t *id = json_object_get(set, "typeset_id");
    if (id)
        return json_integer_value(id);
    json_int_t value = ll_import_typeset(im, json_object_get(set, "types"), json_object_get(set, "refs"));
    json_object_set_new(set, "typeset_id", json_integer(value));
    return value;
}

static void emit_assemblies(ll_import *im, ll_windbg_dump *d, json_t *snapshot)
{
    ll_key_table_free(&d->seen); /* listing is over: only the import's own keys are needed now */
    int32_t stamp = (int32_t)im->snapshots, previous = im->last_listing_stamp;
    json_t *by_look = json_object(), *by_domain = json_object();
    json_t *none = json_pack("{s[] s[]}", "types", "refs");
    char look[768], line[4096];
    /* An assembly whose own modules were not listed takes the type set of
     * one that looks like it: only worth a look key when some were. */
    for (size_t i = 0; i < d->assembly_count; i++) {
        json_t *set = own_typeset(d, &d->assemblies[i]);
        if (!set)
            continue;
        look_key(d, &d->assemblies[i], look, sizeof look);
        if (!json_object_get(by_look, look))
            json_object_set(by_look, look, set);
    }
    add_unjoined_listings(d);
    size_t domain_count = json_array_size(d->domains);
    size_t *loaded = calloc(domain_count + 1, sizeof *loaded);
    if (ll_key_table_reserve(&im->assembly_keys, im->assembly_keys.count + d->assembly_count) < 0)
        d->failed = 1;
    for (size_t i = 0; i < d->assembly_count && loaded; i++) {
        const struct ll_dump_assembly *a = &d->assemblies[i];
        loaded[a->domain]++;
        int added;
        ll_key_entry *e = ll_key_table_upsert(&im->assembly_keys, a->key, &added);
        if (!e) {
            d->failed = 1;
            break;
        }
        int alive = !added && (e->stamp == previous || e->stamp == stamp);
        e->stamp = stamp;
        if (alive)
            continue;
        e->value = ++im->next_assembly_id;
        json_t *set = own_typeset(d, a);
        if (!set && json_object_size(by_look)) {
            look_key(d, a, look, sizeof look);
            set = json_object_get(by_look, look);
        }
        json_int_t typeset = typeset_id(im, set ? set : none);
        const char *path = field(d, a, 2);
        json_t *domain_name = json_array_get(d->domains, a->domain);
        size_t n = ll_record_assembly_line(line, sizeof line, e->value, domain_name, stamp, field(d, a, 0),
                                           field(d, a, 1), origin_names[a->origin], path[0] ? path : NULL, typeset);
        if (n)
            ll_import_add_line(im, line, n);
        else
            ll_import_add_record(im, ll_record_assembly(e->value, domain_name, stamp, field(d, a, 0), field(d, a, 1),
                                                        origin_names[a->origin], path[0] ? path : NULL, typeset));
    }
    d->failed |= !loaded;
    for (size_t k = 0; loaded && k < domain_count; k++)
        if (loaded[k])
            json_object_set_new(by_domain, json_string_value(json_array_get(d->domains, k)),
                                json_integer((json_int_t)loaded[k]));
    free(loaded);
    /* What the previous listing had and this one has not was unloaded. */
    for (size_t i = 0; i < im->assembly_keys.capacity; i++) {
        ll_key_entry *e = &im->assembly_keys.slots[i];
        if (e->used && e->stamp == previous && previous >= 0) {
            ll_import_add_record(im, ll_record_unload(e->value, stamp));
            e->stamp = -2;
        }
    }
    im->last_listing_stamp = stamp;
    json_object_set_new(snapshot, "assemblies", json_pack("{sI so}", "loaded", (json_int_t)d->assembly_count,
                                                          "by_domain", by_domain));
    json_decref(by_look);
    json_decref(none);
}

static json_t *gc_json(ll_import *im, const ll_windbg_dump *d, const char *file)
{
    long long used = d->gc_allocated >= 0 ? d->gc_allocated : d->gc_total >= 0 ? d->gc_total : -1;
    if (used < 0 && d->gc_heaps_seen) {
        used = d->gc_heaps_sum;
        ll_import_warn(im, file, 0, "!eeheap -gc: no GC heap total (truncated output?); summed the %d per-heap "
                       "sizes shown%s", d->gc_heaps_seen,
                       d->gc_heap_count > d->gc_heaps_seen ? ", fewer heaps than the process has" : "");
    }
    if (used < 0 && d->dumpheap_total > 0) {
        used = d->dumpheap_total;
        ll_import_warn(im, file, 0, "no !eeheap -gc: the managed heap size is the !dumpheap -stat total");
    }
    if (used < 0)
        return NULL;
    long long committed = d->gc_committed >= 0 ? d->gc_committed : used;
    json_t *gc = json_pack("{sI sI}", "used_size", (json_int_t)used, "heap_size", (json_int_t)committed);
    if (d->gc_heap_count > 0)
        json_object_set_new(gc, "heaps", json_integer(d->gc_heap_count));
    return gc;
}

static void add_memory(json_t *snapshot, ll_windbg_dump *d)
{
    json_int_t regions = 0;
    int counted = 0; /* WinDbg before 6.12 gives no region counts */
    const char *kind;
    json_t *k;
    json_object_foreach(d->memory, kind, k) {
        json_t *n = json_object_get(k, "regions");
        counted |= n != NULL;
        regions = ll_add_saturating(regions, json_integer_value(n));
    }
    json_t *total = json_pack("{sI}", "size", (json_int_t)d->busy);
    if (counted)
        json_object_set_new(total, "regions", json_integer(regions));
    if (d->commit >= 0)
        json_object_set_new(total, "rss", json_integer(d->commit));
    json_t *memory = json_deep_copy(d->memory);
    json_object_set_new(memory, "total", total);
    json_object_set_new(snapshot, "memory", memory);
    json_object_set_new(snapshot, "state", json_pack("{sI sI}", "commit", (json_int_t)d->commit, "reserve",
                                                     (json_int_t)d->reserve));
}

void ll_windbg_dump_emit(ll_import *im, ll_windbg_dump *d)
{
    const char *file = json_string_value(json_array_get(d->files, 0));
    json_t *snapshot = json_object();
    if (d->memory)
        add_memory(snapshot, d);
    json_t *gc = gc_json(im, d, file);
    if (gc)
        json_object_set_new(snapshot, "gc", gc);
    long long loader = d->loader_total >= 0 ? d->loader_total : d->loader_sum;
    if (d->loader_total < 0 && d->loader_sum > 0 && !d->loader_rows_complete)
        ll_import_warn(im, file, 0, "!eeheap -loader: no \"Total LoaderHeap size\" (truncated output?); summed "
                       "the heaps shown");
    if (loader > 0 || json_object_size(d->thread_counts)) {
        json_t *runtime = json_copy(d->thread_counts);
        if (loader > 0) {
            json_object_set_new(runtime, "loader_heap_bytes", json_integer(loader));
            json_object_set_new(runtime, "loader_heap_wasted_bytes", json_integer(d->loader_wasted));
        }
        json_object_set_new(snapshot, "runtime", runtime);
    }
    if (d->assembly_count || json_object_size(d->modules))
        emit_assemblies(im, d, snapshot);
    if (json_array_size(d->dumpheap))
        json_object_set(snapshot, "dumpheap", d->dumpheap);
    if (json_array_size(d->gcroots))
        json_object_set(snapshot, LL_FIELD_GCROOTS, d->gcroots);
    if (json_array_size(d->native_heaps))
        json_object_set(snapshot, LL_FIELD_NATIVE_HEAPS, d->native_heaps);
    if (json_array_size(d->heap_sizes))
        json_object_set(snapshot, LL_FIELD_HEAP_SIZES, d->heap_sizes);
    if (json_array_size(d->allocation_stacks))
        json_object_set(snapshot, LL_FIELD_ALLOCATION_STACKS, d->allocation_stacks);
    if (json_array_size(d->objects))
        json_object_set(snapshot, LL_FIELD_OBJECTS, d->objects);
    if (d->failed)
        ll_import_warn(im, file, 0, "out of memory: part of this dump's assemblies were not imported");
    json_object_set_new(snapshot, "source", ll_json_text(file));
    json_object_set(snapshot, "sources", d->files);
    ll_import_note_dump_files(im, d->files);
    ll_import_add_snapshot(im, snapshot);
}
