/* Synthetic snapshot series for the benchmarks that read them (the HTML
 * report's, the read speed's): deterministic, in the shapes real runs
 * have; and the loop that analyses one. See benches.h. */
#include "benches.h"

#include <stdio.h>

static void header(FILE *f)
{
    fprintf(f, "{\"type\":\"header\",\"format\":\"leaklab-snapshots\",\"version\":1,\"scenario\":\"synthetic\","
               "\"context\":\"default\",\"entry\":\"Synthetic:Run\",\"root_domain\":0}\n");
}

/* A snapshot the size of the host's without a heap-shot (about 4 kB:
 * memory regions, malloc, GC and 100 runtime counters); ROWS heap-shot rows
 * when ROWS > 0. */
static void snapshot(FILE *f, long i, int rows)
{
    long rss = 60000000 + i * 6144 + (i % 97) * 40960, gc = 8000000 + (i % 13) * 300000;
    fprintf(f, "{\"type\":\"snapshot\",\"seq\":%ld,\"iteration\":%ld,\"memory\":{\"native_heap\":{\"rss\":%ld,"
               "\"size\":%ld,\"regions\":1},\"image_managed\":{\"rss\":9000000,\"size\":12000000,\"regions\":40},"
               "\"total\":{\"rss\":%ld,\"size\":%ld,\"regions\":200}},\"malloc\":{\"in_use\":%ld},\"gc\":"
               "{\"used_size\":%ld,\"heap_size\":%ld},\"assemblies\":{\"loaded\":20},\"runtime\":{",
            i, i, 2000000 + i * 6144, 3000000 + i * 6144, rss, rss * 2, 1000000 + i * 6144, gc, gc * 2);
    for (int c = 0; c < 100; c++)
        fprintf(f, "%s\"synthetic-runtime-counter-number-%03d\":%ld", c ? "," : "", c, i * c);
    fprintf(f, "}");
    if (rows > 0) {
        fprintf(f, ",\"dumpheap\":[");
        for (int r = 0; r < rows; r++)
            fprintf(f, "%s{\"type\":\"Synthetic.Namespace.Class%04d\",\"count\":%ld,\"size\":%ld}", r ? "," : "", r,
                    10 + (r % 7) * i % 1000, 240 + (r % 11) * 24L * (10 + i % 1000));
        fprintf(f, "]");
    }
    fprintf(f, "}\n");
}

/* An in-memory CodeDom proxy of the customer's bug: a random 8-character
 * name, sharing typeset 1. */
static void assembly(FILE *f, long id, long iteration, unsigned *seed)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    char name[9];
    for (int k = 0; k < 8; k++) {
        *seed = *seed * 1103515245u + 12345u;
        name[k] = alphabet[(*seed >> 16) % 36];
    }
    name[8] = '\0';
    fprintf(f, "{\"type\":\"assembly\",\"id\":%ld,\"domain\":0,\"iteration\":%ld,\"name\":\"%s\","
               "\"version\":\"0.0.0.0\",\"origin\":\"bytes\",\"path\":null,\"typeset\":1}\n", id, iteration, name);
}

int bench_write_series(const char *path, bench_series_shape shape, long iterations)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    header(f);
    if (shape == BENCH_SERIES_ASSEMBLIES)
        fprintf(f, "{\"type\":\"typeset\",\"id\":1,\"types\":[{\"name\":\"ServiceBase.WebService.DynamicWebLoad."
                   "OrderImplService\",\"base\":\"System.Web.Services.Protocols.SoapHttpClientProtocol\"}],"
                   "\"refs\":[\"System.CodeDom.Compiler.GeneratedCodeAttribute\",\"System.Object\"]}\n");
    unsigned seed = 42;
    long id = 0;
    for (long i = 0; i <= iterations; i++) {
        if (i > 0)
            fprintf(f, "{\"type\":\"iteration\",\"iteration\":%ld,\"outcome\":\"ok\",\"wall_ms\":0.5}\n", i);
        if (shape == BENCH_SERIES_ASSEMBLIES) {
            for (int k = 0; i > 0 && k < 50; k++)
                assembly(f, ++id, i, &seed);
            if (i % 50 == 0)
                snapshot(f, i, 0);
        } else {
            snapshot(f, i, shape == BENCH_SERIES_HEAP_SHOTS ? 700 : 0);
        }
    }
    fprintf(f, "{\"type\":\"end\",\"status\":\"completed\"}\n");
    return fclose(f);
}

void bench_analyze_loop(llb_state *st, const char *path, void (*each)(llb_state *st, ll_report *report, void *user),
                        void *user)
{
    ll_thresholds t;
    ll_thresholds_default(&t);
    while (llb_keep_running(st)) {
        ll_error err;
        ll_report *report = ll_analyze_file(path, &t, &err);
        if (!report) {
            llb_skip_with_error(st, err.message);
            break;
        }
        each(st, report, user);
        ll_result_free(report);
    }
}
