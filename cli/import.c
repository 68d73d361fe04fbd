/* `leaklab import FILE... -o OUT.jsonl [--format F]`. */
#include "commands.h"

#include "leaklab/import.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
    "usage: leaklab import FILE... -o OUT.jsonl [--format auto|windbg|counters-csv|counters-json|counters-monitor]\n"
    "\n"
    "Turns what a debugger or dotnet-counters printed into a leaklab snapshot series, for\n"
    "`leaklab analyze OUT.jsonl` (or do both at once: `leaklab analyze --import FILE...`).\n"
    "  WinDbg / dotnet-dump logs: !address -summary, !eeheap -gc, !eeheap -loader (eeheap),\n"
    "    !dumpdomain, !dumpmodule -mt, !dumpheap -stat; one log is one snapshot, several logs\n"
    "    of the same process (in the order given) a series.\n"
    "  dotnet-counters collect (CSV, JSON) and monitor output: one snapshot per timestamp.\n"
    "The format is detected from the content; --format forces it for every file.\n"
    "Unreadable parts are warnings naming the file and line; exit 2 when nothing usable is left.\n";

int cli_import(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, 0, 'o'},
                                              {"format", required_argument, 0, 'f'},
                                              {"help", no_argument, 0, 'h'},
                                              {0, 0, 0, 0}};
    const char *output = NULL;
    ll_import_format format = LL_IMPORT_AUTO;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        if (c == 'o')
            output = optarg;
        else if (c == 'f' && ll_import_format_from_name(optarg, &format) == 0)
            continue;
        else if (c == 'h')
            return fputs(usage_text, stdout), 0;
        else
            return fprintf(stderr, "leaklab import: bad option '%s' (see leaklab import --help)\n", argv[optind - 1]), 2;
    }
    if (!output || optind == argc) {
        fprintf(stderr, "leaklab import: give FILE... and -o OUT.jsonl (see leaklab import --help)\n");
        return 2;
    }
    ll_error err;
    if (ll_output_check_not_input(output, (const char *const *)argv + optind, (size_t)(argc - optind), &err) < 0) {
        fprintf(stderr, "leaklab import: %s\n", err.message);
        return 2;
    }
    ll_import *im = ll_import_new();
    if (!im) {
        fprintf(stderr, "leaklab import: cannot create a temporary file: %s\n", strerror(errno));
        return 2;
    }
    for (int i = optind; i < argc; i++) {
        int used = ll_import_add_file(im, argv[i], format, &err);
        if (used < 0)
            fprintf(stderr, "leaklab import: %s\n", err.message);
        else
            fprintf(stderr, "leaklab import: %s: %s\n", argv[i], ll_import_format_name((ll_import_format)used));
    }
    size_t i;
    json_t *warning;
    json_array_foreach(ll_import_warnings(im), i, warning)
        fprintf(stderr, "leaklab import: warning: %s\n", json_string_value(warning));
    int rc = ll_import_write(im, output, &err);
    if (rc < 0)
        fprintf(stderr, "leaklab import: %s\n", err.message);
    else
        fprintf(stderr, "leaklab import: wrote %zu snapshots to %s\n", ll_import_snapshot_count(im), output);
    ll_import_free(im);
    return rc < 0 ? 2 : 0;
}
