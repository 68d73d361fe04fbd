/* Feeding the analysis (analysis_internal.h): each record of a series is
 * checked, then kept as bounded series, assembly groups, heap-shot types,
 * failures and the first and last snapshot. A bad record is an error
 * naming its file, line and field, and adds nothing. */
#include "analysis_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The assemblies the survival rule counts: in a run, the root domain's,
 * and in a collectible run whose every snapshot follows an unload, every
 * domain's (what is still loaded then outlived its domain); in an import,
 * every assembly. */
static void count_surviving_domains(ll_analysis *a)
{
    ll_value root = ll_record_value(a->header, LL_FIELD_ROOT_DOMAIN);
    ll_value every = ll_record_value(a->header, LL_OPTION_SNAPSHOT_EVERY);
    ll_value recycle = ll_record_value(a->header, LL_OPTION_RECYCLE_EVERY);
    json_int_t m = recycle.kind == LL_VALUE_INTEGER ? recycle.integer : 0;
    json_int_t n = every.kind == LL_VALUE_INTEGER ? every.integer : 0;
    if (root.kind == LL_VALUE_INTEGER)
        ll__groups_count_domain(a->groups, (long)root.integer, m > 0 && n % m == 0);
}

/* Iterations beyond this are not a real run (nor are negative ones). */
#define MAX_ITERATION ((json_int_t)1 << 40)

/* The chart each judged series feeds (ll_series_field says where a
 * snapshot holds it). */
static const ll_plot_series_id series_plot[SERIES_COUNT] = {
    [LL_SERIES_RSS] = LL_PLOT_RSS,
    [LL_SERIES_MANAGED] = LL_PLOT_GC_HEAP,
    [LL_SERIES_NATIVE] = LL_PLOT_MALLOC,
    [LL_SERIES_ASSEMBLIES] = LL_PLOT_ASSEMBLIES,
};

static int field_error(const ll_record *rec, const char *field, const char *what, ll_error *err)
{
    ll_error_set(err, "%s:%ld: field '%s': %s", rec->file, rec->line, field, what);
    return -1;
}

static int present(const ll_value *v)
{
    return v->kind != LL_VALUE_ABSENT && v->kind != LL_VALUE_NULL;
}

static int is_number(const ll_value *v)
{
    return v->kind == LL_VALUE_INTEGER || v->kind == LL_VALUE_REAL;
}

struct shape_check {
    const ll_record *rec;
    ll_error *err;
    const char *region; /* the memory kind whose figures are being checked */
};

static int check_figure(const char *key, const ll_value *value, void *ctx)
{
    struct shape_check *c = ctx;
    if (is_number(value) && value->number >= 0 && value->number <= MAX_MEASURED_VALUE)
        return 0;
    char field[256];
    snprintf(field, sizeof field, "memory.%s.%s", c->region, key);
    return field_error(c->rec, field, "expected a number from 0 to 2^53", c->err);
}

static int check_region(const char *key, const ll_value *value, void *ctx)
{
    struct shape_check *c = ctx;
    if (value->kind != LL_VALUE_OBJECT) {
        char field[256];
        snprintf(field, sizeof field, "memory.%s", key);
        return field_error(c->rec, field, "expected an object {rss, size, regions}", c->err);
    }
    c->region = key;
    return ll_value_each_member(value, check_figure, c);
}

/* The objects of a snapshot that hold figures must be objects, and every
 * byte figure of "memory" a number from 0 to 2^53. */
static int check_snapshot_shape(const ll_record *rec, ll_error *err)
{
    static const char *const objects[] = {LL_FIELD_MEMORY, LL_FIELD_MALLOC, LL_FIELD_GC, LL_FIELD_RUNTIME,
                                          LL_FIELD_ASSEMBLIES, "state"};
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        ll_value v = ll_record_value(rec, objects[i]);
        if (present(&v) && v.kind != LL_VALUE_OBJECT)
            return field_error(rec, objects[i], "expected an object", err);
    }
    struct shape_check c = {rec, err, NULL};
    ll_value memory = ll_record_value(rec, LL_FIELD_MEMORY);
    return ll_value_each_member(&memory, check_region, &c);
}

/* The last snapshot, kept as its line and parsed only at the end
 * (ll__analysis_settle): keeping every snapshot whole to keep the last
 * costs more than the whole analysis. A record not read from a file is
 * copied. */
static int keep_last_snapshot(ll_analysis *a, const ll_record *rec)
{
    size_t len;
    const char *text = ll_record_text(rec, &len);
    ll_record_free(a->last_snapshot);
    a->last_snapshot = NULL;
    a->last_snapshot_len = 0;
    if (!text)
        return (a->last_snapshot = ll_record_copy(rec)) ? 0 : -1;
    if (len + 1 > a->last_snapshot_cap) {
        char *grown = realloc(a->last_snapshot_text, len + 1);
        if (!grown)
            return -1;
        a->last_snapshot_text = grown;
        a->last_snapshot_cap = len + 1;
    }
    memcpy(a->last_snapshot_text, text, len);
    a->last_snapshot_text[len] = '\0';
    a->last_snapshot_len = len;
    a->last_snapshot_line = rec->line;
    return 0;
}

