/* What grows, by type. A run's snapshots carry a heap-shot (objects and
 * bytes per class, the "dumpheap" rows); an import carries one !dumpheap
 * -stat per dump. Each type becomes two bounded series, its object count
 * and its bytes, thinned in lock step with every other type's (a type first
 * seen late starts as a copy of the zeros it had before), and is judged by
 * the rule the memory series use (judge.h):
 *   - its object count against half an object per iteration: a type that
 *     gains one object per call leaks, however small the object;
 *   - its bytes against the managed heap's floor: a buffer that grows in
 *     place (one object, more bytes) leaks too.
 * The share a type explains is of the heap-shots' own total, not of the
 * GC's used size, which counts each object's size-class slot. */
#include "type_growth.h"

#include "judge.h"
#include "series.h"
#include "string_index.h"
#include "trend.h"

#include "leaklab/snapshot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Points kept per type: enough for the trend tests, small enough for the
 * thousands of types a big process has (2 kB each). */
#define TYPE_POINTS 64
#define MAX_TYPES LL_TYPES_FOLLOWED
#define COUNT_FLOOR 0.5 /* objects per iteration */
/* The largest figure a row may hold: 2^53, exact in a double. */
#define MAX_ROW_VALUE 9007199254740992.0

struct tracked_type {
    ll_series count, bytes;
    double pending_count, pending_bytes; /* of the heap-shot being added */
};

/* A row as read, its name in the line being read. */
struct read_row {
    const char *name;
    double count, bytes;
};

const ll_row_shape ll__dumpheap_rows = {LL_FIELD_DUMPHEAP_TYPE, LL_FIELD_DUMPHEAP_COUNT, LL_FIELD_DUMPHEAP_SIZE,
                                        LL_SERIES_MANAGED};
const ll_row_shape ll__native_site_rows = {LL_FIELD_SITE_NAME, NULL, LL_FIELD_SITE_BYTES, LL_SERIES_NATIVE};

struct ll_type_tracker {
    const ll_row_shape *shape;
    ll_string_index names; /* a type's index is its name's */
    struct tracked_type *types;
    size_t type_count;
    ll_series zeros; /* every heap-shot's x, at 0: what a new type had before */
    ll_series total; /* the heap-shots' total bytes */
    size_t shots, unfollowed;
    /* Types set aside to make room (they stayed flat), with their last
     * figures, which they start from again if they come back. */
    ll_string_index set_aside;
    double (*set_aside_last)[2];
    size_t set_aside_cap;
    /* The rows of the heap-shot being read, checked, until they are added. */
    struct read_row *rows;
    size_t row_count, row_cap;
    /* Each row position's type at the last heap-shot: heap-shots list
     * mostly the same types in the same order, and a name compared costs
     * less than one hashed. */
    long *type_at;
    size_t type_at_cap;
};

ll_type_tracker *ll__type_tracker_new(const ll_row_shape *shape)
{
    ll_type_tracker *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->shape = shape;
    t->types = calloc(MAX_TYPES, sizeof *t->types);
    if (!t->types || ll__series_init(&t->zeros, TYPE_POINTS) < 0 || ll__series_init(&t->total, TYPE_POINTS) < 0) {
        ll__type_tracker_free(t);
        return NULL;
    }
    return t;
}

void ll__type_tracker_free(ll_type_tracker *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->type_count; i++) {
        ll__series_free(&t->types[i].count);
        ll__series_free(&t->types[i].bytes);
    }
    free(t->types);
    ll__series_free(&t->zeros);
    ll__series_free(&t->total);
    ll__string_index_free(&t->names);
    ll__string_index_free(&t->set_aside);
    free(t->set_aside_last);
    free(t->rows);
    free(t->type_at);
    free(t);
}

/* A row's fields, read in one pass over its members. */
struct row_fields {
    const ll_row_shape *shape;
    ll_value name, count, bytes;
};

