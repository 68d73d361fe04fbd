/* `leaklab import FILE... -o OUT.jsonl [--format F]`. */
#include "commands.h"
#include "output.h"

#include "leaklab/report.h"
#include "leaklab/import.h"
#include "leaklab/output.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: leaklab import FILE... [--dump FILE,FILE...]... -o OUT.jsonl\n"
    "                      [--format auto|windbg|counters-csv|counters-json|counters-monitor|mprof-heapshot|sgen-log|\n"
    "                                native-sites]\n"
    "\n"
    "Turns what a debugger or dotnet-counters printed into a leaklab snapshot series, for\n"
    "`leaklab analyze OUT.jsonl` (or do both at once: `leaklab analyze --import FILE...`).\n"
    "  WinDbg / dotnet-dump / lldb logs: !address -summary, !eeheap -gc, !eeheap -loader\n"
    "    (eeheap), !dumpdomain, !dumpmodule -mt, !dumpheap -stat. Files become dumps, one\n"
    "    snapshot each, in the order given: consecutive files whose commands do not repeat\n"
    "    one another are one dump (a session log, or one file per command); a command seen\n"
    "    again starts the next dump. --dump FILE,FILE... makes those files one dump. How\n"
    "    the files were grouped is printed, one line per dump.\n"
    "  dotnet-counters collect (CSV, JSON) and monitor output: one snapshot per timestamp.\n"
    "  mprof-report --reports=heapshot (Mono's log profiler, mono --profile=log:heapshot):\n"
    "    one snapshot per heap shot, with its classes (add --verbose for all of them).\n"
    "  Mono's GC log (MONO_LOG_LEVEL=debug MONO_LOG_MASK=gc): one snapshot per major collection.\n"
    "  heaptrack_print's collapsed stacks of leaked bytes (heaptrack_print -f DATA\n"
    "    --flamegraph-cost-type leaked -F STACKS): one snapshot per file, its native\n"
    "    allocation sites (leaklab native-sites does the runs and this for you).\n"
    "The format is detected from the content; --format forces it for every file.\n"
    "Unreadable parts are warnings naming the file and line; exit 2 when nothing usable is left.\n";

/* The files and --dump groups in the order given; a group's files are
 * comma-separated. */
struct import_item {
    char *files; /* a copy: one file, or a group split at commas */
    int group;
};

static int split_group(char *files, const char **out, int max)
{
    int n = 0;
    char *save = NULL;
    for (char *f = strtok_r(files, ",", &save); f && n < max; f = strtok_r(NULL, ",", &save))
        out[n++] = f;
    return n;
}

static void print_dumps(ll_import *im)
{
    for (size_t d = 0; d < ll_import_dump_count(im); d++) {
        ll_text_printf(stderr, "leaklab import: dump %zu:", d);
        for (size_t k = 0; k < ll_import_dump_file_count(im, d); k++)
            ll_text_printf(stderr, "%s %s", k ? "," : "", ll_import_dump_file(im, d, k));
        fputc('\n', stderr);
    }
}

static void import_items(ll_import *im, struct import_item *items, int count, ll_import_format format)
{
    ll_error err;
    for (int i = 0; i < count; i++) {
        const char *files[256];
        int n = items[i].group ? split_group(items[i].files, files, 256) : (files[0] = items[i].files, 1);
        int used = items[i].group ? ll_import_add_dump(im, files, (size_t)n, format, &err)
                                  : ll_import_add_file(im, files[0], format, &err);
        if (used < 0)
            ll_text_printf(stderr, "leaklab import: %s\n", err.message);
        else if (!items[i].group)
            ll_text_printf(stderr, "leaklab import: %s: %s\n", files[0], ll_import_format_name((ll_import_format)used));
    }
    ll_import_finish(im);
}

struct import_job {
    ll_import *im;
    const char *output;
};

static int write_series(FILE *out, void *context)
{
    struct import_job *job = context;
    ll_error err;
    if (ll_import_write_stream(job->im, out, job->output, &err) == 0)
        return 0;
    ll_text_printf(stderr, "leaklab import: %s\n", err.message);
    return -1;
}

int cli_import(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, 0, 'o'},
                                              {"format", required_argument, 0, 'f'},
                                              {"dump", required_argument, 0, 'd'},
                                              {"help", no_argument, 0, 'h'},
                                              {0, 0, 0, 0}};
    const char *output = NULL;
    ll_import_format format = LL_IMPORT_AUTO;
    struct import_item *items = calloc((size_t)argc, sizeof *items);
    const char **inputs = calloc((size_t)argc * 256 + 1, sizeof *inputs);
    int count = 0, input_count = 0, c, rc = 2;
    opterr = 0;
    optind = 1;
    /* "-" first: files come back in order (as code 1), between the --dump groups. */
    while (items && inputs && (c = getopt_long(argc, argv, "-o:h", longopts, NULL)) != -1) {
        if (c == 'o')
            output = optarg;
        else if (c == 'f' && ll_import_format_from_name(optarg, &format) == 0)
            continue;
        else if (c == 1 || c == 'd') {
            items[count++] = (struct import_item){strdup(optarg), c == 'd'};
            char *copy = strdup(optarg);
            const char *files[256];
            int n = c == 'd' ? split_group(copy, files, 256) : (files[0] = copy, 1);
            for (int i = 0; i < n; i++)
                inputs[input_count++] = strdup(files[i]);
            free(copy);
        } else if (c == 'h') {
            fputs(usage_text, stdout);
            rc = 0;
            goto out;
        } else {
            ll_text_printf(stderr, "leaklab import: bad option '%s' (see leaklab import --help)\n", argv[optind - 1]);
            goto out;
        }
    }
    if (!output || count == 0) {
        ll_text_printf(stderr, "leaklab import: give FILE... (or --dump FILE,FILE...) and -o OUT.jsonl (see leaklab import "
                        "--help)\n");
        goto out;
    }
    ll_error err;
    if (ll_output_check_not_input(output, inputs, (size_t)input_count, &err) < 0) {
        ll_text_printf(stderr, "leaklab import: %s\n", err.message);
        goto out;
    }
    ll_import *im = ll_import_new();
    if (!im) {
        ll_text_printf(stderr, "leaklab import: cannot create a temporary file: %s\n", strerror(errno));
        goto out;
    }
    import_items(im, items, count, format);
    print_dumps(im);
    for (size_t i = 0; i < ll_import_warning_count(im); i++)
        ll_text_printf(stderr, "leaklab import: warning: %s\n", ll_import_warning(im, i));
    ll_import_finish(im);
    if (ll_import_snapshot_count(im) == 0) {
        ll_text_printf(stderr, "leaklab import: nothing to write: no snapshot was imported\n");
    } else {
        struct import_job job = {im, output};
        rc = cli_deliver("import", output, inputs, (size_t)input_count, write_series, &job) < 0 ? 2 : 0;
        if (rc == 0)
            ll_text_printf(stderr, "leaklab import: wrote %zu snapshots to %s\n", ll_import_snapshot_count(im), output);
    }
    ll_import_free(im);
out:
    for (int i = 0; i < count; i++)
        free(items[i].files);
    for (int i = 0; i < input_count; i++)
        free((char *)inputs[i]);
    free(items);
    free(inputs);
    return rc;
}
