/* WinDbg / dotnet-dump session logs. A log is cut into command outputs at
 * its prompt lines ("0:000> !cmd", "> cmd"); a file without prompts is one
 * output. Every output is offered to each command's parser, which looks
 * for its own table, so `!eeheap` (loader and GC together), separate files
 * and unknown prompts all work. One log becomes one snapshot; assemblies
 * already seen in an earlier log of the series are not added twice, and
 * those gone since are unloads. */
#include "import_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LINE_MAX_LEN 4096

/* What one log says about the process. */
struct dump {
    const char *file;
    json_t *memory;       /* kind -> {"size", "regions"} */
    long long commit, reserve, busy;
    long long gc_allocated, gc_committed, gc_total, gc_heaps_sum;
    int gc_heaps_seen, gc_heap_count;
    long long loader_total, loader_sum, loader_wasted;
    json_t *assemblies;   /* [{"key","domain","name","version","origin","path","modules"}] */
    json_t *assembly_keys;/* keys in ASSEMBLIES: an output shown twice adds nothing */
    json_t *modules;      /* module address or path -> {"types","refs"} */
    json_t *dumpheap;     /* [{"type","count","size"}] */
    long long dumpheap_total;
    int found;            /* command outputs recognised */
};

static const char *usage_kind(const char *label)
{
    static const struct {
        const char *prefix, *kind;
    } map[] = {{"Heap", "native_heap"}, {"<unknown>", "unknown"}, {"Image", "image"},   {"Stack", "stack"},
               {"MappedFile", "mapped_file"}, {"TEB", "other"},  {"PEB", "other"},      {"Other", "other"},
               {"Free", NULL}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (ll_starts_with(label, map[i].prefix))
            return map[i].kind;
    return "other";
}

/* "<label> <count> <hex size> ( <human> ) ..." -> label, count, bytes. */
static int address_row(char *line, char *label, size_t label_len, long long *count, long long *bytes)
{
    char *paren = strrchr(line, '(');
    if (!paren)
        return -1;
    *paren = '\0';
    char *tokens[16];
    int n = 0;
    for (char *t = strtok(line, " \t"); t && n < 16; t = strtok(NULL, " \t"))
        tokens[n++] = t;
    if (n < 2)
        return -1;
    char *end;
    *count = strtoll(tokens[n - 2], &end, 10);
    *bytes = ll_parse_hex(tokens[n - 1]);
    if (*end || *count < 0 || *bytes < 0)
        return -1;
    label[0] = '\0';
    for (int i = 0; i < n - 2; i++)
        snprintf(label + strlen(label), label_len - strlen(label), "%s%s", i ? " " : "", tokens[i]);
    if (!label[0]) /* a renderer swallowed "<unknown>" as a tag (seen in the wild) */
        snprintf(label, label_len, "<unknown>");
    return 0;
}

static void add_kind(json_t *memory, const char *kind, long long bytes, long long regions)
{
    json_t *k = json_object_get(memory, kind);
    if (!k) {
        k = json_pack("{sI sI}", "size", (json_int_t)0, "regions", (json_int_t)0);
        json_object_set_new(memory, kind, k);
    }
    json_object_set_new(k, "size", json_integer(ll_add_saturating(json_integer_value(json_object_get(k, "size")), bytes)));
    json_object_set_new(k, "regions",
                        json_integer(ll_add_saturating(json_integer_value(json_object_get(k, "regions")), regions)));
}

static void parse_address_summary(ll_import *im, struct dump *d, const ll_lines *l, size_t from, size_t to)
{
    enum { NONE, USAGE, STATE, OTHER } section = NONE;
    char buf[LINE_MAX_LEN], label[128];
    for (size_t i = from; i < to; i++) {
        char *line = ll_trim(ll_line_copy(l, i, buf, sizeof buf));
        if (ll_starts_with(line, "---")) {
            section = strstr(line, "Usage Summary") ? USAGE : strstr(line, "State Summary") ? STATE : OTHER;
            if (section == USAGE && !d->memory)
                d->memory = json_object();
            continue;
        }
        if (section == NONE || section == OTHER || !*line)
            continue;
        long long count, bytes;
        if (address_row(line, label, sizeof label, &count, &bytes) < 0) {
            ll_import_warn(im, d->file, i + 1, "!address -summary: cannot read this row; skipped");
            continue;
        }
        if (section == USAGE) {
            const char *kind = usage_kind(label);
            if (kind) {
                add_kind(d->memory, kind, bytes, count);
                d->busy = ll_add_saturating(d->busy, bytes);
            }
        } else if (strcmp(label, "MEM_COMMIT") == 0) {
            d->commit = bytes;
        } else if (strcmp(label, "MEM_RESERVE") == 0) {
            d->reserve = bytes;
        }
    }
    if (d->memory)
        d->found++;
    if (d->memory && d->commit < 0)
        ll_import_warn(im, d->file, from + 1, "!address -summary: no MEM_COMMIT row (truncated?)");
}

/* The decimal after "Size:" or in parentheses on LINE, or -1. */
static long long size_on_line(const char *line)
{
    const char *size = strstr(line, "Size:");
    return ll_paren_decimal(size ? size : line);
}

static void parse_eeheap(struct dump *d, const ll_lines *l, size_t from, size_t to)
{
    char buf[LINE_MAX_LEN];
    int gc = 0, loader = 0;
    for (size_t i = from; i < to; i++) {
        char *line = ll_trim(ll_line_copy(l, i, buf, sizeof buf));
        long long v;
        if (ll_starts_with(line, "Number of GC Heaps:")) {
            d->gc_heap_count = atoi(line + 19);
            gc = 1;
        } else if (ll_starts_with(line, "GC Allocated Heap Size:") && (v = size_on_line(line)) >= 0) {
            d->gc_allocated = v;
            gc = 1;
        } else if (ll_starts_with(line, "GC Committed Heap Size:") && (v = size_on_line(line)) >= 0) {
            d->gc_committed = v;
        } else if (ll_starts_with(line, "GC Heap Size") && (v = size_on_line(line)) >= 0) {
            d->gc_total = v;
            gc = 1;
        } else if (ll_starts_with(line, "Heap Size") && (v = size_on_line(line)) >= 0) {
            d->gc_heaps_sum = ll_add_saturating(d->gc_heaps_sum, v);
            d->gc_heaps_seen++;
            gc = 1;
        } else if (ll_starts_with(line, "Total LoaderHeap size") && (v = size_on_line(line)) >= 0) {
            d->loader_total = v;
            const char *wasted = strstr(line, "total,");
            d->loader_wasted = wasted && ll_paren_decimal(wasted) > 0 ? ll_paren_decimal(wasted) : d->loader_wasted;
            loader = 1;
        } else if (strstr(line, "bytes total") && (v = size_on_line(line)) >= 0) {
            /* "...Heap: ... Size: 0xa5000 (675840) bytes total, 0x3000 (12288) bytes wasted." */
            d->loader_sum = ll_add_saturating(d->loader_sum, v);
            const char *wasted = strstr(line, "total,");
            long long w = wasted ? ll_paren_decimal(wasted) : -1;
            d->loader_wasted = ll_add_saturating(d->loader_wasted, w > 0 ? w : 0);
            loader = 1;
        } else if (ll_starts_with(line, "Loader Heap:")) {
            loader = 1;
        }
    }
    d->found += gc + loader;
}

/* "Assembly:  <addr> [<path or display name>]", possibly "(Dynamic)". */
static void add_assembly(struct dump *d, const char *domain, const char *line)
{
    const char *open = strchr(line, '['), *close = strrchr(line, ']');
    char content[1024] = "";
    if (open && close && close > open)
        snprintf(content, sizeof content, "%.*s", (int)(close - open - 1), open + 1);
    char address[64] = "";
    sscanf(line, "Assembly: %63s", address);
    char name[512], version[64] = "?";
    const char *origin;
    const char *slash = strrchr(content, '\\') ? strrchr(content, '\\') : strrchr(content, '/');
    const char *comma = strchr(content, ',');
    if (strstr(line, "(Dynamic)") || !content[0]) {
        origin = "emit";
        snprintf(name, sizeof name, "%s", content[0] ? content : "(dynamic)");
    } else if (slash) {
        origin = "file";
        snprintf(name, sizeof name, "%s", slash + 1);
        char *dot = strrchr(name, '.');
        if (dot && (strcasecmp(dot, ".dll") == 0 || strcasecmp(dot, ".exe") == 0))
            *dot = '\0';
    } else {
        origin = "bytes"; /* a display name: loaded from memory, no file */
        snprintf(name, sizeof name, "%.*s", comma ? (int)(comma - content) : (int)strlen(content), content);
        const char *v = strstr(content, "Version=");
        if (v)
            sscanf(v + 8, "%63[^,]", version);
    }
    if (comma && strstr(content, "Version=") && strcmp(origin, "bytes") != 0)
        sscanf(strstr(content, "Version=") + 8, "%63[^,]", version);
    char key[640];
    snprintf(key, sizeof key, "%s %s %s", domain, address, name);
    if (json_object_get(d->assembly_keys, key))
        return;
    json_object_set_new(d->assembly_keys, key, json_true());
    json_array_append_new(d->assemblies,
                          json_pack("{ss ss ss ss ss ss* s[]}", "key", key, "domain", domain, "name", name, "version",
                                    version, "origin", origin, "path", strcmp(origin, "file") == 0 ? content : NULL,
                                    "modules"));
}

static void parse_dumpdomain(struct dump *d, const ll_lines *l, size_t from, size_t to)
{
    char buf[LINE_MAX_LEN], domain[64] = "";
    int modules = 0, any = 0;
    for (size_t i = from; i < to; i++) {
        char *line = ll_trim(ll_line_copy(l, i, buf, sizeof buf));
        if (ll_starts_with(line, "System Domain:"))
            snprintf(domain, sizeof domain, "System Domain");
        else if (ll_starts_with(line, "Shared Domain:"))
            snprintf(domain, sizeof domain, "Shared Domain");
        else if (ll_starts_with(line, "Domain ") && strchr(line, ':'))
            snprintf(domain, sizeof domain, "%.*s", (int)(strchr(line, ':') - line), line);
        else if (ll_starts_with(line, "Assembly:") && domain[0]) {
            add_assembly(d, domain, line);
            modules = 0;
            any = 1;
        } else if (ll_starts_with(line, "Module Name")) {
            modules = 1;
        } else if (modules && *line && isxdigit((unsigned char)*line) && json_array_size(d->assemblies)) {
            char address[64];
            if (sscanf(line, "%63s", address) == 1 && ll_parse_hex(address) >= 0)
                json_array_append_new(json_object_get(json_array_get(d->assemblies, json_array_size(d->assemblies) - 1),
                                                      "modules"), json_string(address));
        } else if (!*line) {
            modules = 0;
        }
    }
    d->found += any;
}

/* "MT  token  Name" rows under "Types defined/referenced in this module". */
static void parse_dumpmodule(struct dump *d, const ll_lines *l, size_t from, size_t to, const char *argument)
{
    char buf[LINE_MAX_LEN], path[1024] = "";
    json_t *types = json_array(), *refs = json_array(), *into = NULL;
    for (size_t i = from; i < to; i++) {
        char *line = ll_trim(ll_line_copy(l, i, buf, sizeof buf));
        if (ll_starts_with(line, "Name:"))
            snprintf(path, sizeof path, "%s", ll_trim(line + 5));
        else if (ll_starts_with(line, "Types defined in this module"))
            into = types;
        else if (ll_starts_with(line, "Types referenced in this module"))
            into = refs;
        else if (into && *line && !ll_starts_with(line, "MT") && !ll_starts_with(line, "---")) {
            char mt[64], token[64];
            int name_at = 0;
            if (sscanf(line, "%63s %63s %n", mt, token, &name_at) == 2 && name_at && ll_parse_hex(mt) >= 0 &&
                ll_starts_with(token, "0x0"))
                json_array_append_new(into, into == types ? json_pack("{ss sn}", "name", line + name_at, "base")
                                                          : json_string(line + name_at));
        }
    }
    if (json_array_size(types) || json_array_size(refs)) {
        json_t *set = json_pack("{so so}", "types", types, "refs", refs);
        if (*argument)
            json_object_set(d->modules, argument, set);
        if (*path)
            json_object_set(d->modules, path, set);
        json_decref(set);
        d->found++;
    } else {
        json_decref(types);
        json_decref(refs);
    }
}

static void parse_dumpheap(struct dump *d, const ll_lines *l, size_t from, size_t to)
{
    char buf[LINE_MAX_LEN];
    int in_table = 0;
    for (size_t i = from; i < to; i++) {
        char *line = ll_trim(ll_line_copy(l, i, buf, sizeof buf));
        if (ll_starts_with(line, "MT") && strstr(line, "Class Name")) {
            in_table = 1;
            continue;
        }
        if (!in_table || !*line || ll_starts_with(line, "..."))
            continue;
        if (ll_starts_with(line, "Total ")) {
            in_table = 0;
            continue;
        }
        char mt[64];
        long long count, size;
        int name_at = 0;
        if (sscanf(line, "%63s %lld %lld %n", mt, &count, &size, &name_at) == 3 && name_at && ll_parse_hex(mt) >= 0) {
            json_array_append_new(d->dumpheap, json_pack("{ss sI sI}", "type", line + name_at, "count",
                                                         (json_int_t)count, "size", (json_int_t)size));
            d->dumpheap_total = ll_add_saturating(d->dumpheap_total, size > 0 ? size : 0);
        }
    }
    d->found += json_array_size(d->dumpheap) > 0;
}

/* The command on a prompt line ("0:000> !dumpmodule -mt 7fe8dda2f98",
 * "> eeheap"), or NULL if LINE is not one. */
static const char *prompt_command(const char *line)
{
    const char *p = line;
    while (*p == ' ')
        p++;
    if (*p == '>')
        return p + 1;
    if (!isdigit((unsigned char)*p))
        return NULL;
    while (isdigit((unsigned char)*p) || *p == ':' || isalnum((unsigned char)*p))
        p++;
    return *p == '>' ? p + 1 : NULL;
}

static void parse_output(ll_import *im, struct dump *d, const ll_lines *l, size_t from, size_t to, const char *command)
{
    char argument[128] = "";
    if (command && ll_contains(command, "dumpmodule")) {
        const char *last = strrchr(command, ' ');
        snprintf(argument, sizeof argument, "%s", last ? last + 1 : "");
    }
    parse_address_summary(im, d, l, from, to);
    parse_eeheap(d, l, from, to);
    parse_dumpdomain(d, l, from, to);
    parse_dumpmodule(d, l, from, to, argument);
    parse_dumpheap(d, l, from, to);
}

/* An assembly's own sampled module (by module address or path), or NULL. */
static json_t *own_typeset(struct dump *d, json_t *a)
{
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(a, "modules"), i, m) {
        json_t *set = json_object_get(d->modules, json_string_value(m));
        if (set)
            return set;
    }
    return json_object_get(d->modules, json_string_value(json_object_get(a, "path")) ?: "");
}

