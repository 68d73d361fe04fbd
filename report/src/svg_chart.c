/* See svg_chart.h. */
#include "svg_chart.h"

#include "html_writer.h"

#include "text_format.h"

#include "leaklab/report.h"

#include <math.h>
#include <string.h>

#define WIDTH 760.0
#define HEIGHT 280.0
#define LEFT 78.0
#define RIGHT 16.0
#define TOP 46.0
#define BOTTOM 44.0

static double chart_x(const ll_chart *c, double x)
{
    double span = c->x_max > c->x_min ? c->x_max - c->x_min : 1;
    return LEFT + (x - c->x_min) / span * (WIDTH - LEFT - RIGHT);
}

static double chart_y(const ll_chart *c, double y)
{
    double span = c->y_max > c->y_min ? c->y_max - c->y_min : 1;
    return HEIGHT - BOTTOM - (y - c->y_min) / span * (HEIGHT - TOP - BOTTOM);
}

/* A "nice" tick step for SPAN over about five ticks: 1, 2 or 5 times a
 * power of ten (of 1024 for bytes). */
static double tick_step(double span, int bytes)
{
    if (!(span > 0))
        return 1;
    double raw = span / 5, base = bytes ? pow(1024, floor(log(raw) / log(1024))) : pow(10, floor(log10(raw)));
    double units = raw / base;
    static const double steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] >= units)
            return steps[i] * base;
    return 1000 * base;
}

static void tick_label(double v, int bytes, char *buf, size_t len)
{
    if (v == 0)
        v = 0; /* a tick at ceil(-0.5) is -0: never print "-0" */
    if (bytes)
        ll__bytes_text(v, buf, len, 0);
    else if (fabs(v) >= 1e6)
        snprintf(buf, len, "%.3gM", v / 1e6);
    else if (fabs(v) >= 1e4)
        snprintf(buf, len, "%.3gk", v / 1e3);
    else
        snprintf(buf, len, "%.4g", v);
}

void ll__chart_begin(ll_chart *c, FILE *out, const char *css_class, const char *title, const char *x_label,
                    const char *y_label, double x_min, double x_max, double y_min, double y_max, int y_bytes)
{
    *c = (ll_chart){out, x_min, x_max, y_min, y_max > y_min ? y_max : y_min + 1, y_bytes};
    ll__html_printf(out, "<figure class=\"chart\"><svg class=\"%s\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"",
            css_class, WIDTH, HEIGHT);
    ll__html_text(out, title);
    ll__html_printf(out, "\"><title>");
    ll__html_text(out, title);
    ll__html_printf(out, "</title><text class=\"title\" x=\"%.0f\" y=\"18\">", LEFT);
    ll__html_text(out, title);
    ll__html_printf(out, "</text>\n");
    char label[32];
    double step = tick_step(c->y_max - c->y_min, y_bytes);
    for (double v = ceil(c->y_min / step) * step; y_bytes >= 0 && v <= c->y_max + step * 1e-9; v += step) {
        tick_label(v, y_bytes, label, sizeof label);
        ll__html_printf(out, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/><text class=\"tick\" "
                     "x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                LEFT, WIDTH - RIGHT, chart_y(c, v), chart_y(c, v), LEFT - 6, chart_y(c, v) + 4, label);
    }
    step = fmax(1, tick_step(c->x_max - c->x_min, 0)); /* iterations, dumps and samples are whole */
    for (double v = ceil(c->x_min / step) * step; v <= c->x_max + step * 1e-9; v += step) {
        tick_label(v, 0, label, sizeof label);
        ll__html_printf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                chart_x(c, v), HEIGHT - BOTTOM + 16, label);
    }
    ll__html_printf(out, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
                 "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>\n",
            LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, HEIGHT - BOTTOM, LEFT, LEFT, TOP, HEIGHT - BOTTOM);
    ll__html_printf(out, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", (LEFT + WIDTH - RIGHT) / 2,
            HEIGHT - 8);
    ll__html_text(out, x_label);
    ll__html_printf(out, "</text><text class=\"label\" transform=\"translate(14 %.1f) rotate(-90)\" text-anchor=\"middle\">",
            (TOP + HEIGHT - BOTTOM) / 2);
    ll__html_text(out, y_label);
    ll__html_printf(out, "</text>\n");
}

void ll__chart_legend(ll_chart *c, const char *const *names, const int *colors, size_t n)
{
    double x = LEFT;
    for (size_t i = 0; i < n; i++) {
        ll__html_printf(c->out, "<rect class=\"legend\" x=\"%.1f\" y=\"25\" width=\"10\" height=\"10\" fill=\"var(--c%d)\"/>"
                        "<text class=\"legend\" x=\"%.1f\" y=\"34\">",
                x, colors[i], x + 14);
        ll__html_text(c->out, names[i]);
        ll__html_printf(c->out, "</text>\n");
        x += 22 + 6.5 * (double)strlen(names[i]);
    }
}

