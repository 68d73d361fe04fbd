/* Which snapshots of a run walk the heap and which the memory map: the
 * trade between what a snapshot tells and what it costs a run (README.md,
 * "The snapshot format"). Used by `leaklab run` and by the snapshot
 * benchmark, so that the benchmark measures what runs pay. */
#include "leaklab/host.h"

#include <stdlib.h>

void ll_snapshot_schedule_init(ll_snapshot_schedule *s, long heapshot_every)
{
    *s = (ll_snapshot_schedule){.heapshot_every = heapshot_every, .first_capture_seq = -1};
}

void ll_snapshot_schedule_retainers(ll_snapshot_schedule *s, long retainers_every, long iterations)
{
    s->retainers_every = retainers_every;
    long tenth = (iterations + 9) / 10;
    s->retainers_from = tenth > 2 ? tenth : 2;
}

/* Whether the heap-shot of snapshot SEQ also captures who keeps what. */
static int captures(ll_snapshot_schedule *s, long seq, long iteration, int final)
{
    long k = s->retainers_every;
    if (k == 0 || (!final && iteration < s->retainers_from))
        return 0;
    int due = final || s->first_capture_seq < 0 || (k > 0 && (seq - s->first_capture_seq) % k == 0);
    if (due && s->first_capture_seq < 0)
        s->first_capture_seq = seq;
    return due;
}

ll_snapshot_plan ll_snapshot_schedule_plan(ll_snapshot_schedule *s, long seq, long iteration, int final)
{
    long long rss = (long long)ll_host_rss();
    long k = s->heapshot_every;
    /* The first capture is the baseline later ones compare with: taken
     * when it is due even between two scheduled heap-shots (CoreCLR's are
     * 200 snapshots apart). */
    int first_capture_due = s->retainers_every != 0 && s->first_capture_seq < 0 && iteration >= s->retainers_from;
    ll_snapshot_plan plan = {
        .final = final,
        .heap_shot = k > 0 && (final || seq % k == 0 || first_capture_due),
        .memory_map = seq == 0 || final || seq % LL_MEMORY_MAP_EVERY == 0 ||
                      llabs(rss - s->memory_map_rss) >= LL_MEMORY_MAP_RSS_MOVE,
    };
    /* The paths are for the types the heap-shot sees grow: captures are
     * made on heap-shots only (none with --heapshot off). */
    plan.retainers = plan.heap_shot && captures(s, seq, iteration, final);
    if (plan.memory_map)
        s->memory_map_rss = rss;
    return plan;
}
