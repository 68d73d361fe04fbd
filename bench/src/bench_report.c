/* `leaklab-bench --report DIR PART.json...`: merges the Google Benchmark
 * JSON of each bench/run process into DIR/bench.json (the context of the
 * first part, every benchmark of all parts) and writes DIR/bench.md, the
 * tables README.md shows, and DIR/bench.html, the same as a page. Each is
 * written atomically (ll_output). */
#include "benches.h"

#include "leaklab/output.h"
#include "leaklab/report.h"
#include "leaklab/snapshot.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* TEXT to PATH through ll_output: a temporary file beside it (mkstemp,
 * never a predictable name) renamed into place. */
static int write_atomically(const char *path, const char *text)
{
    ll_error err;
    ll_output *out = ll_output_open(path, NULL, 0, &err);
    if (!out || fputs(text, ll_output_stream(out)) < 0) {
        if (out)
            ll_output_abort(out);
        fprintf(stderr, "leaklab-bench: cannot write %s\n", out ? path : err.message);
        return -1;
    }
    if (ll_output_commit(out, &err) < 0) {
        fprintf(stderr, "leaklab-bench: %s\n", err.message);
        return -1;
    }
    return 0;
}

/* bench.md as a page: its tables as <table>, its other lines as <p>. */
static char *render_html(const char *markdown)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>leaklab benchmarks</title><style>"
          "body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:0 auto;padding:1em}"
          "table{border-collapse:collapse;margin:.8em 0}td,th{border-bottom:1px solid #ccc;padding:.2em .6em}"
          "@media (prefers-color-scheme:dark){body{background:#161616;color:#e8e8e8}td,th{border-color:#444}}"
          "</style></head><body><h1>leaklab benchmarks</h1>\n", out);
    int in_table = 0, header = 0;
    for (const char *line = markdown; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (n && line[0] == '|') {
            if (!in_table)
                fputs("<table>\n", out), in_table = 1, header = 1;
            if (strncmp(line, "|---", 4) != 0) {
                fputs("<tr>", out);
                for (const char *cell = line + 1; cell < line + n;) {
                    const char *bar = memchr(cell, '|', (size_t)(line + n - cell));
                    size_t w = bar ? (size_t)(bar - cell) : (size_t)(line + n - cell);
                    fputs(header ? "<th>" : "<td>", out);
                    ll_html_escape(out, cell, w);
                    fputs(header ? "</th>" : "</td>", out);
                    cell += w + 1;
                }
                fputs("</tr>\n", out);
                header = 0;
            }
        } else {
            if (in_table)
                fputs("</table>\n", out), in_table = 0;
            if (n) {
                fputs("<p>", out);
                ll_html_escape(out, line, n);
                fputs("</p>\n", out);
            }
        }
        line += n + (end ? 1 : 0);
    }
    if (in_table)
        fputs("</table>\n", out);
    fputs("</body></html>\n", out);
    fclose(out);
    return text;
}

static json_t *merge_parts(int n, char **paths)
{
    json_t *merged = NULL, *all = json_array();
    for (int i = 0; i < n; i++) {
        json_error_t jerr;
        json_t *part = json_load_file(paths[i], 0, &jerr);
        if (!part || !json_is_array(json_object_get(part, "benchmarks"))) {
            fprintf(stderr, "leaklab-bench: %s:%d: %s\n", paths[i], jerr.line, part ? "no \"benchmarks\" array" : jerr.text);
            json_decref(part);
            json_decref(merged);
            json_decref(all);
            return NULL;
        }
        json_array_extend(all, json_object_get(part, "benchmarks"));
        if (!merged)
            merged = json_pack("{sO}", "context", json_object_get(part, "context"));
        json_decref(part);
    }
    json_object_set_new(merged, "benchmarks", all);
    return merged;
}

/* The benchmark named NAME: its "mean" aggregate when repetitions were run,
 * else its single run; NULL if absent or failed. */
