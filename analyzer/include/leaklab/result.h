/* The analyzer's result, typed: what it decided (verdict, leak kind,
 * basis), on what evidence (the trend of each series, severity, budgets,
 * the suspects, the composition of a single snapshot), and what the report
 * shows beside it (the chart data and the SOS-like views). The analyzer
 * fills it (analysis.c); report/ presents it as JSON, text and HTML, and
 * reads a saved JSON result back into it. Renderers read these fields, so
 * a misspelt one fails to compile.
 *
 * The views quote the recorded snapshots: their figures as recorded, in
 * their order (README.md "The snapshot format"), read through snapshot.h's
 * field names. */
#ifndef LEAKLAB_RESULT_H
#define LEAKLAB_RESULT_H

#include "leaklab/snapshot.h"

#include <jansson.h>
#include <stddef.h>

typedef enum ll_verdict { LL_NO_LEAK, LL_LEAK, LL_INCONCLUSIVE } ll_verdict;
const char *ll_verdict_name(ll_verdict v);

/* What kind of memory a leak keeps: the assemblies (and what they pin),
 * the GC heap, memory outside it, or a mix. LL_LEAK_KIND_NONE without a
 * leak. */
typedef enum ll_leak_kind {
    LL_LEAK_KIND_NONE,
    LL_LEAK_KIND_ASSEMBLY,
    LL_LEAK_KIND_MANAGED,
    LL_LEAK_KIND_NATIVE,
    LL_LEAK_KIND_MIXED,
} ll_leak_kind;
const char *ll_leak_kind_name(ll_leak_kind kind);

/* What the verdict rests on: a trend test over the series, the
 * composition of one snapshot, what grew between dumps, or assemblies that
 * each of the last snapshot intervals left loaded (the survival rule). */
typedef enum ll_basis { LL_BASIS_TREND, LL_BASIS_COMPOSITION, LL_BASIS_DUMP_DIFF, LL_BASIS_SURVIVAL } ll_basis;
/* The survival rule's snapshot intervals in a row (survival.c). */
#define LL_SURVIVAL_INTERVALS 5
const char *ll_basis_name(ll_basis basis);

/* The measured series, each judged for a trend. */
typedef enum ll_series_id {
    LL_SERIES_RSS,
    LL_SERIES_MANAGED,
    LL_SERIES_NATIVE,
    LL_SERIES_ASSEMBLIES,
    LL_SERIES_COUNT
} ll_series_id;
/* "rss", "managed", "native", "assemblies". */
const char *ll_series_name(ll_series_id series);
/* The series NAME names, or -1. */
int ll_series_index(const char *name);
/* "bytes" or "assemblies". */
const char *ll_series_unit(ll_series_id series);
/* Where a snapshot holds it (snapshot.h's LL_PATH_*). */
const char *ll_series_field(ll_series_id series);
/* What it measures, in words. */
const char *ll_series_meaning(ll_series_id series);

typedef enum ll_grade { LL_GRADE_TINY, LL_GRADE_MINOR, LL_GRADE_MAJOR } ll_grade;
const char *ll_grade_name(ll_grade grade);

/* How fast a leak grows (README.md, "Severity"). */
typedef struct ll_severity {
    int present;
    ll_grade grade;
    double bytes_per_iteration;
    int has_ci95;
    double ci95[2];
} ll_severity;

/* Growth that a no-leak series still shows is reported, never hidden. */
typedef enum ll_small_growth {
    LL_SMALL_GROWTH_NONE,
    LL_SMALL_GROWTH_BELOW_RESOLUTION, /* whole-run upper bound AT_MOST under the floor */
    LL_SMALL_GROWTH_LEVELLED_OFF,     /* grew, then stopped: the last half's bound AT_MOST */
} ll_small_growth;

/* One series' trend after warm-up: the Theil-Sen slope with its 95 %
 * interval and the Mann-Kendall test, over the run and its last half. */