/* Whether KEY is FIELD (NULL: none), its first byte compared first: a
 * heap-shot line has thousands of rows. */
static int is_field(const char *key, const char *field)
{
    return field && key[0] == field[0] && strcmp(key, field) == 0;
}

static int take_field(const char *key, const ll_value *value, void *ctx)
{
    struct row_fields *f = ctx;
    if (is_field(key, f->shape->name))
        f->name = *value;
    else if (is_field(key, f->shape->count))
        f->count = *value;
    else if (is_field(key, f->shape->bytes))
        f->bytes = *value;
    return 0;
}

static int row_figure(const ll_value *v, double *out)
{
    if (v->kind != LL_VALUE_INTEGER || v->integer < 0 || (double)v->integer > MAX_ROW_VALUE)
        return -1;
    *out = (double)v->integer;
    return 0;
}

struct row_reading {
    ll_type_tracker *t;
    char *why;
    size_t len;
};

static int read_row(const ll_value *row, void *ctx)
{
    struct row_reading *r = ctx;
    ll_type_tracker *t = r->t;
    const ll_row_shape *shape = t->shape;
    struct row_fields f = {.shape = shape};
    struct read_row read = {0};
    ll_value_each_member(row, take_field, &f);
    if (f.name.kind != LL_VALUE_STRING || (shape->count && row_figure(&f.count, &read.count) < 0) ||
        row_figure(&f.bytes, &read.bytes) < 0) {
        snprintf(r->why, r->len, "row %zu: expected {%s: a string, %s%s%s: whole numbers from 0 to 2^53}",
                 t->row_count + 1, shape->name, shape->count ? shape->count : "", shape->count ? " and " : "",
                 shape->bytes);
        return -1;
    }
    if (t->row_count == t->row_cap) {
        size_t cap = t->row_cap ? t->row_cap * 2 : 1024;
        struct read_row *rows = realloc(t->rows, cap * sizeof *rows);
        if (!rows) {
            snprintf(r->why, r->len, "out of memory at row %zu", t->row_count + 1);
            return -1;
        }
        t->rows = rows;
        t->row_cap = cap;
    }
    read.name = f.name.string;
    t->rows[t->row_count++] = read;
    return 0;
}

int ll__type_rows_read(ll_type_tracker *t, const ll_value *rows, char *why, size_t len)
{
    t->row_count = 0;
    if (rows->kind != LL_VALUE_ARRAY) {
        snprintf(why, len, "expected an array of {%s, ...}", t->shape->name);
        return -1;
    }
    struct row_reading r = {t, why, len};
    return ll_value_each_item(rows, read_row, &r);
}

/* How much TYPE's object count moved over its heap-shots. */
static double rise(const struct tracked_type *type)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < type->count.count; i++) {
        lo = fmin(lo, type->count.y[i]);
        hi = fmax(hi, type->count.y[i]);
    }
    return type->count.count ? hi - lo : 0;
}

struct flat_candidate {
    size_t index;
    double rise, bytes;
};

static int flattest_first(const void *a, const void *b)
{
    const struct flat_candidate *x = a, *y = b;
    if (x->rise != y->rise)
        return x->rise < y->rise ? -1 : 1;
    return x->bytes < y->bytes ? -1 : x->bytes > y->bytes;
}

/* Remembers NAME's last figures, set aside. */
static int remember(ll_type_tracker *t, const char *name, const struct tracked_type *type)
{
    int added;
    long k = ll__string_index_intern(&t->set_aside, name, &added);
    if (k < 0)
        return -1;
    if ((size_t)k >= t->set_aside_cap) {
        size_t cap = t->set_aside_cap ? t->set_aside_cap * 2 : 1024;
        double(*last)[2] = realloc(t->set_aside_last, cap * sizeof *last);
        if (!last)
            return -1;
        t->set_aside_last = last;
        t->set_aside_cap = cap;
    }
    /* Its figures in the heap-shot being added, else its last point. */
    size_t n = type->count.count;
    int pending = type->pending_count > 0 || type->pending_bytes > 0;
    t->set_aside_last[k][0] = pending ? type->pending_count : n ? type->count.y[n - 1] : 0;
    t->set_aside_last[k][1] = pending ? type->pending_bytes : n ? type->bytes.y[n - 1] : 0;
    return 0;
}