/* "origin|name pattern|version": assemblies that look the same. */
static void look_key(json_t *a, char *key, size_t len)
{
    char pattern[128];
    const char *origin = json_string_value(json_object_get(a, "origin"));
    ll_assembly_name_pattern(json_string_value(json_object_get(a, "name")), origin, pattern, sizeof pattern);
    snprintf(key, len, "%s|%s|%s", origin, pattern, json_string_value(json_object_get(a, "version")));
}

/* For each look, the typeset of the first sampled assembly that has it:
 * an expert extends a few modules sampled with !dumpmodule -mt to the
 * thousands that look like them, and so does the importer. */
static json_t *sampled_typesets_by_look(struct dump *d)
{
    json_t *by_look = json_object(), *a;
    size_t i;
    char key[768];
    json_array_foreach(d->assemblies, i, a) {
        json_t *set = own_typeset(d, a);
        look_key(a, key, sizeof key);
        if (set && !json_object_get(by_look, key))
            json_object_set(by_look, key, set);
    }
    return by_look;
}

/* A module shown by !dumpmodule -mt but by no !dumpdomain output is still
 * a loaded assembly: add it, named after its file. */
static void add_unlisted_modules(struct dump *d)
{
    const char *key;
    json_t *set;
    json_object_foreach(d->modules, key, set) {
        if (!strpbrk(key, "\\/"))
            continue; /* a module address; its path is listed too */
        size_t i;
        json_t *a;
        int listed = 0;
        json_array_foreach(d->assemblies, i, a) {
            const char *path = json_string_value(json_object_get(a, "path"));
            listed |= (path && strcmp(path, key) == 0) || own_typeset(d, a) == set;
        }
        if (!listed) {
            char line[1200];
            snprintf(line, sizeof line, "Assembly: - [%s]", key);
            add_assembly(d, "?", line);
        }
    }
}

