/* Asserts facts about a snapshot file, for the end-to-end tests: how the
 * root domain's assembly count and RSS moved between the first and the last
 * snapshot of a run, how it ended, and (for imports) the figures of the
 * last snapshot and the number of snapshots and assembly records.
 * Exits 0 when every requested check holds, 1 (saying which failed) if not. */
#include "leaklab/snapshot.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct facts {
    long root_domain;
    double first_iteration, last_iteration;
    double first_root_assemblies, last_root_assemblies;
    double first_rss, last_rss;
    long snapshots, all_snapshots, assembly_records, failed_iteration, failed_iterations, answered_calls;
    json_t *last;           /* the last snapshot record */
    char end_status[32];
};

static double root_assemblies(const ll_record *rec, long root)
{
    char path[64];
    snprintf(path, sizeof path, "assemblies.by_domain.%ld", root);
    json_t *n = ll_record_find(rec, path);
    return n ? json_number_value(n) : 0;
}

static int visit_snapshot(struct facts *f, const ll_record *rec, ll_error *err)
{
    double iteration, rss = 0;
    f->all_snapshots++;
    json_decref(f->last);
    f->last = json_incref(ll_record_json(rec));
    if (ll_record_get_number(rec, "iteration", &iteration, err) < 0 ||
        (ll_record_find(rec, "memory.total.rss") && ll_record_get_number(rec, "memory.total.rss", &rss, err) < 0))
        return -1;
    /* The baseline before the first iteration is skipped: the first call
     * loads the framework, which is warm-up, not growth. */
    if (iteration < 1)
        return 0;
    if (f->snapshots++ == 0) {
        f->first_iteration = iteration;
        f->first_rss = rss;
        f->first_root_assemblies = root_assemblies(rec, f->root_domain);
    }
    f->last_iteration = iteration;
    f->last_rss = rss;
    f->last_root_assemblies = root_assemblies(rec, f->root_domain);
    return 0;
}

static int visit(const ll_record *rec, void *ctx, ll_error *err)
{
    struct facts *f = ctx;
    json_t *root_id, *outcome;
    int failed;
    switch (rec->type) {
    case LL_RECORD_HEADER:
        root_id = ll_record_find(rec, "root_domain");
        f->root_domain = json_is_integer(root_id) ? (long)json_integer_value(root_id) : -1;
        return 0;
    case LL_RECORD_ASSEMBLY:
        f->assembly_records++;
        return 0;
    case LL_RECORD_SNAPSHOT:
        return visit_snapshot(f, rec, err);
    case LL_RECORD_ITERATION:
        outcome = ll_record_find(rec, "outcome");
        failed = outcome && strcmp(json_string_value(outcome), "failed") == 0;
        if (failed && !f->failed_iteration)
            f->failed_iteration = (long)json_integer_value(ll_record_find(rec, "iteration"));
        f->failed_iterations += failed;
        f->answered_calls += ll_record_find(rec, "result.answer") != NULL;
        return 0;
    case LL_RECORD_END:
        snprintf(f->end_status, sizeof f->end_status, "%s", json_string_value(ll_record_find(rec, "status")));
        return 0;
    default:
        return 0;
    }
}

static int gather(const char *path, struct facts *f)
{
    ll_error err;
    char warning[512];
    if (ll_snapshot_read_file(path, visit, f, warning, sizeof warning, &err) < 0) {
        fprintf(stderr, "check_snapshots: %s\n", err.message);
        return -1;
    }
    return 0;
}

static int check(int ok, const char *what, double got)
{
    if (!ok)
        fprintf(stderr, "check_snapshots: FAILED: %s (got %g)\n", what, got);
    return ok ? 0 : 1;
}

/* PATH=VALUE on the last snapshot: a number (equal within 0.5) or a
 * string. */
