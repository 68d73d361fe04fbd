/* The report for people: the verdict first, then the evidence, the
 * suspects with their fix, and SOS-like views. Rendered from the JSON
 * report, so both formats always say the same thing. */
#include "leaklab/report.h"
#include "text_format.h"

#include <math.h>
#include <string.h>

static void write_headline(json_t *j, FILE *out)
{
    json_t *run = json_object_get(j, "run"), *input = json_object_get(j, "input");
    char n1[COUNT_TEXT_LEN], n2[COUNT_TEXT_LEN], n3[COUNT_TEXT_LEN];
    char headline[256];
    fprintf(out, "verdict: %s", verdict_headline(j, headline, sizeof headline));
    const char *x_unit = field_string(run, "x_unit", "iteration");
    if (strcmp(x_unit, "iteration") == 0)
        fprintf(out, "\nrun:     %s [%s], %s iterations, %s snapshots, warm-up %s iterations discarded\n",
                field_string(run, "scenario", field_string(run, "entry", "-")), field_string(run, "context", "-"),
                count_text(field_number(input, "iterations"), n1), count_text(field_number(input, "snapshots"), n2),
                count_text(field_number(input, "warmup_iterations"), n3));
    else
        fprintf(out, "\ninput:   %s, %s snapshots (one per %s)\n", field_string(run, "entry", "-"),
                count_text(field_number(input, "snapshots"), n2), x_unit);
    json_t *diff = json_object_get(j, "diff");
    if (strcmp(field_string(j, "basis", ""), "dump-diff") == 0)
        fprintf(out, "basis:   SUSPECTED from what grew between %s dumps, not from a trend test: %s\n",
                count_text(field_number(diff, "dumps"), n1), field_string(diff, "pattern", "-"));
    else if (json_is_true(json_object_get(j, "suspected")))
        fprintf(out, "basis:   SUSPECTED from the composition of a single snapshot, not from a trend\n");
    else if (strcmp(field_string(j, "basis", ""), "composition") == 0)
        fprintf(out, "basis:   too few snapshots for a trend; composition of the last one shown below\n");
    if (field_number(input, "failed_iterations") > 0)
        fprintf(out, "failed:  %s iterations; first at %s: %s\n", count_text(field_number(input, "failed_iterations"), n1),
                count_text(field_number(json_object_get(input, "first_failure"), "iteration"), n2),
                field_string(json_object_get(json_object_get(input, "first_failure"), "exception"), "message", "-"));
    json_t *more = json_object_get(j, "more_iterations_needed");
    if (json_is_integer(more))
        fprintf(out, "         about %lld more %ss would settle it\n", (long long)json_integer_value(more),
                field_string(json_object_get(j, "run"), "x_unit", "iteration"));
    json_t *shares = json_object_get(j, "kind_shares");
    if (json_is_object(shares))
        fprintf(out, "shares:  assembly %.0f %%, managed %.0f %%, native %.0f %%\n", 100 * field_number(shares, "assembly"),
                100 * field_number(shares, "managed"), 100 * field_number(shares, "native"));
    json_t *split = json_object_get(j, "memory_split");
    if (json_is_object(split))
        fprintf(out, "where:   %.0f %% in the GC heap, %.0f %% outside it (runtime, malloc, mappings)\n",
                100 * field_number(split, "gc_heap"), 100 * field_number(split, "outside_gc_heap"));
    json_t *projection = json_object_get(j, "projection");
    if (json_is_object(projection)) {
        const char *unit = field_string(json_object_get(j, "run"), "x_unit", "iteration");
        fprintf(out, "projection: at this rate, +1 GB after %s more %ss\n",
                count_text(field_number(projection, "iterations_per_gib"), n1),
                strcmp(unit, "iteration") == 0 ? "call" : unit);
    }
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(j, "warnings"), i, w)
        fprintf(out, "warning: %s\n", json_string_value(w));
}

