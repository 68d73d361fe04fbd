/* The HTML report's comparison of several runs (html_sections.h): bars of
 * the bytes each run keeps per call and of its time per call, labelled
 * with its verdict. */
#include "html_sections.h"

#include "html_writer.h"
#include "svg_chart.h"
#include "text_format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Runs measured per iteration (not dumps or counter samples), which the
 * comparison puts side by side. */
static int is_run(const ll_html_input *in)
{
    return in->report && ll__report_per_iteration(in->report);
}

/* What the comparison's chart K draws of R: kept bytes per call of a
 * series (K < 3), or time per call. */
static double compared_value(const ll_report *r, int k)
{
    static const ll_series_id series[] = {LL_SERIES_RSS, LL_SERIES_MANAGED, LL_SERIES_NATIVE};
    if (k == 3)
        return r->input.ms_per_call;
    return r->growth[series[k]].points ? r->growth[series[k]].per_iteration : NAN;
}

void ll__html_comparison(const ll_html_input *inputs, size_t n, FILE *out)
{
    size_t runs = 0;
    for (size_t i = 0; i < n; i++)
        runs += is_run(&inputs[i]);
    if (runs < 2)
        return;
    ll__html_printf(out, "<section id=\"comparison\"><h2>The runs compared</h2>\n");
    static const char *const titles[] = {"Resident memory kept per call", "GC heap kept per call",
                                         "malloc kept per call"};
    for (int k = 0; k < 4; k++) {
        double top = 0;
        for (size_t i = 0; i < n; i++) {
            double v = is_run(&inputs[i]) ? compared_value(inputs[i].report, k) : 0;
            top = fmax(top, isfinite(v) ? v : 0);
        }
        ll_chart c;
        ll__chart_begin(&c, out, k < 3 ? "chart-compare-kept" : "chart-compare-time", k < 3 ? titles[k] : "Time per call",
                       k < 3 ? "bytes per call" : "ms per call", "run", 0, top > 0 ? top * 1.7 : 1, 0, 1, -1);
        size_t slot = 0;
        for (size_t i = 0; i < n; i++) {
            const ll_report *r = inputs[i].report;
            if (!is_run(&inputs[i]))
                continue;
            double v = compared_value(r, k);
            char label[300], amount[32];
            if (k < 3)
                ll__growth_text(isfinite(v) ? v : 0, 1, amount, sizeof amount);
            else
                snprintf(amount, sizeof amount, "%.2f ms", isfinite(v) ? v : 0);
            snprintf(label, sizeof label, "%s: %s (%s)", inputs[i].name, amount, ll_verdict_name(r->verdict));
            ll__chart_bar(&c, inputs[i].name, (int)(slot % 6), slot, runs, isfinite(v) ? v : 0, label);
            slot++;
        }
        ll__chart_end(&c);
    }
    ll__html_printf(out, "</section>\n");
}

/* --- a sweep ------------------------------------------------------------- */
