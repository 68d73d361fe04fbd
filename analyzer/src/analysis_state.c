/* What the analysis's files share besides its state's layout
 * (analysis_internal.h): its warnings and its spacing. The feed and the
 * verdict call down to here, never back into analysis.c. */
#include "analysis_internal.h"

#include "leaklab/text.h"

void ll_analysis_warn(ll_analysis *a, const char *warning)
{
    json_t *mended = ll_json_text(warning); /* a warning may quote a file's name: any bytes */
    ll_string_list_add(&a->warnings, &a->warning_count, json_string_value(mended));
    json_decref(mended);
}

/* Iterations per snapshot interval. */
double ll__analysis_spacing(const ll_analysis *a)
{
    return a->snapshots > 1 && a->iterations > 0 ? (double)a->iterations / (double)(a->snapshots - 1) : 1;
}