/* Assembly records for what is new in this dump, unloads for what is gone,
 * and the per-domain counts. */
static json_t *record_assemblies(ll_import *im, struct dump *d)
{
    json_t *by_domain = json_object(), *alive = json_object(), *a;
    json_t *empty_types = json_array(), *empty_refs = json_array();
    json_t *by_look = sampled_typesets_by_look(d);
    size_t i;
    char look[768];
    json_array_foreach(d->assemblies, i, a) {
        const char *key = json_string_value(json_object_get(a, "key"));
        const char *domain = json_string_value(json_object_get(a, "domain"));
        json_object_set_new(by_domain, domain, json_integer(json_integer_value(json_object_get(by_domain, domain)) + 1));
        json_object_set_new(alive, key, json_true());
        if (json_object_get(im->assembly_ids, key))
            continue;
        json_t *set = own_typeset(d, a);
        if (!set) {
            look_key(a, look, sizeof look);
            set = json_object_get(by_look, look);
        }
        json_int_t typeset = ll_import_typeset(im, set ? json_object_get(set, "types") : empty_types,
                                               set ? json_object_get(set, "refs") : empty_refs);
        json_int_t id = ++im->next_assembly_id;
        json_object_set_new(im->assembly_ids, key, json_integer(id));
        ll_import_add_record(im,
                              json_pack("{ss sI ss sI sO sO sO sO sI}", "type", "assembly", "id", id, "domain", domain,
                                        "iteration", (json_int_t)im->snapshots, "name", json_object_get(a, "name"),
                                        "version", json_object_get(a, "version"), "origin", json_object_get(a, "origin"),
                                        "path", json_object_get(a, "path") ?: json_null(), "typeset", typeset));
    }
    const char *key;
    json_t *v;
    json_object_foreach(im->alive_keys, key, v)
        if (!json_object_get(alive, key))
            ll_import_add_record(im, json_pack("{ss sO sI}", "type", "unload", "id",
                                                         json_object_get(im->assembly_ids, key), "iteration",
                                                         (json_int_t)im->snapshots));
    json_decref(im->alive_keys);
    im->alive_keys = alive;
    json_decref(empty_types);
    json_decref(empty_refs);
    json_decref(by_look);
    return json_pack("{sI so}", "loaded", (json_int_t)json_array_size(d->assemblies), "by_domain", by_domain);
}

