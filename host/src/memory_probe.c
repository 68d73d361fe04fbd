/* Reads /proc/self/smaps and sorts every mapping into the kinds the
 * analyzer reasons about: the brk heap, anonymous mappings (the GC heap,
 * malloc's other arenas, the runtime's code and loader memory, thread
 * stacks), mapped native images (.so), mapped managed images (.dll/.exe),
 * the main stack, other mapped files, and kernel pseudo-mappings.
 * "size" is what is reserved (like MEM_RESERVE + MEM_COMMIT), "rss" what is
 * resident (the closest Linux has to MEM_COMMIT that was touched). */
#include "memory_probe.h"

#include "leaklab/snapshot.h"

#include <ctype.h>
#include <malloc.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum memory_kind {
    KIND_NATIVE_HEAP,
    KIND_ANONYMOUS,
    KIND_IMAGE_NATIVE,
    KIND_IMAGE_MANAGED,
    KIND_STACK,
    KIND_MAPPED_FILE,
    KIND_OTHER,
    KIND_COUNT
};

static const char *const kind_names[KIND_COUNT] = {
    LL_FIELD_MEMORY_NATIVE_HEAP, "anonymous", "image_native", "image_managed", "stack", "mapped_file", "other",
};

struct kind_total {
    uint64_t rss, size, regions;
};

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static enum memory_kind classify_mapping(const char *path)
{
    if (*path == '\0')
        return KIND_ANONYMOUS;
    if (strcmp(path, "[heap]") == 0)
        return KIND_NATIVE_HEAP;
    if (strncmp(path, "[stack", 6) == 0)
        return KIND_STACK;
    if (*path == '[')
        return KIND_OTHER;
    if (has_suffix(path, ".so") || strstr(path, ".so."))
        return KIND_IMAGE_NATIVE;
    if (has_suffix(path, ".dll") || has_suffix(path, ".exe"))
        return KIND_IMAGE_MANAGED;
    return KIND_MAPPED_FILE;
}

/* The path of an smaps mapping line ("start-end perms offset dev inode
 * path"), or NULL if LINE is a field line ("Rss:   12 kB"): only a mapping
 * line starts with hex digits and a '-'. Parsed without sscanf, which
 * dominated the cost of a snapshot. */
static const char *mapping_path(char *line)
{
    char *p = line;
    while (isxdigit((unsigned char)*p))
        p++;
    if (p == line || *p != '-')
        return NULL;
    p = line;
    for (int field = 0; field < 5; field++) {
        p += strcspn(p, " \n");
        p += strspn(p, " ");
    }
    p[strcspn(p, "\n")] = '\0';
    return p;
}

/* The kB value of a field line starting with NAME (e.g. "Rss:"), as bytes,
 * or -1 if LINE is another field. */
static long long field_bytes(const char *line, const char *name, size_t name_len)
{
    if (strncmp(line, name, name_len) != 0)
        return -1;
    return strtoll(line + name_len, NULL, 10) * 1024;
}

static json_t *kind_json(const struct kind_total *t)
{
    return json_pack("{sI sI sI}", LL_FIELD_REGION_RSS, (json_int_t)t->rss, LL_FIELD_REGION_SIZE,
                     (json_int_t)t->size, LL_FIELD_REGION_COUNT, (json_int_t)t->regions);
}

json_t *ll__memory_by_kind(void)
{
    FILE *smaps = fopen("/proc/self/smaps", "r");
    if (!smaps)
        return NULL;
    struct kind_total totals[KIND_COUNT] = {{0}}, all = {0};
    struct kind_total *current = NULL;
    char line[4096];
    long long bytes;
    while (fgets(line, sizeof line, smaps)) {
        const char *path = mapping_path(line);
        if (path) {
            current = &totals[classify_mapping(path)];
            current->regions++;
        } else if (current && (bytes = field_bytes(line, "Size:", 5)) >= 0) {
            current->size += (uint64_t)bytes;
        } else if (current && (bytes = field_bytes(line, "Rss:", 4)) >= 0) {
            current->rss += (uint64_t)bytes;
        }
    }
    fclose(smaps);
    json_t *out = json_object();
    for (int k = 0; k < KIND_COUNT; k++) {
        json_object_set_new(out, kind_names[k], kind_json(&totals[k]));
        all.rss += totals[k].rss;
        all.size += totals[k].size;
        all.regions += totals[k].regions;
    }
    json_object_set_new(out, LL_FIELD_MEMORY_TOTAL, kind_json(&all));
    return out;
}

long long ll__malloc_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return (long long)(mi.uordblks + mi.hblkhd);
}

json_t *ll__malloc_stats(void)
{
    struct mallinfo2 mi = mallinfo2();
    return json_pack("{sI sI sI sI}", LL_FIELD_MALLOC_IN_USE, (json_int_t)(mi.uordblks + mi.hblkhd),
                     LL_FIELD_MALLOC_ARENA, (json_int_t)mi.arena, LL_FIELD_MALLOC_MMAP, (json_int_t)mi.hblkhd,
                     LL_FIELD_MALLOC_FREE, (json_int_t)mi.fordblks);
}

/* Reserved and resident pages of the process, from /proc/self/statm. */
static int read_statm(uint64_t *size, uint64_t *rss)
{
    FILE *statm = fopen("/proc/self/statm", "r");
    unsigned long pages_total, pages_resident;
    int ok = statm && fscanf(statm, "%lu %lu", &pages_total, &pages_resident) == 2;
    if (statm)
        fclose(statm);
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
    *size = ok ? pages_total * page : 0;
    *rss = ok ? pages_resident * page : 0;
    return ok ? 0 : -1;
}

uint64_t ll__memory_rss(void)
{
    uint64_t size, rss;
    read_statm(&size, &rss);
    return rss;
}

json_t *ll__memory_total(void)
{
    uint64_t size, rss;
    if (read_statm(&size, &rss) < 0)
        return NULL;
    return json_pack("{s{sI sI}}", LL_FIELD_MEMORY_TOTAL, LL_FIELD_REGION_RSS, (json_int_t)rss, LL_FIELD_REGION_SIZE,
                     (json_int_t)size);
}
