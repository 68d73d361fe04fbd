/* The leaklab analyzer: reads a snapshot series (streaming) and decides
 * whether the process leaks, what kind of memory grows, which assemblies are
 * behind it and what to do. The verdict comes from trend statistics over the
 * series (see README.md, "How the verdict is decided"); names only serve to
 * describe the suspects, never to decide.
 *
 *   ll_analysis *a = ll_analysis_new(&thresholds);
 *   while (reader gives a record) ll_analysis_feed(a, &record, &err);
 *   ll_report *r = ll_analysis_finish(a);   (typed: result.h)
 *   report/ presents R as JSON, text or HTML.
 */
#ifndef LEAKLAB_ANALYZER_H
#define LEAKLAB_ANALYZER_H

#include "leaklab/comparison.h"
#include "leaklab/result.h"
#include "leaklab/snapshot.h"

#include <stdio.h>

typedef struct ll_thresholds {
    double alpha;                      /* significance level of the trend test */
    /* Resolution floors per series (rss, managed, native, assemblies), per
     * iteration: growth below its floor cannot be told from the noise of
     * the control scenarios (README.md, "Resolution floors"). */
    double floor[LL_SERIES_COUNT];
    double min_share_per_iteration;    /* optional floor relative to RSS (default 0) */
    long warmup_iterations;            /* -1: automatic (10 % of the run, at least 2) */
    size_t min_points;                 /* fewer snapshots after warm-up: inconclusive */
    /* Single-snapshot triage (see composition.h): */
    long min_suspect_assemblies;       /* generated-looking assemblies in one group */
    double min_suspect_loader_bytes;   /* loader heap size */
    /* CI budgets per series (rss, managed, native, assemblies), per
     * iteration; NAN: no budget. See ll_result_fails_budget. */
    double budget[LL_SERIES_COUNT];
} ll_thresholds;

void ll_thresholds_default(ll_thresholds *t);

typedef struct ll_analysis ll_analysis;

ll_analysis *ll_analysis_new(const ll_thresholds *t);
/* Returns 0, or -1 with ERR naming the file, line and field. */
int ll_analysis_feed(ll_analysis *a, const ll_record *rec, ll_error *err);
/* Adds a warning shown in the report (e.g. the reader's truncation). */
void ll_analysis_warn(ll_analysis *a, const char *warning);
/* Consumes A and returns the report. */
ll_report *ll_analysis_finish(ll_analysis *a);

/* Reads PATH to the end and analyses it; NULL with ERR on bad input. */
ll_report *ll_analyze_file(const char *path, const ll_thresholds *t, ll_error *err);

/* The same from an open stream, which it closes; NAME is for messages. */
ll_report *ll_analyze_stream(FILE *stream, const char *name, const ll_thresholds *t, ll_error *err);

ll_verdict ll_result_verdict(const ll_report *r);

/* FIX against BASE, per series (README.md, "Comparing a fix"): 0, or -1
 * with ERR when the runs are measured per different x units. */
int ll_compare_reports(const ll_report *base, const ll_report *fix, ll_comparison *c, ll_error *err);

/* An empty sweep of SCENARIO, or NULL out of memory. */
ll_sweep *ll_result_sweep_new(const char *scenario, const char *wsdl, long iterations);
/* A new point, or failed attempt, at the end of S's list, zeroed; NULL
 * out of memory. */
ll_sweep_point *ll_result_sweep_add_point(ll_sweep *s);
ll_sweep_failure *ll_result_sweep_add_failure(ll_sweep *s);
/* Adds the point of the run recycled every RECYCLE_EVERY calls (0: the
 * default context), stored in FILE, whose result is REPORT; 0, or -1 out
 * of memory (S as it was). */
int ll_result_sweep_add_measured(ll_sweep *s, long recycle_every, const char *file, const ll_report *report);
/* Sets each point's PARETO. */
void ll_result_sweep_mark_pareto(ll_sweep *s);
void ll_result_sweep_free(ll_sweep *s);

#endif
