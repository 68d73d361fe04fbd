/* `!threads` (`clrthreads` under dotnet-dump): its header's counts, the
 * managed threads, the background ones and the dead ones (threads that
 * ended and whose Thread objects are still referenced), into the
 * snapshot's runtime counters; the per-thread rows carry nothing the
 * analyzer reads. See sos_parsers.h. */
#include "sos_parsers.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *label, *counter;
} counts[] = {
    {"ThreadCount:", "threads"},
    {"BackgroundThread:", "background_threads"},
    {"DeadThread:", "dead_threads"},
};

void ll__sos_parse_threads(const ll_sos_output *o, const char *command, ll_sos_whose whose)
{
    (void)command;
    if (whose == LL_SOS_OTHERS)
        return;
    char buf[LINE_MAX_LEN];
    for (size_t i = o->from; i < o->to; i++) {
        char *line = ll__trim(ll__line_copy(o->lines, i, buf, sizeof buf));
        for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
            long long n;
            char rest;
            if (ll__starts_with(line, counts[k].label) &&
                sscanf(line + strlen(counts[k].label), "%lld %c", &n, &rest) == 1 && n >= 0) {
                json_object_set_new(o->dump->thread_counts, counts[k].counter, json_integer(n));
                o->dump->commands |= LL_SOS_THREADS;
            }
        }
    }
}
