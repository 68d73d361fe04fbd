/* The importer's throughput and peak memory (the hardening issues' goal:
 * peak RSS at most 4x the input, 50 MB/s or more), on inputs generated here
 * deterministically:
 *   import/dumpdomain_300k   a !dumpdomain of 300,000 in-memory assemblies
 *                            with random 8-character names (16.5 MB);
 *   import/counters_csv_100mb
 *                            a dotnet-counters collect CSV of 100 MB;
 *   import/dumpheap_stat_100mb
 *                            a !dumpheap -stat of 1.6 million rows (100 MB),
 *                            over the rows a dump keeps;
 *   import/heap_s_100mb      a !heap -s of 1.4 million heaps and a !heap
 *                            -stat -h of 1.2 million sizes (100 MB);
 *   import/endless_lines     `yes x` through a pipe, read as a file: the
 *                            import stops at its input bound, its peak RSS
 *                            bounded (no ratio: the input never ends).
 * Each runs in a process of its own (bench/run), so that the peak RSS is
 * its own: the input text, held in memory as `leaklab import` holds a
 * file, is part of it. */
#include "benches.h"

#include "leaklab/import.h"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

struct text {
    char *data;
    size_t len, cap;
};

static void append(struct text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->data = realloc(t->data, t->cap);
        if (!t->data)
            abort();
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void append_text(struct text *t, const char *s)
{
    append(t, s, strlen(s));
}

static void dumpdomain_text(struct text *t)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    char line[128], name[9];
    unsigned seed = 3;
    append_text(t, "0:000> !dumpdomain\nDomain 1:           0000000000e3f2a0\n");
    for (long i = 0; i < 300000; i++) {
        for (int k = 0; k < 8; k++) {
            seed = seed * 1103515245u + 12345u;
            name[k] = alphabet[(seed >> 16) % 36];
        }
        name[8] = '\0';
        int n = snprintf(line, sizeof line, "Assembly: %016lx [%s, Version=0.0.0.0]\n", 0x10000000000L + i * 4096,
                         name);
        append(t, line, (size_t)n);
    }
}

static void counters_csv_text(struct text *t)
{
    static const char *const counters[] = {"CPU Usage (%)", "Working Set (MB)", "GC Heap Size (MB)",
                                           "Gen 0 GC Count", "Allocation Rate (B / 1 sec)",
                                           "Number of Assemblies Loaded", "ThreadPool Thread Count",
                                           "Monitor Lock Contention Count"};
    char line[160];
    append_text(t, "Timestamp,Provider,Counter Name,Counter Type,Mean/Increment\n");
    for (long s = 1; t->len < 100000000; s++)
        for (int c = 0; c < 8; c++) {
            int n = snprintf(line, sizeof line, "%02ld.01.2024 %02ld:%02ld:%02ld,System.Runtime,%s,Metric,%ld\n",
                             1 + s / 86400, s / 3600 % 24, s / 60 % 60, s % 60, counters[c], s * (c + 1));
            append(t, line, (size_t)n);
        }
}

static void dumpheap_text(struct text *t)
{
    char line[160];
    unsigned seed = 5;
    append_text(t, "0:000> !dumpheap -stat\nStatistics:\n              MT    Count    TotalSize Class Name\n");
    for (long i = 0; t->len < 100000000; i++) {
        seed = seed * 1103515245u + 12345u;
        int n = snprintf(line, sizeof line, "%016lx %8u %12u Namespace%ld.Type%ld\n", 0x7ff000000000L + i * 8,
                         1 + (seed >> 16) % 1000, 24 + (seed >> 8) % 100000, i % 97, i);
        append(t, line, (size_t)n);
    }
}

static void heap_s_text(struct text *t)
{
    char line[160];
    append_text(t, "0:000> !heap -s\n          Heap     Flags   Reserv  Commit  Virt   Free  List   UCR  Virt  Lock  Fast\n"
                   "-------------------------------------------------------------------------------------\n");
    for (long i = 0; t->len < 60000000; i++) {
        int n = snprintf(line, sizeof line, "%016lx 08000002    8376   6816   8176    254    97     5    1      3   LFH\n",
                         0x15d85bb0000L + i * 0x10000);
        append(t, line, (size_t)n);
    }
    append_text(t, "-------------------------------------------------------------------------------------\n"
                   "0:000> !heap -stat -h 0000015d85bb0000\n heap @ 0000015d85bb0000\n");
    for (long i = 0; t->len < 100000000; i++) {
        int n = snprintf(line, sizeof line, "    %lx %x - %lx  (0.01)\n", i + 16, 3, (i + 16) * 3);
        append(t, line, (size_t)n);
    }
}