/* Makes room for new types: the quarter of the types followed that moved
 * least is set aside, so that a type first seen after MAX_TYPES others is
 * still followed, and judged; a type set aside that comes back starts
 * again from its last figures, flat, and so never looks like it grew. */
static int set_aside_flattest(ll_type_tracker *t)
{
    struct flat_candidate *c = malloc(t->type_count * sizeof *c);
    ll_string_index kept = {0};
    if (!c)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < t->type_count; i++)
        c[n++] = (struct flat_candidate){i, rise(&t->types[i]), t->types[i].pending_bytes};
    qsort(c, n, sizeof *c, flattest_first);
    size_t drop = n < MAX_TYPES / 4 ? n : MAX_TYPES / 4;
    char *dropped = calloc(t->type_count, 1);
    int rc = dropped && drop > 0 ? 0 : -1;
    for (size_t k = 0; rc == 0 && k < drop; k++) {
        dropped[c[k].index] = 1;
        rc = remember(t, t->names.strings[c[k].index], &t->types[c[k].index]);
    }
    size_t at = 0;
    for (size_t i = 0; rc == 0 && i < t->type_count; i++) {
        if (dropped[i]) {
            ll__series_free(&t->types[i].count);
            ll__series_free(&t->types[i].bytes);
            continue;
        }
        int added;
        if (ll__string_index_intern(&kept, t->names.strings[i], &added) < 0)
            rc = -1;
        t->types[at++] = t->types[i];
    }
    if (rc == 0) {
        ll__string_index_free(&t->names);
        t->names = kept;
        t->type_count = at;
    } else {
        ll__string_index_free(&kept);
    }
    free(dropped);
    free(c);
    return rc;
}

/* TYPE's series as they were: zeros, or a type set aside's last figures. */
static int start_series(ll_type_tracker *t, const char *name, struct tracked_type *type)
{
    if (ll__series_copy(&type->count, &t->zeros) < 0)
        return -1;
    if (ll__series_copy(&type->bytes, &t->zeros) < 0) {
        ll__series_free(&type->count);
        return -1;
    }
    long k = ll__string_index_find(&t->set_aside, name);
    for (size_t i = 0; k >= 0 && i < type->count.count; i++) {
        type->count.y[i] = t->set_aside_last[k][0];
        type->bytes.y[i] = t->set_aside_last[k][1];
    }
    return 0;
}

/* The tracked type named NAME, started as it was before if new; NULL when
 * out of memory. */
static struct tracked_type *type_named(ll_type_tracker *t, const char *name)
{
    long index = ll__string_index_find(&t->names, name);
    if (index >= 0)
        return &t->types[index];
    if (t->names.count == MAX_TYPES && set_aside_flattest(t) < 0)
        return NULL;
    int added = 0;
    index = ll__string_index_intern(&t->names, name, &added);
    if (index < 0)
        return NULL;
    struct tracked_type *type = &t->types[index];
    *type = (struct tracked_type){0};
    if (start_series(t, name, type) < 0)
        return NULL;
    t->type_count = (size_t)index + 1;
    return type;
}

/* The tracked type of row I's NAME: the one at that position last time
 * when its name is the same. */
