/* The analyzer's figures that were measured on one runtime (calibration.c):
 * resolution floors, the collectible context's warm-up, the live-call
 * hold. A series is judged with its runtime's. */
#ifndef LEAKLAB_CALIBRATION_H
#define LEAKLAB_CALIBRATION_H

#include "leaklab/result.h"
#include "leaklab/snapshot.h"

typedef struct ll_calibration {
    const char *runtime; /* as a series' header names it; "none": an import of no runtime */
    /* Per iteration, below which growth is not told from noise; a user's
     * --floor overrides. */
    double floor[LL_SERIES_COUNT];
    /* What one unload of a collectible context leaves behind on this
     * runtime, per series: a collectible run's floor is at least this over
     * its recycle period (0: nothing beyond the floor). */
    double unload_floor[LL_SERIES_COUNT];
    /* A collectible run's first calls whose unloads leave more behind than
     * later ones: discarded, in whole recycle periods. */
    long collectible_warmup_calls;
    /* A live run's growth is held unless it spans this many call
     * timeouts after warm-up (what a timeout keeps until it fires). */
    double live_hold_timeouts;
    /* The scenarios' call timeout when the header says 0. */
    double default_call_timeout_ms;
} ll_calibration;

/* The calibration of the runtime HEADER names: a series without one is
 * Mono's (every run before runtimes were named), an import without one
 * "none", an unknown runtime "none". HEADER may be NULL (Mono's). */
const ll_calibration *ll__calibration_for(const ll_record *header);

#endif
