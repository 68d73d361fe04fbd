/* Mono's own GC log (MONO_LOG_LEVEL=debug MONO_LOG_MASK=gc, on stderr):
 *
 *   Mono: GC_MAJOR: (user request) time 0.35ms, stw 0.51ms los size: 0K in use: 0K
 *   Mono: GC_MAJOR_SWEEP: major size: 656K in use: 92K
 *   Mono: GC_MINOR: (Nursery full) time 0.45ms, stw 5.31ms promoted 81K major size: 384K in use: 102K los size: 0K in use: 0K
 *
 * Each major collection is a snapshot (x unit "gc"): the GC heap in use
 * after it is its major heap's in use (the sweep line) plus its large
 * object space's in use (the last GC_MAJOR line before it). The sweep runs
 * on a worker thread, so its line may come after the next GC_MAJOR's: each
 * sweep line is a snapshot, whatever came between. Minor collections leave garbage in the major heap
 * until the next major, so they are read only when the log has no major
 * collection at all, and the import says so. */
#include "import_internal.h"

#include <stdio.h>
#include <string.h>

#define MIN_MAJORS 8

struct gc_figures {
    long long major_size, major_used, los_size, los_used;
};

static void keep(ll_import *im, const struct gc_figures *f, int minor)
{
    json_t *snapshot = json_pack("{s{sI sI sb}}", LL_FIELD_GC, LL_FIELD_GC_USED_SIZE,
                                 (json_int_t)((f->major_used + f->los_used) * 1024), LL_FIELD_GC_HEAP_SIZE,
                                 (json_int_t)((f->major_size + f->los_size) * 1024), "after_full_collection", !minor);
    ll__import_add_snapshot(im, snapshot);
}

/* A size in kB a heap can have: up to 2^43 kB (8 PiB), so that bytes and
 * sums of them stay far inside 64 bits; a line with more is not read. */
static int plausible_kb(long long size, long long used)
{
    const long long max_kb = 1LL << 43;
    return size >= 0 && used >= 0 && size <= max_kb && used <= max_kb;
}

/* "LABEL NK in use: MK" in LINE ("los size:", "major size:"), into *SIZE
 * and *USED; -1 when LINE has none or its figures are not plausible. */
static int sizes_after(const char *line, const char *label, long long *size, long long *used)
{
    const char *at = strstr(line, label);
    return at && sscanf(at + strlen(label), " %lldK in use: %lldK", size, used) == 2 && plausible_kb(*size, *used)
               ? 0
               : -1;
}

static int los_figures(const char *line, struct gc_figures *f)
{
    return sizes_after(line, "los size:", &f->los_size, &f->los_used);
}

static int major_figures(const char *line, struct gc_figures *f)
{
    return sizes_after(line, "major size:", &f->major_size, &f->major_used);
}

/* Reads the collections of kind TAG ("GC_MAJOR" or "GC_MINOR"); their number. */
static size_t read_collections(ll_import *im, const char *name, const ll_lines *lines, int minor)
{
    char buf[4096];
    struct gc_figures f = {0};
    int los_known = 0;
    size_t read = 0;
    for (size_t i = 0; i < lines->count; i++) {
        char *line = ll__trim(ll__line_copy(lines, i, buf, sizeof buf));
        if (!minor && strstr(line, "GC_MAJOR:")) {
            los_known = los_figures(line, &f) == 0;
            if (!los_known)
                ll__import_warn(im, name, i + 1, "GC_MAJOR: no \"los size: NK in use: MK\": the next sweep is not read");
        } else if (!minor && strstr(line, "GC_MAJOR_SWEEP:")) {
            if (!los_known)
                ll__import_warn(im, name, i + 1, "GC_MAJOR_SWEEP before any readable GC_MAJOR line: not read");
            else if (major_figures(line, &f) == 0 && ++read)
                keep(im, &f, 0);
            else
                ll__import_warn(im, name, i + 1, "GC_MAJOR_SWEEP: no \"major size: NK in use: MK\": not read");
        } else if (minor && strstr(line, "GC_MINOR:")) {
            if (major_figures(line, &f) == 0 && los_figures(line, &f) == 0) {
                keep(im, &f, 1);
                read++;
            } else {
                ll__import_warn(im, name, i + 1, "GC_MINOR: its major and LOS figures could not be read: not read");
            }
        }
    }
    return read;
}

/* Lines of the log that hold TAG. */
static size_t count_lines(const ll_lines *lines, const char *tag)
{
    char buf[4096];
    size_t n = 0;
    for (size_t i = 0; i < lines->count; i++)
        n += strstr(ll__line_copy(lines, i, buf, sizeof buf), tag) != NULL;
    return n;
}

int ll__import_sgen_log(ll_import *im, const char *name, const ll_lines *lines, ll_error *err)
{
    size_t majors = count_lines(lines, "GC_MAJOR_SWEEP:"), minors = count_lines(lines, "GC_MINOR:");
    if (majors >= MIN_MAJORS || (majors > 0 && minors <= majors)) {
        if (read_collections(im, name, lines, 0) > 0)
            return 0;
    } else if (read_collections(im, name, lines, 1) > 0) {
        ll__import_warn(im, name, 0, "%zu major collections, too few for a trend: the %zu minor ones are read, whose "
                       "major heap still holds garbage a major collection would free", majors, minors);
        return 0;
    }
    ll_error_set(err, "%s: no GC_MAJOR or GC_MINOR line (MONO_LOG_LEVEL=debug MONO_LOG_MASK=gc)", name);
    return -1;
}
