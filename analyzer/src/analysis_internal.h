/* The analysis's own state, shared by its files: analysis.c (making,
 * finishing, the whole-file entry points), analysis_feed.c (each record),
 * analysis_verdict.c (deciding) and analysis_views.c (what the reports
 * show beside the verdict). */
#ifndef LEAKLAB_ANALYSIS_INTERNAL_H
#define LEAKLAB_ANALYSIS_INTERNAL_H

#include "leaklab/analyzer.h"

#include "assembly_groups.h"
#include "calibration.h"
#include "dump_diff.h"
#include "envelope.h"
#include "judge.h"
#include "series.h"
#include "type_growth.h"

/* The charts draw the memory of the process stacked by kind (the rest of
 * RSS is what the others do not explain) and the assemblies loaded: the
 * judged series, and the managed images. */
#define MANAGED_IMAGES_FIELD "memory.image_managed.rss"
#define MAX_MARKS 500

#define SERIES_COUNT LL_SERIES_COUNT

struct ll_analysis {
    ll_thresholds t; /* a floor left NAN is the calibration's */
    const ll_calibration *calibration; /* the series' runtime's (its header's) */
    ll_series series[SERIES_COUNT];
    int measured[SERIES_COUNT];
    ll_groups *groups;
    ll_type_tracker *types; /* the heap-shots' types, each a series */
    ll_type_tracker *sites; /* heaptrack's native allocation sites, each a series */
    ll_record *last_sites;  /* the last snapshot with native sites: their callers */
    ll_series elapsed;      /* each snapshot's elapsed_ms, by iteration */
    /* Records kept whole (ll_record_copy), read through ll_record_value: */
    ll_record *header, *first_snapshot, *last_snapshot;
    ll_record *after_first_call; /* the first snapshot past iteration 0: warm */
    char *last_snapshot_text; /* the last snapshot's line, until ll__analysis_settle parses it */
    size_t last_snapshot_len, last_snapshot_cap;
    long last_snapshot_line;
    char **warnings;
    size_t warning_count;
    ll_dump_diff *dumps; /* an imported series of dumps: what grew between them */
    /* What the charts of the HTML report draw (report/): */
    ll_envelope plot[LL_PLOT_SERIES_COUNT];
    long unload_marks[MAX_MARKS]; /* iterations of unloads, thinned to MAX_MARKS */
    size_t unload_mark_count;
    ll_failure *failure_marks; /* the first MAX_MARKS failed iterations */
    size_t failure_mark_count;
    ll_failure first_failure;
    long snapshots, iterations, failed_iterations;
    double wall_ms_after_first; /* iterations after the first, summed */
    long timed_iterations;
    double last_snapshot_iteration;
    json_int_t last_snapshot_seq;
    char *file;
    int ended;
};

/* The largest byte count or counter a snapshot may hold: 2^53, the last
 * integer a double (the statistics' type) holds exactly. */
#define MAX_MEASURED_VALUE 9007199254740992.0

/* Parses the last snapshot kept as its line (analysis_feed.c) into
 * last_snapshot; called when the feeding ends. */
void ll__analysis_settle(ll_analysis *a);
/* Iterations per snapshot interval. */
double ll__analysis_spacing(const ll_analysis *a);

/* analysis_verdict.c */
/* Judges every series (R: their results); returns how many leak.
 * *TREND_POSSIBLE: whether any series had the points for a trend. */
int ll__analysis_judge_series(ll_analysis *a, ll_report *report, double warmup, struct series_result *r,
                             int *trend_possible);
void ll__analysis_set_kind_shares(ll_report *report, const struct series_result *r);
void ll__analysis_hold_short_live_growth(ll_analysis *a, ll_report *report, double warmup, struct series_result *r);
void ll__analysis_find_suspects(ll_analysis *a, ll_report *report, double warmup, double assembly_bytes,
                               ll_group_list *modules);
ll_severity ll__analysis_worst_severity(const ll_growth *growth, double leak_bytes);
void ll__analysis_set_budgets(ll_report *report, const ll_thresholds *t, const struct series_result *r);

/* analysis_views.c */
void ll__analysis_fill_views(ll_analysis *a, ll_views *views, const ll_group_list *modules);
void ll__analysis_fill_plot(ll_analysis *a, ll_plot *plot, double warmup, const struct series_result *r);

#endif