static void write_growth(json_t *j, FILE *out)
{
    const char *x_unit = field_string(json_object_get(j, "run"), "x_unit", "iteration");
    char per[48];
    snprintf(per, sizeof per, "per %s", x_unit);
    fprintf(out, "\ngrowth %s (Theil-Sen slope, 95 %% interval; Mann-Kendall one-sided p)\n", per);
    fprintf(out, "  %-11s %14s %29s %10s %7s %14s  %s\n", "kind", per, "95% interval", "p", "tau",
            "floor", "verdict");
    const char *key;
    json_t *g;
    json_object_foreach(json_object_get(j, "growth"), key, g) {
        int bytes = strcmp(field_string(g, "unit", ""), "bytes") == 0;
        if (!json_is_number(json_object_get(g, "per_iteration"))) {
            fprintf(out, "  %-11s %14s %29s %10s %7s %14s  %s\n", key, "-", "-", "-", "-", "-",
                    json_is_false(json_object_get(g, "measured")) ? "not measured" : field_string(g, "verdict", "-"));
            continue;
        }
        json_t *ci = json_object_get(g, "ci95"), *mk = json_object_get(g, "mann_kendall");
        char a[32], b[32], c[32], t[32], interval[72];
        if (bytes) {
            bytes_text(field_number(g, "per_iteration"), a, sizeof a, 1);
            snprintf(interval, sizeof interval, "[%s, %s]", bytes_text(json_number_value(json_array_get(ci, 0)), b, sizeof b, 1),
                     bytes_text(json_number_value(json_array_get(ci, 1)), c, sizeof c, 1));
            bytes_text(field_number(g, "floor"), t, sizeof t, 0);
        } else {
            snprintf(a, sizeof a, "%+.3f", field_number(g, "per_iteration"));
            snprintf(interval, sizeof interval, "[%+.3f, %+.3f]", json_number_value(json_array_get(ci, 0)),
                     json_number_value(json_array_get(ci, 1)));
            snprintf(t, sizeof t, "%.3f", field_number(g, "floor"));
        }
        char below[96] = "";
        json_t *resolution = json_object_get(g, "below_resolution"), *levelled = json_object_get(g, "levelled_off");
        if (json_is_object(resolution))
            snprintf(below, sizeof below, " (below resolution: at most %s)",
                     growth_text(field_number(resolution, "at_most"), bytes, c, sizeof c));
        else if (json_is_object(levelled))
            snprintf(below, sizeof below, " (levelled off: last half at most %s)",
                     growth_text(field_number(levelled, "last_half_at_most"), bytes, c, sizeof c));
        fprintf(out, "  %-11s %14s %29s %10.2g %7.2f %14s  %s%s\n", key, a, interval, field_number(mk, "p_value"),
                field_number(mk, "tau"), t, field_string(g, "verdict", "-"), below);
    }
}

static void write_suspects(json_t *j, FILE *out)
{
    json_t *suspects = json_object_get(j, "suspects"), *s;
    size_t i;
    if (json_array_size(suspects) == 0)
        return;
    fprintf(out, strcmp(field_string(j, "basis", ""), "composition") == 0
                     ? "\nwhat the snapshot points at (generated-looking assembly groups of two or more; !dumpheap -stat)\n"
                     : "\nsuspect assemblies (groups whose loaded count keeps rising)\n");
    json_array_foreach(suspects, i, s) {
        char per[32] = "";
        if (json_is_number(json_object_get(s, "bytes_per_assembly")))
            bytes_text(field_number(s, "bytes_per_assembly"), per, sizeof per, 0);
        char growth[48] = "";
        if (!isnan(field_number(s, "per_iteration")))
            snprintf(growth, sizeof growth, " (%+.2f per call)", field_number(s, "per_iteration"));
        char loaded[COUNT_TEXT_LEN];
        if (strcmp(field_string(s, "origin", ""), "!dumpheap -stat") == 0) {
            fprintf(out, "  %zu. %s objects on the GC heap (!dumpheap -stat)\n     %s", i + 1,
                    count_text(field_number(s, "loaded"), loaded), field_string(s, "signature", ""));
            fprintf(out, "\n     generated by: %s\n     fix: %s\n", field_string(s, "generator", "-"),
                    field_string(s, "fix", "-"));
            continue;
        }
        fprintf(out, "  %zu. %s loaded%s, %s names, version %s, loaded from %s%s%s\n", i + 1,
                count_text(field_number(s, "loaded"), loaded), growth, field_string(s, "name_pattern", "-"),
                field_string(s, "version", "-"), field_string(s, "origin", "-"), per[0] ? ", about " : "", per);
        fprintf(out, "     e.g. ");
        size_t k;
        json_t *name;
        json_array_foreach(json_object_get(s, "examples"), k, name)
            fprintf(out, "%s%s", k ? ", " : "", json_string_value(name));
        fprintf(out, "\n     %s\n     generated by: %s\n     fix: %s\n", field_string(s, "signature", ""),
                field_string(s, "generator", "-"), field_string(s, "fix", "-"));
    }
}

