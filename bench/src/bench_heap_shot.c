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
 *   heapshot/coreclr/plain           CoreCLR's full collection, on its
 *                                    own proxy-per-call heap
 *   heapshot/coreclr/heap_dump       the same with the runtime's heap dump
 *                                    (EventPipe, leaklab-heapdump)
 *   heapshot/coreclr/retainers       the same dump with its graph
 *                                    (references and roots) and the paths
 *                                    of the heap's 8 largest types
 *
 * bench/run gives each its own process; the report divides each one's
 * time above the plain collection by the heap's objects (counter
 * heap_objects). Goal: leaklab's at most a quarter of the log profiler's. */
#include "benches.h"

#include "leaklab/host.h"

#define HEAP_CALLS 20

struct collection {
    const char *runtime; /* NULL: the default */
    int walk;            /* 0: none, 1: heap-shot, 2: retention capture */
};

static void bm_collection(llb_state *st, void *user)
{
    const struct collection *c = user;
    int walk = c->walk;
    if (bench_grow_heap(st, c->runtime, "proxy-per-call", HEAP_CALLS) < 0)
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
    static const struct collection no_walk = {NULL, 0}, walk = {NULL, 1}, capture = {NULL, 2},
                                   coreclr_plain = {"coreclr", 0}, coreclr_dump = {"coreclr", 1},
                                   coreclr_capture = {"coreclr", 2};
    static const struct {
        const char *name;
        const struct collection *collection;
    } benches[] = {
        {"heapshot/collection/plain", &no_walk},       {"heapshot/collection/leaklab", &walk},
        {"heapshot/collection/retainers", &capture},   {"heapshot/collection/log_profiler", &no_walk},
        {"heapshot/coreclr/plain", &coreclr_plain},    {"heapshot/coreclr/heap_dump", &coreclr_dump},
        {"heapshot/coreclr/retainers", &coreclr_capture},
    };
    for (size_t i = 0; i < sizeof benches / sizeof benches[0]; i++)
        llb_set_time_unit(llb_register(benches[i].name, bm_collection, (void *)benches[i].collection),
                          LLB_MILLISECOND);
}
