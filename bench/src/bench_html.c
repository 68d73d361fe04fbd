/* The HTML report of a long run (the report issue's goal: a
 * 100,000-iteration run, about 400 MB of snapshots, renders in under 10 s
 * into a page under 2 MB; the read-speed issue's: in under 2 s): a
 * synthetic run with a snapshot per iteration the size of the host's
 * (BENCH_SERIES_SNAPSHOTS), analysed from its file and rendered. Reports
 * the time and html_bytes. */
#include "benches.h"

#include "leaklab/analyzer.h"
#include "leaklab/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define ITERATIONS 100000

/* The page of REPORT, whose size goes to *USER (a size_t). */
static void render(llb_state *st, ll_report *report, void *user)
{
    (void)st;
    char *page = NULL;
    FILE *out = open_memstream(&page, user);
    ll_html_input input = {"synthetic run", report, NULL};
    ll_report_write_html("100,000 iterations", &input, 1, out);
    fclose(out);
    free(page);
}

static void bm_html(llb_state *st, void *user)
{
    (void)user;
    char path[128];
    snprintf(path, sizeof path, "/tmp/leaklab-bench-html-%d.jsonl", (int)getpid());
    if (bench_write_series(path, BENCH_SERIES_SNAPSHOTS, ITERATIONS) != 0) {
        llb_skip_with_error(st, "cannot write the synthetic run to /tmp");
        return;
    }
    struct stat info;
    stat(path, &info);
    size_t html_bytes = 0;
    bench_analyze_loop(st, path, render, &html_bytes);
    unlink(path);
    llb_set_bytes_processed(st, llb_iterations(st) * (int64_t)info.st_size);
    llb_set_counter(st, "snapshot_file_bytes", (double)info.st_size, LLB_COUNTER_PLAIN);
    llb_set_counter(st, "html_bytes", (double)html_bytes, LLB_COUNTER_PLAIN);
}

void register_html_benches(void)
{
    llb_set_time_unit(llb_register("report/html_100k_iterations", bm_html, NULL), LLB_MILLISECOND);
}