typedef struct ll_growth {
    int measured;  /* the series had points at all */
    ll_verdict verdict;
    size_t points; /* 0: too few to fit, the fields below are unset */
    double per_iteration, ci95[2];
    double mk_s, mk_z, p_value, tau;
    double floor;
    int significant, above_floor, still_growing;
    int last_half_fitted;
    double last_half_per_iteration, last_half_ci95[2];
    ll_small_growth small;
    double small_at_most;
    ll_severity severity; /* a leaking byte series' */
} ll_growth;

typedef struct ll_budget {
    int present;
    double limit; /* per iteration */
    int exceeded;
    /* RSS with no budget of its own whose growth the budgets of the series
     * that grow cover: LIMIT is the sum of theirs. */
    int derived;
} ll_budget;

/* Where a suspect comes from: a group of assemblies loaded alike, the
 * object counts of a !dumpheap -stat table, a type whose objects grow over
 * the heap-shots (growth_by_type), or, when one snapshot cannot prove
 * growth, a type an expert would look at first (look_at.c). */
typedef enum ll_suspect_source {
    LL_SUSPECT_GROUP,
    LL_SUSPECT_HEAP_TABLE,
    LL_SUSPECT_GROWING_TYPE,
    LL_SUSPECT_LOOK_AT,
    LL_SUSPECT_GCROOT /* a root that keeps a collectible context's LoaderAllocator reachable (!gcroot) */
} ll_suspect_source;

/* Who keeps a type's instances (a run's heap capture, the snapshot's
 * "retainers"): the commonest shortest paths from a GC root, each a chain
 * of (type, field) from the root's object to an instance. */
typedef struct ll_chain_link {
    char *type, *field; /* field: to the next link; NULL on the last */
    long repeat;        /* the link repeated (a linked list), 1 when once */
} ll_chain_link;

typedef struct ll_retention_path {
    char *root;      /* "Ns.Type.field" for a static, "GC handle", "thread stack"... */
    char *root_kind; /* static, handle, other, stack, finalizer */
    ll_chain_link *chain;
    size_t chain_length;
    int cut; /* longer than its chain: the root's end is cut */
    double count, bytes;
    double share;          /* of the type's instances */
    double owner_retained; /* bytes the root's object keeps (a bound); NAN when not measured */
} ll_retention_path;

typedef struct ll_retention {
    double instances, bytes; /* of the type, at the capture */
    ll_retention_path *paths;
    size_t path_count;
    double other_count, unreachable_count;
} ll_retention;

void ll_retention_free(ll_retention *r);

typedef struct ll_suspect {
    ll_suspect_source source;
    char *name_pattern, *origin, *version;
    long loaded, seen;
    char **examples;
    size_t example_count;
    char *signature; /* "defines X : Base; references A, B", or the heap evidence */
    char *generator, *fix;
    double per_iteration, p_value, bytes_per_assembly; /* NAN when not known */
    char *kept_by;           /* what keeps it, in words ("the default domain", a path's root), or NULL */
    ll_retention *retention; /* the paths behind KEPT_BY, when a heap capture found them; or NULL */
} ll_suspect;

/* A type whose live objects grew over a run's heap-shots (or the
 * !dumpheap -stat tables of several dumps), after warm-up: the Theil-Sen
 * slopes of its object count and bytes, per unit of x, and the share of
 * the heap-shots' total growth it explains (NAN when the total did not
 * grow). VERDICT is the series rule's on its object count, with a floor of
 * half an object per iteration, and on its bytes, with the managed floor
 * (README.md, "What grows, by type"). With too few heap-shots for a trend
 * (a few dumps), the change from the first to the last, inconclusive. */
typedef struct ll_type_growth {
    char *type;
    double count_per_iteration, bytes_per_iteration, ci95[2]; /* ci95: of the bytes; NAN without a trend */
    double share;
    ll_verdict verdict;
    double first_count, last_count, first_bytes, last_bytes; /* at the first and last heap-shot */
    double (*points)[2]; /* (x, bytes) of each kept heap-shot, for the chart */
    size_t point_count;
    ll_retention *retention; /* who keeps its instances at the run's last capture, or NULL */
    char *callers; /* a native site's named callers, nearest first, " < " between; NULL for a type */
} ll_type_growth;

