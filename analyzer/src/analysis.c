/* The analysis: feeds on snapshot records one at a time, keeping only
 * bounded series (series.h), the assembly groups and the first and last
 * snapshot, then decides. Deciding is per memory kind, from the trend of
 * its series after warm-up:
 *   leak      the Mann-Kendall test is significant (p < alpha), the
 *             Theil-Sen slope is above the kind's resolution floor, and the
 *             last half of the run still grows (a filled cache has
 *             stopped);
 *   no-leak   the slope's upper 95 % bound (over the run, or over its last
 *             half: a plateau) is below the floor: growth, if any, is
 *             reported as "below resolution: at most" that bound;
 *   otherwise inconclusive.
 * The process leaks if any kind leaks, does not if every kind does not. */
#include "leaklab/analyzer.h"

#include "assembly_groups.h"
#include "composition.h"
#include "dump_diff.h"
#include "envelope.h"
#include "judge.h"
#include "live_calls.h"
#include "survival.h"
#include "type_growth.h"
#include "series.h"
#include "trend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The charts draw the memory of the process stacked by kind (the rest of
 * RSS is what the others do not explain) and the assemblies loaded: the
 * judged series, and the managed images. */
#define MANAGED_IMAGES_FIELD "memory.image_managed.rss"
#define MAX_MARKS 500

#define SERIES_COUNT LL_SERIES_COUNT

/* Where each judged series is read in a snapshot, and the chart it feeds. */
static const struct {
    const char *field;
    ll_plot_series_id plot;
} series_info[SERIES_COUNT] = {
    [LL_SERIES_RSS] = {"memory.total.rss", LL_PLOT_RSS},
    [LL_SERIES_MANAGED] = {"gc.used_size", LL_PLOT_GC_HEAP},
    [LL_SERIES_NATIVE] = {"malloc.in_use", LL_PLOT_MALLOC},
    [LL_SERIES_ASSEMBLIES] = {"assemblies.loaded", LL_PLOT_ASSEMBLIES},
};

struct ll_analysis {
    ll_thresholds t;
    ll_series series[SERIES_COUNT];
    int measured[SERIES_COUNT];
    ll_groups *groups;
    ll_type_tracker *types; /* the heap-shots' types, each a series */
    ll_series elapsed;      /* each snapshot's elapsed_ms, by iteration */
    json_t *header, *first_snapshot, *last_snapshot;
    json_t *after_first_call; /* the first snapshot past iteration 0: warm */
    json_t *warnings;
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

/* Resolution floors on Mono 6.8, from scripts/measure-floors (README.md,
 * "Resolution floors"): about twice the largest growth the no-leak control
 * scenarios showed, over short (20-iteration) and long (150) runs, rounded
 * up. The native and RSS floors are set by the runtime's own leftovers of
 * an AppDomain unloaded every call (up to about 1.6 kB per unload in a
 * short run), RSS's also by its 4 kB pages. */
static const double default_floors[SERIES_COUNT] = {
    [LL_SERIES_RSS] = 4096, [LL_SERIES_MANAGED] = 1024, [LL_SERIES_NATIVE] = 3072, [LL_SERIES_ASSEMBLIES] = 0.05,
};

void ll_thresholds_default(ll_thresholds *t)
{
    t->alpha = 0.01;
    for (int k = 0; k < SERIES_COUNT; k++)
        t->floor[k] = default_floors[k];
    t->min_share_per_iteration = 0;
    t->warmup_iterations = -1;
    t->min_points = 8;
    t->min_suspect_assemblies = 200;
    t->min_suspect_loader_bytes = 256.0 * 1024 * 1024;
    for (int k = 0; k < SERIES_COUNT; k++)
        t->budget[k] = NAN;
}

static void free_analysis(ll_analysis *a);
/* Points of the run's clock kept (the live-call rule needs two). */
#define ELAPSED_POINTS 64

ll_analysis *ll_analysis_new(const ll_thresholds *t)
{
    ll_analysis *a = calloc(1, sizeof *a);
    if (!a || !(a->groups = ll_groups_new()) || !(a->types = ll_type_tracker_new())) {
        if (a)
            ll_groups_free(a->groups);
        free(a);
        return NULL;
    }
    a->t = *t;
    for (int k = 0; k < SERIES_COUNT; k++) {
        if (ll_series_init(&a->series[k], LL_SERIES_CAPACITY) < 0) {
            free_analysis(a);
            return NULL;
        }
    }
    if (ll_series_init(&a->elapsed, ELAPSED_POINTS) < 0) {
        free_analysis(a);
        return NULL;
    }
    for (int p = 0; p < LL_PLOT_SERIES_COUNT; p++)
        ll_envelope_init(&a->plot[p]);
    a->warnings = json_array();
    return a;
}

void ll_analysis_warn(ll_analysis *a, const char *warning)
{
    json_array_append_new(a->warnings, ll_json_text(warning));
}

static void replace_ref(json_t **slot, json_t *value)
{
    json_decref(*slot);
    *slot = json_incref(value);
}

/* The assemblies the survival rule counts: in a run, the root domain's,
 * and in a collectible run whose every snapshot follows an unload, every
 * domain's (what is still loaded then outlived its domain); in an import,
 * every assembly. */
static void count_surviving_domains(ll_analysis *a)
{
    json_t *root = json_object_get(a->header, "root_domain"), *options = json_object_get(a->header, "options");
    json_int_t every = json_integer_value(json_object_get(options, "snapshot_every"));
    json_int_t recycle = json_integer_value(json_object_get(options, "recycle_every"));
    if (json_is_integer(root))
        ll_groups_count_domain(a->groups, (long)json_integer_value(root), recycle > 0 && every % recycle == 0);
}

/* Iterations per snapshot interval. */
static double snapshot_spacing(const ll_analysis *a)
{
    return a->snapshots > 1 && a->iterations > 0 ? (double)a->iterations / (double)(a->snapshots - 1) : 1;
}

/* The largest byte count or counter a snapshot may hold: 2^53, the last
 * integer a double (the statistics' type) holds exactly. */
#define MAX_MEASURED_VALUE 9007199254740992.0
/* Iterations beyond this are not a real run (nor are negative ones). */
#define MAX_ITERATION ((json_int_t)1 << 40)

static int field_error(const ll_record *rec, const char *field, const char *what, ll_error *err)
{
    ll_error_set(err, "%s:%ld: field '%s': %s", rec->file, rec->line, field, what);
    return -1;
}

/* The objects of a snapshot that hold figures must be objects, and every
 * byte figure of "memory" a number from 0 to 2^53. */
static int check_snapshot_shape(const ll_record *rec, ll_error *err)
{
    static const char *const objects[] = {"memory", "malloc", "gc", "runtime", "assemblies", "state"};
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        json_t *v = ll_record_find(rec, objects[i]);
        if (v && !json_is_object(v))
            return field_error(rec, objects[i], "expected an object", err);
    }
    const char *kind, *key;
    json_t *region, *value;
    char field[256];
    json_object_foreach(ll_record_find(rec, "memory"), kind, region) {
        if (!json_is_object(region)) {
            snprintf(field, sizeof field, "memory.%s", kind);
            return field_error(rec, field, "expected an object {rss, size, regions}", err);
        }
        json_object_foreach(region, key, value) {
            double v = json_number_value(value);
            if (!json_is_number(value) || v < 0 || v > MAX_MEASURED_VALUE) {
                snprintf(field, sizeof field, "memory.%s.%s", kind, key);
                return field_error(rec, field, "expected a number from 0 to 2^53", err);
            }
        }
    }
    return 0;
}

