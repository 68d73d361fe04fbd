/* What grows, by type (type_growth.c): each type of a run's heap-shots (or
 * of the !dumpheap -stat tables of several dumps) as a series of its
 * object count and of its bytes, judged by the series rule. */
#ifndef LEAKLAB_TYPE_GROWTH_H
#define LEAKLAB_TYPE_GROWTH_H

#include "leaklab/analyzer.h"

#include <stddef.h>

/* Types followed at once; past them the quarter that moved least is set
 * aside to follow new ones. */
#define LL_TYPES_FOLLOWED 4096

typedef struct ll_type_tracker ll_type_tracker;

/* What a snapshot's rows hold: each row's name, object count (NULL: none)
 * and bytes fields, and the series whose floor the bytes are judged by. */
typedef struct ll_row_shape {
    const char *name, *count, *bytes;
    ll_series_id bytes_floor;
} ll_row_shape;

/* A heap-shot's "dumpheap" rows: {type, count, size}, against the managed
 * floor; heaptrack's "native_sites": {site, bytes}, against malloc's. */
extern const ll_row_shape ll__dumpheap_rows, ll__native_site_rows;

ll_type_tracker *ll__type_tracker_new(const ll_row_shape *shape);
void ll__type_tracker_free(ll_type_tracker *t);
/* Reads and checks ROWS, an array of rows of T's shape, for the next
 * ll__type_tracker_add (their names stay ROWS's: add them before the next
 * line is read): returns 0, or -1 with what is wrong in WHY. */
int ll__type_rows_read(ll_type_tracker *t, const ll_value *rows, char *why, size_t len);
/* Adds the rows just read, the heap-shot taken at X (x increasing). A type
 * absent from a heap-shot had no live object then. Returns 0, or -1 when
 * out of memory. */
int ll__type_tracker_add(ll_type_tracker *t, double x);
/* Heap-shots added so far. */
size_t ll__type_tracker_shots(const ll_type_tracker *t);
/* Rows not counted (out of memory). */
size_t ll__type_tracker_unfollowed(const ll_type_tracker *t);
/* Types set aside, flat, to follow others (a type that comes back starts
 * again from its last figures). */
size_t ll__type_tracker_set_aside(const ll_type_tracker *t);
/* What grows after WARMUP, most bytes per iteration first, at most
 * LL_GROWTH_BY_TYPE_MAX. */
typedef struct ll_growth_list {
    ll_type_growth *items;
    size_t count;
    int by_trend;       /* 0: too few points for a trend, change from the first to the last */
    double total_slope; /* of all the rows' bytes together, per unit of x */
} ll_growth_list;
/* Fills OUT; 0, or -1 when out of memory. */
int ll__type_tracker_report(const ll_type_tracker *t, const ll_thresholds *th, double warmup, ll_growth_list *out);

/* In a managed leak: the growing types that leak, as suspects (ORIGIN:
 * "heap-shot" or "!dumpheap -stat"). */
void ll__type_growth_suspects(ll_report *report, const char *origin);
/* With too few points for a trend: the types that grew most between the
 * first and the last, each per X_UNIT, as what to look at, before the
 * rest of the suspects. */
void ll__type_growth_look_at(ll_report *report, const char *x_unit);

#endif
