/* A collectible context that cannot be unloaded, from !gcroot (root_triage.c). */
#ifndef LEAKLAB_ROOT_TRIAGE_H
#define LEAKLAB_ROOT_TRIAGE_H

#include "leaklab/result.h"

#include "leaklab/snapshot.h"

/* Adds a suspect per root of SNAPSHOT's !gcroot chains that reaches a
 * LoaderAllocator; returns how many roots do (0: nothing to triage). */
size_t ll__root_triage(const ll_record *snapshot, ll_report *report);

#endif