static json_t *find(json_t *merged, const char *name)
{
    json_t *b, *single = NULL;
    size_t i;
    json_array_foreach(json_object_get(merged, "benchmarks"), i, b) {
        const char *run = json_string_value(json_object_get(b, "run_name"));
        if (!run || strcmp(run, name) != 0 || json_is_true(json_object_get(b, "error_occurred")))
            continue;
        const char *aggregate = json_string_value(json_object_get(b, "aggregate_name"));
        if (aggregate && strcmp(aggregate, "mean") == 0)
            return b;
        if (!aggregate && !single)
            single = b;
    }
    return single;
}

static double number(json_t *b, const char *key)
{
    json_t *v = json_object_get(b, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* Whether B was found and ran (a skipped benchmark reports an error). */
static int ran(json_t *b)
{
    return b && !json_is_true(json_object_get(b, "error_occurred"));
}

/* The benchmark's time in milliseconds (real time, as all are reported). */
static double time_ms(json_t *b)
{
    const char *unit = json_string_value(json_object_get(b, "time_unit"));
    double t = number(b, "real_time");
    if (!unit)
        return t;
    return strcmp(unit, "ns") == 0 ? t / 1e6 : strcmp(unit, "us") == 0 ? t / 1e3 : strcmp(unit, "s") == 0 ? t * 1e3 : t;
}

static void cell(char *buf, size_t len, const char *fmt, double v)
{
    if (isnan(v))
        snprintf(buf, len, "n/a");
    else
        snprintf(buf, len, fmt, v);
}

static void proxy_table(json_t *m, FILE *out)
{
    /* Mono's always (n/a when not run); CoreCLR's when this build had it. */
    static const char *const names[] = {"proxy/per-call/default", "proxy/per-call/collectible",
                                        "proxy/per-call/collectible-every-10", "proxy/cached", "proxy/static",
                                        "proxy/coreclr/per-call/default", "proxy/coreclr/per-call/collectible",
                                        "proxy/coreclr/cached", "proxy/coreclr/static"};
    fprintf(out, "| variant | time per call (ms) | RSS kept per call | GC heap kept per call | native heap kept per call | assemblies kept per call | calls measured |\n|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        json_t *b = find(m, names[i]);
        if (strncmp(names[i], "proxy/coreclr/", 14) == 0 && !ran(b))
            continue;
        char t[32], r[32], g[32], n[32], a[32], it[32];
        cell(t, sizeof t, "%.2f", b ? time_ms(b) : NAN);
        cell(r, sizeof r, "%.0f B", b ? number(b, "rss_bytes") : NAN);
        cell(g, sizeof g, "%.0f B", b ? number(b, "gc_heap_bytes") : NAN);
        cell(n, sizeof n, "%.0f B", b ? number(b, "native_heap_bytes") : NAN);
        cell(a, sizeof a, "%.2f", b ? number(b, "assemblies") : NAN);
        cell(it, sizeof it, "%.0f", b ? number(b, "iterations") : NAN);
        fprintf(out, "| `%s` | %s | %s | %s | %s | %s | %s |\n", names[i], t, r, g, n, a, it);
    }
}

static void sweep_table(json_t *m, FILE *out)
{
    static const int periods[] = {1, 2, 5, 10, 20, 50, 100};
    fprintf(out, "\nThe recycle sweep (`proxy-per-call` in a collectible AppDomain recycled every M calls; one benchmark iteration is one period of M calls):\n\n| recycle every M calls | time per call (ms) | RSS kept per call | GC heap kept per call | native heap kept per call | calls measured |\n|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "proxy/sweep/recycle-every/%d", periods[i]);
        json_t *b = find(m, name);
        if (!b)
            continue;
        char t[32], r[32], g[32], n[32], it[32];
        double calls = number(b, "calls_per_iteration");
        cell(t, sizeof t, "%.2f", time_ms(b) / calls);
        cell(r, sizeof r, "%.0f B", number(b, "rss_bytes"));
        cell(g, sizeof g, "%.0f B", number(b, "gc_heap_bytes"));
        cell(n, sizeof n, "%.0f B", number(b, "native_heap_bytes"));
        cell(it, sizeof it, "%.0f", number(b, "iterations") * calls);
        fprintf(out, "| %d | %s | %s | %s | %s | %s |\n", periods[i], t, r, g, n, it);
    }
}

static void snapshot_table(json_t *m, FILE *out)
{
    json_t *per_call = find(m, "proxy/per-call/default");
    double call_ms = per_call ? time_ms(per_call) : NAN;
    fprintf(out, "\n| extra assemblies loaded | assemblies loaded | live objects | snapshot time (ms, mean of a run's) | share of one proxy-per-call call | goal (< 10 ms and < 2 %%) |\n|---|---|---|---|---|---|\n");
    static const char *const names[] = {"snapshot/extra_assemblies/0", "snapshot/extra_assemblies/1000",
                                        "snapshot/extra_assemblies/10000"};
    for (size_t i = 0; i < 3; i++) {
        json_t *b = find(m, names[i]);
        double ms = b ? time_ms(b) : NAN, share = 100 * ms / call_ms;
        char t[32], s[32], l[32], o[32];
        cell(t, sizeof t, "%.2f", ms);
        cell(s, sizeof s, "%.2f %%", share);
        cell(l, sizeof l, "%.0f", b ? number(b, "assemblies_loaded") : NAN);
        cell(o, sizeof o, "%.0f", b ? number(b, "heap_objects") : NAN);
        fprintf(out, "| %s | %s | %s | %s | %s | %s |\n", strrchr(names[i], '/') + 1, l, o, t, s,
                isnan(share) ? "n/a" : ms < 10 && share < 2 ? "met" : "not met");
    }
}

/* CoreCLR's heap dump, and its graph for retention paths, above its plain collection. */
static void coreclr_heap_shot_table(json_t *m, FILE *out)
{
    json_t *plain = find(m, "heapshot/coreclr/plain");
    if (!ran(plain))
        return;
    fprintf(out, "\nOn CoreCLR, the runtime's heap dump over EventPipe (leaklab-heapdump), above CoreCLR's plain "
                 "collection of %.2f ms:\n\n| heap shot | live objects | full collection (ms) | above the plain one (ms) "
                 "| per object (us) |\n|---|---|---|---|---|\n",
            time_ms(plain));
    static const char *const names[] = {"heapshot/coreclr/heap_dump", "heapshot/coreclr/retainers"};
    for (size_t i = 0; i < 2; i++) {
        json_t *b = find(m, names[i]);
        if (!ran(b))
            continue;
        double ms = time_ms(b), above = ms - time_ms(plain), objects = number(b, "heap_objects");
        char o[32], t[32], a[32], p[32];
        cell(o, sizeof o, "%.0f", objects);
        cell(t, sizeof t, "%.2f", ms);
        cell(a, sizeof a, "%.2f", above);
        cell(p, sizeof p, "%.3f", above * 1e3 / objects);
        fprintf(out, "| coreclr %s | %s | %s | %s | %s |\n", strrchr(names[i], '/') + 1, o, t, a, p);
    }
}

/* A heap-shot's cost per live object beside the log profiler's: each
 * one's full collection above the plain one, over the heap's objects. */
static void heap_shot_table(json_t *m, FILE *out)
{
    json_t *plain = find(m, "heapshot/collection/plain");
    static const char *const names[] = {"heapshot/collection/leaklab", "heapshot/collection/log_profiler",
                                        "heapshot/collection/retainers"};
    double per_object[3];
    fprintf(out, "\n| heap shot | live objects | full collection (ms) | above the plain one (ms) | per object (us) |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < 3; i++) {
        json_t *b = find(m, names[i]);
        double ms = b ? time_ms(b) : NAN, above = ms - (plain ? time_ms(plain) : NAN);
        double objects = b ? number(b, "heap_objects") : NAN;
        per_object[i] = above * 1e3 / objects;
        char t[32], a[32], p[32], o[32];
        cell(o, sizeof o, "%.0f", objects);
        cell(t, sizeof t, "%.2f", ms);
        cell(a, sizeof a, "%.2f", above);
        cell(p, sizeof p, "%.3f", per_object[i]);
        fprintf(out, "| %s | %s | %s | %s | %s |\n", strrchr(names[i], '/') + 1, o, t, a, p);
    }
    double ratio = per_object[0] / per_object[1];
    char r[32];
    cell(r, sizeof r, "%.2f", ratio);
    fprintf(out, "\nleaklab's heap-shot costs %s times the log profiler's per object (goal: at most 0.25): %s.\n", r,
            isnan(ratio) ? "n/a" : ratio <= 0.25 ? "met" : "not met");
    char c[32];
    cell(c, sizeof c, "%.3f", per_object[2] - per_object[0]);
    fprintf(out, "A retention capture (references, roots, and the paths of the heap's 8 largest types) adds %s us per "
                 "object to the heap-shot (retainers, above leaklab).\n", c);
    coreclr_heap_shot_table(m, out);
}


static void analyzer_table(json_t *m, FILE *out)
{
    fprintf(out, "\n| assembly records | analysis time (ms) | records per second | peak RSS | goal (>= 1,000,000/s) |\n|---|---|---|---|---|\n");
    static const char *const names[] = {"analyzer/assembly_records/10000", "analyzer/assembly_records/100000",
                                        "analyzer/assembly_records/1000000"};
    for (size_t i = 0; i < 3; i++) {
        json_t *b = find(m, names[i]);
        double rate = b ? number(b, "items_per_second") : NAN;
        char t[32], r[32], p[32];
        cell(t, sizeof t, "%.1f", b ? time_ms(b) : NAN);
        cell(r, sizeof r, "%.0f", rate);
        cell(p, sizeof p, "%.1f MB", b ? number(b, "peak_rss_bytes") / 1048576 : NAN);
        fprintf(out, "| %s | %s | %s | %s | %s |\n", strrchr(names[i], '/') + 1, t, r, p,
                isnan(rate) ? "n/a" : rate >= 1e6 ? "met" : "not met");
    }
}

static void read_speed_table(json_t *m, FILE *out)
{
    static const char *const names[] = {"analyzer/read_speed/snapshots", "analyzer/read_speed/assemblies",
                                        "analyzer/read_speed/heap_shots"};
    fprintf(out, "\n| series (`leaklab analyze`, end to end) | file (MB) | time (s) | MB/s | `wc -l` (s) | x `wc -l` | "
                 "peak RSS (MB) | goal (>= 250 MB/s, <= 20x `wc -l`; RSS < 64 MB on snapshots) |\n"
                 "|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < 3; i++) {
        json_t *b = find(m, names[i]);
        if (!b)
            continue;
        double mb = number(b, "input_bytes") / 1e6, s = time_ms(b) / 1000, wc = number(b, "wc_seconds");
        double peak = number(b, "peak_rss_bytes") / 1e6, rate = mb / s;
        int met = rate >= 250 && s <= 20 * wc && (i != 0 || peak < 64);
        fprintf(out, "| %s | %.0f | %.2f | %.0f | %.3f | %.1f | %.1f | %s |\n", strrchr(names[i], '/') + 1, mb, s, rate,
                wc, s / wc, peak, met ? "met" : "not met");
    }
}

static void import_table(json_t *m, FILE *out)
{
    static const char *const names[] = {"import/dumpdomain_300k", "import/counters_csv_100mb",
                                        "import/dumpheap_stat_100mb", "import/heap_s_100mb"};
    fprintf(out, "\n| import | input (MB) | time (ms) | MB/s | peak RSS (MB) | peak / input | goal (<= 4x, >= 50 MB/s) |\n"
                 "|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        json_t *b = find(m, names[i]);
        if (!b)
            continue;
        double input = number(b, "input_bytes") / 1e6, ms = time_ms(b), peak = number(b, "peak_rss_bytes") / 1e6;
        double rate = input / (ms / 1000);
        fprintf(out, "| `%s` | %.1f | %.0f | %.1f | %.1f | %.2f | %s |\n", names[i], input, ms, rate, peak,
                number(b, "peak_rss_over_input"), number(b, "peak_rss_over_input") <= 4 && rate >= 50 ? "met" : "not met");
    }
    json_t *endless = find(m, "import/endless_lines");
    if (endless)
        fprintf(out, "| `import/endless_lines` (`yes x`, a pipe) | endless | %.0f | - | %.1f | - | %s (refused at the "
                     "1 GiB input bound, peak under 2 GB) |\n",
                time_ms(endless), number(endless, "peak_rss_bytes") / 1e6,
                number(endless, "refused_at_bound") >= 1 && number(endless, "peak_rss_bytes") < 2e9 ? "met" : "not met");
}

static void html_table(json_t *m, FILE *out)
{
    json_t *b = find(m, "report/html_100k_iterations");
    if (!b)
        return;
    double ms = time_ms(b), html = number(b, "html_bytes") / 1e6;
    fprintf(out, "\n| HTML report | snapshot file (MB) | time (s) | page (MB) | goal (< 2 s, < 2 MB) |\n|---|---|---|---|---|\n"
                 "| 100,000 iterations | %.0f | %.2f | %.3f | %s |\n",
            number(b, "snapshot_file_bytes") / 1e6, ms / 1000, html, ms < 2000 && html < 2 ? "met" : "not met");
}

static void embedding_table(json_t *m, FILE *out)
{
    json_t *host = find(m, "embedding/leaklab-run/iterations:1/real_time"),
           *plain = find(m, "embedding/plain-mono/iterations:1/real_time");
    double a = host ? time_ms(host) : NAN, b = plain ? time_ms(plain) : NAN;
    char ta[32], tb[32], ratio[32];
    cell(ta, sizeof ta, "%.0f", a);
    cell(tb, sizeof tb, "%.0f", b);
    cell(ratio, sizeof ratio, "%.3f", a / b);
    fprintf(out, "\n| same loop (%s) | wall time (ms) |\n|---|---|\n| `leaklab run` | %s |\n| plain `mono` driver | %s |\n"
                 "| ratio | %s (goal: at most 1.05: %s) |\n",
            host ? json_string_value(json_object_get(host, "label")) : "n/a", ta, tb, ratio,
            isnan(a / b) ? "n/a" : a / b <= 1.05 ? "met" : "not met");
}

static char *render_markdown(json_t *m)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    json_t *ctx = json_object_get(m, "context");
    fprintf(out, "Machine: %s, %lld CPUs at %lld MHz, %s; Google Benchmark %s build, %s.\n\n",
            json_string_value(json_object_get(ctx, "host_name")) ?: "?",
            (long long)json_integer_value(json_object_get(ctx, "num_cpus")),
            (long long)json_integer_value(json_object_get(ctx, "mhz_per_cpu")),
            json_string_value(json_object_get(ctx, "date")) ?: "?",
            json_string_value(json_object_get(ctx, "library_build_type")) ?: "?",
            json_string_value(json_object_get(ctx, "executable")) ?: "?");
    proxy_table(m, out);
    sweep_table(m, out);
    snapshot_table(m, out);
    heap_shot_table(m, out);
    analyzer_table(m, out);
    read_speed_table(m, out);
    import_table(m, out);
    html_table(m, out);
    embedding_table(m, out);
    fclose(out);
    return text;
}

int bench_report_main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: leaklab-bench --report DIR PART.json...\n");
        return 2;
    }
    json_t *merged = merge_parts(argc - 2, argv + 2);
    if (!merged)
        return 2;
    char path[4096];
    char *json_text = json_dumps(merged, JSON_INDENT(2));
    char *markdown = render_markdown(merged);
    snprintf(path, sizeof path, "%s/bench.json", argv[1]);
    int rc = write_atomically(path, json_text);
    snprintf(path, sizeof path, "%s/bench.md", argv[1]);
    rc |= write_atomically(path, markdown);
    char *page = render_html(markdown);
    snprintf(path, sizeof path, "%s/bench.html", argv[1]);
    rc |= write_atomically(path, page);
    free(page);
    free(json_text);
    free(markdown);
    json_decref(merged);
    return rc ? 2 : 0;
}
