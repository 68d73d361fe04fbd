/* The recycle sweep as a Markdown table (DIR/sweep.md of `leaklab sweep`),
 * from the typed sweep (result.h). */
#include "leaklab/report.h"

#include "text_format.h"

#include <math.h>
#include <string.h>

static const char *kept_text(const ll_sweep_point *p, ll_series_id k, char *buf, size_t len)
{
    char v[32], lo[32], hi[32];
    int bytes = strcmp(ll_series_unit(k), "bytes") == 0;
    if (!p->kept_per_call[k].fitted)
        return "-";
    snprintf(buf, len, "%s [%s, %s]", ll__growth_text(p->kept_per_call[k].value, bytes, v, sizeof v),
             ll__growth_text(p->kept_per_call[k].ci95[0], bytes, lo, sizeof lo),
             ll__growth_text(p->kept_per_call[k].ci95[1], bytes, hi, sizeof hi));
    return buf;
}

static void write_point(const ll_sweep_point *p, FILE *out)
{
    char ms[32] = "-", a[96], b[96], c[96], d[96];
    if (isfinite(p->ms_per_call))
        snprintf(ms, sizeof ms, "%.3f", p->ms_per_call);
    ll_text_printf(out, "| %ld | %ld | %s | %s | %s | %s | %s | %s | %s | %s |\n", p->recycle_every, p->iterations, ms,
                   kept_text(p, LL_SERIES_RSS, a, sizeof a), kept_text(p, LL_SERIES_MANAGED, b, sizeof b),
                   kept_text(p, LL_SERIES_NATIVE, c, sizeof c), kept_text(p, LL_SERIES_ASSEMBLIES, d, sizeof d),
                   ll_verdict_name(p->verdict), p->severity.present ? ll_grade_name(p->severity.grade) : "-",
                   p->pareto ? "**yes**" : "");
}

/* TEXT as a Markdown code span that nothing in it can close: fenced by one
 * backtick more than its longest run of them, and spaced from it (so that
 * `<img onerror=...>` or ![](url) after a backtick stays text). */
static void write_code_span(const char *text, FILE *out)
{
    size_t longest = 0, run = 0;
    for (const char *p = text; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    for (size_t k = 0; k <= longest; k++)
        fputc('`', out);
    ll_text_printf(out, " %s ", text);
    for (size_t k = 0; k <= longest; k++)
        fputc('`', out);
}

static void write_failure(const ll_sweep_failure *f, FILE *out)
{
    char how[64];
    ll_text_printf(out, "- M=%ld, attempt %d: %s: ", f->recycle_every, f->attempt, ll__failure_text(f, how, sizeof how));
    write_code_span(f->message ? f->message : "", out);
    ll_text_printf(out, "\n");
}

int ll_sweep_write_markdown(const ll_sweep *s, FILE *out)
{
    ll_text_printf(out, "# Recycle sweep: %s\n\n", s->scenario);
    if (s->interrupted)
        ll_text_printf(out, "Interrupted by %s: the points measured before it.\n\n", s->interrupted);
    ll_text_printf(out, "Each point runs the scenario in a collectible AppDomain unloaded every M calls (M = 0: the default "
                 "context, for reference). Kept per call: the growth per call after warm-up, with its 95 %% interval. "
                 "Pareto: no other point is both faster and keeps less.\n\n");
    ll_text_printf(out, "| M | calls | ms/call | kept rss/call | kept GC heap/call | kept malloc/call | assemblies/call | "
                 "verdict | grade | Pareto |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < s->point_count; i++)
        write_point(&s->points[i], out);
    if (s->failure_count)
        ll_text_printf(out, "\nFailed attempts (each point is tried twice):\n\n");
    for (size_t i = 0; i < s->failure_count; i++)
        write_failure(&s->failures[i], out);
    return ferror(out) ? -1 : 0;
}
