/* Emitting a dump (windbg_dump.h): its assemblies with their typesets and
 * groups of listings, its GC and loader figures, its memory by kind and
 * every table a parser kept, as one snapshot of the imported series. */
#include "windbg_dump.h"
#include "leaklab/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const origin_names[] = {"file", "bytes", "emit"};

/* The typeset an assembly's own !dumpmodule -mt listed, joined by module
 * address, then by module name (`Name:`), then by its path; NULL if none.
 * A listing that is joined is marked, so that the unjoined ones can be
 * added as assemblies of their own. */
static json_t *own_typeset(const ll_windbg_dump *d, const struct ll_dump_assembly *a)
{
    json_t *set = NULL;
    for (int m = 0; m < a->modules && !set; m++)
        set = json_object_get(d->modules, ll__dump_assembly_text(d, a, 3 + 2 * m));
    for (int m = 0; m < a->modules && !set; m++)
        set = json_object_get(d->modules, ll__dump_assembly_text(d, a, 4 + 2 * m));
    if (!set && ll__dump_assembly_text(d, a, 2)[0])
        set = json_object_get(d->modules, ll__dump_assembly_text(d, a, 2));
    if (set)
        json_object_set_new(set, "joined", json_true());
    return set;
}

/* An assembly's name and origin as the series records them. SOS on .NET
 * prints an image loaded from bytes with no path ("Assembly: ADDR []")
 * and its module by the image's own name ("app.dll"), or as "Unknown
 * Module"; only "Dynamic Module" (or no module) is Reflection.Emit's. */
struct shown {
    char name[512];
    const char *origin;
};

static void shown_as(const ll_windbg_dump *d, const struct ll_dump_assembly *a, struct shown *s)
{
    const char *name = ll__dump_assembly_text(d, a, 0), *module = a->modules ? ll__dump_assembly_text(d, a, 4) : "";
    snprintf(s->name, sizeof s->name, "%s", name);
    s->origin = origin_names[a->origin];
    if (a->origin != LL_ORIGIN_EMIT || strcmp(name, "(dynamic)") != 0 || !*module ||
        strcmp(module, "Dynamic Module") == 0)
        return;
    s->origin = origin_names[LL_ORIGIN_BYTES];
    if (strcmp(module, "Unknown Module") == 0) {
        snprintf(s->name, sizeof s->name, "(unknown module)");
        return;
    }
    const char *slash = strrchr(module, '/') ? strrchr(module, '/') : strrchr(module, '\\');
    snprintf(s->name, sizeof s->name, "%s", slash ? slash + 1 : module);
    char *dot = strrchr(s->name, '.');
    if (dot && (strcasecmp(dot, ".dll") == 0 || strcasecmp(dot, ".exe") == 0))
        *dot = '\0';
}

static void look_key(const ll_windbg_dump *d, const struct ll_dump_assembly *a, char *key, size_t len)
{
    char pattern[128];
    struct shown s;
    shown_as(d, a, &s);
    ll_assembly_name_pattern(s.name, s.origin, pattern, sizeof pattern);
    snprintf(key, len, "%s|%s|%s", s.origin, pattern, ll__dump_assembly_text(d, a, 1));
}

/* A !dumpmodule -mt listing no !dumpdomain line claims is still a loaded
 * assembly: added, named after its file. */
