/* The HTML report of a long run (the report issue's goal: a
 * 100,000-iteration run, about 400 MB of snapshots, renders in under 10 s
 * into a page under 2 MB): a synthetic run with a snapshot per iteration
 * the size of the host's (about 4 kB: memory regions, malloc, GC and 100
 * runtime counters), analysed from its file and rendered. Reports the time
 * and html_bytes. */
#include "benches.h"

#include "leaklab/analyzer.h"
#include "leaklab/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define ITERATIONS 100000

static int write_run(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "{\"type\":\"header\",\"format\":\"leaklab-snapshots\",\"version\":1,\"scenario\":\"synthetic\","
               "\"context\":\"default\",\"entry\":\"Synthetic:Run\",\"root_domain\":0}\n");
    for (long i = 0; i <= ITERATIONS; i++) {
        if (i > 0)
            fprintf(f, "{\"type\":\"iteration\",\"iteration\":%ld,\"outcome\":\"ok\",\"wall_ms\":0.5}\n", i);
        long rss = 60000000 + i * 6144 + (i % 97) * 40960, gc = 8000000 + (i % 13) * 300000;
        fprintf(f, "{\"type\":\"snapshot\",\"seq\":%ld,\"iteration\":%ld,\"memory\":{\"native_heap\":{\"rss\":%ld,"
                   "\"size\":%ld,\"regions\":1},\"image_managed\":{\"rss\":9000000,\"size\":12000000,\"regions\":40},"
                   "\"total\":{\"rss\":%ld,\"size\":%ld,\"regions\":200}},\"malloc\":{\"in_use\":%ld},\"gc\":"
                   "{\"used_size\":%ld,\"heap_size\":%ld},\"assemblies\":{\"loaded\":20},\"runtime\":{",
                i, i, 2000000 + i * 6144, 3000000 + i * 6144, rss, rss * 2, 1000000 + i * 6144, gc, gc * 2);
        for (int c = 0; c < 100; c++)
            fprintf(f, "%s\"synthetic-runtime-counter-number-%03d\":%ld", c ? "," : "", c, i * c);
        fprintf(f, "}}\n");
    }
    fprintf(f, "{\"type\":\"end\",\"status\":\"completed\"}\n");
    return fclose(f);
}

static void bm_html(llb_state *st, void *user)
{
    (void)user;
    char path[128];
    snprintf(path, sizeof path, "/tmp/leaklab-bench-html-%d.jsonl", (int)getpid());
    if (write_run(path) != 0) {
        llb_skip_with_error(st, "cannot write the synthetic run to /tmp");
        return;
    }
    struct stat info;
    stat(path, &info);
    ll_thresholds t;
    ll_thresholds_default(&t);
    size_t html_bytes = 0;
    while (llb_keep_running(st)) {
        ll_error err;
        ll_report *report = ll_analyze_file(path, &t, &err);
        if (!report) {
            llb_skip_with_error(st, err.message);
            break;
        }
        char *page = NULL;
        FILE *out = open_memstream(&page, &html_bytes);
        ll_html_input input = {"synthetic run", report, NULL};
        ll_report_write_html("100,000 iterations", &input, 1, out);
        fclose(out);
        free(page);
        ll_report_free(report);
    }
    unlink(path);
    llb_set_bytes_processed(st, llb_iterations(st) * (int64_t)info.st_size);
    llb_set_counter(st, "snapshot_file_bytes", (double)info.st_size, LLB_COUNTER_PLAIN);
    llb_set_counter(st, "html_bytes", (double)html_bytes, LLB_COUNTER_PLAIN);
}

void register_html_benches(void)
{
    llb_set_time_unit(llb_register("report/html_100k_iterations", bm_html, NULL), LLB_MILLISECOND);
}