/* A snapshot may lack some kinds (an imported dump has no malloc figure,
 * a counters trace no assembly inventory): each kind's series gets a point
 * only where its field is present; a present field must be a number. */
static int feed_snapshot(ll_analysis *a, const ll_record *rec, ll_error *err)
{
    json_int_t iteration;
    if (ll_record_get_int(rec, "iteration", &iteration, err) < 0 || check_snapshot_shape(rec, err) < 0)
        return -1;
    if (iteration < 0 || iteration > MAX_ITERATION)
        return field_error(rec, "iteration", "expected a whole number from 0 to 2^40", err);
    if (a->snapshots > 0 && (double)iteration <= a->last_snapshot_iteration) {
        ll_error_set(err, "%s:%ld: field 'iteration': %lld comes after a snapshot at iteration %.0f: snapshots must "
                     "be in increasing iteration order", rec->file, rec->line, (long long)iteration,
                     a->last_snapshot_iteration);
        return -1;
    }
    json_t *seq = ll_record_find(rec, "seq");
    if (seq && (!json_is_integer(seq) || json_integer_value(seq) < 0 || json_integer_value(seq) > MAX_ITERATION ||
                (a->snapshots > 0 && json_integer_value(seq) <= a->last_snapshot_seq)))
        return field_error(rec, "seq", "expected a whole number greater than the previous snapshot's", err);
    if (seq)
        a->last_snapshot_seq = json_integer_value(seq);
    /* Every value is checked before any is kept, so a bad snapshot adds
     * nothing. */
    json_t *values[SERIES_COUNT];
    for (int k = 0; k < SERIES_COUNT; k++) {
        json_t *value = values[k] = ll_record_find(rec, series_info[k].field);
        double unused;
        if (!value)
            continue;
        if (!json_is_number(value))
            return ll_record_get_number(rec, series_info[k].field, &unused, err); /* names file, line, field */
        double v = json_number_value(value);
        if (v < 0 || v > MAX_MEASURED_VALUE)
            return field_error(rec, series_info[k].field, "expected a number from 0 to 2^53", err);
    }
    json_t *type_rows = ll_record_find(rec, LL_FIELD_DUMPHEAP);
    char why[160];
    if (type_rows && ll_type_rows_check(type_rows, why, sizeof why) < 0)
        return field_error(rec, LL_FIELD_DUMPHEAP, why, err);
    if (type_rows && ll_type_tracker_add(a->types, (double)iteration, type_rows) < 0) {
        ll_error_set(err, "%s:%ld: out of memory", rec->file, rec->line);
        return -1;
    }
    for (int k = 0; k < SERIES_COUNT; k++) {
        if (!values[k])
            continue;
        ll_series_add(&a->series[k], (double)iteration, json_number_value(values[k]));
        ll_envelope_add(&a->plot[series_info[k].plot], (double)iteration, json_number_value(values[k]));
        a->measured[k] = 1;
    }
    json_t *elapsed = ll_record_find(rec, "elapsed_ms");
    if (json_is_number(elapsed))
        ll_series_add(&a->elapsed, (double)iteration, json_number_value(elapsed));
    json_t *images = ll_record_find(rec, MANAGED_IMAGES_FIELD);
    if (json_is_number(images))
        ll_envelope_add(&a->plot[LL_PLOT_MANAGED_IMAGES], (double)iteration, json_number_value(images));
    ll_groups_sample(a->groups, (double)iteration);
    const char *x_unit = json_string_value(json_object_get(a->header, "x_unit"));
    if (x_unit && strcmp(x_unit, "dump") == 0) {
        if (!a->dumps)
            a->dumps = ll_dump_diff_new();
        if (a->dumps)
            ll_dump_diff_add(a->dumps, rec->json);
    }
    if (!a->first_snapshot)
        a->first_snapshot = json_incref(rec->json);
    if (!a->after_first_call && iteration >= 1)
        a->after_first_call = json_incref(rec->json);
    replace_ref(&a->last_snapshot, rec->json);
    a->last_snapshot_iteration = (double)iteration;
    a->snapshots++;
    return 0;
}