static json_t *gc_json(ll_import *im, struct dump *d)
{
    long long used = d->gc_allocated >= 0 ? d->gc_allocated : d->gc_total >= 0 ? d->gc_total : -1;
    if (used < 0 && d->gc_heaps_seen) {
        used = d->gc_heaps_sum;
        ll_import_warn(im, d->file, 0, "!eeheap -gc: no GC heap total (truncated output?); summed the %d per-heap "
                       "sizes shown%s", d->gc_heaps_seen,
                       d->gc_heap_count > d->gc_heaps_seen ? ", fewer heaps than the process has" : "");
    }
    if (used < 0 && d->dumpheap_total > 0) {
        used = d->dumpheap_total;
        ll_import_warn(im, d->file, 0, "no !eeheap -gc: the managed heap size is the !dumpheap -stat total");
    }
    if (used < 0)
        return NULL;
    long long committed = d->gc_committed >= 0 ? d->gc_committed : used;
    json_t *gc = json_pack("{sI sI}", "used_size", (json_int_t)used, "heap_size", (json_int_t)committed);
    if (d->gc_heap_count > 0)
        json_object_set_new(gc, "heaps", json_integer(d->gc_heap_count));
    return gc;
}

static json_t *snapshot_json(ll_import *im, struct dump *d)
{
    json_t *snap = json_object();
    if (d->memory) {
        json_int_t regions = 0;
        const char *kind;
        json_t *k;
        json_object_foreach(d->memory, kind, k)
            regions = ll_add_saturating(regions, json_integer_value(json_object_get(k, "regions")));
        json_t *total = json_pack("{sI sI}", "size", (json_int_t)d->busy, "regions", regions);
        if (d->commit >= 0)
            json_object_set_new(total, "rss", json_integer(d->commit));
        json_object_set_new(d->memory, "total", total);
        json_object_set(snap, "memory", d->memory);
        json_object_set_new(snap, "state", json_pack("{sI sI}", "commit", (json_int_t)d->commit, "reserve",
                                                    (json_int_t)d->reserve));
    }
    json_t *gc = gc_json(im, d);
    if (gc)
        json_object_set_new(snap, "gc", gc);
    long long loader = d->loader_total >= 0 ? d->loader_total : d->loader_sum;
    if (d->loader_total < 0 && d->loader_sum > 0)
        ll_import_warn(im, d->file, 0, "!eeheap -loader: no \"Total LoaderHeap size\" (truncated output?); summed "
                       "the heaps shown");
    if (loader > 0)
        json_object_set_new(snap, "runtime", json_pack("{sI sI}", "loader_heap_bytes", (json_int_t)loader,
                                                      "loader_heap_wasted_bytes", (json_int_t)d->loader_wasted));
    add_unlisted_modules(d);
    if (json_array_size(d->assemblies))
        json_object_set_new(snap, "assemblies", record_assemblies(im, d));
    if (json_array_size(d->dumpheap))
        json_object_set(snap, "dumpheap", d->dumpheap);
    json_object_set_new(snap, "source", json_string(d->file));
    return snap;
}