static void write_address_summary(json_t *views, FILE *out)
{
    fprintf(out, "\naddress summary (like !address -summary; size = reserved, rss = resident)\n");
    fprintf(out, "  %-14s %8s %12s %12s   %8s %12s %12s\n", "kind", "regions", "size", "rss", "regions", "size", "rss");
    fprintf(out, "  %-14s %34s   %34s\n", "", "first snapshot", "last snapshot");
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(views, "address_summary"), i, row) {
        json_t *f = json_object_get(row, "first"), *l = json_object_get(row, "last");
        char a[32], b[32], c[32], d[32], r1[COUNT_TEXT_LEN], r2[COUNT_TEXT_LEN];
        fprintf(out, "  %-14s %8s %12s %12s   %8s %12s %12s\n", field_string(row, "kind", "-"),
                count_text(field_number(f, "regions"), r1), bytes_text(field_number(f, "size"), a, sizeof a, 0),
                bytes_text(field_number(f, "rss"), b, sizeof b, 0), count_text(field_number(l, "regions"), r2),
                bytes_text(field_number(l, "size"), c, sizeof c, 0), bytes_text(field_number(l, "rss"), d, sizeof d, 0));
    }
}

static void write_heaps(json_t *views, FILE *out)
{
    json_t *gc = json_object_get(views, "gc_heap"), *m = json_object_get(views, "malloc");
    char a[32], b[32], c[32], d[32];
    fprintf(out, "\nGC heap (like !eeheap -gc)\n");
    fprintf(out, "  heap size %s -> %s, in use %s -> %s\n", bytes_text(field_number(json_object_get(gc, "first"), "heap_size"), a, 32, 0),
            bytes_text(field_number(json_object_get(gc, "last"), "heap_size"), b, 32, 0),
            bytes_text(field_number(json_object_get(gc, "first"), "used_size"), c, 32, 0),
            bytes_text(field_number(json_object_get(gc, "last"), "used_size"), d, 32, 0));
    fprintf(out, "native heap (malloc)\n  in use %s -> %s\n", bytes_text(field_number(json_object_get(m, "first"), "in_use"), a, 32, 0),
            bytes_text(field_number(json_object_get(m, "last"), "in_use"), b, 32, 0));
    fprintf(out, "runtime counters that grew most since the first call, 10 %% or more (like !eeheap -loader)\n");
    size_t i;
    json_t *c_;
    json_array_foreach(json_object_get(views, "runtime_counters_moved"), i, c_)
        fprintf(out, "  %-40s %14s -> %s\n", field_string(c_, "counter", "-"), count_text(field_number(c_, "first"), a),
                count_text(field_number(c_, "last"), b));
}

static void write_domains(json_t *views, FILE *out)
{
    json_t *domains = json_object_get(views, "domains");
    fprintf(out, "\ndomains (like !dumpdomain, assemblies grouped)\n");
    const char *key;
    json_t *count;
    char n[COUNT_TEXT_LEN];
    json_object_foreach(json_object_get(domains, "by_domain"), key, count)
        fprintf(out, "  domain %s: %s assemblies loaded\n", key, count_text(json_number_or_nan(count), n));
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(domains, "repeated_groups"), i, g)
        fprintf(out, "  %6s x %s (%s), e.g. %s\n", count_text(field_number(g, "loaded"), n), field_string(g, "name_pattern", "-"),
                field_string(g, "origin", "-"), json_string_value(json_array_get(json_object_get(g, "examples"), 0)));
}

