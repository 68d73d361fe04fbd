/* Two samples of a counters trace (two dotnet-counters blocks): too few
 * for a trend, but how much each figure grew per second between them,
 * and whether a gen-2 collection ran just before the second, say what to
 * look at first (two_samples.c). */
#ifndef LEAKLAB_TWO_SAMPLES_H
#define LEAKLAB_TWO_SAMPLES_H

#include "leaklab/result.h"
#include "leaklab/snapshot.h"

/* Adds that note to REPORT's composition, the figure that grew most first;
 * nothing when FIRST and LAST lack timestamps. */
void ll__two_samples_note(const ll_record *first, const ll_record *last, ll_report *report);

#endif
