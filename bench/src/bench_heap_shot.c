/* What a heap-shot costs, per live object, beside the log profiler's heap
 * shot (`mono --profile=log:heapshot`, Debian's libmono-profiler), on the
 * same heap: the customer's code path (proxy-per-call) called
 * HEAP_CALLS times in the root domain.
 *
 *   heapshot/collection/plain        a full collection, nothing walked
 *   heapshot/collection/leaklab      the same with leaklab's heap-shot
 *   heapshot/collection/retainers    the same with a retention capture
 *                                    (references and roots) and the
 *                                    paths of the heap's 8 largest types
 *   heapshot/collection/log_profiler the same in a process started with
 *                                    --mono-profiler=log:heapshot,...
 *                                    (its heap shot runs at every major
 *                                    collection)
 *
 * bench/run gives each its own process; the report divides each one's
 * time above the plain collection by the heap's objects (counter
 * heap_objects). Goal: leaklab's at most a quarter of the log profiler's. */
#include "benches.h"

#include "leaklab/host.h"

#define HEAP_CALLS 20

static void bm_collection(llb_state *st, void *user)
{
    int walk = *(const int *)user;
    if (bench_grow_heap(st, "proxy-per-call", HEAP_CALLS) < 0)
        return;
    ll_host_collect_garbage_walking(1); /* the heap's objects, outside the timing */
    double objects = (double)ll_host_heap_shot_objects();
    while (llb_keep_running(st))
        if (walk == 2)
            ll_host_collect_garbage_capturing();
        else
            ll_host_collect_garbage_walking(walk);
    llb_set_counter(st, "heap_objects", objects, LLB_COUNTER_PLAIN);
}

void register_heap_shot_benches(void)
{
    static const int no_walk = 0, walk = 1, capture = 2;
    llb_set_time_unit(llb_register("heapshot/collection/plain", bm_collection, (void *)&no_walk), LLB_MILLISECOND);
    llb_set_time_unit(llb_register("heapshot/collection/leaklab", bm_collection, (void *)&walk), LLB_MILLISECOND);
    llb_set_time_unit(llb_register("heapshot/collection/retainers", bm_collection, (void *)&capture),
                      LLB_MILLISECOND);
    llb_set_time_unit(llb_register("heapshot/collection/log_profiler", bm_collection, (void *)&no_walk),
                      LLB_MILLISECOND);
}
