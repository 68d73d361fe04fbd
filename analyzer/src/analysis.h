/* Internal: the report object shared by analysis.c (which builds it) and the
 * report writers (which present it). */
#ifndef LEAKLAB_ANALYSIS_INTERNAL_H
#define LEAKLAB_ANALYSIS_INTERNAL_H

#include "leaklab/analyzer.h"

struct ll_report {
    ll_verdict verdict;
    json_t *json; /* the whole report; the text view is rendered from it */
    int fails_budget; /* see ll_report_fails_budget */
};

#endif
