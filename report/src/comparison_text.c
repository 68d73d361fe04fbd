/* The comparison for people: the overall answer, then per series each
 * run's growth, the difference and the share removed, then time per call
 * and each run's verdict. Rendered from the typed comparison (result.h). */
#include "leaklab/report.h"

#include "text_format.h"

#include <math.h>
#include <string.h>

static void write_side(const char *label, double value, const double ci95[2], int bytes, FILE *out)
{
    char v[32], lo[32], hi[32], ci[72];
    if (ci95)
        snprintf(ci, sizeof ci, "[%s, %s]", ll__growth_text(ci95[0], bytes, lo, sizeof lo),
                 ll__growth_text(ci95[1], bytes, hi, sizeof hi));
    ll_text_printf(out, "    %-10s %12s %27s", label, ci95 ? ll__growth_text(value, bytes, v, sizeof v) : "-",
                   ci95 ? ci : "-");
}

static void write_growth(const char *label, const ll_growth *g, int bytes, FILE *out)
{
    write_side(label, g->per_iteration, g->points ? g->ci95 : NULL, bytes, out);
    ll_text_printf(out, "  %s\n", ll_verdict_name(g->verdict));
}

static void write_run(const char *label, const ll_report *r, FILE *out)
{
    char per[32], time[32] = "-";
    if (isfinite(r->input.ms_per_call))
        snprintf(time, sizeof time, "%.2f ms/call", r->input.ms_per_call);
    const char *name = r->run.scenario ? r->run.scenario : r->input.file ? r->input.file : "-";
    ll_text_printf(out, "  %-5s %s [%s]: %s", label, name, r->run.context ? r->run.context : "-",
                   ll_verdict_name(r->verdict));
    if (r->severity.present)
        ll_text_printf(out, " (%s, %s: %s/call)", ll_leak_kind_name(r->kind), ll_grade_name(r->severity.grade),
                       ll__bytes_text(r->severity.bytes_per_iteration, per, sizeof per, 1));
    ll_text_printf(out, ", %s\n", time);
}

static void write_series(ll_series_id k, const ll_series_comparison *s, FILE *out)
{
    int bytes = strcmp(ll_series_unit(k), "bytes") == 0;
    ll_text_printf(out, "  %s\n", ll_series_name(k));
    write_growth("base", s->base, bytes, out);
    write_growth("fix", s->fix, bytes, out);
    if (s->has_difference) {
        write_side("difference", s->difference, s->difference_ci95, bytes, out);
        ll_text_printf(out, "  %s\n", s->measurable ? "measurable" : "within resolution");
    }
    if (s->has_removed_share)
        ll_text_printf(out, "    %-10s %11.1f %% [%.1f %%, %.1f %%] of the base's growth\n", "removed",
                       100 * s->removed_share, 100 * s->removed_share_ci95[0], 100 * s->removed_share_ci95[1]);
}

void ll_comparison_write_text(const ll_comparison *c, FILE *out)
{
    ll_text_printf(out, "comparison: %s (the fix against the base)\n", ll_change_name(c->change));
    write_run("base", c->base, out);
    write_run("fix", c->fix, out);
    ll_text_printf(out, "\ngrowth per %s (Theil-Sen slope, 95 %% interval)\n", c->x_unit);
    for (int k = 0; k < LL_SERIES_COUNT; k++)
        write_series(k, &c->series[k], out);
}