static struct tracked_type *type_of_row(ll_type_tracker *t, size_t i, const char *name)
{
    if (i >= t->type_at_cap) {
        size_t cap = t->type_at_cap ? t->type_at_cap * 2 : 1024;
        while (cap <= i)
            cap *= 2;
        long *at = realloc(t->type_at, cap * sizeof *at);
        if (!at)
            return type_named(t, name);
        for (size_t k = t->type_at_cap; k < cap; k++)
            at[k] = -1;
        t->type_at = at;
        t->type_at_cap = cap;
    }
    long k = t->type_at[i];
    if (k >= 0 && (size_t)k < t->names.count && strcmp(t->names.strings[k], name) == 0)
        return &t->types[k];
    struct tracked_type *type = type_named(t, name);
    t->type_at[i] = type ? (long)(type - t->types) : -1;
    return type;
}

int ll__type_tracker_add(ll_type_tracker *t, double x)
{
    double total = 0;
    for (size_t i = 0; i < t->row_count; i++) {
        const struct read_row *row = &t->rows[i];
        total += row->bytes;
        struct tracked_type *type = type_of_row(t, i, row->name);
        if (!type) {
            t->unfollowed++; /* out of memory: said, and the rest goes on */
            continue;
        }
        type->pending_count += row->count; /* a type listed twice (per module, per size class) adds up */
        type->pending_bytes += row->bytes;
    }
    t->row_count = 0;
    for (size_t k = 0; k < t->type_count; k++) {
        struct tracked_type *type = &t->types[k];
        if (!type->count.x)
            continue;
        ll__series_add(&type->count, x, type->pending_count);
        ll__series_add(&type->bytes, x, type->pending_bytes);
        type->pending_count = type->pending_bytes = 0;
    }
    ll__series_add(&t->zeros, x, 0);
    ll__series_add(&t->total, x, total);
    t->shots++;
    return 0;
}

size_t ll__type_tracker_shots(const ll_type_tracker *t)
{
    return t->shots;
}

size_t ll__type_tracker_unfollowed(const ll_type_tracker *t)
{
    return t->unfollowed;
}

size_t ll__type_tracker_set_aside(const ll_type_tracker *t)
{
    return t->set_aside.count;
}

/* The Theil-Sen slope of S after WARMUP, or NAN when it cannot be fitted. */
static double slope_after(const ll_series *s, double warmup, ll_trend *trend)
{
    const double *x, *y;
    size_t n = ll__post_warmup(s, warmup, &x, &y);
    return ll__trend_fit(x, y, n, trend) == 0 ? trend->slope : NAN;
}

/* A type's growth, or 0 when it does not grow: neither its count nor its
 * bytes rise significantly. */
static int judge_type(const ll_type_tracker *t, const struct tracked_type *type, const ll_thresholds *th,
                      double warmup, ll_type_growth *g)
{
    struct series_result count = {0}, bytes;
    int counted = t->shape->count != NULL;
    ll_verdict by_count = counted ? ll__judge(th, &type->count, warmup, COUNT_FLOOR, &count) : LL_NO_LEAK;
    ll_verdict by_bytes = ll__judge(th, &type->bytes, warmup, th->floor[t->shape->bytes_floor], &bytes);
    if (!count.significant && !bytes.significant)
        return 0;
    g->verdict = by_count == LL_LEAK || by_bytes == LL_LEAK         ? LL_LEAK
                 : by_count == LL_NO_LEAK && by_bytes == LL_NO_LEAK ? LL_NO_LEAK
                                                                    : LL_INCONCLUSIVE;
    g->count_per_iteration = counted ? count.all.slope : NAN;
    g->bytes_per_iteration = bytes.all.slope;
    g->ci95[0] = bytes.all.slope_low;
    g->ci95[1] = bytes.all.slope_high;
    const ll_series *c = &type->count, *b = &type->bytes;
    g->first_count = counted ? c->y[0] : NAN;
    g->last_count = counted ? c->y[c->count - 1] : NAN;
    g->first_bytes = b->y[0];
    g->last_bytes = b->y[b->count - 1];
    return 1;
}

