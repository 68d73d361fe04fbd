/* Who keeps it (retention.c): a run's heap capture read into the result. */
#ifndef LEAKLAB_ANALYZER_RETENTION_H
#define LEAKLAB_ANALYZER_RETENTION_H

#include "leaklab/result.h"
#include "leaklab/snapshot.h"

/* Each growing type's paths at LAST_SNAPSHOT's capture (if it has one). */
void ll__retention_attach(const ll_record *last_snapshot, ll_report *report);
/* Each suspect's holder and, for a growing type, the fix its root calls
 * for; CONTEXT is the run's ("default": an assembly group is kept by the
 * default domain unless a path says otherwise). */
void ll__retention_suspects(ll_report *report, const char *context, double unloaded_alive);

#endif