/* Dump-to-dump growth (an imported series of dumps, dump_diff.c). A figure
 * both dumps have: committed, each !address kind, gc_heap, loader_heap,
 * assemblies; HAS_SHARE when the committed memory grew and the figure is
 * a byte figure other than committed: the share of that growth it
 * explains. */
typedef struct ll_diff_figure {
    char *name;
    double first, last, change;
    int has_share;
    double share;
} ll_diff_figure;

/* A !dumpheap -stat type that grew. */
typedef struct ll_diff_type {
    char *type;
    double count_change, size_change, count, size;
} ll_diff_type;

/* From one dump to a later one: their numbers (the snapshots' iteration)
 * and sources (NULL when unknown), the figures in the first dump's order,
 * and the types that grew most, most bytes first. */
typedef struct ll_diff_span {
    long from, to;
    char *sources[2];
    ll_diff_figure *figures;
    size_t figure_count;
    ll_diff_type *types;
    size_t type_count;
} ll_diff_span;

/* An assembly group with more assemblies loaded at the last dump. */
typedef struct ll_diff_group {
    char *name_pattern, *origin, *version, *generator;
    double first, last;
    int generated_looking;
    char **examples;
    size_t example_count;
} ll_diff_group;

typedef struct ll_dump_growth {
    ll_diff_span whole; /* the first dump to the last */
    ll_diff_group *groups;
    size_t group_count;
    long dumps;
    ll_diff_span *intervals; /* each dump to the next */
    size_t interval_count;
    char *pattern; /* what the growth matches, when the verdict was decided by it; or NULL */
} ll_dump_growth;

/* The figure NAME of SPAN, or NULL. */
const ll_diff_figure *ll_diff_span_figure(const ll_diff_span *span, const char *name);
void ll_diff_span_free(ll_diff_span *span);
void ll_dump_growth_free(ll_dump_growth *g);

/* What one !dumpheap -stat table holds that bears on assemblies. */
typedef struct ll_heap_evidence {
    long assembly_builders;   /* AssemblyBuilder, InternalAssemblyBuilder */
    long module_builders;     /* ModuleBuilder, InternalModuleBuilder */
    long runtime_assemblies;  /* RuntimeAssembly */
    long xml_generated_types; /* distinct Microsoft.Xml.Serialization.GeneratedAssembly.* types */
    long dynamic_methods;     /* DynamicMethod, RTDynamicMethod */
    /* The type name listed under the most MethodTables (one per assembly
     * that loaded the type), when more than one; NULL otherwise. */
    char *repeated_type;
    long repeated_type_tables;
    int listing_cut;          /* the table was cut ("...", "and more"): its figures are lower bounds */
    int points_at_assemblies; /* enough of the above for a suspected assembly leak */
} ll_heap_evidence;

/* Single-snapshot triage (CASE.md's questions). Figures are NAN when the
 * snapshot does not give them. */
#define LL_COMPOSITION_RULES 3
typedef struct ll_composition {
    int present;
    double committed_bytes, managed_bytes, managed_share, loader_heap_bytes, loader_heap_share, native_heap_bytes,
        assemblies_loaded;
    long generated_looking_assemblies;
    struct {
        char *rule;
        int fired;
    } rules[LL_COMPOSITION_RULES];
    ll_heap_evidence heap;
    char **notes;
    size_t note_count;
    char *confirm_with;
} ll_composition;

/* A series of the charts, downsampled: each bucket's min, max and mean. */
typedef struct ll_plot_bucket {
    double x_first, x_last, min, max, mean;
} ll_plot_bucket;

typedef enum ll_plot_series_id {
    LL_PLOT_RSS,
    LL_PLOT_GC_HEAP,
    LL_PLOT_MALLOC,
    LL_PLOT_MANAGED_IMAGES,
    LL_PLOT_ASSEMBLIES,
    LL_PLOT_SERIES_COUNT
} ll_plot_series_id;
/* "rss", "gc_heap", "malloc", "managed_images", "assemblies". */
const char *ll_plot_series_name(ll_plot_series_id series);

typedef struct ll_plot_series {
    ll_plot_bucket *buckets;
    size_t count; /* 0: not measured */
} ll_plot_series;