static void write_modules(json_t *views, FILE *out)
{
    size_t i, k;
    json_t *m, *t;
    json_array_foreach(json_object_get(views, "modules"), i, m) {
        fprintf(out, "\ndumpmodule -mt of %s (version %s, %s)\n  Types defined in this module\n",
                field_string(m, "name", "-"), field_string(m, "version", "-"), field_string(m, "origin", "-"));
        json_array_foreach(json_object_get(m, "types"), k, t)
            fprintf(out, "    %s : %s\n", field_string(t, "name", "-"), field_string(t, "base", "-"));
        fprintf(out, "  Types referenced in this module\n");
        json_array_foreach(json_object_get(m, "refs"), k, t)
            fprintf(out, "    %s\n", json_string_value(t));
    }
}

static void write_composition(json_t *j, FILE *out)
{
    json_t *c = json_object_get(j, "composition");
    if (!json_is_object(c))
        return;
    char a[32], b[32], d[32], e[32];
    double committed = field_number(c, "committed_bytes");
    fprintf(out, "\ncomposition of the last snapshot (CASE.md's questions)\n");
    fprintf(out, "  committed memory           %12s\n", bytes_text(committed, a, sizeof a, 0));
    char p1[COUNT_TEXT_LEN], p2[COUNT_TEXT_LEN], n1[COUNT_TEXT_LEN], n2[COUNT_TEXT_LEN];
    fprintf(out, "  managed heap               %12s   %7s of committed\n", bytes_text(field_number(c, "managed_bytes"), b, 32, 0),
            percent_text(field_number(c, "managed_share"), p1));
    fprintf(out, "  loader heap (runtime)      %12s   %7s of committed\n",
            bytes_text(field_number(c, "loader_heap_bytes"), d, 32, 0), percent_text(field_number(c, "loader_heap_share"), p2));
    fprintf(out, "  native heap                %12s\n", bytes_text(field_number(c, "native_heap_bytes"), e, 32, 0));
    fprintf(out, "  assemblies loaded          %12s   %s look generated\n", count_text(field_number(c, "assemblies_loaded"), n1),
            count_text(field_number(c, "generated_looking_assemblies"), n2));
    size_t i;
    json_t *rule;
    json_array_foreach(json_object_get(c, "rules"), i, rule)
        fprintf(out, "  [%s] %s\n", json_is_true(json_object_get(rule, "fired")) ? "x" : " ",
                field_string(rule, "rule", "-"));
    json_t *note;
    json_array_foreach(json_object_get(c, "notes"), i, note)
        fprintf(out, "  note: %s\n", json_string_value(note));
    fprintf(out, "  to confirm: %s\n", field_string(c, "confirm_with", "-"));
}

static void write_change_row(const char *name, json_t *change, json_t *share, FILE *out)
{
    char a[32], b[32], c[32], p[COUNT_TEXT_LEN], n1[COUNT_TEXT_LEN], n2[COUNT_TEXT_LEN];
    if (strcmp(name, "assemblies") == 0) {
        fprintf(out, "  %-14s %12s %12s %+13.0f\n", name, count_text(field_number(change, "first"), n1),
                count_text(field_number(change, "last"), n2), field_number(change, "change"));
        return;
    }
    fprintf(out, "  %-14s %12s %12s %13s  %s\n", name, bytes_text(field_number(change, "first"), a, sizeof a, 0),
            bytes_text(field_number(change, "last"), b, sizeof b, 0),
            bytes_text(field_number(change, "change"), c, sizeof c, 1),
            json_is_number(share) ? percent_text(json_number_value(share), p) : "");
}

