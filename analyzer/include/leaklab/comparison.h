/* Results over several runs, typed like one run's (result.h): two runs
 * compared (`leaklab compare`, comparison.c) and a recycle sweep's points
 * (`leaklab sweep`, sweep.c). The analyzer fills them (analyzer.h);
 * report/ writes them as JSON, text, Markdown and HTML. */
#ifndef LEAKLAB_COMPARISON_H
#define LEAKLAB_COMPARISON_H

#include "leaklab/result.h"

/* Two runs compared (`leaklab compare`, comparison.c): per series, both
 * runs' growth; when both have a trend, the difference FIX - BASE with its
 * 95 % interval, whether it is measurable (the interval excludes zero and
 * the difference exceeds the floor), and, for a base that grows, the share
 * of its growth the fix removes. */
typedef struct ll_series_comparison {
    const ll_growth *base, *fix;
    int has_difference, measurable;
    double difference, difference_ci95[2];
    int has_removed_share;
    double removed_share, removed_share_ci95[2];
} ll_series_comparison;

typedef enum ll_change { LL_CHANGE_SAME, LL_CHANGE_BETTER, LL_CHANGE_WORSE } ll_change;
/* "same", "better", "worse". */
const char *ll_change_name(ll_change change);

/* The runs are borrowed: they must outlive the comparison. */
typedef struct ll_comparison {
    ll_change change;
    const char *x_unit;
    const ll_report *base, *fix;
    ll_series_comparison series[LL_SERIES_COUNT];
} ll_comparison;

/* A recycle sweep (`leaklab sweep`, README.md "The recycle sweep"): a
 * point per run, the scenario in a collectible AppDomain recycled every
 * RECYCLE_EVERY calls (0: the default context), stored in FILE (or NULL):
 * its time per call (NAN: not timed), each series' growth per call
 * (FITTED 0: no trend), the most bytes of any byte series, its verdict;
 * PARETO when no other point is both no slower and keeps no more. */
typedef struct ll_sweep_point {
    long recycle_every, iterations;
    char *file;
    double ms_per_call;
    struct {
        int fitted;
        double value, ci95[2];
    } kept_per_call[LL_SERIES_COUNT];
    double kept_bytes_per_call;
    ll_verdict verdict;
    ll_leak_kind kind;
    ll_severity severity;
    int pareto;
} ll_sweep_point;

/* An attempt at a point that failed: killed by SIGNAL (named
 * SIGNAL_NAME), or, SIGNAL 0, exited with EXIT_STATUS; Mono's last line
 * and the run's log. */
typedef struct ll_sweep_failure {
    long recycle_every;
    int attempt, signal, exit_status;
    char *signal_name, *message, *log;
} ll_sweep_failure;

typedef struct ll_sweep {
    char *scenario, *wsdl; /* WSDL: NULL for the scenario's own service */
    long iterations;
    ll_sweep_point *points;
    size_t point_count;
    ll_sweep_failure *failures;
    size_t failure_count;
    char *interrupted; /* the signal that stopped the sweep ("SIGINT"), or NULL: the points are those measured */
} ll_sweep;

#endif