typedef struct ll_failure {
    long iteration;
    char *exception_type, *exception_message, *exception_stack; /* NULL when absent */
} ll_failure;

/* The loaded count of one assembly group over the run. */
typedef struct ll_plot_group {
    char *name_pattern, *origin, *generator;
    double (*points)[2];
    size_t point_count;
} ll_plot_group;

typedef struct ll_plot {
    double warmup;
    ll_plot_series series[LL_PLOT_SERIES_COUNT];
    long *unloads; /* iterations with an unload */
    size_t unload_count;
    ll_failure *failures;
    size_t failure_count;
    /* The Theil-Sen line of the assemblies, through the median point. */
    int has_assembly_trend;
    struct {
        double pivot_x, pivot_y, slope, slope_low, slope_high, x_from, x_to;
    } assembly_trend;
    ll_plot_group *groups;
    size_t group_count;
} ll_plot;

/* A runtime counter that grew by 10 % or more. */
typedef struct ll_counter_move {
    char *counter;
    json_int_t first, last;
} ll_counter_move;

/* An assembly group with more than one member loaded. */
typedef struct ll_repeated_group {
    char *name_pattern, *origin;
    long loaded;
    char **examples;
    size_t example_count;
} ll_repeated_group;

/* A figure of a snapshot record as recorded (the views quote them): its
 * name, and an integer, a real, a boolean, a string or null. (Arrays and
 * objects inside such a figure are not views' figures, and not kept.) */
typedef enum ll_recorded_kind {
    LL_RECORDED_INTEGER,
    LL_RECORDED_REAL,
    LL_RECORDED_BOOLEAN,
    LL_RECORDED_STRING,
    LL_RECORDED_NULL
} ll_recorded_kind;

typedef struct ll_recorded_figure {
    char *name;
    ll_recorded_kind kind;
    json_int_t integer; /* an INTEGER's value, a BOOLEAN's 0 or 1 */
    double real;        /* a REAL's */
    char *text;         /* a STRING's */
} ll_recorded_figure;

/* A flat object of a snapshot record (a memory kind, gc, malloc,
 * assemblies.by_domain): its figures in their recorded order. PRESENT 0:
 * the record had none. */
typedef struct ll_recorded_figures {
    int present;
    ll_recorded_figure *items;
    size_t count;
} ll_recorded_figures;

/* X as a number, NAN when it is not one. */
double ll_recorded_value(const ll_recorded_figure *x);
/* The figure NAME of F (one of snapshot.h's LL_FIELD_* names) as a
 * number, NAN when absent or not a number. */
double ll_recorded_number(const ll_recorded_figures *f, const char *name);
/* Appends the member NAME: VALUE of a record; 0, 1 when VALUE is not a
 * figure (an array or an object: not added), or -1 out of memory. */
int ll_recorded_add(ll_recorded_figures *f, const char *name, const ll_value *value);

/* A memory kind of the last snapshot, with the first snapshot's figures. */
typedef struct ll_address_row {
    char *kind;
    ll_recorded_figures first, last;
} ll_address_row;

/* A type a module defines, and its base type (NULL: unknown). */
typedef struct ll_module_type {
    char *name, *base;
} ll_module_type;

/* `dumpmodule -mt` of a suspect group's first assembly. */
typedef struct ll_module {
    char *name, *version, *origin;
    ll_module_type *types;
    size_t type_count;
    char **refs;
    size_t ref_count;
} ll_module;

/* A deep copy of FROM into TO; 0, or -1 out of memory (TO cleared). */
int ll_module_copy(ll_module *to, const ll_module *from);
void ll_module_clear(ll_module *m);

/* A row of the last snapshot's !dumpheap -stat table (or heap-shot). */
typedef struct ll_heap_row {
    char *type;
    json_int_t count, size;
} ll_heap_row;

/* The SOS-like views: the first and last snapshots' figures as recorded,
 * and what the analyzer derives from them. */
