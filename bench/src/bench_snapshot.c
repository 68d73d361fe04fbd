/* The cost of one snapshot (full collection, /proc/self/smaps, mallinfo2,
 * runtime counters, inventory counts, serialisation) with 0, 1,000 and
 * 10,000 extra assemblies loaded by the bytes-leak scenario: the customer's
 * proxy image, loaded again from bytes on every call, so the assemblies are
 * those of the case without a compiler run per assembly. Goal: under 10 ms,
 * and under 2 % of one proxy-per-call iteration, at 10,000. */
#include "benches.h"

#include "leaklab/host.h"

#include <stdlib.h>

static void bm_snapshot(llb_state *st, void *user)
{
    (void)user;
    static ll_scenario_session *loader;
    static long loaded;
    char assembly[4096], entry[512];
    ll_error err;
    if (bench_start_host(st) < 0)
        return;
    if (!loader) {
        if (ll_host_builtin_scenario("bytes-leak", assembly, sizeof assembly, entry, sizeof entry, &err) < 0) {
            llb_skip_with_error(st, err.message);
            return;
        }
        loader = ll_scenario_session_open(assembly, entry, 0, 1);
    }
    ll_exception_text exc;
    while (loaded < llb_arg(st, 0)) {
        if (ll_scenario_session_call(loader, (int)++loaded, &exc, NULL, NULL, &err) != 0) {
            llb_skip_with_error(st, "bytes-leak failed while loading assemblies");
            return;
        }
        ll_scenario_session_finish_call(loader, (int)loaded, 0, NULL);
    }
    long seq = 0;
    while (llb_keep_running(st)) {
        json_t *record = ll_host_snapshot(seq++, 0, 0);
        char *line = record ? json_dumps(record, JSON_COMPACT) : NULL;
        json_decref(record);
        if (!line) {
            llb_skip_with_error(st, "the snapshot could not be taken");
            return;
        }
        free(line);
    }
    llb_set_counter(st, "assemblies_loaded", (double)ll_host_assemblies_loaded(), LLB_COUNTER_PLAIN);
}

void register_snapshot_benches(void)
{
    llb_benchmark *b = llb_register("snapshot/extra_assemblies", bm_snapshot, NULL);
    llb_add_arg(b, 0);
    llb_add_arg(b, 1000);
    llb_add_arg(b, 10000);
    llb_set_time_unit(b, LLB_MILLISECOND);
}
