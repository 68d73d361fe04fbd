/* `leaklab run`: the options of one run, checked here (a mistake is one
 * line and exit 2), then the run loop (run_loop.c). */
#include "commands.h"
#include "run_loop.h"

#include "leaklab/report.h"
#include "leaklab/host.h"
#include "leaklab/output.h"
#include "leaklab/snapshot.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char run_usage_text[] =
    "usage: leaklab run SCENARIO [OPTIONS]\n"
    "       leaklab run --assembly PATH.dll --entry 'Namespace.Type:Method' [OPTIONS]\n"
    "\n"
    "Embeds a .NET runtime and calls the scenario's entry point (a public static method taking the\n"
    "iteration number, counted from 1, as an int, or nothing) once per iteration, writing\n"
    "snapshots as JSON Lines.\n"
    "\n"
    "options:\n"
    "  --runtime mono|coreclr\n"
    "                       the runtime that runs the scenario (default mono; coreclr is\n"
    "                       .NET 10, when built with its SDK); the series' header says\n"
    "                       which, and its version\n"
    "  --context default|collectible\n"
    "                       default: every iteration in the root domain, as the customer's\n"
    "                       service did; collectible: in a fresh AppDomain (on coreclr a\n"
    "                       collectible AssemblyLoadContext), unloaded after each\n"
    "                       iteration (or every M, see --recycle-every)\n"
    "  --iterations N       iterations to run (default 20)\n"
    "  --snapshot-every K   a snapshot every K iterations (default 1, or M in the collectible\n"
    "                       context, so that each snapshot follows an unload); there is\n"
    "                       always one before the first iteration and one after the last\n"
    "  --recycle-every M    collectible context: unload the AppDomain every M iterations\n"
    "                       (default 1)\n"
    "  --wsdl PATH|URL      the WSDL the proxy scenarios import (default: the shipped\n"
    "                       OrderImplService.wsdl); an http:// URL (see leaklab serve) is\n"
    "                       downloaded on every call, and each call then invokes an\n"
    "                       operation of the service and checks its answer\n"
    "  --call-timeout-ms N  timeout of the WSDL download and of each SOAP call (default\n"
    "                       10000)\n"
    "  --heapshot every|K|off\n"
    "                       count live objects and bytes per class during the collection of\n"
    "                       every snapshot, of every Kth, or of none (default: every on\n"
    "                       mono; every 200th and the last on coreclr, whose heap dump\n"
    "                       costs an EventPipe session): the snapshot's \"dumpheap\" rows,\n"
    "                       from which analyze says what grows, by type\n"
    "  --retainers first-last|K|off\n"
    "                       at the first snapshot after warm-up and the last (default), at\n"
    "                       every Kth from the first, or never: also capture the heap's\n"
    "                       references and GC roots, and record who keeps the types that\n"
    "                       grew (the snapshot's \"retainers\": paths from a root)\n"
    "  --keep-going         record a failed iteration and go on (exit 1 at the end if any\n"
    "                       failed) instead of stopping at the first\n"
    "  -o, --output FILE    the snapshot file (default SCENARIO-CONTEXT.jsonl; - for stdout)\n"
    "  --quiet              no progress on stderr\n"
    "\n"
    "exit status: 0 completed, 1 the scenario threw (the file holds the snapshots so far and\n"
    "the exception; with --keep-going: some iterations threw), 2 bad arguments, missing\n"
    "assembly or entry point.\n";

static int usage_error(const char *fmt, const char *arg)
{
    ll_text_printf(stderr, "leaklab run: ");
    ll_text_printf(stderr, fmt, arg);
    ll_text_printf(stderr, " (see leaklab run --help)\n");
    return CLI_RUN_USAGE;
}

static int resolve_scenario(cli_run_options *o, const char *name)
{
    ll_error err;
    if (ll_host_builtin_scenario(name, o->runtime, o->assembly, sizeof o->assembly, o->entry, sizeof o->entry, &err) <
        0) {
        ll_text_printf(stderr, "leaklab run: %s (see leaklab run --help)\n", err.message);
        return -1;
    }
    o->scenario = name;
    return 0;
}

/* The runtime's own heap-shot schedule unless --heapshot names one. */
static int fit_to_runtime(cli_run_options *o, int heapshot_asked)
{
    ll_error err;
    ll_runtime_traits traits;
    if (ll_host_runtime_traits(o->runtime, &traits, &err) < 0) {
        ll_text_printf(stderr, "leaklab run: %s (see leaklab run --help)\n", err.message);
        return -1;
    }
    if (!heapshot_asked)
        o->heapshot_every = traits.heapshot_every;
    return 0;
}

static int parse_context(cli_run_options *o, const char *value)
{
    if (strcmp(value, "default") == 0)
        o->collectible = 0;
    else if (strcmp(value, "collectible") == 0)
        o->collectible = 1;
    else
        return -1;
    return 0;
}

static int parse_heapshot(cli_run_options *o, const char *value)
{
    if (strcmp(value, "every") == 0)
        o->heapshot_every = 1;
    else if (strcmp(value, "off") == 0)
        o->heapshot_every = 0;
    else if (cli_parse_count(value, &o->heapshot_every) < 0)
        return -1;
    return 0;
}

static int parse_retainers(cli_run_options *o, const char *value)
{
    if (strcmp(value, "first-last") == 0)
        o->retainers_every = LL_RETAINERS_FIRST_LAST;
    else if (strcmp(value, "off") == 0)
        o->retainers_every = 0;
    else if (cli_parse_count(value, &o->retainers_every) < 0)
        return -1;
    return 0;
}

