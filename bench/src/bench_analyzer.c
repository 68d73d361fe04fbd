/* The analyzer's throughput on synthetic series of growing size: a
 * CodeDom-proxy-shaped run (one assembly record per call, sharing one
 * typeset, a snapshot every 1,000 assemblies), analysed end to end from the
 * file. Reports assembly records per second (goal: 1,000,000) and the
 * process's peak RSS (bench/run gives each size its own process). */
#include "benches.h"

#include "leaklab/analyzer.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#define ASSEMBLIES_PER_SNAPSHOT 1000

static void random_name(unsigned *seed, char out[9])
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < 8; i++) {
        *seed = *seed * 1103515245u + 12345u;
        out[i] = alphabet[(*seed >> 16) % 36];
    }
    out[8] = '\0';
}

static int write_series(const char *path, long assemblies)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    unsigned seed = 42;
    char name[9];
    fprintf(f, "{\"type\":\"header\",\"format\":\"leaklab-snapshots\",\"version\":1,\"scenario\":\"synthetic\","
               "\"context\":\"default\",\"entry\":\"Synthetic:Run\",\"root_domain\":0}\n"
               "{\"type\":\"typeset\",\"id\":1,\"types\":[{\"name\":\"ServiceBase.WebService.DynamicWebLoad."
               "OrderImplService\",\"base\":\"System.Web.Services.Protocols.SoapHttpClientProtocol\"}],"
               "\"refs\":[\"System.CodeDom.Compiler.GeneratedCodeAttribute\",\"System.Object\"]}\n");
    for (long id = 1; id <= assemblies; id++) {
        long iteration = (id + ASSEMBLIES_PER_SNAPSHOT - 1) / ASSEMBLIES_PER_SNAPSHOT;
        random_name(&seed, name);
        fprintf(f, "{\"type\":\"assembly\",\"id\":%ld,\"domain\":0,\"iteration\":%ld,\"name\":\"%s\","
                   "\"version\":\"0.0.0.0\",\"origin\":\"bytes\",\"path\":null,\"typeset\":1}\n", id, iteration, name);
        if (id % ASSEMBLIES_PER_SNAPSHOT == 0)
            fprintf(f, "{\"type\":\"snapshot\",\"iteration\":%ld,\"memory\":{\"total\":{\"rss\":%ld}},"
                       "\"gc\":{\"used_size\":%ld},\"malloc\":{\"in_use\":%ld},\"assemblies\":{\"loaded\":%ld,"
                       "\"by_domain\":{\"0\":%ld}}}\n",
                    iteration, 50000000 + iteration * 100000000L, 8000000 + iteration * 40000000L,
                    1000000 + iteration * 60000000L, id, id);
    }
    return fclose(f);
}

static void bm_analyzer(llb_state *st, void *user)
{
    (void)user;
    long assemblies = (long)llb_arg(st, 0);
    char path[128];
    snprintf(path, sizeof path, "/tmp/leaklab-bench-%d-%ld.jsonl", (int)getpid(), assemblies);
    if (write_series(path, assemblies) != 0) {
        llb_skip_with_error(st, "cannot write the synthetic series to /tmp");
        return;
    }
    ll_thresholds t;
    ll_thresholds_default(&t);
    while (llb_keep_running(st)) {
        ll_error err;
        ll_report *report = ll_analyze_file(path, &t, &err);
        int leak = report && ll_result_verdict(report) == LL_LEAK;
        ll_result_free(report);
        if (!leak) {
            llb_skip_with_error(st, report ? "the synthetic leak was not found" : err.message);
            break;
        }
    }
    unlink(path);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    llb_set_items_processed(st, llb_iterations(st) * assemblies);
    llb_set_counter(st, "peak_rss_bytes", (double)usage.ru_maxrss * 1024, LLB_COUNTER_PLAIN);
}

void register_analyzer_benches(void)
{
    llb_benchmark *b = llb_register("analyzer/assembly_records", bm_analyzer, NULL);
    llb_add_arg(b, 10000);
    llb_add_arg(b, 100000);
    llb_add_arg(b, 1000000);
    llb_set_time_unit(b, LLB_MILLISECOND);
}
