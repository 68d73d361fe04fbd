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
static void sweep_failures(json_t *failures, FILE *out)
{
    size_t i;
    json_t *f;
    if (!json_array_size(failures))
        return;
    ll_html_printf(out, "\n<h3>Failed attempts</h3><ul class=\"failures\">\n");
    json_array_foreach(failures, i, f) {
        char m[32], attempt[32], status[32], how[64];
        if (json_is_integer(json_object_get(f, "signal")))
            snprintf(how, sizeof how, "died of SIG%.20s", field_string(f, "signal_name", "?"));
        else
            snprintf(how, sizeof how, "exited with status %s", ll_html_cell(field_number(f, "exit_status"), "%.0f", status, 32));
        ll_html_printf(out, "<li>M=%s, attempt %s: %s: <code>%s</code></li>\n",
                       ll_html_cell(field_number(f, "recycle_every"), "%.0f", m, sizeof m), ll_html_cell(field_number(f, "attempt"), "%.0f", attempt, 32),
                       how, field_string(f, "message", ""));
    }
    ll_html_printf(out, "</ul>\n");
}

void ll_html_sweep(const char *name, json_t *sweep, size_t index, FILE *out)
{
    json_t *points = json_object_get(sweep, "points"), *p;
    size_t i, n = json_array_size(points);
    double x_max = 0, y_max = 0;
    json_array_foreach(points, i, p) {
        x_max = fmax(x_max, field_number(p, "ms_per_call"));
        y_max = fmax(y_max, field_number(p, "kept_bytes_per_call"));
    }
    ll_html_printf(out, "<section class=\"sweep\" id=\"sweep-%zu\"><h2>Recycle sweep: ", index);
    ll_html_text(out, field_string(sweep, "scenario", name));
    ll_html_printf(out, "</h2>\n");
    ll_chart c;
    ll_chart_begin(&c, out, "chart-pareto", "Time per call against bytes kept per call (Pareto front drawn)",
                   "ms per call", "bytes kept per call", 0, x_max * 1.1, 0, y_max * 1.1, 1);
    double *fx = calloc(n + 1, sizeof *fx), *fy = calloc(n + 1, sizeof *fy);
    size_t front = 0;
    json_array_foreach(points, i, p) {
        char title[200], label[40], kept[32];
        char m[32], ms[32];
        if (field_number(p, "recycle_every") == 0)
            snprintf(label, sizeof label, "default");
        else
            snprintf(label, sizeof label, "M=%s", ll_html_cell(field_number(p, "recycle_every"), "%.0f", m, sizeof m));
        snprintf(title, sizeof title, "%s: %s ms/call, keeps %s/call, %s", label,
                 ll_html_cell(field_number(p, "ms_per_call"), "%.2f", ms, sizeof ms),
                 bytes_text(field_number(p, "kept_bytes_per_call"), kept, sizeof kept, 0), field_string(p, "verdict", "-"));
        ll_chart_dot(&c, "sweep points", json_is_true(json_object_get(p, "pareto")) ? 4 : 0, field_number(p, "ms_per_call"),
                     field_number(p, "kept_bytes_per_call"), title, label);
        if (fx && fy && json_is_true(json_object_get(p, "pareto"))) {
            fx[front] = field_number(p, "ms_per_call");
            fy[front++] = field_number(p, "kept_bytes_per_call");
        }
    }
    sort_front(fx, fy, front);
    if (fx && fy)
        ll_chart_line(&c, "Pareto front", 4, fx, fy, front, 1);
    static const char *const names[] = {"recycle period M", "on the Pareto front"};
    static const int colors[] = {0, 4};
    ll_chart_legend(&c, names, colors, 2);
    ll_chart_end(&c);
    free(fx);
    free(fy);
    ll_html_printf(out, "<table><tr><th>M</th><th>ms/call</th><th>kept bytes/call</th><th>verdict</th><th>Pareto</th>"
                 "</tr>\n");
    json_array_foreach(points, i, p) {
        char kept[32];
        char m[32], ms[32];
        ll_html_printf(out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                ll_html_cell(field_number(p, "recycle_every"), "%.0f", m, sizeof m), ll_html_cell(field_number(p, "ms_per_call"), "%.3f", ms, sizeof ms),
                bytes_text(field_number(p, "kept_bytes_per_call"), kept, sizeof kept, 0),
                field_string(p, "verdict", "-"), json_is_true(json_object_get(p, "pareto")) ? "yes" : "");
    }
    ll_html_printf(out, "</table>");
    sweep_failures(json_object_get(sweep, "failures"), out);
    ll_html_printf(out, "</section>\n");
}
