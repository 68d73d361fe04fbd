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
#include "series.h"
#include "trend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The series the report's charts draw: the memory of the process stacked
 * by kind (the rest of RSS is what the others do not explain), and the
 * assemblies loaded. All but the managed images are the judged series
 * (series_info[].plot). */
enum plot_series { PLOT_RSS, PLOT_GC_HEAP, PLOT_MALLOC, PLOT_MANAGED_IMAGES, PLOT_ASSEMBLIES, PLOT_SERIES };
static const char *const plot_names[PLOT_SERIES] = {"rss", "gc_heap", "malloc", "managed_images", "assemblies"};
#define MANAGED_IMAGES_FIELD "memory.image_managed.rss"
#define MAX_MARKS 500

struct ll_report {
    ll_verdict verdict;
    json_t *json;     /* the whole result; report/ renders it */
    int fails_budget; /* see ll_report_fails_budget */
};

/* The series judged for a trend. "Kind" is kept for what the report calls
 * the leak (assembly, managed, native, mixed): a series is what is measured. */
enum series_id { SERIES_RSS, SERIES_MANAGED, SERIES_NATIVE, SERIES_ASSEMBLIES, SERIES_COUNT };

static const struct {
    const char *name;
    const char *field;
    const char *unit;
    const char *meaning;
    enum plot_series plot;
} series_info[SERIES_COUNT] = {
    {"rss", "memory.total.rss", "bytes", "resident memory of the whole process", PLOT_RSS},
    {"managed", "gc.used_size", "bytes", "GC heap in use after a full collection", PLOT_GC_HEAP},
    {"native", "malloc.in_use", "bytes", "malloc'd memory in use (the runtime's own metadata included)", PLOT_MALLOC},
    {"assemblies", "assemblies.loaded", "assemblies", "assemblies loaded", PLOT_ASSEMBLIES},
};