static void add_unjoined_listings(ll_windbg_dump *d)
{
    const char *key;
    json_t *set;
    json_object_foreach(d->modules, key, set) {
        if (!json_object_get(set, "joined") && strpbrk(key, "\\/")) {
            ll__windbg_dump_add_assembly(d, "?", "-", key, 0);
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
    json_int_t value = ll__import_typeset(im, json_object_get(set, "types"), json_object_get(set, "refs"));
    json_object_set_new(set, "typeset_id", json_integer(value));
    return value;
}

static void emit_assemblies(ll_import *im, ll_windbg_dump *d, json_t *snapshot)
{
    ll__key_table_free(&d->seen); /* listing is over: only the import's own keys are needed now */
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
    if (ll__key_table_reserve(&im->assembly_keys, im->assembly_keys.count + d->assembly_count) < 0)
        d->failed = 1;
    for (size_t i = 0; i < d->assembly_count && loaded; i++) {
        const struct ll_dump_assembly *a = &d->assemblies[i];
        loaded[a->domain]++;
        int added;
        ll_key_entry *e = ll__key_table_upsert(&im->assembly_keys, a->key, &added);
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
        const char *path = ll__dump_assembly_text(d, a, 2);
        json_t *domain_name = json_array_get(d->domains, a->domain);
        struct shown s;
        shown_as(d, a, &s);
        size_t n = ll_record_assembly_line(line, sizeof line, e->value, domain_name, stamp, s.name,
                                           ll__dump_assembly_text(d, a, 1), s.origin, path[0] ? path : NULL, typeset);
        if (n)
            ll__import_add_line(im, line, n);
        else
            ll__import_add_record(im, ll_record_assembly(e->value, domain_name, stamp, s.name,
                                                        ll__dump_assembly_text(d, a, 1), s.origin, path[0] ? path : NULL,
                                                        typeset));
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
            ll__import_add_record(im, ll_record_unload(e->value, stamp));
            e->stamp = -2;
        }
    }
    im->last_listing_stamp = stamp;
    json_object_set_new(snapshot, LL_FIELD_ASSEMBLIES, json_pack("{sI so}", LL_FIELD_LOADED, (json_int_t)d->assembly_count,
                                                          LL_FIELD_BY_DOMAIN, by_domain));
    json_decref(by_look);
    json_decref(none);
}

static json_t *gc_json(ll_import *im, const ll_windbg_dump *d, const char *file)
{
    long long used = d->gc_allocated >= 0 ? d->gc_allocated : d->gc_total >= 0 ? d->gc_total : -1;
    if (used < 0 && d->gc_heaps_seen) {
        used = d->gc_heaps_sum;
        ll__import_warn(im, file, 0, "!eeheap -gc: no GC heap total (truncated output?); summed the %d per-heap "
                       "sizes shown%s", d->gc_heaps_seen,
                       d->gc_heap_count > d->gc_heaps_seen ? ", fewer heaps than the process has" : "");
    }
    if (used < 0 && d->dumpheap_total > 0) {
        used = d->dumpheap_total;
        ll__import_warn(im, file, 0, "no !eeheap -gc: the managed heap size is the !dumpheap -stat total");
    }
    if (used < 0)
        return NULL;
    long long committed = d->gc_committed >= 0 ? d->gc_committed : used;
    json_t *gc = json_pack("{sI sI}", LL_FIELD_GC_USED_SIZE, (json_int_t)used, LL_FIELD_GC_HEAP_SIZE, (json_int_t)committed);
    if (d->gc_heap_count > 0)
        json_object_set_new(gc, LL_FIELD_GC_HEAPS, json_integer(d->gc_heap_count));
    return gc;
}

static void add_memory(json_t *snapshot, ll_windbg_dump *d)
{
    json_int_t regions = 0;
    int counted = 0; /* WinDbg before 6.12 gives no region counts */
    const char *kind;
    json_t *k;
    json_object_foreach(d->memory, kind, k) {
        json_t *n = json_object_get(k, LL_FIELD_REGION_COUNT);
        counted |= n != NULL;
        regions = ll__add_saturating(regions, json_integer_value(n));
    }
    json_t *total = json_pack("{sI}", LL_FIELD_REGION_SIZE, (json_int_t)d->busy);
    if (counted)
        json_object_set_new(total, LL_FIELD_REGION_COUNT, json_integer(regions));
    if (d->commit >= 0)
        json_object_set_new(total, LL_FIELD_REGION_RSS, json_integer(d->commit));
    json_t *memory = json_deep_copy(d->memory);
    json_object_set_new(memory, LL_FIELD_MEMORY_TOTAL, total);
    json_object_set_new(snapshot, LL_FIELD_MEMORY, memory);
    json_object_set_new(snapshot, "state", json_pack("{sI sI}", "commit", (json_int_t)d->commit, "reserve",
                                                     (json_int_t)d->reserve));
}

void ll__windbg_dump_emit(ll_import *im, ll_windbg_dump *d)
{
    const char *file = json_string_value(json_array_get(d->files, 0));
    json_t *snapshot = json_object();
    if (d->memory)
        add_memory(snapshot, d);
    json_t *gc = gc_json(im, d, file);
    if (gc)
        json_object_set_new(snapshot, LL_FIELD_GC, gc);
    long long loader = d->loader_total >= 0 ? d->loader_total : d->loader_sum;
    if (d->loader_total < 0 && d->loader_sum > 0 && !d->loader_rows_complete)
        ll__import_warn(im, file, 0, "!eeheap -loader: no \"Total LoaderHeap size\" (truncated output?); summed "
                       "the heaps shown");
    if (loader > 0 || json_object_size(d->thread_counts)) {
        json_t *runtime = json_copy(d->thread_counts);
        if (loader > 0) {
            json_object_set_new(runtime, LL_FIELD_LOADER_HEAP_BYTES, json_integer(loader));
            json_object_set_new(runtime, LL_FIELD_LOADER_HEAP_WASTED_BYTES, json_integer(d->loader_wasted));
        }
        json_object_set_new(snapshot, LL_FIELD_RUNTIME, runtime);
    }
    if (d->assembly_count || json_object_size(d->modules))
        emit_assemblies(im, d, snapshot);
    const struct {
        const char *field;
        json_t *rows;
    } tables[] = {{LL_FIELD_DUMPHEAP, d->dumpheap},         {LL_FIELD_GCROOTS, d->gcroots},
                  {LL_FIELD_NATIVE_HEAPS, d->native_heaps}, {LL_FIELD_HEAP_SIZES, d->heap_sizes},
                  {LL_FIELD_ALLOCATION_STACKS, d->allocation_stacks}, {LL_FIELD_OBJECTS, d->objects},
                  {LL_FIELD_COLLECTIBLE_TYPES, d->collectible_types}};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (json_array_size(tables[i].rows))
            json_object_set(snapshot, tables[i].field, tables[i].rows);
    if (d->dumpheap_cut && json_array_size(d->dumpheap))
        json_object_set_new(snapshot, LL_FIELD_DUMPHEAP_CUT, json_true());
    if (d->failed)
        ll__import_warn(im, file, 0, "out of memory: part of this dump's assemblies were not imported");
    json_object_set_new(snapshot, LL_FIELD_SOURCE, ll_json_text(file));
    json_object_set(snapshot, "sources", d->files);
    ll__import_note_dump_files(im, d->files);
    ll__import_add_snapshot(im, snapshot);
}
