/* leaklab: the command-line entry. Each command is one file of cli/ over
 * the libraries (host, analyzer, import, report, snapshot); in a build
 * without Mono, the commands that run managed code say so (no_mono.c). */
#include "commands.h"

#include "leaklab/report.h"

#include <stdio.h>
#include <string.h>

static const char usage_text[] =
    "usage: leaklab COMMAND [OPTIONS]\n"
    "\n"
    "Reproduce, measure and detect assembly leaks such as the CodeDom SOAP proxy leak.\n"
    "\n"
    "commands:\n"
    "  list                 the built-in scenarios, one line each\n"
    "  run SCENARIO ...     run a scenario under Mono and write memory snapshots\n"
    "  run --assembly PATH.dll --entry 'Namespace.Type:Method' ...\n"
    "                       the same for your own scenario\n"
    "  analyze FILE.jsonl   judge a snapshot series: leak, kind, origin, fix\n"
    "  summary FILE...      runs side by side: time per call, assemblies, memory\n"
    "  serve [--port P]     the live SOAP order service on 127.0.0.1 (Mono's ASP.NET)\n"
    "  import FILE... -o OUT.jsonl\n"
    "                       WinDbg/SOS, dotnet-dump or dotnet-counters output -> snapshots\n"
    "  compare BASE FIX     how much of the base's growth a fix removes: better, same, worse\n"
    "  report FILE... [-o report.html]\n"
    "                       one self-contained HTML page: runs, comparisons, sweeps, dumps\n"
    "  sweep SCENARIO --recycle-every LIST\n"
    "                       time and kept bytes per call for each recycle period M; Pareto front\n"
    "  native-sites SCENARIO [--iterations A,B]\n"
    "                       native memory kept per call by allocation site, under heaptrack\n"
    "  corpus check LABELS.tsv | corpus record SCENARIO...\n"
    "                       score the detector against labelled runs and dumps; record runs\n"
    "\n"
    "`leaklab COMMAND --help` explains a command.\n";

static const struct {
    const char *name;
    int (*main)(int argc, char **argv);
} commands[] = {
    {"list", cli_list},       {"run", cli_run},         {"serve", cli_serve},
    {"analyze", cli_analyze}, {"summary", cli_summary}, {"import", cli_import},
    {"compare", cli_compare}, {"corpus", cli_corpus},   {"sweep", cli_sweep},   {"report", cli_report},
    {"native-sites", cli_native_sites},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return 2;
    }
    const char *command = argv[1];
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 || strcmp(command, "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(command, commands[i].name) == 0)
            return commands[i].main(argc - 1, argv + 1);
    ll_text_printf(stderr, "leaklab: unknown command '%s'\n%s", command, usage_text);
    return 2;
}