struct ll_analysis {
    ll_thresholds t;
    ll_series series[SERIES_COUNT];
    int measured[SERIES_COUNT];
    ll_groups *groups;
    json_t *header, *first_snapshot, *last_snapshot;
    json_t *after_first_call; /* the first snapshot past iteration 0: warm */
    json_t *warnings;
    json_t *first_failure;
    ll_dump_diff *dumps; /* an imported series of dumps: what grew between them */
    /* What the charts of the HTML report draw (report/): */
    ll_envelope plot[PLOT_SERIES];
    json_t *unload_marks;  /* iterations of unloads, thinned to MAX_MARKS */
    json_t *failure_marks; /* the first MAX_MARKS failed iterations */
    long snapshots, iterations, failed_iterations;
    double wall_ms_after_first; /* iterations after the first, summed */
    long timed_iterations;
    double last_snapshot_iteration;
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
    [SERIES_RSS] = 4096, [SERIES_MANAGED] = 1024, [SERIES_NATIVE] = 3072, [SERIES_ASSEMBLIES] = 0.05,
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

int ll_series_index(const char *name)
{
    for (int k = 0; k < SERIES_COUNT; k++)
        if (strcmp(series_info[k].name, name) == 0)
            return k;
    return -1;
}

const char *ll_verdict_name(ll_verdict v)
{
    return v == LL_LEAK ? "leak" : v == LL_NO_LEAK ? "no-leak" : "inconclusive";
}

ll_analysis *ll_analysis_new(const ll_thresholds *t)
{
    ll_analysis *a = calloc(1, sizeof *a);
    if (!a || !(a->groups = ll_groups_new())) {
        free(a);
        return NULL;
    }
    a->t = *t;
    for (int k = 0; k < SERIES_COUNT; k++)
        ll_series_init(&a->series[k]);
    for (int p = 0; p < PLOT_SERIES; p++)
        ll_envelope_init(&a->plot[p]);
    a->warnings = json_array();
    a->unload_marks = json_array();
    a->failure_marks = json_array();
    return a;
}

void ll_analysis_warn(ll_analysis *a, const char *warning)
{
    json_array_append_new(a->warnings, json_string(warning));
}

static void replace_ref(json_t **slot, json_t *value)
{
    json_decref(*slot);
    *slot = json_incref(value);
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
    for (int k = 0; k < SERIES_COUNT; k++) {
        if (!values[k])
            continue;
        ll_series_add(&a->series[k], (double)iteration, json_number_value(values[k]));
        ll_envelope_add(&a->plot[series_info[k].plot], (double)iteration, json_number_value(values[k]));
        a->measured[k] = 1;
    }
    json_t *images = ll_record_find(rec, MANAGED_IMAGES_FIELD);
    if (json_is_number(images))
        ll_envelope_add(&a->plot[PLOT_MANAGED_IMAGES], (double)iteration, json_number_value(images));
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
    if (iteration > 1 && json_is_number(wall) && json_number_value(wall) >= 0 && json_number_value(wall) < 1e12) {
        a->wall_ms_after_first += json_number_value(wall);
        a->timed_iterations++;
    }
    if (strcmp(outcome, "failed") == 0 && json_array_size(a->failure_marks) < MAX_MARKS)
        json_array_append_new(a->failure_marks, json_pack("{sI sO*}", "iteration", iteration, "exception",
                                                          ll_record_find(rec, "exception")));
    if (strcmp(outcome, "failed") == 0 && a->failed_iterations++ == 0)
        a->first_failure = json_pack("{sI sO*}", "iteration", iteration, "exception",
                                     ll_record_find(rec, "exception"));
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
    size_t n = json_array_size(a->unload_marks);
    if (!json_is_integer(iteration) || (n && json_equal(json_array_get(a->unload_marks, n - 1), iteration)))
        return;
    if (n == MAX_MARKS)
        for (size_t i = n; i-- > 0;)
            if (i % 2)
                json_array_remove(a->unload_marks, i);
    json_array_append(a->unload_marks, iteration);
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

struct series_result {
    ll_trend all, tail;
    int fitted;
    double floor;
    int significant, above_floor, still_growing;
    ll_verdict verdict;
};

static size_t post_warmup(const ll_series *s, double warmup, const double **x, const double **y)
{
    size_t start = 0;
    while (start < s->count && s->x[start] < warmup)
        start++;
    *x = s->x + start;
    *y = s->y + start;
    return s->count - start;
}

static ll_verdict judge(const ll_thresholds *t, const ll_series *s, double warmup,
                        double floor, struct series_result *r)
{
    const double *x, *y;
    size_t n = post_warmup(s, warmup, &x, &y);
    memset(r, 0, sizeof *r);
    r->floor = floor;
    if (n < t->min_points || ll_trend_fit(x, y, n, &r->all) < 0)
        return r->verdict = LL_INCONCLUSIVE;
    size_t half = n / 2;
    r->fitted = ll_trend_fit(x + half, y + half, n - half, &r->tail) == 0;
    r->significant = r->all.p_value < t->alpha && r->all.slope > 0;
    r->above_floor = r->all.slope > floor;
    /* The last half must still rise, above half the floor, for growth that
     * the whole run shows to count as a leak rather than a filled cache. */
    r->still_growing = r->fitted && r->tail.p_value < 0.05 && r->tail.slope >= floor / 2;
    if (r->significant && r->above_floor && r->still_growing)
        r->verdict = LL_LEAK;
    else if (r->all.slope_high < floor || (r->fitted && r->tail.slope_high < floor))
        r->verdict = LL_NO_LEAK;
    else
        r->verdict = LL_INCONCLUSIVE;
    return r->verdict;
}

static double last_value(const ll_series *s)
{
    return s->count ? s->y[s->count - 1] : 0;
}

static double warmup_iterations(const ll_analysis *a)
{
    if (a->t.warmup_iterations >= 0)
        return (double)a->t.warmup_iterations;
    double last = a->series[SERIES_RSS].count ? a->series[SERIES_RSS].x[a->series[SERIES_RSS].count - 1] : 0;
    return fmax(2, ceil(0.1 * last));
}

/* A no-leak series that grows at all is not hidden. Either its whole-run
 * slope is below the floor ("below_resolution": at most the upper bound),
 * or it grew and then stopped, a filled cache ("levelled_off": the last
 * half's upper bound). */
static void set_no_leak_growth(json_t *j, const struct series_result *r)
{
    if (r->verdict != LL_NO_LEAK || r->all.slope <= 0)
        return;
    if (r->all.slope_high < r->floor)
        json_object_set_new(j, "below_resolution", json_pack("{sf sf}", "at_most", r->all.slope_high, "floor", r->floor));
    else
        json_object_set_new(j, "levelled_off", json_pack("{sf}", "last_half_at_most", fmax(0, r->tail.slope_high)));
}

static json_t *growth_json(const char *unit, const char *meaning, const struct series_result *r)
{
    json_t *j = json_pack("{ss ss ss}", "unit", unit, "meaning", meaning, "verdict",
                          ll_verdict_name(r->verdict));
    if (r->all.n == 0) {
        json_object_set_new(j, "per_iteration", json_null());
        return j;
    }
    json_object_set_new(j, "per_iteration", json_real(r->all.slope));
    json_object_set_new(j, "ci95", json_pack("[ff]", r->all.slope_low, r->all.slope_high));
    json_object_set_new(j, "mann_kendall", json_pack("{sf sf sf sf}", "s", r->all.s, "z", r->all.z,
                                                     "p_value", r->all.p_value, "tau", r->all.tau));
    json_object_set_new(j, "points", json_integer((json_int_t)r->all.n));
    json_object_set_new(j, "floor", json_real(r->floor));
    json_object_set_new(j, "significant", json_boolean(r->significant));
    json_object_set_new(j, "above_floor", json_boolean(r->above_floor));
    json_object_set_new(j, "last_half_per_iteration", r->fitted ? json_real(r->tail.slope) : json_null());
    json_object_set_new(j, "last_half_ci95",
                        r->fitted ? json_pack("[ff]", r->tail.slope_low, r->tail.slope_high) : json_null());
    json_object_set_new(j, "still_growing", json_boolean(r->still_growing));
    set_no_leak_growth(j, r);
    return j;
}

/* Splits the leaking bytes per iteration between the kinds. When the
 * assembly count leaks, everything that grows with it is counted as what
 * those assemblies pin (kind "assembly"): Mono allocates its loader
 * structures with malloc, and each generated assembly keeps its types,
 * reflection data and serializers alive in the GC heap. MEMORY_SPLIT says
 * where the bytes live either way. */
static json_t *kind_shares(const struct series_result *r, const char **kind, json_t **memory_split)
{
    /* The GC heap's part counts when its growth is significant, even if it
     * is too small to be a leak on its own. */
    double managed = r[SERIES_MANAGED].significant ? fmax(0, r[SERIES_MANAGED].all.slope) : 0;
    double outside = fmax(0, fmax(r[SERIES_RSS].all.slope - managed, r[SERIES_NATIVE].all.slope));
    if (r[SERIES_RSS].verdict != LL_LEAK && r[SERIES_NATIVE].verdict != LL_LEAK)
        outside = 0;
    double total = managed + outside;
    *memory_split = json_pack("{sf sf}", "gc_heap", total > 0 ? managed / total : 0.0, "outside_gc_heap",
                              total > 0 ? outside / total : 0.0);
    if (r[SERIES_ASSEMBLIES].verdict == LL_LEAK) {
        *kind = "assembly";
        return json_pack("{sf sf sf}", "assembly", 1.0, "managed", 0.0, "native", 0.0);
    }
    json_t *shares = json_pack("{sf sf sf}", "assembly", 0.0, "managed", total > 0 ? managed / total : 0.0,
                               "native", total > 0 ? outside / total : 0.0);
    *kind = "mixed";
    if (json_real_value(json_object_get(shares, "managed")) >= 0.75)
        *kind = "managed";
    else if (json_real_value(json_object_get(shares, "native")) >= 0.75)
        *kind = "native";
    return shares;
}

/* Severity grades, by bytes kept per iteration (see README.md, "Severity"):
 * major from 100 kB (+1 GB within about 10,000 calls), minor from 1 kB
 * (+1 GB within about a million calls), tiny below. */
#define SEVERITY_MAJOR_BYTES (100.0 * 1024)
#define SEVERITY_MINOR_BYTES 1024.0

static json_t *severity_json(double bytes_per_iteration, const double ci95[2])
{
    const char *grade = bytes_per_iteration >= SEVERITY_MAJOR_BYTES  ? "major"
                        : bytes_per_iteration >= SEVERITY_MINOR_BYTES ? "minor"
                                                                      : "tiny";
    json_t *j = json_pack("{ss sf sf sf}", "grade", grade, "bytes_per_iteration", bytes_per_iteration,
                          "calls_to_1gb", ceil(1073741824.0 / bytes_per_iteration), "bytes_per_million_calls",
                          bytes_per_iteration * 1e6);
    if (ci95)
        json_object_set_new(j, "ci95", json_pack("[ff]", ci95[0], ci95[1]));
    return j;
}

/* The severity of the fastest-growing leaking series; for an assembly
 * leak whose byte series are not leaks themselves, of what the assemblies
 * pin (LEAK_BYTES). */
static json_t *worst_severity(json_t *growth, double leak_bytes)
{
    json_t *worst = NULL;
    for (int k = 0; k < SERIES_COUNT; k++) {
        json_t *s = json_object_get(json_object_get(growth, series_info[k].name), "severity");
        if (s && (!worst || json_real_value(json_object_get(s, "bytes_per_iteration")) >
                                json_real_value(json_object_get(worst, "bytes_per_iteration"))))
            worst = s;
    }
    if (worst)
        return json_deep_copy(worst);
    return leak_bytes > 0 ? severity_json(leak_bytes, NULL) : json_null();
}

/* Budgets: for each series with one, {limit, exceeded}; FAILS is set when
 * a leaking series has no budget or is over it. */
static json_t *budget_json(const ll_thresholds *t, const struct series_result *r, int *fails)
{
    json_t *budget = json_object();
    *fails = 0;
    for (int k = 0; k < SERIES_COUNT; k++) {
        int leaking = r[k].verdict == LL_LEAK;
        int has_budget = !isnan(t->budget[k]);
        int exceeded = leaking && has_budget && r[k].all.slope > t->budget[k];
        *fails |= leaking && (!has_budget || exceeded);
        if (has_budget)
            json_object_set_new(budget, series_info[k].name,
                                json_pack("{sf sb}", "limit", t->budget[k], "exceeded", exceeded));
    }
    return budget;
}

#define MAX_SUSPECTS 64

/* A group is a suspect when its own loaded count passes the leak test.
 * The first MAX_SUSPECTS groups that do are listed, in the order they first
 * appeared; a warning says how many more there were. */
static json_t *find_suspects(ll_analysis *a, double warmup, double assembly_bytes, json_t **modules)
{
    json_t *suspects = json_array();
    *modules = json_array();
    double growth_total = 0;
    ll_trend trends[MAX_SUSPECTS];
    const ll_group *found[MAX_SUSPECTS];
    size_t nfound = 0, more = 0;
    for (size_t i = 0; i < ll_groups_count(a->groups); i++) {
        const ll_group *g = ll_groups_at(a->groups, i);
        struct series_result r;
        if (!g->alive_series ||
            judge(&a->t, g->alive_series, warmup, a->t.floor[SERIES_ASSEMBLIES], &r) != LL_LEAK)
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
        json_t *suspect = ll_group_suspect_json(found[i]);
        json_object_set_new(suspect, "per_iteration", json_real(trends[i].slope));
        json_object_set_new(suspect, "p_value", json_real(trends[i].p_value));
        if (growth_total > 0 && assembly_bytes > 0)
            json_object_set_new(suspect, "bytes_per_assembly", json_real(assembly_bytes / growth_total));
        json_array_append_new(suspects, suspect);
        json_array_append(*modules, found[i]->representative);
    }
    return suspects;
}

static json_t *memory_table(json_t *first, json_t *last)
{
    json_t *rows = json_array();
    json_t *fm = json_object_get(first, "memory"), *lm = json_object_get(last, "memory");
    const char *key;
    json_t *value;
    json_object_foreach(lm, key, value) {
        json_t *before = json_object_get(fm, key);
        json_array_append_new(rows, json_pack("{ss sO* sO*}", "kind", key, "first", before, "last", value));
    }
    return rows;
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
 * most grown first, at most MAX_COUNTERS_SHOWN: what Mono's
 * own bookkeeping says grew. */
static json_t *moving_counters(json_t *first, json_t *last)
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
    json_t *moved = json_array();
    for (size_t i = 0; i < n && i < MAX_COUNTERS_SHOWN; i++)
        json_array_append_new(moved, json_pack("{ss sI sI}", "counter", moves[i].name, "first", moves[i].first,
                                               "last", moves[i].last));
    free(moves);
    return moved;
}

static json_t *domain_view(ll_analysis *a)
{
    json_t *groups = json_array();
    for (size_t i = 0; i < ll_groups_count(a->groups); i++) {
        const ll_group *g = ll_groups_at(a->groups, i);
        if (g->alive > 1 || (g->alive > 0 && g->seen > 1))
            json_array_append_new(groups, json_pack("{ss ss sI sO}", "name_pattern", g->name_pattern, "origin",
                                                    g->origin, "loaded", (json_int_t)g->alive, "examples",
                                                    g->examples));
    }
    return json_pack("{sO* so}", "by_domain",
                     json_object_get(json_object_get(a->last_snapshot, "assemblies"), "by_domain"),
                     "repeated_groups", groups);
}

static json_t *views_json(ll_analysis *a, json_t *modules)
{
    json_t *first = a->first_snapshot, *last = a->last_snapshot;
    return json_pack("{so s{sO* sO*} s{sO* sO*} so so so sO*}", "address_summary", memory_table(first, last),
                     "gc_heap", "first", json_object_get(first, "gc"), "last", json_object_get(last, "gc"), "malloc",
                     "first", json_object_get(first, "malloc"), "last", json_object_get(last, "malloc"),
                     "runtime_counters_moved",
                     moving_counters(a->after_first_call ? a->after_first_call : first, last), "domains", domain_view(a),
                     "modules", modules, "dumpheap", json_object_get(last, "dumpheap"));
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

/* The Theil-Sen line of a series as the chart draws it: through the
 * median point of the fitted points, with the slope and its interval. */
static json_t *trend_line(const ll_series *s, double warmup, const ll_trend *t)
{
    const double *x, *y;
    size_t n = post_warmup(s, warmup, &x, &y);
    if (n < 2 || t->n == 0)
        return json_null();
    double *xs = malloc(n * sizeof *xs), *ys = malloc(n * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return json_null();
    }
    memcpy(xs, x, n * sizeof *xs);
    memcpy(ys, y, n * sizeof *ys);
    qsort(xs, n, sizeof *xs, by_value);
    qsort(ys, n, sizeof *ys, by_value);
    json_t *line = json_pack("{sf sf sf sf sf sf sf}", "pivot_x", xs[n / 2], "pivot_y", ys[n / 2], "slope", t->slope,
                             "slope_low", t->slope_low, "slope_high", t->slope_high, "x_from", x[0], "x_to", x[n - 1]);
    free(xs);
    free(ys);
    return line;
}

#define PLOT_GROUPS 6

/* The assembly groups with the most loaded at the end, and their counts
 * over the run. */
static json_t *group_plots(const ll_analysis *a)
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
    json_t *groups = json_array();
    for (int k = 0; k < PLOT_GROUPS && top[k]; k++) {
        json_t *points = json_array();
        for (size_t i = 0; i < top[k]->alive_series->count; i++)
            json_array_append_new(points, json_pack("[ff]", top[k]->alive_series->x[i], top[k]->alive_series->y[i]));
        json_array_append_new(groups, json_pack("{ss ss ss so}", "name_pattern", top[k]->name_pattern, "origin",
                                                top[k]->origin, "generator", ll_group_generator(top[k]).what,
                                                "points", points));
    }
    return groups;
}

static json_t *plot_json(const ll_analysis *a, double warmup, const struct series_result *r)
{
    json_t *series = json_object();
    for (int p = 0; p < PLOT_SERIES; p++)
        if (a->plot[p].count)
            json_object_set_new(series, plot_names[p], ll_envelope_json(&a->plot[p]));
    return json_pack("{sf so sO sO so so}", "warmup", warmup, "series", series, "unloads", a->unload_marks, "failures",
                     a->failure_marks, "assembly_trend",
                     trend_line(&a->series[SERIES_ASSEMBLIES], warmup, &r[SERIES_ASSEMBLIES].all), "groups",
                     group_plots(a));
}

static json_t *input_json(const ll_analysis *a, double warmup)
{
    json_t *j = json_pack("{ss? sI sI sI sb sf sO*}", "file", a->file, "snapshots", (json_int_t)a->snapshots,
                          "iterations", (json_int_t)a->iterations, "failed_iterations",
                          (json_int_t)a->failed_iterations, "complete", a->ended, "warmup_iterations", warmup,
                          "first_failure", a->first_failure);
    json_object_set_new(j, "ms_per_call", a->timed_iterations
                                              ? json_real(a->wall_ms_after_first / (double)a->timed_iterations)
                                              : json_null());
    return j;
}

static void free_analysis(ll_analysis *a)
{
    ll_groups_free(a->groups);
    json_decref(a->header);
    json_decref(a->first_snapshot);
    json_decref(a->last_snapshot);
    json_decref(a->after_first_call);
    json_decref(a->warnings);
    json_decref(a->first_failure);
    json_decref(a->unload_marks);
    json_decref(a->failure_marks);
    ll_dump_diff_free(a->dumps);
    free(a->file);
    free(a);
}

ll_report *ll_analysis_finish(ll_analysis *a)
{
    const char *context = json_string_value(json_object_get(a->header, "context"));
    if (!a->ended && context && strcmp(context, "imported") != 0)
        ll_analysis_warn(a, "no end record: the run was killed (or is still running); the series stops at its last "
                            "complete line");
    ll_report *report = calloc(1, sizeof *report);
    if (!report) {
        free_analysis(a);
        return NULL;
    }
    double warmup = warmup_iterations(a);
    double rss = last_value(&a->series[SERIES_RSS]);
    struct series_result r[SERIES_COUNT];
    json_t *growth = json_object();
    int leaks = 0, clean = 0;
    double settle = 0, spacing = a->snapshots > 1 && a->iterations > 0 ? (double)a->iterations / (double)(a->snapshots - 1) : 1;
    int measured = 0, trend_possible = 0;
    for (int k = 0; k < SERIES_COUNT; k++) {
        double floor = k == SERIES_ASSEMBLIES ? a->t.floor[k] : fmax(a->t.floor[k], a->t.min_share_per_iteration * rss);
        ll_verdict v = judge(&a->t, &a->series[k], warmup, floor, &r[k]);
        measured += a->measured[k];
        trend_possible |= r[k].all.n >= a->t.min_points;
        leaks += v == LL_LEAK;
        clean += v == LL_NO_LEAK || !a->measured[k];
        if (v == LL_INCONCLUSIVE && a->measured[k])
            settle = fmax(settle, iterations_to_settle(&r[k], spacing, a->t.min_points));
        json_t *g = growth_json(series_info[k].unit, series_info[k].meaning, &r[k]);
        json_object_set_new(g, "measured", json_boolean(a->measured[k]));
        json_object_set_new(growth, series_info[k].name, g);
    }
    for (int k = 0; k < SERIES_COUNT; k++)
        if (r[k].verdict == LL_LEAK && strcmp(series_info[k].unit, "bytes") == 0 && r[k].all.slope > 0) {
            double ci[2] = {r[k].all.slope_low, r[k].all.slope_high};
            json_object_set_new(json_object_get(growth, series_info[k].name), "severity",
                                severity_json(r[k].all.slope, ci));
        }
    report->verdict = leaks ? LL_LEAK : clean == SERIES_COUNT && measured ? LL_NO_LEAK : LL_INCONCLUSIVE;
    const char *kind = "none";
    json_t *memory_split = json_null(), *composition = json_null(), *suspects, *modules;
    json_t *shares = report->verdict == LL_LEAK ? kind_shares(r, &kind, &memory_split) : json_null();
    double leak_bytes = fmax(r[SERIES_RSS].all.slope, r[SERIES_MANAGED].all.slope);
    json_t *diff = a->dumps ? ll_dump_diff_json(a->dumps, a->groups) : NULL;
    const char *basis = trend_possible ? "trend" : "composition";
    if (!trend_possible) {
        /* No series to test: triage by composition, labelled as suspected;
         * with two dumps or more, by the pattern of what grew between
         * them first. */
        suspects = json_array();
        modules = json_array();
        composition = ll_composition_triage(a->groups, a->last_snapshot, &a->t, &report->verdict, &kind, suspects,
                                            modules);
        const char *diff_kind, *why;
        if (diff && ll_dump_diff_pattern(diff, &diff_kind, &why)) {
            report->verdict = LL_LEAK;
            kind = diff_kind;
            basis = "dump-diff";
        }
        if (diff)
            json_object_set_new(diff, "pattern", json_string(why));
        leak_bytes = 0;
    } else {
        double assembly_share = json_is_object(shares) ? json_real_value(json_object_get(shares, "assembly")) : 0;
        suspects = find_suspects(a, warmup, assembly_share * leak_bytes, &modules);
    }
    json_t *j = json_pack("{ss ss ss sb so so so so so}", "verdict", ll_verdict_name(report->verdict), "kind", kind,
                          "basis", basis, "suspected",
                          !trend_possible && report->verdict == LL_LEAK, "kind_shares", shares, "memory_split",
                          memory_split, "growth", growth, "suspects", suspects, "composition", composition);
    json_object_set_new(j, "diff", diff ? diff : json_null());
    json_object_set_new(j, "plot", plot_json(a, warmup, r));
    json_object_set_new(j, "projection", report->verdict == LL_LEAK && leak_bytes > 0
                                             ? json_pack("{sf sf}", "bytes_per_iteration", leak_bytes,
                                                         "iterations_per_gib", ceil(1073741824.0 / leak_bytes))
                                             : json_null());
    json_object_set_new(j, "severity", report->verdict == LL_LEAK ? worst_severity(growth, leak_bytes) : json_null());
    json_object_set_new(j, "budget", budget_json(&a->t, r, &report->fails_budget));
    if (!trend_possible)
        report->fails_budget = report->verdict == LL_LEAK;
    json_object_set_new(j, "more_iterations_needed",
                        report->verdict == LL_INCONCLUSIVE && settle >= 1 && settle < MAX_MEASURED_VALUE
                            ? json_integer((json_int_t)ceil(settle))
                            : json_null());
    json_object_set_new(j, "input", input_json(a, warmup));
    json_t *x_unit = json_object_get(a->header, "x_unit");
    json_object_set_new(j, "run", a->header ? json_pack("{sO* sO* sO* sO* ss}", "scenario",
                                                        json_object_get(a->header, "scenario"), "context",
                                                        json_object_get(a->header, "context"), "entry",
                                                        json_object_get(a->header, "entry"), "mono_version",
                                                        json_object_get(a->header, "mono_version"), "x_unit",
                                                        json_is_string(x_unit) ? json_string_value(x_unit) : "iteration")
                                            : json_null());
    json_t *floors = json_object();
    for (int k = 0; k < SERIES_COUNT; k++)
        json_object_set_new(floors, series_info[k].name, json_real(r[k].floor));
    json_object_set_new(j, "thresholds", json_pack("{sf so sf sI}", "alpha", a->t.alpha, "floors", floors,
                                                   "min_share_per_iteration", a->t.min_share_per_iteration,
                                                   "min_points", (json_int_t)a->t.min_points));
    json_object_set_new(j, "views", a->last_snapshot ? views_json(a, modules) : (json_decref(modules), json_null()));
    json_object_set_new(j, "warnings", json_incref(a->warnings));
    report->json = j;
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

int ll_report_fails_budget(const ll_report *r)
{
    return r->fails_budget;
}

json_t *ll_report_to_json(const ll_report *r)
{
    return json_incref(r->json);
}

void ll_report_free(ll_report *r)
{
    if (!r)
        return;
    json_decref(r->json);
    free(r);
}
