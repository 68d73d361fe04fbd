/* Parts of the JSON report that other results (comparisons, sweeps)
 * quote. */
#ifndef LL_REPORT_JSON_H
#define LL_REPORT_JSON_H

#include "leaklab/report.h"

/* {grade, bytes_per_iteration, calls_to_1gb, bytes_per_million_calls,
 * ci95?}, or null without one. */
json_t *ll_severity_json(const ll_severity *s);

/* {KEY: the series' slope per iteration (null when it could not be
 * fitted), ci95: its interval (when fitted)}. */
json_t *ll_slope_json(const ll_growth *g, const char *key);

/* {SERIES: {limit, exceeded}} for each series with a budget. */
json_t *ll_budget_json(const ll_report *r);

#endif
