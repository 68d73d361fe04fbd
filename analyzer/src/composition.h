/* Triage by composition, for when there is no series to test (one dump, or
 * too few snapshots): the expert's questions of ../shared/CASE.md asked of
 * one snapshot — how much of committed memory the managed heap explains,
 * how big the runtime's loader heap is, how many assemblies look generated
 * and what they are. It says "leak" only on strong evidence, and then as
 * suspected. */
#ifndef LEAKLAB_COMPOSITION_H
#define LEAKLAB_COMPOSITION_H

#include "assembly_groups.h"
#include "leaklab/analyzer.h"

/* Fills REPORT's composition, verdict (LL_LEAK or LL_INCONCLUSIVE) and
 * kind; its suspects get the generated-looking groups and MODULES a
 * `dumpmodule -mt`-like listing of one of each. */
void ll__composition_triage(const ll_groups *groups, const ll_record *snapshot, const ll_thresholds *t, ll_report *report,
                           ll_group_list *modules);

#endif