static int check_last_field(const struct facts *f, const char *spec)
{
    char path[256];
    const char *eq = strchr(spec, '=');
    if (!eq || (size_t)(eq - spec) >= sizeof path) {
        fprintf(stderr, "check_snapshots: --last-field wants PATH=VALUE, not '%s'\n", spec);
        return 1;
    }
    snprintf(path, sizeof path, "%.*s", (int)(eq - spec), spec);
    ll_record rec = {.type = LL_RECORD_SNAPSHOT, .json = f->last, .file = "last snapshot", .line = 0};
    json_t *v = f->last ? ll_record_find(&rec, path) : NULL;
    char *end;
    double expected = strtod(eq + 1, &end);
    int ok = v && (*end == '\0' ? json_is_number(v) && fabs(json_number_value(v) - expected) <= 0.5
                                 : json_is_string(v) && strcmp(json_string_value(v), eq + 1) == 0);
    if (!ok) {
        char *text = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
        fprintf(stderr, "check_snapshots: FAILED: %s is %s, expected %s\n", path, text ? text : "absent", eq + 1);
        free(text);
    }
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"min-root-assemblies-per-iteration", required_argument, 0, 'a'},
        {"max-root-assemblies-growth", required_argument, 0, 'f'},
        {"min-rss-growth", required_argument, 0, 'r'},
        {"status", required_argument, 0, 's'},
        {"failed-iteration", required_argument, 0, 'i'},
        {"failed-iterations", required_argument, 0, 'n'},
        {"answered-calls", required_argument, 0, 'c'},
        {"snapshots", required_argument, 0, 'S'},
        {"assembly-records", required_argument, 0, 'A'},
        {"last-field", required_argument, 0, 'L'},
        {0, 0, 0, 0}};
    if (argc < 2) {
        fprintf(stderr, "usage: check_snapshots FILE [checks]\n");
        return 2;
    }
    struct facts f = {0};
    if (gather(argv[1], &f) < 0)
        return 1;
    double span = f.last_iteration - f.first_iteration;
    double asm_growth = f.last_root_assemblies - f.first_root_assemblies;
    int failures = 0, c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'a':
            failures += check(span > 0 && asm_growth / span >= atof(optarg),
                              "root-domain assemblies per iteration >= threshold", span > 0 ? asm_growth / span : 0);
            break;
        case 'f':
            failures += check(asm_growth <= atof(optarg), "root-domain assembly growth <= threshold", asm_growth);
            break;
        case 'r':
            failures += check(f.last_rss - f.first_rss >= atof(optarg), "RSS growth >= threshold",
                              f.last_rss - f.first_rss);
            break;
        case 's':
            failures += check(strcmp(f.end_status, optarg) == 0, "end status matches", 0);
            if (strcmp(f.end_status, optarg) != 0)
                fprintf(stderr, "check_snapshots: end status is '%s'\n", f.end_status);
            break;
        case 'n':
            failures += check(f.failed_iterations == atol(optarg), "failed iterations match", (double)f.failed_iterations);
            break;
        case 'S':
            failures += check(f.all_snapshots == atol(optarg), "number of snapshots matches", (double)f.all_snapshots);
            break;
        case 'A':
            failures += check(f.assembly_records == atol(optarg), "number of assembly records matches",
                              (double)f.assembly_records);
            break;
        case 'L':
            failures += check_last_field(&f, optarg);
            break;
        case 'c':
            failures += check(f.answered_calls == atol(optarg), "calls with a checked answer match",
                              (double)f.answered_calls);
            break;
        case 'i':
            failures += check(f.failed_iteration == atol(optarg), "failed iteration matches", (double)f.failed_iteration);
            break;
        default:
            return 2;
        }
    }
    printf("%s: %ld snapshots, root-domain assemblies %g -> %g, RSS %.1f -> %.1f MB\n", argv[1], f.snapshots,
           f.first_root_assemblies, f.last_root_assemblies, f.first_rss / 1048576, f.last_rss / 1048576);
    return failures ? 1 : 0;
}
