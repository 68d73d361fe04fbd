/* The HTML report's recycle sweep (html_sections.h): time per call
 * against bytes kept per call, one point per recycle period, the Pareto
 * front drawn, the points as a table, the failed attempts. */
#include "html_sections.h"

#include "html_writer.h"
#include "svg_chart.h"
#include "text_format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int by_x(const void *a, const void *b)
{
    const double *p = a, *q = b;
    return p[0] < q[0] ? -1 : p[0] > q[0];
}

/* The front's points from fastest to slowest (X: ms per call, Y: kept). */
static void sort_front(double *x, double *y, size_t n)
{
    double (*xy)[2] = calloc(n ? n : 1, sizeof *xy);
    if (!xy || !x || !y) {
        free(xy);
        return;
    }
    for (size_t i = 0; i < n; i++)
        xy[i][0] = x[i], xy[i][1] = y[i];
    qsort(xy, n, sizeof *xy, by_x);
    for (size_t i = 0; i < n; i++)
        x[i] = xy[i][0], y[i] = xy[i][1];
    free(xy);
}

/* The attempts at a point that failed (Mono died, or the run exited
 * non-zero), each with Mono's last line. */
static void sweep_failures(const ll_sweep *s, FILE *out)
{
    if (!s->failure_count)
        return;
    ll__html_printf(out, "\n<h3>Failed attempts</h3><ul class=\"failures\">\n");
    for (size_t i = 0; i < s->failure_count; i++) {
        const ll_sweep_failure *f = &s->failures[i];
        char how[64];
        ll__html_printf(out, "<li>M=%ld, attempt %d: %s: <code>%s</code></li>\n", f->recycle_every, f->attempt,
                        ll__failure_text(f, how, sizeof how), f->message ? f->message : "");
    }
    ll__html_printf(out, "</ul>\n");
}

/* "default", or "M=5". */
static const char *point_label(const ll_sweep_point *p, char *buf, size_t len)
{
    if (p->recycle_every == 0)
        snprintf(buf, len, "default");
    else
        snprintf(buf, len, "M=%ld", p->recycle_every);
    return buf;
}

/* Time per call against kept bytes, a dot per point, the front as a line. */
static void sweep_chart(const ll_sweep *s, FILE *out)
{
    double x_max = 0, y_max = 0;
    for (size_t i = 0; i < s->point_count; i++) {
        x_max = fmax(x_max, s->points[i].ms_per_call);
        y_max = fmax(y_max, s->points[i].kept_bytes_per_call);
    }
    ll_chart c;
    ll__chart_begin(&c, out, "chart-pareto", "Time per call against bytes kept per call (Pareto front drawn)",
                   "ms per call", "bytes kept per call", 0, x_max * 1.1, 0, y_max * 1.1, 1);
    double *fx = calloc(s->point_count + 1, sizeof *fx), *fy = calloc(s->point_count + 1, sizeof *fy);
    size_t front = 0;
    for (size_t i = 0; i < s->point_count; i++) {
        const ll_sweep_point *p = &s->points[i];
        char title[200], label[40], kept[32], ms[32];
        point_label(p, label, sizeof label);
        snprintf(title, sizeof title, "%s: %s ms/call, keeps %s/call, %s", label,
                 ll__html_cell(p->ms_per_call, "%.2f", ms, sizeof ms), ll__bytes_text(p->kept_bytes_per_call, kept, sizeof kept, 0),
                 ll_verdict_name(p->verdict));
        ll__chart_dot(&c, "sweep points", p->pareto ? 4 : 0, p->ms_per_call, p->kept_bytes_per_call, title, label);
        if (fx && fy && p->pareto) {
            fx[front] = p->ms_per_call;
            fy[front++] = p->kept_bytes_per_call;
        }
    }
    sort_front(fx, fy, front);
    if (fx && fy)
        ll__chart_line(&c, "Pareto front", 4, fx, fy, front, 1);
    static const char *const names[] = {"recycle period M", "on the Pareto front"};
    static const int colors[] = {0, 4};
    ll__chart_legend(&c, names, colors, 2);
    ll__chart_end(&c);
    free(fx);
    free(fy);
}

void ll__html_sweep(const ll_sweep *s, size_t index, FILE *out)
{
    ll__html_printf(out, "<section class=\"sweep\" id=\"sweep-%zu\"><h2>Recycle sweep: ", index);
    ll__html_text(out, s->scenario);
    ll__html_printf(out, "</h2>\n");
    if (s->interrupted)
        ll__html_printf(out, "<p class=\"muted\">Interrupted by %s: the points measured before it.</p>\n",
                        s->interrupted);
    sweep_chart(s, out);
    ll__html_printf(out, "<table><tr><th>M</th><th>ms/call</th><th>kept bytes/call</th><th>verdict</th><th>Pareto</th>"
                 "</tr>\n");
    for (size_t i = 0; i < s->point_count; i++) {
        const ll_sweep_point *p = &s->points[i];
        char kept[32], ms[32];
        ll__html_printf(out, "<tr><td>%ld</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", p->recycle_every,
                       ll__html_cell(p->ms_per_call, "%.3f", ms, sizeof ms),
                       ll__bytes_text(p->kept_bytes_per_call, kept, sizeof kept, 0), ll_verdict_name(p->verdict),
                       p->pareto ? "yes" : "");
    }
    ll__html_printf(out, "</table>");
    sweep_failures(s, out);
    ll__html_printf(out, "</section>\n");
}
