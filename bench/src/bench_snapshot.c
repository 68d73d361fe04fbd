/* The cost of a run's snapshot (full collection with its heap-shot, RSS
 * from statm, mallinfo2, runtime counters, inventory counts,
 * serialisation, written to /dev/null; /proc/self/smaps on the snapshots the run's schedule
 * walks it, so the mean is what a run pays) with 0, 1,000 and 10,000
 * extra assemblies loaded by the bytes-leak scenario: the customer's proxy
 * image, loaded again from bytes on every call, so the assemblies are
 * those of the case without a compiler run per assembly. Goal: under 10
 * ms, and under 2 % of one proxy-per-call iteration, at 10,000. */
#include "benches.h"

#include "leaklab/host.h"


static void bm_snapshot(llb_state *st, void *user)
{
    (void)user;
    if (bench_grow_heap(st, NULL, "bytes-leak", (long)llb_arg(st, 0)) < 0)
        return;
    ll_error err;
    ll_snapshot_writer *discard = ll_snapshot_writer_open("/dev/null", NULL, 0, &err);
    if (!discard) {
        llb_skip_with_error(st, err.message);
        return;
    }
    ll_snapshot_schedule schedule;
    ll_snapshot_schedule_init(&schedule, 1);
    long seq = 0, memory_maps = 0;
    while (llb_keep_running(st)) {
        ll_snapshot_plan plan = ll_snapshot_schedule_plan(&schedule, seq, 0, 0);
        memory_maps += plan.memory_map;
        if (ll_host_write_snapshot(discard, seq++, 0, 0, plan, NULL, &err) < 0) {
            llb_skip_with_error(st, err.message);
            break;
        }
    }
    ll_snapshot_writer_close(discard, &err);
    llb_set_counter(st, "assemblies_loaded", (double)ll_host_assemblies_loaded(), LLB_COUNTER_PLAIN);
    llb_set_counter(st, "heap_objects", (double)ll_host_heap_shot_objects(), LLB_COUNTER_PLAIN);
    llb_set_counter(st, "memory_maps_per_snapshot", seq ? (double)memory_maps / (double)seq : 0, LLB_COUNTER_PLAIN);
}

void register_snapshot_benches(void)
{
    llb_benchmark *b = llb_register("snapshot/extra_assemblies", bm_snapshot, NULL);
    llb_add_arg(b, 0);
    llb_add_arg(b, 1000);
    llb_add_arg(b, 10000);
    llb_set_time_unit(b, LLB_MILLISECOND);
}
