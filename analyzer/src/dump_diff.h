/* Dump-to-dump growth: what grew between two or more dumps of the same
 * process (an imported series, x unit "dump"), between the first and the
 * last and over each interval — committed memory, each !address kind, the
 * GC heap, the loader heap, the !dumpheap -stat types that grew, the
 * assembly groups that appeared — and what share of the committed growth
 * each explains. The "gcheapdiff" users of dotnet-dump have asked for
 * (dotnet/diagnostics#194), over every figure a dump gives.
 *
 * Two dumps cannot give a trend test; ll__dump_diff_pattern says whether
 * the growth matches a leak's pattern (README.md, "Dump-to-dump growth"),
 * which the analyzer reports as SUSPECTED. */
#ifndef LEAKLAB_DUMP_DIFF_H
#define LEAKLAB_DUMP_DIFF_H

#include "assembly_groups.h"

typedef struct ll_dump_diff ll_dump_diff;

ll_dump_diff *ll__dump_diff_new(void);
void ll__dump_diff_free(ll_dump_diff *d);
/* The next dump's snapshot record. */
void ll__dump_diff_add(ll_dump_diff *d, const ll_record *snapshot);

/* The report's dump-to-dump growth (result.h), or NULL with fewer than
 * two dumps; the intervals move into it. */
ll_dump_growth *ll__dump_diff_result(ll_dump_diff *d, const ll_groups *groups);

/* 1 with *KIND (assembly, managed, native) and *WHY when the growth
 * matches a leak's pattern, else 0 (and *WHY says what was seen). */
int ll__dump_diff_pattern(const ll_dump_growth *g, ll_leak_kind *kind, const char **why);

#endif
