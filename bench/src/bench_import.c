/* The importer's throughput and peak memory (the hardening issue's goal:
 * peak RSS at most 4x the input and at most 256 MB, 50 MB/s or more), on
 * the two inputs that issue measured, generated here deterministically:
 *   import/dumpdomain_300k   a !dumpdomain of 300,000 in-memory assemblies
 *                            with random 8-character names (16.5 MB);
 *   import/counters_csv_100mb
 *                            a dotnet-counters collect CSV of 100 MB.
 * Each runs in a process of its own (bench/run), so that the peak RSS is
 * its own: the input text, held in memory as `leaklab import` holds a
 * file, is part of it. */
#include "benches.h"

#include "leaklab/import.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

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

static void dumpdomain_text(struct text *t)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    char line[128], name[9];
    unsigned seed = 3;
    append(t, "0:000> !dumpdomain\nDomain 1:           0000000000e3f2a0\n", 56);
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
    append(t, "Timestamp,Provider,Counter Name,Counter Type,Mean/Increment\n", 60);
    for (long s = 1; t->len < 100000000; s++)
        for (int c = 0; c < 8; c++) {
            int n = snprintf(line, sizeof line, "%02ld.01.2024 %02ld:%02ld:%02ld,System.Runtime,%s,Metric,%ld\n",
                             1 + s / 86400, s / 3600 % 24, s / 60 % 60, s % 60, counters[c], s * (c + 1));
            append(t, line, (size_t)n);
        }
}

static void bm_import(llb_state *st, void *user)
{
    void (*generate)(struct text *) = (void (*)(struct text *))user;
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
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double peak = (double)usage.ru_maxrss * 1024;
    llb_set_bytes_processed(st, llb_iterations(st) * (int64_t)input.len);
    llb_set_counter(st, "input_bytes", (double)input.len, LLB_COUNTER_PLAIN);
    llb_set_counter(st, "peak_rss_bytes", peak, LLB_COUNTER_PLAIN);
    llb_set_counter(st, "peak_rss_over_input", peak / (double)input.len, LLB_COUNTER_PLAIN);
    free(input.data);
}

void register_import_benches(void)
{
    llb_set_time_unit(llb_register("import/dumpdomain_300k", bm_import, (void *)dumpdomain_text), LLB_MILLISECOND);
    llb_set_time_unit(llb_register("import/counters_csv_100mb", bm_import, (void *)counters_csv_text),
                      LLB_MILLISECOND);
}
