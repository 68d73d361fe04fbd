/* What to look at when one snapshot cannot prove growth (look_at.c). */
#ifndef LEAKLAB_LOOK_AT_H
#define LEAKLAB_LOOK_AT_H

#include "leaklab/result.h"

#include "leaklab/snapshot.h"

/* Adds to REPORT's suspects the types of SNAPSHOT's !dumpheap -stat (or
 * heap-shot) rows an expert would look at first, each with its evidence
 * and the command that would confirm it. */
void ll__look_at_types(const ll_record *snapshot, ll_report *report);

#endif