/* What grew between the first and the last dump, then per interval. */
static void write_diff(json_t *diff, FILE *out)
{
    if (!json_is_object(diff))
        return;
    fprintf(out, "\ngrowth between dumps (dump %lld -> dump %lld; share: of the committed growth)\n",
            (long long)json_integer_value(json_object_get(diff, "from")),
            (long long)json_integer_value(json_object_get(diff, "to")));
    fprintf(out, "  %-14s %12s %12s %13s  %s\n", "", "first", "last", "change", "share");
    const char *name;
    json_t *change;
    json_object_foreach(json_object_get(diff, "kinds"), name, change)
        write_change_row(name, change, json_object_get(json_object_get(diff, "explains"), name), out);
    size_t i;
    json_t *g, *t;
    if (json_array_size(json_object_get(diff, "assembly_groups")))
        fprintf(out, "  assembly groups that appeared:\n");
    json_array_foreach(json_object_get(diff, "assembly_groups"), i, g) {
        char n1[COUNT_TEXT_LEN], n2[COUNT_TEXT_LEN];
        fprintf(out, "    %s -> %s  %s names, version %s, from %s (%s)\n", count_text(field_number(g, "first"), n1),
                count_text(field_number(g, "last"), n2), field_string(g, "name_pattern", "-"),
                field_string(g, "version", "-"), field_string(g, "origin", "-"), field_string(g, "generator", "-"));
    }
    if (json_array_size(json_object_get(diff, "dumpheap")))
        fprintf(out, "  !dumpheap -stat types that grew most:\n");
    json_array_foreach(json_object_get(diff, "dumpheap"), i, t) {
        char a[32], n[COUNT_TEXT_LEN];
        fprintf(out, "    %12s %+12.0f objects  %s (now %s)\n", bytes_text(field_number(t, "size_change"), a, sizeof a, 1),
                field_number(t, "count_change"), field_string(t, "type", "-"), count_text(field_number(t, "count"), n));
    }
    json_t *intervals = json_object_get(diff, "intervals"), *interval;
    if (json_array_size(intervals) < 2)
        return;
    fprintf(out, "  per interval:\n");
    json_array_foreach(intervals, i, interval) {
        char a[32], b[32], c[32];
        json_t *k = json_object_get(interval, "kinds");
        fprintf(out, "    dump %lld -> %lld: committed %s, GC heap %s, loader heap %s\n",
                (long long)json_integer_value(json_object_get(interval, "from")),
                (long long)json_integer_value(json_object_get(interval, "to")),
                bytes_text(field_number(json_object_get(k, "committed"), "change"), a, sizeof a, 1),
                bytes_text(field_number(json_object_get(k, "gc_heap"), "change"), b, sizeof b, 1),
                bytes_text(field_number(json_object_get(k, "loader_heap"), "change"), c, sizeof c, 1));
    }
}

static void write_dumpheap(json_t *snapshot_views, FILE *out)
{
    json_t *top = json_object_get(snapshot_views, "dumpheap");
    if (json_array_size(top) == 0)
        return;
    fprintf(out, "\nlargest managed types (from !dumpheap -stat)\n");
    size_t i;
    json_t *t;
    char a[32], n[COUNT_TEXT_LEN];
    json_array_foreach(top, i, t)
        fprintf(out, "  %12s %10s  %s\n", bytes_text(field_number(t, "size"), a, sizeof a, 0), count_text(field_number(t, "count"), n),
                field_string(t, "type", "-"));
}

void ll_report_write_text(const ll_report *report, FILE *out)
{
    json_t *j = ll_report_to_json(report);
    ll_report_json_write_text(j, out);
    json_decref(j);
}

void ll_report_json_write_text(const json_t *result, FILE *out)
{
    json_t *j = (json_t *)result; /* jansson's getters take no const */
    write_headline(j, out);
    write_growth(j, out);
    write_diff(json_object_get(j, "diff"), out);
    write_composition(j, out);
    write_suspects(j, out);
    json_t *views = json_object_get(j, "views");
    if (json_is_object(views)) {
        write_address_summary(views, out);
        write_heaps(views, out);
        write_domains(views, out);
        write_dumpheap(views, out);
        write_modules(views, out);
    }
}