/* Fills O from ARGV; returns -1 after printing why, 1 after --help. */
static int parse_run_args(int argc, char **argv, cli_run_options *o)
{
    static const struct option longopts[] = {
        {"context", required_argument, 0, 'c'},  {"iterations", required_argument, 0, 'n'},
        {"snapshot-every", required_argument, 0, 'k'}, {"recycle-every", required_argument, 0, 'm'},
        {"wsdl", required_argument, 0, 'w'},     {"output", required_argument, 0, 'o'},
        {"assembly", required_argument, 0, 'a'}, {"entry", required_argument, 0, 'e'},
        {"quiet", no_argument, 0, 'q'},          {"help", no_argument, 0, 'h'},
        {"keep-going", no_argument, 0, 'g'},     {"call-timeout-ms", required_argument, 0, 't'},
        {"heapshot", required_argument, 0, 'H'}, {"runtime", required_argument, 0, 'R'},
        {"retainers", required_argument, 0, 'T'},
        {0, 0, 0, 0}};
    int c, heapshot_asked = 0;
    const char *scenario = NULL;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            if (parse_context(o, optarg) < 0)
                return usage_error("--context must be default or collectible, not '%s'", optarg), -1;
            break;
        case 'n':
            if (cli_parse_count(optarg, &o->iterations) < 0)
                return usage_error("--iterations needs a positive whole number, not '%s'", optarg), -1;
            break;
        case 'k':
            if (cli_parse_count(optarg, &o->snapshot_every) < 0)
                return usage_error("--snapshot-every needs a positive whole number, not '%s'", optarg), -1;
            break;
        case 'm':
            if (cli_parse_count(optarg, &o->recycle_every) < 0)
                return usage_error("--recycle-every needs a positive whole number, not '%s'", optarg), -1;
            break;
        case 't':
            if (cli_parse_count(optarg, &o->call_timeout_ms) < 0)
                return usage_error("--call-timeout-ms needs a positive whole number, not '%s'", optarg), -1;
            break;
        case 'H':
            if (parse_heapshot(o, optarg) < 0)
                return usage_error("--heapshot must be every, off or a positive whole number, not '%s'", optarg), -1;
            heapshot_asked = 1;
            break;
        case 'T':
            if (parse_retainers(o, optarg) < 0)
                return usage_error("--retainers must be first-last, off or a positive whole number, not '%s'", optarg),
                       -1;
            break;
        case 'R': o->runtime = optarg; break;
        case 'g': o->keep_going = 1; break;
        case 'w': o->wsdl = optarg; break;
        case 'o': o->output = optarg; break;
        case 'a': snprintf(o->assembly, sizeof o->assembly, "%s", optarg); break;
        case 'e': snprintf(o->entry, sizeof o->entry, "%s", optarg); break;
        case 'q': o->quiet = 1; break;
        case 'h': fputs(run_usage_text, stdout); return 1;
        default:
            return usage_error("unknown or incomplete option '%s'", argv[optind - 1]), -1;
        }
    }
    if (optind < argc - 1)
        return usage_error("unexpected argument '%s'", argv[optind + 1]), -1;
    if (optind == argc - 1 && o->assembly[0])
        return usage_error("give either a SCENARIO or --assembly, not both ('%s')", argv[optind]), -1;
    if (optind == argc - 1)
        scenario = argv[optind];
    else if (!o->assembly[0])
        return usage_error("%s", "no SCENARIO and no --assembly given"), -1;
    else if (!o->entry[0])
        return usage_error("--assembly %s needs --entry 'Namespace.Type:Method'", o->assembly), -1;
    if (scenario && resolve_scenario(o, scenario) < 0)
        return -1;
    return fit_to_runtime(o, heapshot_asked);
}

static int is_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static int check_inputs(const cli_run_options *o)
{
    if (access(o->assembly, R_OK) != 0)
        return usage_error("cannot read assembly %s", o->assembly);
    if (o->wsdl && !is_url(o->wsdl) && access(o->wsdl, R_OK) != 0)
        return usage_error("cannot read WSDL file %s", o->wsdl);
    if (!o->collectible && o->recycle_every != 1)
        return usage_error("%s", "--recycle-every needs --context collectible");
    const char *inputs[] = {o->assembly, o->wsdl};
    ll_error err;
    if (o->output && ll_output_check_not_input(o->output, inputs, 2, &err) < 0)
        return usage_error("%s", err.message);
    return 0;
}

int cli_run(int argc, char **argv)
{
    cli_run_options o = {.iterations = 20, .snapshot_every = 0, .recycle_every = 1, .heapshot_every = 1,
                         .retainers_every = LL_RETAINERS_FIRST_LAST};
    int rc = parse_run_args(argc, argv, &o);
    if (rc != 0)
        return rc > 0 ? CLI_RUN_OK : CLI_RUN_USAGE;
    if (o.snapshot_every == 0)
        o.snapshot_every = o.collectible ? o.recycle_every : 1;
    char default_output[256];
    if (!o.output) {
        snprintf(default_output, sizeof default_output, "%s-%s.jsonl",
                 o.scenario ? o.scenario : "scenario", o.collectible ? "collectible" : "default");
        o.output = default_output;
    }
    if (check_inputs(&o) != 0)
        return CLI_RUN_USAGE;
    return cli_run_loop(&o);
}

