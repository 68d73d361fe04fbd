/* Parts of the JSON report that other results (comparisons, sweeps, the
 * views) quote (report_json_parts.c), and read back. */
#ifndef LL_REPORT_JSON_H
#define LL_REPORT_JSON_H

#include "json_reader.h"

#include "leaklab/report.h"

/* {grade, bytes_per_iteration, calls_to_1gb, bytes_per_million_calls,
 * ci95?}, or null without one. */
json_t *ll__severity_json(const ll_severity *s);

/* {KEY: the series' slope per iteration (null when it could not be
 * fitted), ci95: its interval (when fitted)}. */
json_t *ll__slope_json(const ll_growth *g, const char *key);
/* The same of an estimate: {KEY: VALUE, ci95} when FITTED, else {KEY: null}. */
json_t *ll__estimate_json(const char *key, int fitted, double value, const double ci95[2]);

/* A severity (an object, or null: none) read back into S. */
void ll__severity_read(jr_reader *rd, const json_t *j, ll_severity *s);

/* [V[0], V[1]] */
json_t *ll__pair_json(const double v[2]);

/* [string, ...] */
json_t *ll__strings_json(char *const *strings, size_t count);

/* Who keeps a type (report_json_retention.c), both ways. */
json_t *ll__retention_json(const ll_retention *r);
ll_retention *ll__retention_read(jr_reader *rd, const json_t *j);

/* {SERIES: {limit, exceeded}} for each series with a budget. */
json_t *ll__budget_json(const ll_report *r);

#endif