/* A failed iteration and its exception, as the record gives it. */
static void read_failure(json_int_t iteration, json_t *exception, ll_failure *f)
{
    const char *type = json_string_value(json_object_get(exception, "type"));
    const char *message = json_string_value(json_object_get(exception, "message"));
    const char *stack = json_string_value(json_object_get(exception, "stack"));
    f->iteration = (long)iteration;
    f->exception_type = type ? strdup(type) : NULL;
    f->exception_message = type && message ? strdup(message) : NULL;
    f->exception_stack = type && stack ? strdup(stack) : NULL;
}

static int feed_iteration(ll_analysis *a, const ll_record *rec, ll_error *err)
{
    json_int_t iteration;
    const char *outcome;
    if (ll_record_get_int(rec, "iteration", &iteration, err) < 0 ||
        ll_record_get_string(rec, "outcome", &outcome, err) < 0)
        return -1;
    if (iteration < 1 || iteration > MAX_ITERATION)
        return field_error(rec, "iteration", "expected a whole number from 1 to 2^40", err);
    if (strcmp(outcome, "ok") != 0 && strcmp(outcome, "failed") != 0) {
        ll_error_set(err, "%s:%ld: field 'outcome': expected \"ok\" or \"failed\", not \"%s\"",
                     rec->file, rec->line, outcome);
        return -1;
    }
    a->iterations = iteration > a->iterations ? iteration : a->iterations;
    /* Time per call leaves out the first, which loads the framework. */
    json_t *wall = ll_record_find(rec, "wall_ms");
    if (wall && (!json_is_number(wall) || !(json_number_value(wall) >= 0 && json_number_value(wall) < 1e12)))
        return field_error(rec, "wall_ms", "expected milliseconds from 0 to 10^12", err);
    if (iteration > 1 && wall) {
        a->wall_ms_after_first += json_number_value(wall);
        a->timed_iterations++;
    }
    if (strcmp(outcome, "failed") == 0) {
        json_t *exception = ll_record_find(rec, "exception");
        if (a->failed_iterations++ == 0)
            read_failure(iteration, exception, &a->first_failure);
        if (a->failure_mark_count < MAX_MARKS) {
            ll_failure *grown = realloc(a->failure_marks, (a->failure_mark_count + 1) * sizeof *grown);
            if (!grown) {
                ll_error_set(err, "%s:%ld: out of memory", rec->file, rec->line);
                return -1;
            }
            a->failure_marks = grown;
            read_failure(iteration, exception, &a->failure_marks[a->failure_mark_count++]);
        }
    }
    return 0;
}

/* A run that did not complete is analysed, and the report says so. */
static int feed_end(ll_analysis *a, const ll_record *rec, ll_error *err)
{
    const char *status;
    char warning[256];
    if (ll_record_get_string(rec, "status", &status, err) < 0)
        return -1;
    a->ended = 1;
    if (strcmp(status, "interrupted") == 0)
        snprintf(warning, sizeof warning, "the run was interrupted (SIGINT/SIGTERM); the series is what it measured "
                 "until then");
    else if (strcmp(status, "exited") == 0)
        snprintf(warning, sizeof warning, "the scenario ended the process (Environment.Exit); the series stops "
                 "there");
    else
        return 0;
    ll_analysis_warn(a, warning);
    return 0;
}

/* An unload's iteration, once per iteration (a recycle unloads many
 * assemblies at once); beyond MAX_MARKS, every other mark is dropped. */
static void mark_unload(ll_analysis *a, const ll_record *rec)
{
    json_t *iteration = ll_record_find(rec, "iteration");
    size_t n = a->unload_mark_count;
    if (!json_is_integer(iteration) || (n && a->unload_marks[n - 1] == (long)json_integer_value(iteration)))
        return;
    if (n == MAX_MARKS) {
        for (size_t i = 0; i < n / 2; i++)
            a->unload_marks[i] = a->unload_marks[2 * i];
        n = a->unload_mark_count = n / 2;
    }
    a->unload_marks[a->unload_mark_count++] = (long)json_integer_value(iteration);
}

int ll_analysis_feed(ll_analysis *a, const ll_record *rec, ll_error *err)
{
    if (!a->file && !(a->file = strdup(rec->file))) {
        ll_error_set(err, "%s: out of memory", rec->file);
        return -1;
    }
    switch (rec->type) {
    case LL_RECORD_HEADER: {
        replace_ref(&a->header, rec->json);
        count_surviving_domains(a);
        /* An imported series carries the importer's warnings. */
        size_t i;
        json_t *warning;
        json_array_foreach(ll_record_find(rec, "import_warnings"), i, warning)
            json_array_append(a->warnings, warning);
        return 0;
    }
    case LL_RECORD_TYPESET:
        return ll_groups_add_typeset(a->groups, rec, err);
    case LL_RECORD_ASSEMBLY:
        return ll_groups_add(a->groups, rec, err);
    case LL_RECORD_UNLOAD:
        mark_unload(a, rec);
        return ll_groups_unload(a->groups, rec, err);
    case LL_RECORD_ITERATION:
        return feed_iteration(a, rec, err);
    case LL_RECORD_SNAPSHOT:
        return feed_snapshot(a, rec, err);
    case LL_RECORD_END:
        return feed_end(a, rec, err);
    }
    return 0;
}

/* --- deciding ------------------------------------------------------------ */

static double last_value(const ll_series *s)
{
    return s->count ? s->y[s->count - 1] : 0;
}

/* In a collectible run, Mono 6.8's first unloads leave more malloc'd
 * memory behind than the later ones (22, 13, 6, 5 kB for the second to the
 * fifth, then about 1 kB): scripts/measure-warmup finds the per-call growth
 * of the recorded no-leak controls settled under the floors after 4 to 7
 * unloads of a domain per call, and after one of a domain recycled every
 * 10 calls. The warm-up covers the first COLLECTIBLE_WARMUP_CALLS calls,
 * in whole recycle periods. */
#define COLLECTIBLE_WARMUP_CALLS 8

