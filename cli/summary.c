/* `leaklab summary FILE...`: one line per run, side by side — the numbers
 * a person compares first, before any statistics: time per call, assemblies
 * loaded, RSS / GC heap / native heap at start and end, and (CoreCLR) the
 * unloaded contexts still alive at the end; runs of Mono and of CoreCLR
 * side by side, each labelled with a runtime other than Mono. */
#include "commands.h"
#include "output.h"

#include "leaklab/report.h"
#include "leaklab/snapshot.h"

#include <math.h>

#include <stdio.h>
#include <string.h>

struct run_figures {
    char label[160];
    long iterations, failed;
    double wall_ms_total;
    int snapshots;
    int imported; /* dumps or counter samples: no calls, and no warm-up */
    double first[4], last[4], first_iteration, last_iteration;
    double unloaded_alive; /* at the last snapshot; NaN: not measured */
};

/* The columns' series, in the table's order. */
static const ll_series_id summary_series[4] = {LL_SERIES_ASSEMBLIES, LL_SERIES_RSS, LL_SERIES_MANAGED,
                                               LL_SERIES_NATIVE};

static int add_record(struct run_figures *f, const ll_record *rec, ll_error *err)
{
    if (rec->type == LL_RECORD_ITERATION) {
        double wall;
        const char *outcome;
        if (ll_record_get_number(rec, LL_FIELD_WALL_MS, &wall, err) < 0 ||
            ll_record_get_string(rec, LL_FIELD_OUTCOME, &outcome, err) < 0)
            return -1;
        f->iterations++;
        f->failed += strcmp(outcome, "ok") != 0;
        /* The first call loads the framework: warm-up, like the memory. */
        if (f->iterations > 1)
            f->wall_ms_total += wall;
    } else if (rec->type == LL_RECORD_SNAPSHOT) {
        double values[4], iteration;
        if (ll_record_get_number(rec, LL_FIELD_ITERATION, &iteration, err) < 0)
            return -1;
        /* Start after the first iteration: loading the framework is warm-up. */
        if (iteration < 1 && !f->imported)
            return 0;
        /* A figure a snapshot does not hold (an import has no malloc) is
         * shown as "-"; one it holds must be a number. */
        for (int i = 0; i < 4; i++) {
            values[i] = NAN;
            const char *field = ll_series_field(summary_series[i]);
            /* Read in place, as the analyzer reads it: no JSON is built. */
            ll_value v = ll_record_value(rec, field);
            if (v.kind == LL_VALUE_INTEGER || v.kind == LL_VALUE_REAL)
                values[i] = v.number;
            else if (v.kind != LL_VALUE_ABSENT && ll_record_get_number(rec, field, &values[i], err) < 0)
                return -1; /* its message names the field and the kind it holds */
        }
        if (f->snapshots++ == 0) {
            memcpy(f->first, values, sizeof values);
            f->first_iteration = iteration;
        }
        memcpy(f->last, values, sizeof values);
        f->last_iteration = iteration;
        ll_value alive = ll_record_value(rec, LL_FIELD_RUNTIME "." LL_FIELD_CONTEXTS_UNLOADED_ALIVE);
        f->unloaded_alive = ll_value_number(&alive);
    }
    return 0;
}

/* "scenario [context, every M, runtime]" from the header (Mono, the
 * default runtime, unnamed). */
static void set_label(struct run_figures *f, const ll_record *h)
{
    ll_value recycle = ll_record_value(h, LL_OPTION_RECYCLE_EVERY);
    char context[64];
    snprintf(context, sizeof context, "%s", ll_record_string(h, LL_FIELD_CONTEXT) ?: "?");
    if (recycle.kind == LL_VALUE_INTEGER && recycle.integer > 1)
        snprintf(context + strlen(context), sizeof context - strlen(context), ", every %lld",
                 (long long)recycle.integer);
    const char *runtime = ll_record_string(h, LL_FIELD_RUNTIME_INFO "." LL_FIELD_RUNTIME_NAME);
    if (runtime && strcmp(runtime, "mono") != 0)
        snprintf(context + strlen(context), sizeof context - strlen(context), ", %s", runtime);
    const char *name = ll_record_string(h, LL_FIELD_SCENARIO) ?: ll_record_string(h, LL_FIELD_ENTRY);
    snprintf(f->label, sizeof f->label, "%s [%s]", name ? name : "?", context);
    f->imported = ll_record_string(h, LL_FIELD_X_UNIT) != NULL;
}

