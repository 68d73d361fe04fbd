/* See two_samples.h. */
#include "two_samples.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct figure_growth {
    const char *name, *unit;
    double first, last;
};

static double figure(const ll_record *rec, const char *path)
{
    ll_value v = ll_record_value(rec, path);
    return v.kind == LL_VALUE_INTEGER || v.kind == LL_VALUE_REAL ? v.number : NAN;
}

/* Most growth first, relative to the first value. */
static int most_growth_first(const void *a, const void *b)
{
    const struct figure_growth *x = a, *y = b;
    double gx = (x->last - x->first) / fmax(x->first, 1), gy = (y->last - y->first) / fmax(y->first, 1);
    return gx < gy ? 1 : gx > gy ? -1 : 0;
}

/* Whether a gen-2 collection shows in the rates of LAST's refresh:
 * EventCounters' "Gen 2 GC Count", the Meter's per-generation
 * "dotnet.gc.collections"; -1 when neither is there. */
struct gen2 {
    int seen, ran;
};

static int gen2_member(const char *key, const ll_value *value, void *ctx)
{
    struct gen2 *g = ctx;
    int named = strstr(key, "Gen 2 GC Count") || (strstr(key, "dotnet.gc.collections") && strstr(key, "gen2"));
    if (!named || (value->kind != LL_VALUE_INTEGER && value->kind != LL_VALUE_REAL))
        return 0;
    g->seen = 1;
    g->ran |= value->number > 0;
    return 0;
}

void ll__two_samples_note(const ll_record *first, const ll_record *last, ll_report *report)
{
    double seconds = (figure(last, LL_FIELD_TIME_UNIX_MS) - figure(first, LL_FIELD_TIME_UNIX_MS)) / 1000;
    if (!(seconds > 0))
        return;
    struct figure_growth figures[] = {
        {"resident memory", "B", figure(first, LL_PATH_RSS), figure(last, LL_PATH_RSS)},
        {"GC heap", "B", figure(first, LL_PATH_GC_USED), figure(last, LL_PATH_GC_USED)},
        {"assemblies", "", figure(first, LL_PATH_ASSEMBLIES_LOADED), figure(last, LL_PATH_ASSEMBLIES_LOADED)},
    };
    size_t n = sizeof figures / sizeof figures[0], kept = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(figures[i].first) && isfinite(figures[i].last))
            figures[kept++] = figures[i];
    qsort(figures, kept, sizeof *figures, most_growth_first);
    char note[600];
    size_t len = (size_t)snprintf(note, sizeof note, "between the two samples, %.0f s apart (too few for a trend; "
                                  "most growth first):", seconds);
    for (size_t i = 0; i < kept && len < sizeof note; i++) {
        double change = figures[i].last - figures[i].first, scale = *figures[i].unit ? 1e3 : 1;
        const char *unit = *figures[i].unit ? " kB" : "";
        len += (size_t)snprintf(note + len, sizeof note - len, "%s %s %+.1f%s (%+.3g%s/s)", i ? "," : "",
                                figures[i].name, change / scale, unit, change / scale / seconds, unit);
    }
    struct gen2 g = {0, 0};
    ll_value runtime = ll_record_value(last, LL_FIELD_RUNTIME);
    ll_value_each_member(&runtime, gen2_member, &g);
    if (g.seen && len < sizeof note)
        snprintf(note + len, sizeof note - len, "; a gen-2 collection in the refresh before the second: %s",
                 g.ran ? "yes (what grew survived one)" : "none (what grew may still be collected)");
    ll_string_list_add(&report->composition.notes, &report->composition.note_count, note);
}