static double warmup_iterations(const ll_analysis *a)
{
    if (a->t.warmup_iterations >= 0)
        return (double)a->t.warmup_iterations;
    double last = a->series[LL_SERIES_RSS].count ? a->series[LL_SERIES_RSS].x[a->series[LL_SERIES_RSS].count - 1] : 0;
    double warmup = fmax(2, ceil(0.1 * last));
    const char *context = json_string_value(json_object_get(a->header, "context"));
    json_int_t recycle = json_integer_value(json_object_get(json_object_get(a->header, "options"), "recycle_every"));
    if (context && strcmp(context, "collectible") == 0 && recycle > 0)
        warmup = fmax(warmup, (double)(recycle * ((COLLECTIBLE_WARMUP_CALLS + recycle - 1) / recycle)));
    return warmup;
}

/* A no-leak series that grows at all is not hidden. Either its whole-run
 * slope is below the floor (below resolution: at most the upper bound),
 * or it grew and then stopped, a filled cache (levelled off: the last
 * half's upper bound). */
static void set_small_growth(ll_growth *g, const struct series_result *r)
{
    if (r->verdict != LL_NO_LEAK || r->all.slope <= 0)
        return;
    if (r->all.slope_high < r->floor) {
        g->small = LL_SMALL_GROWTH_BELOW_RESOLUTION;
        g->small_at_most = r->all.slope_high;
    } else {
        g->small = LL_SMALL_GROWTH_LEVELLED_OFF;
        g->small_at_most = fmax(0, r->tail.slope_high);
    }
}

static void fill_growth(ll_growth *g, const struct series_result *r, int measured)
{
    g->measured = measured;
    g->verdict = r->verdict;
    g->points = r->all.n;
    if (r->all.n == 0)
        return;
    g->per_iteration = r->all.slope;
    g->ci95[0] = r->all.slope_low;
    g->ci95[1] = r->all.slope_high;
    g->mk_s = r->all.s;
    g->mk_z = r->all.z;
    g->p_value = r->all.p_value;
    g->tau = r->all.tau;
    g->floor = r->floor;
    g->significant = r->significant;
    g->above_floor = r->above_floor;
    g->still_growing = r->still_growing;
    g->last_half_fitted = r->fitted;
    if (r->fitted) {
        g->last_half_per_iteration = r->tail.slope;
        g->last_half_ci95[0] = r->tail.slope_low;
        g->last_half_ci95[1] = r->tail.slope_high;
    }
    set_small_growth(g, r);
}

/* Splits the leaking bytes per iteration between the kinds. When the
 * assembly count leaks, everything that grows with it is counted as what
 * those assemblies pin (kind assembly): Mono allocates its loader
 * structures with malloc, and each generated assembly keeps its types,
 * reflection data and serializers alive in the GC heap. The memory split
 * says where the bytes live either way. */
static void set_kind_shares(ll_report *report, const struct series_result *r)
{
    /* The GC heap's part counts when its growth is significant, even if it
     * is too small to be a leak on its own. */
    double managed = r[LL_SERIES_MANAGED].significant ? fmax(0, r[LL_SERIES_MANAGED].all.slope) : 0;
    double outside = fmax(0, fmax(r[LL_SERIES_RSS].all.slope - managed, r[LL_SERIES_NATIVE].all.slope));
    if (r[LL_SERIES_RSS].verdict != LL_LEAK && r[LL_SERIES_NATIVE].verdict != LL_LEAK)
        outside = 0;
    double total = managed + outside;
    report->has_shares = report->has_memory_split = 1;
    report->split_gc_heap = total > 0 ? managed / total : 0.0;
    report->split_outside_gc_heap = total > 0 ? outside / total : 0.0;
    if (r[LL_SERIES_ASSEMBLIES].verdict == LL_LEAK) {
        report->kind = LL_LEAK_KIND_ASSEMBLY;
        report->share_assembly = 1.0;
        return;
    }
    report->share_managed = report->split_gc_heap;
    report->share_native = report->split_outside_gc_heap;
    report->kind = report->share_managed >= 0.75  ? LL_LEAK_KIND_MANAGED
                   : report->share_native >= 0.75 ? LL_LEAK_KIND_NATIVE
                                                  : LL_LEAK_KIND_MIXED;
}

/* Severity grades, by bytes kept per iteration (see README.md, "Severity"):
 * major from 100 kB (+1 GB within about 10,000 calls), minor from 1 kB
 * (+1 GB within about a million calls), tiny below. */
#define SEVERITY_MAJOR_BYTES (100.0 * 1024)
#define SEVERITY_MINOR_BYTES 1024.0

static ll_severity severity_of(double bytes_per_iteration, const double *ci95)
{
    ll_severity s = {.present = 1, .bytes_per_iteration = bytes_per_iteration};
    s.grade = bytes_per_iteration >= SEVERITY_MAJOR_BYTES  ? LL_GRADE_MAJOR
              : bytes_per_iteration >= SEVERITY_MINOR_BYTES ? LL_GRADE_MINOR
                                                            : LL_GRADE_TINY;
    if (ci95) {
        s.has_ci95 = 1;
        s.ci95[0] = ci95[0];
        s.ci95[1] = ci95[1];
    }
    return s;
}

/* The severity of the fastest-growing leaking series; for an assembly
 * leak whose byte series are not leaks themselves, of what the assemblies
 * pin (LEAK_BYTES). */
static ll_severity worst_severity(const ll_growth *growth, double leak_bytes)
{
    const ll_severity *worst = NULL;
    for (int k = 0; k < SERIES_COUNT; k++)
        if (growth[k].severity.present &&
            (!worst || growth[k].severity.bytes_per_iteration > worst->bytes_per_iteration))
            worst = &growth[k].severity;
    if (worst)
        return *worst;
    return leak_bytes > 0 ? severity_of(leak_bytes, NULL) : (ll_severity){0};
}