/* With too few heap-shots for a trend (a few dumps, mostly): a type's
 * change between the first and the last, per unit of x, or 0 when it did
 * not grow. Nothing proves a leak from two points: inconclusive. */
static int judge_type_between(const ll_type_tracker *t, const struct tracked_type *type, ll_type_growth *g)
{
    int counted = t->shape->count != NULL;
    const ll_series *c = &type->count, *b = &type->bytes;
    size_t last = b->count - 1;
    double span = b->x[last] - b->x[0];
    if (b->count < 2 || span <= 0 || b->y[last] <= b->y[0])
        return 0;
    g->verdict = LL_INCONCLUSIVE;
    g->count_per_iteration = counted ? (c->y[last] - c->y[0]) / span : NAN;
    g->bytes_per_iteration = (b->y[last] - b->y[0]) / span;
    g->ci95[0] = g->ci95[1] = NAN;
    g->first_count = counted ? c->y[0] : NAN;
    g->last_count = counted ? c->y[last] : NAN;
    g->first_bytes = b->y[0];
    g->last_bytes = b->y[last];
    return 1;
}

/* The heap-shots' total growth per unit of x, the same way. */
static double total_growth(const ll_series *total, double warmup, int by_trend)
{
    ll_trend trend;
    if (by_trend)
        return slope_after(total, warmup, &trend);
    size_t last = total->count - 1;
    double span = total->x[last] - total->x[0];
    return span > 0 ? (total->y[last] - total->y[0]) / span : NAN;
}

/* A growing type and where it is tracked, until it is listed. */
struct candidate {
    ll_type_growth growth;
    size_t index;
};

static int by_bytes_per_iteration(const void *a, const void *b)
{
    const ll_type_growth *x = &((const struct candidate *)a)->growth, *y = &((const struct candidate *)b)->growth;
    if (x->bytes_per_iteration != y->bytes_per_iteration)
        return x->bytes_per_iteration < y->bytes_per_iteration ? 1 : -1;
    return strcmp(x->type, y->type);
}

/* G's name and chart points (its bytes at each kept heap-shot), copied. */
static int copy_type(ll_type_growth *g, const char *name, const ll_series *bytes)
{
    g->type = strdup(name);
    g->points = malloc((bytes->count ? bytes->count : 1) * sizeof *g->points);
    if (!g->type || !g->points)
        return -1;
    for (size_t i = 0; i < bytes->count; i++) {
        g->points[i][0] = bytes->x[i];
        g->points[i][1] = bytes->y[i];
    }
    g->point_count = bytes->count;
    return 0;
}

int ll__type_tracker_report(const ll_type_tracker *t, const ll_thresholds *th, double warmup, ll_growth_list *out)
{
    struct candidate *found = calloc(t->type_count ? t->type_count : 1, sizeof *found);
    size_t n = 0;
    if (!found)
        return -1;
    const double *x, *y;
    int by_trend = ll__post_warmup(&t->zeros, warmup, &x, &y) >= th->min_points;
    for (size_t k = 0; k < t->type_count; k++) {
        const struct tracked_type *type = &t->types[k];
        if (type->count.x && (by_trend ? judge_type(t, type, th, warmup, &found[n].growth)
                                       : judge_type_between(t, type, &found[n].growth))) {
            found[n].growth.type = t->names.strings[k]; /* borrowed, for sorting */
            found[n++].index = k;
        }
    }
    qsort(found, n, sizeof *found, by_bytes_per_iteration);
    n = n < LL_GROWTH_BY_TYPE_MAX ? n : LL_GROWTH_BY_TYPE_MAX;
    ll_type_growth *listed = calloc(n ? n : 1, sizeof *listed);
    double total_slope = total_growth(&t->total, warmup, by_trend);
    int rc = listed ? 0 : -1;
    for (size_t i = 0; i < n && listed; i++) {
        listed[i] = found[i].growth;
        listed[i].share = total_slope > 0 ? listed[i].bytes_per_iteration / total_slope : NAN;
        if (copy_type(&listed[i], t->names.strings[found[i].index], &t->types[found[i].index].bytes) < 0)
            rc = -1;
    }
    free(found);
    *out = (ll_growth_list){listed, listed ? n : 0, by_trend, total_slope};
    return rc;
}

