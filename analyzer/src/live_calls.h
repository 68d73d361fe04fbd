/* Runs against a live service (live_calls.c): growth a run too short for
 * its calls' timeouts cannot tell from a leak. */
#ifndef LEAKLAB_LIVE_CALLS_H
#define LEAKLAB_LIVE_CALLS_H

#include "calibration.h"
#include "series.h"

#include "leaklab/snapshot.h"

/* What a live run's clock says about its growth. */
typedef struct ll_live_span {
    double span_ms;    /* wall time from the warm-up to the last snapshot */
    double timeout_ms; /* the calls' timeout */
    long more_calls;   /* calls more, at the run's pace, to span the calibration's hold */
} ll_live_span;

/* 1 when HEADER is a live run (its WSDL an http(s):// URL) whose snapshots
 * after WARMUP (ELAPSED: x iteration, y elapsed_ms) span less than the
 * CALIBRATION's hold (twice its call timeout on Mono), with SPAN filled;
 * 0 otherwise. */
int ll__live_span_too_short(const ll_record *header, const ll_calibration *calibration, const ll_series *elapsed,
                            double warmup, ll_live_span *span);

#endif