/* RSS holds the GC heap and malloc'd memory: when it leaks with no budget
 * of its own, and every other byte series that leaks has a budget it
 * keeps, RSS growing no faster than those budgets together (plus its own
 * floor) is that same memory, and is covered by them. Else a user who
 * budgets the leak they know about (`--budget native=64kB`) would fail on
 * RSS, which only shows it again. */
static void cover_rss_by_budgets(ll_report *report, const struct series_result *r)
{
    static const ll_series_id parts[] = {LL_SERIES_MANAGED, LL_SERIES_NATIVE};
    if (report->budget[LL_SERIES_RSS].present || r[LL_SERIES_RSS].verdict != LL_LEAK)
        return;
    double allowed = 0;
    int budgeted = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const ll_budget *b = &report->budget[parts[i]];
        if (r[parts[i]].verdict != LL_LEAK)
            continue;
        if (!b->present || b->exceeded)
            return;
        allowed += b->limit;
        budgeted++;
    }
    if (budgeted && r[LL_SERIES_RSS].all.slope <= allowed + r[LL_SERIES_RSS].floor)
        report->budget[LL_SERIES_RSS] = (ll_budget){1, allowed, 0, 1};
}

/* Budgets: a leaking series is over its budget when it grows faster
 * (ll_report_fails_budget says what fails a CI job). */
static void set_budgets(ll_report *report, const ll_thresholds *t, const struct series_result *r)
{
    for (int k = 0; k < SERIES_COUNT; k++) {
        int has_budget = !isnan(t->budget[k]);
        int exceeded = r[k].verdict == LL_LEAK && has_budget && r[k].all.slope > t->budget[k];
        report->budget[k] = (ll_budget){has_budget, has_budget ? t->budget[k] : 0, exceeded, 0};
    }
    cover_rss_by_budgets(report, r);
}

#define MAX_SUSPECTS 64

/* A group is a suspect when its own loaded count passes the leak test.
 * The first MAX_SUSPECTS groups that do are listed, in the order they first
 * appeared; past that, a warning says how many more there were (the
 * assemblies' total is still judged as a whole). */
static void find_suspects(ll_analysis *a, ll_report *report, double warmup, double assembly_bytes, json_t *modules)
{
    double growth_total = 0;
    ll_trend trends[MAX_SUSPECTS];
    const ll_group *found[MAX_SUSPECTS];
    size_t nfound = 0, more = 0;
    for (size_t i = 0; i < ll_groups_count(a->groups); i++) {
        const ll_group *g = ll_groups_at(a->groups, i);
        struct series_result r;
        if (!g->alive_series ||
            ll_judge(&a->t, g->alive_series, warmup, a->t.floor[LL_SERIES_ASSEMBLIES], &r) != LL_LEAK)
            continue;
        if (nfound == MAX_SUSPECTS) {
            more++;
            continue;
        }
        trends[nfound] = r.all;
        found[nfound++] = g;
        growth_total += r.all.slope;
    }
    if (more) {
        char warning[160];
        snprintf(warning, sizeof warning, "%zu more assembly groups leak than the %d listed as suspects", more,
                 MAX_SUSPECTS);
        ll_analysis_warn(a, warning);
    }
    for (size_t i = 0; i < nfound; i++) {
        ll_suspect *s = ll_report_add_suspect(report);
        if (!s || ll_group_suspect(found[i], s) < 0)
            continue;
        s->per_iteration = trends[i].slope;
        s->p_value = trends[i].p_value;
        if (growth_total > 0 && assembly_bytes > 0)
            s->bytes_per_assembly = assembly_bytes / growth_total;
        json_array_append(modules, found[i]->representative);
    }
}

#define MAX_COUNTERS_SHOWN 20

struct counter_move {
    const char *name;
    json_int_t first, last;
    double growth; /* relative; counters that started at 0 rank by their last value */
};

static int by_growth_descending(const void *pa, const void *pb)
{
    const struct counter_move *a = pa, *b = pb;
    return (a->growth < b->growth) - (a->growth > b->growth);
}

/* The runtime counters that grew by 10 % or more between FIRST (the first
 * snapshot after the first call, when the framework is loaded) and LAST,
 * most grown first, at most MAX_COUNTERS_SHOWN: what Mono's own
 * bookkeeping says grew. */
static void find_moving_counters(json_t *first, json_t *last, ll_views *views)
{
    json_t *fc = json_object_get(first, "runtime"), *lc = json_object_get(last, "runtime");
    struct counter_move *moves = malloc((json_object_size(lc) + 1) * sizeof *moves);
    size_t n = 0;
    const char *key;
    json_t *value;
    json_object_foreach(lc, key, value) {
        json_t *before = json_object_get(fc, key);
        if (!moves || !json_is_integer(value) || !json_is_integer(before))
            continue;
        json_int_t a = json_integer_value(before), b = json_integer_value(value);
        /* In doubles: the difference of two int64 counters can overflow. */
        double growth = a > 0 ? ((double)b - (double)a) / (double)a : (double)b;
        if (a >= 0 && b > a && growth >= 0.10)
            moves[n++] = (struct counter_move){key, a, b, growth};
    }
    if (n)
        qsort(moves, n, sizeof *moves, by_growth_descending);
    size_t shown = n < MAX_COUNTERS_SHOWN ? n : MAX_COUNTERS_SHOWN;
    views->counters_moved = shown ? calloc(shown, sizeof *views->counters_moved) : NULL;
    for (size_t i = 0; views->counters_moved && i < shown; i++) {
        views->counters_moved[i] = (ll_counter_move){strdup(moves[i].name), moves[i].first, moves[i].last};
        views->counter_move_count++;
    }
    free(moves);
}

/* The assembly groups with more than one member loaded (like !dumpdomain,
 * grouped). */