void ll__analysis_settle(ll_analysis *a)
{
    if (!a->last_snapshot_len)
        return;
    ll_error err;
    ll_record_free(a->last_snapshot);
    a->last_snapshot = ll_record_parse(a->last_snapshot_text, a->last_snapshot_len, a->file, a->last_snapshot_line, &err);
    a->last_snapshot_len = 0;
}

/* A snapshot may lack some kinds (an imported dump has no malloc figure,
 * a counters trace no assembly inventory): each kind's series gets a point
 * only where its field is present; a present field must be a number. Its
 * fields are read in place (ll_record_value): only the few snapshots kept
 * whole are built as JSON. */
/* The last snapshot with native sites, whose rows name each site's
 * callers. */
static int keep_last_sites(ll_analysis *a, const ll_record *rec)
{
    ll_record_free(a->last_sites);
    return (a->last_sites = ll_record_copy(rec)) ? 0 : -1;
}

static int feed_snapshot(ll_analysis *a, const ll_record *rec, ll_error *err)
{
    json_int_t iteration;
    if (ll_record_get_int(rec, LL_FIELD_ITERATION, &iteration, err) < 0 || check_snapshot_shape(rec, err) < 0)
        return -1;
    if (iteration < 0 || iteration > MAX_ITERATION)
        return field_error(rec, "iteration", "expected a whole number from 0 to 2^40", err);
    if (a->snapshots > 0 && (double)iteration <= a->last_snapshot_iteration) {
        ll_error_set(err, "%s:%ld: field 'iteration': %lld comes after a snapshot at iteration %.0f: snapshots must "
                     "be in increasing iteration order", rec->file, rec->line, (long long)iteration,
                     a->last_snapshot_iteration);
        return -1;
    }
    ll_value seq = ll_record_value(rec, LL_FIELD_SEQ);
    if (present(&seq) && (seq.kind != LL_VALUE_INTEGER || seq.integer < 0 || seq.integer > MAX_ITERATION ||
                          (a->snapshots > 0 && seq.integer <= a->last_snapshot_seq)))
        return field_error(rec, "seq", "expected a whole number greater than the previous snapshot's", err);
    if (present(&seq))
        a->last_snapshot_seq = seq.integer;
    /* Every value is checked before any is kept, so a bad snapshot adds
     * nothing. */
    ll_value values[SERIES_COUNT];
    for (int k = 0; k < SERIES_COUNT; k++) {
        ll_value *value = &values[k];
        *value = ll_record_value(rec, ll_series_field(k));
        double unused;
        if (!present(value))
            continue;
        if (!is_number(value))
            return ll_record_get_number(rec, ll_series_field(k), &unused, err); /* names file, line, field */
        if (value->number < 0 || value->number > MAX_MEASURED_VALUE)
            return field_error(rec, ll_series_field(k), "expected a number from 0 to 2^53", err);
    }
    ll_value rows = ll_record_value(rec, LL_FIELD_DUMPHEAP), sites = ll_record_value(rec, LL_FIELD_NATIVE_SITES);
    char why[160];
    if (present(&rows) && ll__type_rows_read(a->types, &rows, why, sizeof why) < 0)
        return field_error(rec, LL_FIELD_DUMPHEAP, why, err);
    if (present(&sites) && ll__type_rows_read(a->sites, &sites, why, sizeof why) < 0)
        return field_error(rec, LL_FIELD_NATIVE_SITES, why, err);
    if ((present(&rows) && ll__type_tracker_add(a->types, (double)iteration) < 0) ||
        (present(&sites) && (ll__type_tracker_add(a->sites, (double)iteration) < 0 ||
                             keep_last_sites(a, rec) < 0))) {
        ll_error_set(err, "%s:%ld: out of memory", rec->file, rec->line);
        return -1;
    }
    for (int k = 0; k < SERIES_COUNT; k++) {
        if (!present(&values[k]))
            continue;
        ll__series_add(&a->series[k], (double)iteration, values[k].number);
        ll__envelope_add(&a->plot[series_plot[k]], (double)iteration, values[k].number);
        a->measured[k] = 1;
    }
    ll_value elapsed = ll_record_value(rec, LL_FIELD_ELAPSED_MS);
    if (is_number(&elapsed))
        ll__series_add(&a->elapsed, (double)iteration, elapsed.number);
    ll_value images = ll_record_value(rec, MANAGED_IMAGES_FIELD);
    if (is_number(&images))
        ll__envelope_add(&a->plot[LL_PLOT_MANAGED_IMAGES], (double)iteration, images.number);
    ll__groups_sample(a->groups, (double)iteration);
    const char *x_unit = ll_record_string(a->header, LL_FIELD_X_UNIT);
    if (x_unit && strcmp(x_unit, "dump") == 0) {
        if (!a->dumps)
            a->dumps = ll__dump_diff_new();
        if (a->dumps)
            ll__dump_diff_add(a->dumps, rec);
    }
    if ((!a->first_snapshot && !(a->first_snapshot = ll_record_copy(rec))) ||
        (!a->after_first_call && iteration >= 1 && !(a->after_first_call = ll_record_copy(rec))) ||
        keep_last_snapshot(a, rec) < 0) {
        ll_error_set(err, "%s:%ld: out of memory", rec->file, rec->line);
        return -1;
    }
    a->last_snapshot_iteration = (double)iteration;
    a->snapshots++;
    return 0;
}