/* Suspects listed from the growing types, at most. */
#define MAX_TYPE_SUSPECTS 5

void ll__type_growth_suspects(ll_report *report, const char *origin)
{
    size_t listed = 0;
    for (size_t i = 0; i < report->growth_by_type_count && listed < MAX_TYPE_SUSPECTS; i++) {
        const ll_type_growth *g = &report->growth_by_type[i];
        if (g->verdict != LL_LEAK)
            continue;
        char evidence[512];
        snprintf(evidence, sizeof evidence, "%.3g objects and %.0f bytes more per iteration (%.0f objects, %.0f bytes "
                 "at the last %s)", g->count_per_iteration, g->bytes_per_iteration, g->last_count, g->last_bytes,
                 origin);
        ll_suspect *s = ll_result_add_suspect_text(
            report, LL_SUSPECT_GROWING_TYPE, g->type, origin, (long)g->last_count, evidence,
            "objects of this type kept from one call to the next (a static collection, a cache without a bound, an "
            "event handler never removed)",
            "find what keeps them: !gcroot on one of them (SOS, dotnet-dump), or run under mono "
            "--profile=log:heapshot and read mprof-report --traces --reports=heapshot for what references them; "
            "then release them where they are kept (remove them from the collection, bound the cache, unsubscribe "
            "the handler)");
        if (!s)
            return;
        s->per_iteration = g->count_per_iteration;
        listed++;
    }
}

/* Growing types looked at, at most, when too few points hold the verdict. */
#define MAX_GROWTH_LOOK_AT 3

void ll__type_growth_look_at(ll_report *report, const char *x_unit)
{
    size_t before = report->suspect_count, added = 0;
    for (size_t i = 0; i < report->growth_by_type_count && added < MAX_GROWTH_LOOK_AT; i++) {
        const ll_type_growth *g = &report->growth_by_type[i];
        if (!(g->bytes_per_iteration > 0) || strcmp(g->type, "Free") == 0) /* SOS's row of free space */
            continue;
        char evidence[256];
        snprintf(evidence, sizeof evidence, "%+.0f objects and %+.0f bytes per %s from the first to the last (%.0f "
                 "objects, %.0f bytes at the last)", g->count_per_iteration, g->bytes_per_iteration, x_unit,
                 g->last_count, g->last_bytes);
        ll_suspect *s = ll_result_add_suspect_text(
            report, LL_SUSPECT_LOOK_AT, g->type, "growth between the samples", (long)g->last_count, evidence,
            "a type that grew between the samples: too few of them to call it a leak, the first thing to watch",
            "more samples (8 or more after warm-up give a trend); !gcroot on one of its newest instances says what "
            "keeps it");
        if (!s)
            return;
        s->per_iteration = g->count_per_iteration;
        added++;
    }
    /* Most growth first: these go before what the last sample alone points
     * at, which says no more of the same type. */
    if (added == 0)
        return; /* and report->suspects may be NULL */
    ll_suspect moved[MAX_GROWTH_LOOK_AT];
    memcpy(moved, report->suspects + before, added * sizeof *moved);
    memmove(report->suspects + added, report->suspects, before * sizeof *moved);
    memcpy(report->suspects, moved, added * sizeof *moved);
    for (size_t k = report->suspect_count; k-- > added;)
        for (size_t m = 0; m < added; m++)
            if (report->suspects[k].source == LL_SUSPECT_LOOK_AT &&
                strcmp(report->suspects[k].name_pattern, report->suspects[m].name_pattern) == 0) {
                ll_result_remove_suspect(report, k);
                break;
            }
}