static void find_repeated_groups(const ll_analysis *a, ll_views *views)
{
    size_t n = ll_groups_count(a->groups);
    views->repeated_groups = n ? calloc(n, sizeof *views->repeated_groups) : NULL;
    for (size_t i = 0; views->repeated_groups && i < n; i++) {
        const ll_group *g = ll_groups_at(a->groups, i);
        if (!(g->alive > 1 || (g->alive > 0 && g->seen > 1)))
            continue;
        ll_repeated_group *r = &views->repeated_groups[views->repeated_group_count++];
        r->name_pattern = strdup(g->name_pattern);
        r->origin = strdup(g->origin);
        r->loaded = g->alive;
        size_t k;
        json_t *name;
        json_array_foreach(g->examples, k, name)
            ll_string_list_add(&r->examples, &r->example_count, json_string_value(name));
    }
}

static void fill_views(ll_analysis *a, ll_views *views, json_t *modules)
{
    views->first_snapshot = json_incref(a->first_snapshot);
    views->last_snapshot = json_incref(a->last_snapshot);
    find_moving_counters(a->after_first_call ? a->after_first_call : a->first_snapshot, a->last_snapshot, views);
    find_repeated_groups(a, views);
    views->modules = json_incref(modules);
}

/* Iterations until the slope's interval would settle the question, from
 * the Theil-Sen interval's n^-1.5 narrowing. */
static double iterations_to_settle(const struct series_result *r, double spacing, size_t min_points)
{
    if (r->all.n < min_points)
        return (double)(min_points - r->all.n) * spacing;
    double half_width = (r->all.slope_high - r->all.slope_low) / 2;
    double gap = fabs(r->all.slope - r->floor);
    if (half_width <= 0 || gap <= 0)
        return (double)r->all.n * spacing;
    double factor = pow(half_width / gap, 2.0 / 3.0);
    return ceil(fmin(10.0, fmax(factor - 1, 0.5)) * (double)r->all.n * spacing);
}

