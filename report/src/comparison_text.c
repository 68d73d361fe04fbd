/* The comparison for people: the overall answer, then per series each
 * run's growth, the difference and the share removed, then time per call
 * and each run's verdict. Rendered from the comparison's JSON. */
#include "leaklab/report.h"

#include "text_format.h"

#include <string.h>

static const char *interval_text(json_t *ci, int bytes, char *buf, size_t len)
{
    char a[32], b[32];
    if (!json_is_array(ci))
        return "-";
    snprintf(buf, len, "[%s, %s]", growth_text(json_number_value(json_array_get(ci, 0)), bytes, a, sizeof a),
             growth_text(json_number_value(json_array_get(ci, 1)), bytes, b, sizeof b));
    return buf;
}

static void write_side(const char *label, json_t *side, int bytes, FILE *out)
{
    char v[32], ci[72];
    json_t *slope = json_object_get(side, "per_iteration");
    ll_text_printf(out, "    %-10s %12s %27s", label, json_is_number(slope) ? growth_text(json_number_value(slope), bytes, v, sizeof v) : "-",
            interval_text(json_object_get(side, "ci95"), bytes, ci, sizeof ci));
}

static void write_run(const char *label, json_t *run, json_t *ms, FILE *out)
{
    json_t *severity = json_object_get(run, "severity");
    char per[32], time[32] = "-";
    if (json_is_number(ms))
        snprintf(time, sizeof time, "%.2f ms/call", json_number_value(ms));
    ll_text_printf(out, "  %-5s %s [%s]: %s", label, field_string(run, "scenario", field_string(run, "file", "-")),
            field_string(run, "context", "-"), field_string(run, "verdict", "-"));
    if (json_is_object(severity))
        ll_text_printf(out, " (%s, %s: %s/call)", field_string(run, "kind", "-"), field_string(severity, "grade", "-"),
                bytes_text(field_number(severity, "bytes_per_iteration"), per, sizeof per, 1));
    ll_text_printf(out, ", %s\n", time);
}

void ll_comparison_write_text(const json_t *comparison, FILE *out)
{
    json_t *c = (json_t *)comparison;
    const char *x_unit = field_string(c, "x_unit", "iteration");
    json_t *ms = json_object_get(c, "ms_per_call");
    ll_text_printf(out, "comparison: %s (the fix against the base)\n", field_string(c, "comparison", "-"));
    write_run("base", json_object_get(c, "base"), json_object_get(ms, "base"), out);
    write_run("fix", json_object_get(c, "fix"), json_object_get(ms, "fix"), out);
    ll_text_printf(out, "\ngrowth per %s (Theil-Sen slope, 95 %% interval)\n", x_unit);
    const char *key;
    json_t *k;
    json_object_foreach(json_object_get(c, "kinds"), key, k) {
        int bytes = strcmp(key, "assemblies") != 0;
        json_t *removed = json_object_get(k, "removed_share"), *diff = json_object_get(k, "difference");
        ll_text_printf(out, "  %s\n", key);
        write_side("base", json_object_get(k, "base"), bytes, out);
        ll_text_printf(out, "  %s\n", field_string(json_object_get(k, "base"), "verdict", "-"));
        write_side("fix", json_object_get(k, "fix"), bytes, out);
        ll_text_printf(out, "  %s\n", field_string(json_object_get(k, "fix"), "verdict", "-"));
        if (json_is_object(diff)) {
            write_side("difference", diff, bytes, out);
            ll_text_printf(out, "  %s\n", json_is_true(json_object_get(k, "measurable")) ? "measurable" : "within resolution");
        }
        if (json_is_object(removed)) {
            json_t *ci = json_object_get(removed, "ci95");
            ll_text_printf(out, "    %-10s %11.1f %% [%.1f %%, %.1f %%] of the base's growth\n", "removed",
                    100 * field_number(removed, "value"), 100 * json_number_value(json_array_get(ci, 0)),
                    100 * json_number_value(json_array_get(ci, 1)));
        }
    }
}