void ll__chart_end(ll_chart *c)
{
    ll__html_printf(c->out, "</svg></figure>\n");
}

void ll__chart_area(ll_chart *c, const char *name, int color, const double *x, const double *low, const double *high,
                   size_t n)
{
    if (!n)
        return;
    ll__html_printf(c->out, "<path class=\"series area\" data-series=\"");
    ll__html_text(c->out, name);
    ll__html_printf(c->out, "\" data-points=\"%zu\" fill=\"var(--c%d)\" d=\"", n, color);
    for (size_t i = 0; i < n; i++)
        ll__html_printf(c->out, "%s%.1f %.1f", i ? " L" : "M", chart_x(c, x[i]), chart_y(c, high[i]));
    for (size_t i = n; i-- > 0;)
        ll__html_printf(c->out, " L%.1f %.1f", chart_x(c, x[i]), chart_y(c, low[i]));
    ll__html_printf(c->out, " Z\"><title>");
    ll__html_text(c->out, name);
    ll__html_printf(c->out, "</title></path>\n");
}

void ll__chart_line(ll_chart *c, const char *name, int color, const double *x, const double *y, size_t n, int dashed)
{
    if (!n)
        return;
    ll__html_printf(c->out, "<path class=\"series line%s\" data-series=\"", dashed ? " dashed" : "");
    ll__html_text(c->out, name);
    ll__html_printf(c->out, "\" data-points=\"%zu\" stroke=\"var(--c%d)\" d=\"", n, color);
    for (size_t i = 0; i < n; i++)
        ll__html_printf(c->out, "%s%.1f %.1f", i ? " L" : "M", chart_x(c, x[i]), chart_y(c, y[i]));
    ll__html_printf(c->out, "\"><title>");
    ll__html_text(c->out, name);
    ll__html_printf(c->out, "</title></path>\n");
}

void ll__chart_x_band(ll_chart *c, double from, double to, const char *label)
{
    double x0 = chart_x(c, fmax(from, c->x_min)), x1 = chart_x(c, fmin(to, c->x_max));
    if (x1 <= x0)
        return;
    ll__html_printf(c->out, "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>", x0, TOP,
            x1 - x0, HEIGHT - TOP - BOTTOM);
    ll__html_text(c->out, label);
    ll__html_printf(c->out, "</title></rect>\n");
}

void ll__chart_x_ticks(ll_chart *c, const char *name, const double *x, size_t n, const char *title)
{
    if (!n)
        return;
    ll__html_printf(c->out, "<path class=\"marks\" data-series=\"");
    ll__html_text(c->out, name);
    ll__html_printf(c->out, "\" data-points=\"%zu\" d=\"", n);
    for (size_t i = 0; i < n; i++)
        ll__html_printf(c->out, "M%.1f %.1f v6", chart_x(c, x[i]), TOP);
    ll__html_printf(c->out, "\"><title>");
    ll__html_text(c->out, title);
    ll__html_printf(c->out, "</title></path>\n");
}

void ll__chart_dot(ll_chart *c, const char *name, int color, double x, double y, const char *title, const char *label)
{
    ll__html_printf(c->out, "<g class=\"dot\" data-series=\"");
    ll__html_text(c->out, name);
    ll__html_printf(c->out, "\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"var(--c%d)\"><title>", chart_x(c, x),
            chart_y(c, y), color);
    ll__html_text(c->out, title);
    ll__html_printf(c->out, "</title></circle>");
    if (label) {
        ll__html_printf(c->out, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">", chart_x(c, x) + 6, chart_y(c, y) - 6);
        ll__html_text(c->out, label);
        ll__html_printf(c->out, "</text>");
    }
    ll__html_printf(c->out, "</g>\n");
}

void ll__chart_bar(ll_chart *c, const char *name, int color, size_t slot, size_t slots, double value, const char *label)
{
    double band = (HEIGHT - TOP - BOTTOM) / (double)(slots ? slots : 1);
    double y = TOP + band * (double)slot + band * 0.15, h = band * 0.7;
    double x0 = chart_x(c, 0), x1 = chart_x(c, fmax(0, value));
    ll__html_printf(c->out, "<rect class=\"series bar\" data-series=\"");
    ll__html_text(c->out, name);
    ll__html_printf(c->out, "\" data-points=\"1\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"var(--c%d)\"><title>",
            x0, y, fmax(x1 - x0, 1), h, color);
    ll__html_text(c->out, label);
    ll__html_printf(c->out, "</title></rect><text class=\"tick\" x=\"%.1f\" y=\"%.1f\">", fmax(x1, x0) + 4, y + h / 2 + 4);
    ll__html_text(c->out, label);
    ll__html_printf(c->out, "</text>\n");
}