static int visit(const ll_record *rec, void *f, ll_error *err)
{
    if (rec->type == LL_RECORD_HEADER) {
        set_label(f, rec);
        return 0;
    }
    return add_record(f, rec, err);
}

static int read_figures(const char *path, struct run_figures *f, ll_error *err)
{
    char warning[512];
    if (ll_snapshot_read_file(path, visit, f, warning, sizeof warning, err) < 0)
        return -1;
    if (f->snapshots < 2) {
        ll_error_set(err, "%s: fewer than two snapshots", path);
        return -1;
    }
    return 0;
}

/* V with FMT into BUF, or "-" when unknown. */
static const char *figure(double v, const char *fmt, char *buf, size_t len)
{
    if (!isfinite(v))
        return "-";
    snprintf(buf, len, fmt, v);
    return buf;
}

static void print_row(const struct run_figures *f)
{
    double span = f->last_iteration - f->first_iteration, mb = 1048576.0;
    char buf[11][32], ms[32], iters[32];
    const char *c[11];
    double ms_per_call = f->iterations > 1 ? f->wall_ms_total / (double)(f->iterations - 1) : NAN;
    snprintf(iters, sizeof iters, "%ld", f->iterations);
    for (int i = 0; i < 4; i++) {
        double scale = i == 0 ? 1 : mb;
        c[2 * i] = figure(f->first[i] / scale, i == 0 ? "%.0f" : "%.1f", buf[2 * i], 32);
        c[2 * i + 1] = figure(f->last[i] / scale, i == 0 ? "%.0f" : "%.1f", buf[2 * i + 1], 32);
    }
    c[8] = figure(span > 0 ? (f->last[1] - f->first[1]) / span / 1024 : NAN, "%.1f", buf[8], 32);
    c[9] = figure(span > 0 ? (f->last[0] - f->first[0]) / span : NAN, "%.2f", buf[9], 32);
    c[10] = figure(f->unloaded_alive, "%.0f", buf[10], 32);
    /* The label comes from the file: printed without its control characters. */
    ll_text_printf(stdout, "%-40s %6s %9s %6s -> %-6s %7s -> %-7s %6s -> %-6s %6s -> %-6s %10s %9s %9s\n", f->label,
                   f->imported ? "-" : iters, figure(ms_per_call, "%.1f", ms, sizeof ms), c[0], c[1], c[2], c[3],
                   c[4], c[5], c[6], c[7], c[8], c[9], c[10]);
}

int cli_summary(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fputs("usage: leaklab summary FILE.jsonl...\n\nOne line per snapshot file: iterations, ms per "
              "call (after the first), assemblies loaded, RSS / GC heap in use / native heap (MB) after the first "
              "iteration and at the end, growth per call (RSS kB, assemblies), and the unloaded contexts still "
              "alive at the end (CoreCLR; - where not measured).\n",
              argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    printf("%-40s %6s %9s %16s %18s %16s %16s %10s %9s %9s\n", "run", "iters", "ms/call", "assemblies",
           "RSS MB", "GC heap MB", "native MB", "RSS kB/call", "asm/call", "alive ctx");
    int status = 0;
    for (int i = 1; i < argc; i++) {
        struct run_figures f = {0};
        ll_error err;
        if (read_figures(argv[i], &f, &err) < 0) {
            ll_text_printf(stderr, "leaklab summary: %s\n", err.message);
            status = 2;
            continue;
        }
        print_row(&f);
    }
    return cli_flush_stdout("summary") < 0 ? 2 : status;
}
