/* The recycle sweep as a Markdown table (DIR/sweep.md of `leaklab sweep`). */
#include "leaklab/report.h"

#include "text_format.h"

#include <string.h>

static const char *kept_text(json_t *kept, const char *series, char *buf, size_t len)
{
    json_t *k = json_object_get(kept, series), *ci = json_object_get(k, "ci95");
    char v[32], lo[32], hi[32];
    int bytes = strcmp(series, "assemblies") != 0;
    if (!json_is_number(json_object_get(k, "value")))
        return "-";
    snprintf(buf, len, "%s [%s, %s]", growth_text(field_number(k, "value"), bytes, v, sizeof v),
             growth_text(json_number_value(json_array_get(ci, 0)), bytes, lo, sizeof lo),
             growth_text(json_number_value(json_array_get(ci, 1)), bytes, hi, sizeof hi));
    return buf;
}

int ll_sweep_write_markdown(const json_t *sweep, FILE *out)
{
    json_t *s = (json_t *)sweep;
    ll_text_printf(out, "# Recycle sweep: %s\n\n", field_string(s, "scenario", "-"));
    ll_text_printf(out, "Each point runs the scenario in a collectible AppDomain unloaded every M calls (M = 0: the default "
                 "context, for reference). Kept per call: the growth per call after warm-up, with its 95 %% interval. "
                 "Pareto: no other point is both faster and keeps less.\n\n");
    ll_text_printf(out, "| M | calls | ms/call | kept rss/call | kept GC heap/call | kept malloc/call | assemblies/call | "
                 "verdict | grade | Pareto |\n|---|---|---|---|---|---|---|---|---|---|\n");
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(s, "points"), i, p) {
        char ms[32] = "-", a[96], b[96], c[96], d[96];
        json_t *kept = json_object_get(p, "kept_per_call");
        if (json_is_number(json_object_get(p, "ms_per_call")))
            snprintf(ms, sizeof ms, "%.3f", field_number(p, "ms_per_call"));
        ll_text_printf(out, "| %lld | %lld | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                (long long)json_integer_value(json_object_get(p, "recycle_every")),
                (long long)json_integer_value(json_object_get(p, "iterations")), ms, kept_text(kept, "rss", a, sizeof a),
                kept_text(kept, "managed", b, sizeof b), kept_text(kept, "native", c, sizeof c),
                kept_text(kept, "assemblies", d, sizeof d), field_string(p, "verdict", "-"),
                field_string(json_object_get(p, "severity"), "grade", "-"),
                json_is_true(json_object_get(p, "pareto")) ? "**yes**" : "");
    }
    json_t *failures = json_object_get(s, "failures");
    if (json_array_size(failures))
        ll_text_printf(out, "\nFailed attempts (each point is tried twice):\n\n");
    json_array_foreach(failures, i, p) {
        ll_text_printf(out, "- M=%lld, attempt %lld: ", (long long)json_integer_value(json_object_get(p, "recycle_every")),
                (long long)json_integer_value(json_object_get(p, "attempt")));
        if (json_is_integer(json_object_get(p, "signal")))
            ll_text_printf(out, "died of SIG%s", field_string(p, "signal_name", "?"));
        else
            ll_text_printf(out, "exited with status %lld", (long long)json_integer_value(json_object_get(p, "exit_status")));
        ll_text_printf(out, ": `%s`\n", field_string(p, "message", ""));
    }
    return ferror(out) ? -1 : 0;
}
