/* See windbg_dump.h. */
#include "windbg_dump.h"
#include "leaklab/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

ll_windbg_dump *ll__windbg_dump_new(void)
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
    d->collectible_types = json_array();
    return d;
}

void ll__windbg_dump_free(ll_windbg_dump *d)
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
    json_decref(d->collectible_types);
    free(d->assemblies);
    free(d->arena);
    ll__key_table_free(&d->seen);
    free(d);
}

int ll__windbg_dump_empty(const ll_windbg_dump *d)
{
    return d->commands == 0;
}

int ll__canonical_address(const char *address, char *out, size_t len)
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
        /* By half again: a dump of 300,000 assemblies is all arena. */
        size_t capacity = (d->arena_len + n) + (d->arena_len + n) / 2 + 4096;
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
    size_t capacity = d->assembly_capacity ? d->assembly_capacity + d->assembly_capacity / 2 : 256;
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

void ll__windbg_dump_add_assembly(ll_windbg_dump *d, const char *domain, const char *address, const char *content,
                                 int dynamic)
{
    char name[512], version[64] = "?", canonical[40] = "-", key[1200];
    const char *slash = strrchr(content, '\\') ? strrchr(content, '\\') : strrchr(content, '/');
    const char *comma = strchr(content, ',');
    enum ll_assembly_origin origin;
    if (dynamic || !content[0]) {
        origin = LL_ORIGIN_EMIT;
        if (content[0])
            ll__copy_cut(name, sizeof name, content, comma ? (size_t)(comma - content) : strlen(content));
        else
            snprintf(name, sizeof name, "(dynamic)");
    } else if (slash) {
        origin = LL_ORIGIN_FILE;
        ll__copy_cut(name, sizeof name, slash + 1, strlen(slash + 1));
        char *dot = strrchr(name, '.');
        if (dot && (strcasecmp(dot, ".dll") == 0 || strcasecmp(dot, ".exe") == 0))
            *dot = '\0';
    } else {
        origin = LL_ORIGIN_BYTES; /* a display name: loaded from memory, no file */
        ll__copy_cut(name, sizeof name, content, comma ? (size_t)(comma - content) : strlen(content));
    }
    const char *v = strstr(content, "Version=");
    if (v) {
        size_t n = strcspn(v + 8, ",");
        if (n) /* "Version=," keeps "?" */
            ll__copy_cut(version, sizeof version, v + 8, n);
    }
    ll__canonical_address(address, canonical, sizeof canonical);
    snprintf(key, sizeof key, "%s %s %s", domain, canonical, name);
    uint64_t hash = ll__key_hash(key);
    int added;
    if (!ll__key_table_upsert(&d->seen, hash, &added)) {
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

void ll__windbg_dump_add_module(ll_windbg_dump *d, const char *address, const char *name)
{
    char canonical[40];
    if (!d->assembly_count || d->skipping_modules || ll__canonical_address(address, canonical, sizeof canonical) < 0)
        return;
    struct ll_dump_assembly *a = &d->assemblies[d->assembly_count - 1];
    if (a->modules == UINT16_MAX)
        return;
    arena_add(d, canonical);
    arena_add(d, name);
    if (!d->failed)
        a->modules++;
}

const char *ll__dump_assembly_text(const ll_windbg_dump *d, const struct ll_dump_assembly *a, int index)
{
    const char *s = d->arena + a->text;
    while (index-- > 0)
        s += strlen(s) + 1;
    return s;
}

/* FROM's assemblies, moved whole into INTO, which has none: a dump of
 * 300,000 assemblies is not held twice. */
static void move_assemblies(ll_windbg_dump *into, ll_windbg_dump *from)
{
    struct ll_dump_assembly *assemblies = into->assemblies;
    char *arena = into->arena;
    ll_key_table seen = into->seen;
    json_t *domains = into->domains;
    into->assemblies = from->assemblies;
    into->assembly_count = from->assembly_count;
    into->assembly_capacity = from->assembly_capacity;
    into->arena = from->arena;
    into->arena_len = from->arena_len;
    into->arena_capacity = from->arena_capacity;
    into->seen = from->seen;
    into->domains = from->domains;
    from->assemblies = assemblies;
    from->arena = arena;
    from->seen = seen;
    from->domains = domains;
    from->assembly_count = from->assembly_capacity = from->arena_len = from->arena_capacity = 0;
}

static void merge_assemblies(ll_windbg_dump *into, ll_windbg_dump *from)
{
    if (into->assembly_count == 0 && json_array_size(into->domains) == 0) {
        move_assemblies(into, from);
        return;
    }
    for (size_t i = 0; i < from->assembly_count && !into->failed; i++) {
        const struct ll_dump_assembly *a = &from->assemblies[i];
        int added;
        if (!ll__key_table_upsert(&into->seen, a->key, &added)) {
            into->failed = 1;
            return;
        }
        if (!added)
            continue;
        if (reserve_assembly(into) < 0)
            return;
        struct ll_dump_assembly copy = *a;
        copy.domain = domain_index(into, json_string_value(json_array_get(from->domains, a->domain)));
        copy.text = arena_add(into, ll__dump_assembly_text(from, a, 0));
        for (int f = 1; f < 3 + 2 * a->modules; f++)
            arena_add(into, ll__dump_assembly_text(from, a, f));
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
void ll__windbg_dump_add_type_rows(ll_windbg_dump *d, json_t *rows)
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

void ll__windbg_dump_merge(ll_windbg_dump *into, ll_windbg_dump *from)
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
        into->dumpheap_cut = from->dumpheap_cut;
    } else if (json_array_size(from->dumpheap)) {
        ll__windbg_dump_add_type_rows(into, from->dumpheap);
    }
    json_array_extend(into->gcroots, from->gcroots);
    json_array_extend(into->native_heaps, from->native_heaps);
    json_array_extend(into->heap_sizes, from->heap_sizes);
    json_array_extend(into->allocation_stacks, from->allocation_stacks);
    json_object_update(into->thread_counts, from->thread_counts);
    json_array_extend(into->objects, from->objects);
    json_array_extend(into->collectible_types, from->collectible_types);
    into->failed |= from->failed;
    ll__windbg_dump_free(from);
}