typedef struct ll_views {
    ll_address_row *address_rows; /* each memory kind of the last snapshot, in its order */
    size_t address_row_count;
    ll_recorded_figures gc[2], malloc[2]; /* the first and last snapshot's */
    ll_recorded_figures assemblies_by_domain; /* the last snapshot's */
    ll_counter_move *counters_moved;
    size_t counter_move_count;
    ll_repeated_group *repeated_groups;
    size_t repeated_group_count;
    ll_module *modules;
    size_t module_count;
    int has_dumpheap;
    ll_heap_row *dumpheap;
    size_t dumpheap_count;
} ll_views;

#define LL_GROWTH_BY_TYPE_MAX 20

typedef struct ll_report {
    ll_verdict verdict;
    ll_leak_kind kind;
    ll_basis basis;
    int suspected; /* a leak called without a trend */
    int has_shares;
    double share_assembly, share_managed, share_native;
    int has_memory_split;
    double split_gc_heap, split_outside_gc_heap;
    ll_growth growth[LL_SERIES_COUNT];
    ll_suspect *suspects;
    size_t suspect_count;
    int has_growth_by_type;         /* the series had heap-shots to compare */
    int growth_by_type_by_trend;    /* 0: too few for a trend, change from the first to the last */
    ll_type_growth *growth_by_type; /* the growing types, most bytes first, at most LL_GROWTH_BY_TYPE_MAX */
    size_t growth_by_type_count;
    /* Native allocation sites (heaptrack's leaked bytes by allocating
     * function, at two or more iteration counts): each judged like a type,
     * without an object count, against malloc's floor. */
    int has_native_sites;
    int native_sites_by_trend;
    ll_type_growth *native_sites; /* the growing sites, most bytes first, at most LL_GROWTH_BY_TYPE_MAX */
    size_t native_site_count;
    /* The listed sites' growth together over malloc's slope, as measured
     * by the same series' snapshots; NAN without a rising malloc figure. */
    double native_sites_of_malloc;
    ll_composition composition;
    ll_dump_growth *diff; /* dump-to-dump growth, or NULL */
    ll_plot plot;
    int has_projection;
    double projection_bytes_per_iteration;
    ll_severity severity; /* the fastest-growing leak's */
    ll_budget budget[LL_SERIES_COUNT];
    long more_iterations_needed; /* 0: none said */
    char *verdict_note; /* why a verdict was held back (a live run too short for its timeouts), or NULL */
    struct {
        char *file;
        long snapshots, iterations, failed_iterations;
        int complete;
        double warmup_iterations;
        int has_first_failure;
        ll_failure first_failure;
        double ms_per_call; /* NAN: not timed */
    } input;
    int has_run;
    struct {
        char *scenario, *context, *entry, *mono_version; /* NULL when the header lacks them */
        char *runtime, *runtime_version; /* the header's runtime; NULL in series made before it was named */
        char *x_unit;
    } run;
    struct {
        double alpha, floors[LL_SERIES_COUNT], min_share_per_iteration;
        size_t min_points;
    } thresholds;
    int has_views;
    ll_views views;
    char **warnings;
    size_t warning_count;
} ll_report;

/* 1 when the result should fail a CI job: a leak called without a trend,
 * or a leaking series with no budget or over it; 0 otherwise. */
int ll_result_fails_budget(const ll_report *r);

/* An empty result (verdict inconclusive, nothing present), for readers. */
ll_report *ll_result_new(void);
void ll_result_free(ll_report *r);

/* Appends a copy of TEXT to a string list; 0, or -1 out of memory. */
int ll_string_list_add(char ***list, size_t *count, const char *text);
/* A new suspect at the end of R's list, empty (its figures NAN), or NULL
 * out of memory. */
ll_suspect *ll_result_add_suspect(ll_report *r);
/* The same, its words copied in (its version "-"): what the evidence is
 * (NAME, read from ORIGIN, LOADED of them), what it shows (SIGNATURE),
 * what made it (GENERATOR) and what to do (FIX). NULL out of memory. */
ll_suspect *ll_result_add_suspect_text(ll_report *r, ll_suspect_source source, const char *name, const char *origin,
                                       long loaded, const char *signature, const char *generator, const char *fix);
/* Frees suspect I of R and closes the gap. */
void ll_result_remove_suspect(ll_report *r, size_t i);

#endif