/* A failed iteration and its exception, as the record REC gives it. */
static void read_failure(json_int_t iteration, const ll_record *rec, ll_failure *f)
{
    const char *type = ll_record_string(rec, LL_FIELD_EXCEPTION "." LL_FIELD_EXCEPTION_TYPE);
    const char *message = ll_record_string(rec, LL_FIELD_EXCEPTION "." LL_FIELD_EXCEPTION_MESSAGE);
    const char *stack = ll_record_string(rec, LL_FIELD_EXCEPTION "." LL_FIELD_EXCEPTION_STACK);
    f->iteration = (long)iteration;
    f->exception_type = type ? strdup(type) : NULL;
    f->exception_message = type && message ? strdup(message) : NULL;
    f->exception_stack = type && stack ? strdup(stack) : NULL;
}

static int feed_iteration(ll_analysis *a, const ll_record *rec, ll_error *err)
{
    json_int_t iteration;
    const char *outcome;
    if (ll_record_get_int(rec, LL_FIELD_ITERATION, &iteration, err) < 0 ||
        ll_record_get_string(rec, LL_FIELD_OUTCOME, &outcome, err) < 0)
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
    ll_value wall = ll_record_value(rec, LL_FIELD_WALL_MS);
    if (present(&wall) && (!is_number(&wall) || !(wall.number >= 0 && wall.number < 1e12)))
        return field_error(rec, "wall_ms", "expected milliseconds from 0 to 10^12", err);
    if (iteration > 1 && present(&wall)) {
        a->wall_ms_after_first += wall.number;
        a->timed_iterations++;
    }
    if (strcmp(outcome, "failed") == 0) {
        if (a->failed_iterations++ == 0)
            read_failure(iteration, rec, &a->first_failure);
        if (a->failure_mark_count < MAX_MARKS) {
            ll_failure *grown = realloc(a->failure_marks, (a->failure_mark_count + 1) * sizeof *grown);
            if (!grown) {
                ll_error_set(err, "%s:%ld: out of memory", rec->file, rec->line);
                return -1;
            }
            a->failure_marks = grown;
            read_failure(iteration, rec, &a->failure_marks[a->failure_mark_count++]);
        }
    }
    return 0;
}

/* A run that did not complete is analysed, and the report says so. */
static int feed_end(ll_analysis *a, const ll_record *rec, ll_error *err)
{
    const char *status;
    char warning[256];
    if (ll_record_get_string(rec, LL_FIELD_STATUS, &status, err) < 0)
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
    ll_value iteration = ll_record_value(rec, LL_FIELD_ITERATION);
    size_t n = a->unload_mark_count;
    if (iteration.kind != LL_VALUE_INTEGER || (n && a->unload_marks[n - 1] == (long)iteration.integer))
        return;
    if (n == MAX_MARKS) {
        for (size_t i = 0; i < n / 2; i++)
            a->unload_marks[i] = a->unload_marks[2 * i];
        n = a->unload_mark_count = n / 2;
    }
    a->unload_marks[a->unload_mark_count++] = (long)iteration.integer;
}

static int add_import_warning(const ll_value *warning, void *a)
{
    if (warning->kind == LL_VALUE_STRING)
        ll_analysis_warn(a, warning->string);
    return 0;
}

int ll_analysis_feed(ll_analysis *a, const ll_record *rec, ll_error *err)
{
    if (!a->file && !(a->file = strdup(rec->file))) {
        ll_error_set(err, "%s: out of memory", rec->file);
        return -1;
    }
    switch (rec->type) {
    case LL_RECORD_HEADER: {
        ll_record_free(a->header);
        if (!(a->header = ll_record_copy(rec))) {
            ll_error_set(err, "%s:%ld: out of memory", rec->file, rec->line);
            return -1;
        }
        count_surviving_domains(a);
        a->calibration = ll__calibration_for(a->header);
        /* An imported series carries the importer's warnings. */
        ll_value warnings = ll_record_value(rec, LL_FIELD_IMPORT_WARNINGS);
        ll_value_each_item(&warnings, add_import_warning, a);
        return 0;
    }
    case LL_RECORD_TYPESET:
        return ll__groups_add_typeset(a->groups, rec, err);
    case LL_RECORD_ASSEMBLY:
        return ll__groups_add(a->groups, rec, err);
    case LL_RECORD_UNLOAD:
        mark_unload(a, rec);
        return ll__groups_unload(a->groups, rec, err);
    case LL_RECORD_ITERATION:
        return feed_iteration(a, rec, err);
    case LL_RECORD_SNAPSHOT:
        return feed_snapshot(a, rec, err);
    case LL_RECORD_END:
        return feed_end(a, rec, err);
    }
    return 0;
}