static void bm_import(llb_state *st, void *user)
{
    void (*generate)(struct text *) = (void (*)(struct text *))user;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    /* The process before the input: its libraries and the benchmark's own
     * structures, not the importer's. */
    double baseline = (double)usage.ru_maxrss * 1024;
    struct text input = {0};
    generate(&input);
    FILE *sink = fopen("/dev/null", "w");
    while (llb_keep_running(st)) {
        ll_import *im = ll_import_new();
        ll_error err;
        if (!im || ll_import_add_text(im, "bench input", input.data, input.len, LL_IMPORT_AUTO, &err) < 0 ||
            ll_import_write_stream(im, sink, "/dev/null", &err) < 0) {
            llb_skip_with_error(st, im ? err.message : "cannot create the import");
            ll_import_free(im);
            break;
        }
        ll_import_free(im);
        /* Untimed: give freed memory back, so that the peak is one
         * import's, not one plus what the allocator kept from the last. */
        llb_pause_timing(st);
        malloc_trim(0);
        llb_resume_timing(st);
    }
    fclose(sink);
    getrusage(RUSAGE_SELF, &usage);
    double peak = (double)usage.ru_maxrss * 1024;
    llb_set_bytes_processed(st, llb_iterations(st) * (int64_t)input.len);
    llb_set_counter(st, "input_bytes", (double)input.len, LLB_COUNTER_PLAIN);
    llb_set_counter(st, "peak_rss_bytes", peak, LLB_COUNTER_PLAIN);
    llb_set_counter(st, "baseline_rss_bytes", baseline, LLB_COUNTER_PLAIN);
    /* The input's text counts: `leaklab import` holds it as this does. */
    llb_set_counter(st, "peak_rss_over_input", (peak - baseline) / (double)input.len, LLB_COUNTER_PLAIN);
    free(input.data);
}

/* Writes "x\n" into the pipe until its reader is gone. */
static void *endless_writer(void *arg)
{
    int fd = *(int *)arg;
    static char lines[65536];
    for (size_t i = 0; i < sizeof lines; i += 2)
        memcpy(lines + i, "x\n", 2);
    while (write(fd, lines, sizeof lines) > 0) {
    }
    close(fd);
    return NULL;
}

static void bm_import_endless(llb_state *st, void *user)
{
    (void)user;
    signal(SIGPIPE, SIG_IGN);
    int refused = 0;
    while (llb_keep_running(st)) {
        int fds[2];
        pthread_t writer;
        if (pipe(fds) < 0 || pthread_create(&writer, NULL, endless_writer, &fds[1]) != 0) {
            llb_skip_with_error(st, "cannot make the pipe");
            break;
        }
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fds[0]);
        ll_import *im = ll_import_new();
        ll_error err;
        refused += im && ll_import_add_file(im, path, LL_IMPORT_AUTO, &err) < 0 && err.code == LL_ERROR_LIMIT;
        ll_import_free(im);
        close(fds[0]);
        pthread_join(writer, NULL);
        llb_pause_timing(st);
        malloc_trim(0);
        llb_resume_timing(st);
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    llb_set_counter(st, "peak_rss_bytes", (double)usage.ru_maxrss * 1024, LLB_COUNTER_PLAIN);
    llb_set_counter(st, "refused_at_bound", refused, LLB_COUNTER_PLAIN);
}

void register_import_benches(void)
{
    llb_set_time_unit(llb_register("import/dumpdomain_300k", bm_import, (void *)dumpdomain_text), LLB_MILLISECOND);
    llb_set_time_unit(llb_register("import/counters_csv_100mb", bm_import, (void *)counters_csv_text),
                      LLB_MILLISECOND);
    llb_set_time_unit(llb_register("import/dumpheap_stat_100mb", bm_import, (void *)dumpheap_text), LLB_MILLISECOND);
    llb_set_time_unit(llb_register("import/heap_s_100mb", bm_import, (void *)heap_s_text), LLB_MILLISECOND);
    llb_set_time_unit(llb_register("import/endless_lines", bm_import_endless, NULL), LLB_MILLISECOND);
}
