/* The leaklab analyzer: reads a snapshot series (streaming) and decides
 * whether the process leaks, what kind of memory grows, which assemblies are
 * behind it and what to do. The verdict comes from trend statistics over the
 * series (see README.md, "How the verdict is decided"); names only serve to
 * describe the suspects, never to decide.
 *
 *   ll_analysis *a = ll_analysis_new(&thresholds);
 *   while (reader gives a record) ll_analysis_feed(a, &record, &err);
 *   ll_report *r = ll_analysis_finish(a);
 *   json_t *j = ll_report_to_json(r);   (report/ renders it as text or HTML)
 */
#ifndef LEAKLAB_ANALYZER_H
#define LEAKLAB_ANALYZER_H

#include "leaklab/snapshot.h"

#include <jansson.h>
#include <stdio.h>

typedef struct ll_thresholds {
    double alpha;                      /* significance level of the trend test */
    /* Resolution floors per series (rss, managed, native, assemblies), per
     * iteration: growth below its floor cannot be told from the noise of
     * the control scenarios (README.md, "Resolution floors"). */
    double floor[4];
    double min_share_per_iteration;    /* optional floor relative to RSS (default 0) */
    long warmup_iterations;            /* -1: automatic (10 % of the run, at least 2) */
    size_t min_points;                 /* fewer snapshots after warm-up: inconclusive */
    /* Single-snapshot triage (see composition.h): */
    long min_suspect_assemblies;       /* generated-looking assemblies in one group */
    double min_suspect_loader_bytes;   /* loader heap size */
    /* CI budgets per series (rss, managed, native, assemblies), per
     * iteration; NAN: no budget. See ll_report_fails_budget. */
    double budget[4];
} ll_thresholds;

/* The series a budget or floor names: "rss", "managed", "native", "assemblies";
 * -1 for another name. */
int ll_series_index(const char *name);

void ll_thresholds_default(ll_thresholds *t);

typedef enum ll_verdict { LL_NO_LEAK, LL_LEAK, LL_INCONCLUSIVE } ll_verdict;
const char *ll_verdict_name(ll_verdict v);

typedef struct ll_analysis ll_analysis;
typedef struct ll_report ll_report;

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

ll_verdict ll_report_verdict(const ll_report *r);
/* 1 when the report should fail a CI job: a series leaks and has no
 * budget, or grows faster than its budget; 0 otherwise. */
int ll_report_fails_budget(const ll_report *r);
json_t *ll_report_to_json(const ll_report *r);
void ll_report_free(ll_report *r);

/* `leaklab compare`: FIX against BASE (README.md, "Comparing a fix"):
 * {comparison better|same|worse, kinds {KIND: {base, fix, difference,
 * removed_share}}, ms_per_call, base, fix}. NULL with ERR when the runs
 * have different x units. */
json_t *ll_compare_reports(const ll_report *base, const ll_report *fix, ll_error *err);

/* `leaklab sweep` (README.md, "The recycle sweep"): a point from the
 * report of the run recycled every RECYCLE_EVERY calls (0: the default
 * context), stored in FILE: {recycle_every, file, iterations, ms_per_call,
 * kept_per_call {KIND: {value, ci95}}, kept_bytes_per_call, verdict, kind,
 * severity}. */
json_t *ll_sweep_point(long recycle_every, const char *file, const ll_report *report);
/* Sets "pareto" on each point of POINTS: true when no other point is both
 * no slower and keeps no more bytes per call (and better at one). */
void ll_sweep_mark_pareto(json_t *points);

#endif
