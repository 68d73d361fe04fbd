/* Which snapshots of a run walk the heap and which the memory map: the
 * trade between what a snapshot tells and what it costs a run (README.md,
 * "The snapshot format"). Used by `leaklab run` and by the snapshot
 * benchmark, so that the benchmark measures what runs pay. */
#include "leaklab/host.h"

#include <stdlib.h>

void ll_snapshot_schedule_init(ll_snapshot_schedule *s, long heapshot_every)
{
    *s = (ll_snapshot_schedule){.heapshot_every = heapshot_every};
}

ll_snapshot_plan ll_snapshot_schedule_plan(ll_snapshot_schedule *s, long seq, int final)
{
    long long rss = (long long)ll_host_rss();
    long k = s->heapshot_every;
    ll_snapshot_plan plan = {
        .heap_shot = k > 0 && (final || seq % k == 0),
        .memory_map = seq == 0 || final || seq % LL_MEMORY_MAP_EVERY == 0 ||
                      llabs(rss - s->memory_map_rss) >= LL_MEMORY_MAP_RSS_MOVE,
    };
    if (plan.memory_map)
        s->memory_map_rss = rss;
    return plan;
}