static int by_value(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* The Theil-Sen line of the assemblies as the chart draws it: through the
 * median point of the fitted points, with the slope and its interval. */
static void set_assembly_trend(ll_plot *plot, const ll_series *s, double warmup, const ll_trend *t)
{
    const double *x, *y;
    size_t n = ll_post_warmup(s, warmup, &x, &y);
    if (n < 2 || t->n == 0)
        return;
    double *xs = malloc(n * sizeof *xs), *ys = malloc(n * sizeof *ys);
    if (xs && ys) {
        memcpy(xs, x, n * sizeof *xs);
        memcpy(ys, y, n * sizeof *ys);
        qsort(xs, n, sizeof *xs, by_value);
        qsort(ys, n, sizeof *ys, by_value);
        plot->has_assembly_trend = 1;
        plot->assembly_trend.pivot_x = xs[n / 2];
        plot->assembly_trend.pivot_y = ys[n / 2];
        plot->assembly_trend.slope = t->slope;
        plot->assembly_trend.slope_low = t->slope_low;
        plot->assembly_trend.slope_high = t->slope_high;
        plot->assembly_trend.x_from = x[0];
        plot->assembly_trend.x_to = x[n - 1];
    }
    free(xs);
    free(ys);
}

#define PLOT_GROUPS 6

/* The assembly groups with the most loaded at the end, and their counts
 * over the run. */
static void set_group_plots(const ll_analysis *a, ll_plot *plot)
{
    const ll_group *top[PLOT_GROUPS] = {0};
    for (size_t i = 0; i < ll_groups_count(a->groups); i++) {
        const ll_group *g = ll_groups_at(a->groups, i);
        if (!g->alive_series || g->alive < 2)
            continue;
        for (int k = 0; k < PLOT_GROUPS; k++)
            if (!top[k] || g->alive > top[k]->alive) {
                memmove(&top[k + 1], &top[k], (size_t)(PLOT_GROUPS - k - 1) * sizeof *top);
                top[k] = g;
                break;
            }
    }
    plot->groups = calloc(PLOT_GROUPS, sizeof *plot->groups);
    for (int k = 0; plot->groups && k < PLOT_GROUPS && top[k]; k++) {
        const ll_series *s = top[k]->alive_series;
        ll_plot_group *g = &plot->groups[plot->group_count++];
        g->name_pattern = strdup(top[k]->name_pattern);
        g->origin = strdup(top[k]->origin);
        g->generator = strdup(ll_group_generator(top[k]).what);
        g->points = s->count ? malloc(s->count * sizeof *g->points) : NULL;
        for (size_t i = 0; g->points && i < s->count; i++) {
            g->points[i][0] = s->x[i];
            g->points[i][1] = s->y[i];
            g->point_count++;
        }
    }
}

static void fill_plot(ll_analysis *a, ll_plot *plot, double warmup, const struct series_result *r)
{
    plot->warmup = warmup;
    for (int p = 0; p < LL_PLOT_SERIES_COUNT; p++) {
        const ll_envelope *e = &a->plot[p];
        ll_plot_series *out = &plot->series[p];
        out->buckets = e->count ? malloc(e->count * sizeof *out->buckets) : NULL;
        for (size_t b = 0; out->buckets && b < e->count; b++)
            out->buckets[out->count++] = (ll_plot_bucket){e->x_first[b], e->x_last[b], e->min[b], e->max[b],
                                                          e->sum[b] / (double)e->points[b]};
    }
    plot->unloads = a->unload_mark_count ? malloc(a->unload_mark_count * sizeof *plot->unloads) : NULL;
    if (plot->unloads) {
        memcpy(plot->unloads, a->unload_marks, a->unload_mark_count * sizeof *plot->unloads);
        plot->unload_count = a->unload_mark_count;
    }
    plot->failures = a->failure_marks;
    plot->failure_count = a->failure_mark_count;
    a->failure_marks = NULL;
    a->failure_mark_count = 0;
    set_assembly_trend(plot, &a->series[LL_SERIES_ASSEMBLIES], warmup, &r[LL_SERIES_ASSEMBLIES].all);
    set_group_plots(a, plot);
}

static char *string_copy(json_t *value)
{
    return json_is_string(value) ? strdup(json_string_value(value)) : NULL;
}

static void fill_input_and_run(ll_analysis *a, ll_report *report, double warmup)
{
    report->input.file = a->file ? strdup(a->file) : NULL;
    report->input.snapshots = a->snapshots;
    report->input.iterations = a->iterations;
    report->input.failed_iterations = a->failed_iterations;
    report->input.complete = a->ended;
    report->input.warmup_iterations = warmup;
    report->input.has_first_failure = a->failed_iterations > 0;
    report->input.first_failure = a->first_failure;
    memset(&a->first_failure, 0, sizeof a->first_failure);
    report->input.ms_per_call = a->timed_iterations ? a->wall_ms_after_first / (double)a->timed_iterations : NAN;
    if (!a->header)
        return;
    report->has_run = 1;
    report->run.scenario = string_copy(json_object_get(a->header, "scenario"));
    report->run.context = string_copy(json_object_get(a->header, "context"));
    report->run.entry = string_copy(json_object_get(a->header, "entry"));
    report->run.mono_version = string_copy(json_object_get(a->header, "mono_version"));
    json_t *x_unit = json_object_get(a->header, "x_unit");
    report->run.x_unit = strdup(json_is_string(x_unit) ? json_string_value(x_unit) : "iteration");
}

static void free_failure_marks(ll_analysis *a)
{
    for (size_t i = 0; i < a->failure_mark_count; i++) {
        free(a->failure_marks[i].exception_type);
        free(a->failure_marks[i].exception_message);
        free(a->failure_marks[i].exception_stack);
    }
    free(a->failure_marks);
    free(a->first_failure.exception_type);
    free(a->first_failure.exception_message);
    free(a->first_failure.exception_stack);
}

static void free_analysis(ll_analysis *a)
{
    ll_groups_free(a->groups);
    ll_type_tracker_free(a->types);
    for (int k = 0; k < SERIES_COUNT; k++)
        ll_series_free(&a->series[k]);
    ll_series_free(&a->elapsed);
    json_decref(a->header);
    json_decref(a->first_snapshot);
    json_decref(a->last_snapshot);
    json_decref(a->after_first_call);
    json_decref(a->warnings);
    free_failure_marks(a);
    ll_dump_diff_free(a->dumps);
    free(a->file);
    free(a);
}

/* Judges every series; returns the number that leak. */
static int judge_series(ll_analysis *a, ll_report *report, double warmup, struct series_result *r, int *trend_possible)
{
    double rss = last_value(&a->series[LL_SERIES_RSS]);
    double settle = 0;
    double spacing = snapshot_spacing(a);
    int leaks = 0, clean = 0, measured = 0;
    *trend_possible = 0;
    for (int k = 0; k < SERIES_COUNT; k++) {
        double floor = k == LL_SERIES_ASSEMBLIES ? a->t.floor[k]
                                                 : fmax(a->t.floor[k], a->t.min_share_per_iteration * rss);
        ll_verdict v = ll_judge(&a->t, &a->series[k], warmup, floor, &r[k]);
        measured += a->measured[k];
        *trend_possible |= r[k].all.n >= a->t.min_points;
        leaks += v == LL_LEAK;
        clean += v == LL_NO_LEAK || !a->measured[k];
        if (v == LL_INCONCLUSIVE && a->measured[k])
            settle = fmax(settle, iterations_to_settle(&r[k], spacing, a->t.min_points));
        fill_growth(&report->growth[k], &r[k], a->measured[k]);
        if (v == LL_LEAK && strcmp(ll_series_unit(k), "bytes") == 0 && r[k].all.slope > 0) {
            double ci[2] = {r[k].all.slope_low, r[k].all.slope_high};
            report->growth[k].severity = severity_of(r[k].all.slope, ci);
        }
        report->thresholds.floors[k] = r[k].floor;
    }
    report->verdict = leaks ? LL_LEAK : clean == SERIES_COUNT && measured ? LL_NO_LEAK : LL_INCONCLUSIVE;
    if (report->verdict == LL_INCONCLUSIVE && settle >= 1 && settle < MAX_MEASURED_VALUE)
        report->more_iterations_needed = (long)ceil(settle);
    return leaks;
}

/* No series to test: triage by composition, labelled as suspected; with
 * two dumps or more, by the pattern of what grew between them first. */
static void triage_without_trend(ll_analysis *a, ll_report *report, json_t *modules)
{
    report->basis = LL_BASIS_COMPOSITION;
    ll_composition_triage(a->groups, a->last_snapshot, &a->t, report, modules);
    if (!report->diff)
        return;
    ll_leak_kind diff_kind;
    const char *why;
    if (ll_dump_diff_pattern(report->diff, &diff_kind, &why)) {
        report->verdict = LL_LEAK;
        report->kind = diff_kind;
        report->basis = LL_BASIS_DUMP_DIFF;
    }
    json_object_set_new(report->diff, "pattern", json_string(why));
}

/* A live run shorter than twice its calls' timeout (live_calls.c): growth
 * the timeouts' timers can explain, of the GC heap and of RSS with it, is
 * held as inconclusive, series by series, with what would settle it.
 * Assemblies and malloc growing are not what timers keep: never held. */
static void hold_short_live_growth(ll_analysis *a, ll_report *report, double warmup, struct series_result *r)
{
    ll_live_span span;
    if (report->kind == LL_LEAK_KIND_ASSEMBLY || r[LL_SERIES_NATIVE].verdict == LL_LEAK ||
        !ll_live_span_too_short(a->header, &a->elapsed, warmup, &span))
        return;
    for (int k = 0; k < SERIES_COUNT; k++) {
        if (r[k].verdict != LL_LEAK)
            continue;
        r[k].verdict = LL_INCONCLUSIVE;
        report->growth[k].verdict = LL_INCONCLUSIVE;
        report->growth[k].severity = (ll_severity){0};
    }
    report->verdict = LL_INCONCLUSIVE;
    report->kind = LL_LEAK_KIND_NONE;
    report->has_shares = report->has_memory_split = 0;
    report->more_iterations_needed = span.more_calls;
    char note[512];
    snprintf(note, sizeof note, "a live run of %.1f s after warm-up, shorter than twice its calls' timeout (%.0f s): "
             "what each call keeps until its timeout fires (Mono's HttpWebRequest timeout timers, about 2.2 kB a "
             "call) cannot be told from a leak; %ld more calls, or a shorter --call-timeout-ms, would show whether "
             "the growth levels off (see what grows, by type)", span.span_ms / 1e3, span.timeout_ms / 1e3,
             span.more_calls);
    report->verdict_note = strdup(note);
}

/* What grows, by type, and in a managed leak the types as suspects. */
static void judge_types(ll_analysis *a, ll_report *report, double warmup)
{
    char warning[200];
    if (ll_type_tracker_unfollowed(a->types)) {
        snprintf(warning, sizeof warning, "%zu heap-shot rows of types beyond the first %d were not followed",
                 ll_type_tracker_unfollowed(a->types), LL_TYPES_FOLLOWED);
        ll_analysis_warn(a, warning);
    }
    if (ll_type_tracker_shots(a->types) < 2)
        return;
    if (ll_type_tracker_report(a->types, &a->t, warmup, report) < 0)
        ll_analysis_warn(a, "out of memory: what grows, by type, is incomplete");
    const char *x_unit = json_string_value(json_object_get(a->header, "x_unit"));
    if (report->verdict == LL_LEAK && (report->kind == LL_LEAK_KIND_MANAGED || report->kind == LL_LEAK_KIND_MIXED))
        ll_type_growth_suspects(report, x_unit && strcmp(x_unit, "dump") == 0 ? "!dumpheap -stat" : "heap-shot");
}

ll_report *ll_analysis_finish(ll_analysis *a)
{
    const char *context = json_string_value(json_object_get(a->header, "context"));
    if (!a->ended && context && strcmp(context, "imported") != 0)
        ll_analysis_warn(a, "no end record: the run was killed (or is still running); the series stops at its last "
                            "complete line");
    ll_report *report = ll_report_new();
    json_t *modules = json_array();
    if (!report || !modules) {
        ll_report_free(report);
        json_decref(modules);
        free_analysis(a);
        return NULL;
    }
    double warmup = warmup_iterations(a);
    struct series_result r[SERIES_COUNT];
    int trend_possible;
    judge_series(a, report, warmup, r, &trend_possible);
    if (report->verdict == LL_LEAK) {
        set_kind_shares(report, r);
        hold_short_live_growth(a, report, warmup, r);
    }
    double leak_bytes = fmax(r[LL_SERIES_RSS].all.slope, r[LL_SERIES_MANAGED].all.slope);
    report->diff = a->dumps ? ll_dump_diff_json(a->dumps, a->groups) : NULL;
    if (report->verdict != LL_LEAK && ll_survival_suspects(a->groups, snapshot_spacing(a), report, modules) > 0) {
        report->verdict = LL_LEAK;
        report->kind = LL_LEAK_KIND_ASSEMBLY;
        report->basis = LL_BASIS_SURVIVAL;
        report->more_iterations_needed = 0;
    } else if (!trend_possible) {
        triage_without_trend(a, report, modules);
        report->suspected = report->verdict == LL_LEAK;
        leak_bytes = 0;
    } else {
        find_suspects(a, report, warmup, report->share_assembly * leak_bytes, modules);
    }
    judge_types(a, report, warmup);
    fill_plot(a, &report->plot, warmup, r);
    if (report->verdict == LL_LEAK && leak_bytes > 0) {
        report->has_projection = 1;
        report->projection_bytes_per_iteration = leak_bytes;
    }
    if (report->verdict == LL_LEAK)
        report->severity = worst_severity(report->growth, leak_bytes);
    set_budgets(report, &a->t, r);
    fill_input_and_run(a, report, warmup);
    report->thresholds.alpha = a->t.alpha;
    report->thresholds.min_share_per_iteration = a->t.min_share_per_iteration;
    report->thresholds.min_points = a->t.min_points;
    report->has_views = a->last_snapshot != NULL;
    if (report->has_views)
        fill_views(a, &report->views, modules);
    json_decref(modules);
    size_t i;
    json_t *warning;
    json_array_foreach(a->warnings, i, warning)
        ll_string_list_add(&report->warnings, &report->warning_count, json_string_value(warning));
    free_analysis(a);
    return report;
}

static int feed_visitor(const ll_record *rec, void *a, ll_error *err)
{
    return ll_analysis_feed(a, rec, err);
}

/* Reads the whole series from PATH or, when STREAM is given, from it. */
static ll_report *analyze(const char *path, FILE *stream, const ll_thresholds *t, ll_error *err)
{
    ll_analysis *a = ll_analysis_new(t);
    char warning[512];
    if (!a) {
        if (stream)
            fclose(stream);
        ll_error_set(err, "%s: out of memory", path);
        return NULL;
    }
    int rc = stream ? ll_snapshot_read_stream(stream, path, feed_visitor, a, warning, sizeof warning, err)
                    : ll_snapshot_read_file(path, feed_visitor, a, warning, sizeof warning, err);
    if (rc < 0) {
        free_analysis(a);
        return NULL;
    }
    if (warning[0])
        ll_analysis_warn(a, warning);
    if (a->snapshots == 0) {
        ll_error_set(err, "%s: no snapshot records: nothing to analyse", path);
        free_analysis(a);
        return NULL;
    }
    return ll_analysis_finish(a);
}

ll_report *ll_analyze_file(const char *path, const ll_thresholds *t, ll_error *err)
{
    return analyze(path, NULL, t, err);
}

ll_report *ll_analyze_stream(FILE *stream, const char *name, const ll_thresholds *t, ll_error *err)
{
    return analyze(name, stream, t, err);
}

ll_verdict ll_report_verdict(const ll_report *r)
{
    return r->verdict;
}
