/* `leaklab summary FILE...`: one line per run, side by side — the numbers
 * a person compares first, before any statistics: time per call, assemblies
 * loaded, and RSS / GC heap / native heap at start and end. */
#include "commands.h"

#include "leaklab/snapshot.h"

#include <stdio.h>
#include <string.h>

struct run_figures {
    char label[160];
    long iterations, failed;
    double wall_ms_total;
    int snapshots;
    double first[4], last[4], first_iteration, last_iteration;
};

static const char *const summary_fields[4] = {"assemblies.loaded", "memory.total.rss", "gc.used_size",
                                              "malloc.in_use"};

static int add_record(struct run_figures *f, const ll_record *rec, ll_error *err)
{
    if (rec->type == LL_RECORD_ITERATION) {
        double wall;
        const char *outcome;
        if (ll_record_get_number(rec, "wall_ms", &wall, err) < 0 ||
            ll_record_get_string(rec, "outcome", &outcome, err) < 0)
            return -1;
        f->iterations++;
        f->failed += strcmp(outcome, "ok") != 0;
        /* The first call loads the framework: warm-up, like the memory. */
        if (f->iterations > 1)
            f->wall_ms_total += wall;
    } else if (rec->type == LL_RECORD_SNAPSHOT) {
        double values[4], iteration;
        if (ll_record_get_number(rec, "iteration", &iteration, err) < 0)
            return -1;
        /* Start after the first iteration: loading the framework is warm-up. */
        if (iteration < 1)
            return 0;
        for (int i = 0; i < 4; i++)
            if (ll_record_get_number(rec, summary_fields[i], &values[i], err) < 0)
                return -1;
        if (f->snapshots++ == 0) {
            memcpy(f->first, values, sizeof values);
            f->first_iteration = iteration;
        }
        memcpy(f->last, values, sizeof values);
        f->last_iteration = iteration;
    }
    return 0;
}

/* "scenario [context, every M]" from the header. */
static void set_label(struct run_figures *f, const ll_record *h)
{
    json_t *scenario = ll_record_find(h, "scenario");
    json_t *recycle = ll_record_find(h, "options.recycle_every");
    char context[64];
    snprintf(context, sizeof context, "%s", json_string_value(ll_record_find(h, "context")) ?: "?");
    if (json_integer_value(recycle) > 1)
        snprintf(context + strlen(context), sizeof context - strlen(context), ", every %lld",
                 (long long)json_integer_value(recycle));
    snprintf(f->label, sizeof f->label, "%s [%s]",
             scenario ? json_string_value(scenario) : json_string_value(ll_record_find(h, "entry")), context);
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

static void print_row(const struct run_figures *f)
{
    double span = f->last_iteration - f->first_iteration;
    double mb = 1048576.0;
    printf("%-40s %6ld %9.1f %6.0f -> %-6.0f %7.1f -> %-7.1f %6.1f -> %-6.1f %6.1f -> %-6.1f %10.1f %9.2f\n",
           f->label, f->iterations, f->iterations > 1 ? f->wall_ms_total / (double)(f->iterations - 1) : 0, f->first[0],
           f->last[0], f->first[1] / mb, f->last[1] / mb, f->first[2] / mb, f->last[2] / mb, f->first[3] / mb,
           f->last[3] / mb, span > 0 ? (f->last[1] - f->first[1]) / span / 1024 : 0,
           span > 0 ? (f->last[0] - f->first[0]) / span : 0);
}

int cli_summary(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fputs("usage: leaklab summary FILE.jsonl...\n\nOne line per snapshot file: iterations, ms per "
              "call (after the first), assemblies loaded, RSS / GC heap in use / native heap (MB) after the first "
              "iteration and at the end, and growth per call (RSS kB, assemblies).\n",
              argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    printf("%-40s %6s %9s %16s %18s %16s %16s %10s %9s\n", "run", "iters", "ms/call", "assemblies",
           "RSS MB", "GC heap MB", "native MB", "RSS kB/call", "asm/call");
    int status = 0;
    for (int i = 1; i < argc; i++) {
        struct run_figures f = {0};
        ll_error err;
        if (read_figures(argv[i], &f, &err) < 0) {
            fprintf(stderr, "leaklab summary: %s\n", err.message);
            status = 2;
            continue;
        }
        print_row(&f);
    }
    return status;
}