int ll_import_windbg_log(ll_import *im, const char *name, const ll_lines *lines, ll_error *err)
{
    struct dump d = {.file = name, .commit = -1, .reserve = -1, .gc_allocated = -1, .gc_committed = -1,
                     .gc_total = -1, .loader_total = -1};
    d.assemblies = json_array();
    d.assembly_keys = json_object();
    d.modules = json_object();
    d.dumpheap = json_array();
    char buf[LINE_MAX_LEN], command[LINE_MAX_LEN] = "";
    size_t start = 0;
    int have_command = 0;
    for (size_t i = 0; i <= lines->count; i++) {
        const char *next = i < lines->count ? prompt_command(ll_line_copy(lines, i, buf, sizeof buf)) : NULL;
        if (i == lines->count || next) {
            parse_output(im, &d, lines, start, i, have_command ? command : NULL);
            if (next) {
                snprintf(command, sizeof command, "%s", next);
                have_command = 1;
                start = i + 1;
            }
        }
    }
    int rc = 0;
    if (!d.found) {
        ll_error_set(err, "%s: no known debugger output (!address -summary, !eeheap -gc, !eeheap -loader, "
                     "!dumpdomain, !dumpmodule -mt, !dumpheap -stat)", name);
        rc = -1;
    } else {
        ll_import_add_snapshot(im, snapshot_json(im, &d));
    }
    json_decref(d.memory);
    json_decref(d.assemblies);
    json_decref(d.assembly_keys);
    json_decref(d.modules);
    json_decref(d.dumpheap);
    return rc;
}
