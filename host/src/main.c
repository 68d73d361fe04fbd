/* leaklab: the command-line entry. Dispatches to the subcommands:
 * `list` and `run` (this host, which embeds Mono) and `analyze` (the
 * analyzer library, which does not start Mono). */
#include "run.h"
#include "scenario_table.h"

#include "leaklab/host.h"

#include "leaklab/analyzer_cli.h"
#include "leaklab/import.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    "\n"
    "`leaklab COMMAND --help` explains a command.\n";

static const char run_usage_text[] =
    "usage: leaklab run SCENARIO [OPTIONS]\n"
    "       leaklab run --assembly PATH.dll --entry 'Namespace.Type:Method' [OPTIONS]\n"
    "\n"
    "Embeds Mono and calls the scenario's entry point (a public static method taking the\n"
    "iteration number, counted from 1, as an int, or nothing) once per iteration, writing\n"
    "snapshots as JSON Lines.\n"
    "\n"
    "options:\n"
    "  --context default|collectible\n"
    "                       default: every iteration in the root domain, as the customer's\n"
    "                       service did; collectible: in a fresh AppDomain, unloaded after\n"
    "                       each iteration (or every M, see --recycle-every)\n"
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
    "  --keep-going         record a failed iteration and go on (exit 1 at the end if any\n"
    "                       failed) instead of stopping at the first\n"
    "  -o, --output FILE    the snapshot file (default SCENARIO-CONTEXT.jsonl; - for stdout)\n"
    "  --quiet              no progress on stderr\n"
    "\n"
    "exit status: 0 completed, 1 the scenario threw (the file holds the snapshots so far and\n"
    "the exception; with --keep-going: some iterations threw), 2 bad arguments, missing\n"
    "assembly or entry point.\n";

static const char serve_usage_text[] =
    "usage: leaklab serve [--port P] [--delay-ms N] [--fault]\n"
    "\n"
    "Serves OrderImplService.asmx (the operations of the shipped WSDL, answering from their\n"
    "arguments) with Mono's ASP.NET on 127.0.0.1. Once it answers, the first line on stdout is\n"
    "\"listening http://127.0.0.1:PORT/\" and the second \"wsdl URL\" (the ...asmx?wsdl address\n"
    "to give to leaklab run --wsdl). SIGTERM or SIGINT stops it and removes its temporary\n"
    "folder.\n"
    "\n"
    "options:\n"
    "  --port P       the port (default: an ephemeral one)\n"
    "  --delay-ms N   answer every call N ms late (to test client timeouts)\n"
    "  --fault        answer every call with a SOAP fault (to test fault handling)\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "leaklab run: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see leaklab run --help)\n");
    return LL_RUN_USAGE;
}

static int parse_count(const char *text, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < 1 || v > INT_MAX)
        return -1;
    *out = v;
    return 0;
}

static int resolve_scenario(ll_run_options *o, const char *name)
{
    char why[1024];
    if (ll_host_builtin_scenario(name, o->assembly, sizeof o->assembly, o->entry, sizeof o->entry, why,
                                 sizeof why) < 0) {
        fprintf(stderr, "leaklab run: %s (see leaklab run --help)\n", why);
        return -1;
    }
    o->scenario = name;
    return 0;
}

static int parse_context(ll_run_options *o, const char *value)
{
    if (strcmp(value, "default") == 0)
        o->collectible = 0;
    else if (strcmp(value, "collectible") == 0)
        o->collectible = 1;
    else
        return -1;
    return 0;
}

/* Fills O from ARGV; returns -1 after printing why, 1 after --help. */
static int parse_run_args(int argc, char **argv, ll_run_options *o)
{
    static const struct option longopts[] = {
        {"context", required_argument, 0, 'c'},  {"iterations", required_argument, 0, 'n'},
        {"snapshot-every", required_argument, 0, 'k'}, {"recycle-every", required_argument, 0, 'm'},
        {"wsdl", required_argument, 0, 'w'},     {"output", required_argument, 0, 'o'},
        {"assembly", required_argument, 0, 'a'}, {"entry", required_argument, 0, 'e'},
        {"quiet", no_argument, 0, 'q'},          {"help", no_argument, 0, 'h'},
        {"keep-going", no_argument, 0, 'g'},     {"call-timeout-ms", required_argument, 0, 't'},
        {0, 0, 0, 0}};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            if (parse_context(o, optarg) < 0)
                return usage_error("--context must be default or collectible, not '%s'", optarg), -1;
            break;
        case 'n':
            if (parse_count(optarg, &o->iterations) < 0)
                return usage_error("--iterations needs a positive whole number, not '%s'", optarg), -1;
            break;
        case 'k':
            if (parse_count(optarg, &o->snapshot_every) < 0)
                return usage_error("--snapshot-every needs a positive whole number, not '%s'", optarg), -1;
            break;
        case 'm':
            if (parse_count(optarg, &o->recycle_every) < 0)
                return usage_error("--recycle-every needs a positive whole number, not '%s'", optarg), -1;
            break;
        case 't':
            if (parse_count(optarg, &o->call_timeout_ms) < 0)
                return usage_error("--call-timeout-ms needs a positive whole number, not '%s'", optarg), -1;
            break;
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
        return resolve_scenario(o, argv[optind]);
    if (!o->assembly[0])
        return usage_error("%s", "no SCENARIO and no --assembly given"), -1;
    if (!o->entry[0])
        return usage_error("--assembly %s needs --entry 'Namespace.Type:Method'", o->assembly), -1;
    return 0;
}

static int is_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static int check_inputs(const ll_run_options *o)
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

static int command_run(int argc, char **argv)
{
    ll_run_options o = {.iterations = 20, .snapshot_every = 0, .recycle_every = 1};
    int rc = parse_run_args(argc, argv, &o);
    if (rc != 0)
        return rc > 0 ? LL_RUN_OK : LL_RUN_USAGE;
    if (o.snapshot_every == 0)
        o.snapshot_every = o.collectible ? o.recycle_every : 1;
    char default_output[256];
    if (!o.output) {
        snprintf(default_output, sizeof default_output, "%s-%s.jsonl",
                 o.scenario ? o.scenario : "scenario", o.collectible ? "collectible" : "default");
        o.output = default_output;
    }
    if (check_inputs(&o) != 0)
        return LL_RUN_USAGE;
    return ll_run(&o);
}

/* Checks the arguments here, so that a mistake is one line and exit 2 like
 * every other command, then becomes the service: `mono leaklab-service.exe`
 * takes over this process, so that SIGTERM reaches it directly. */
static int command_serve(int argc, char **argv)
{
    long value;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(serve_usage_text, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--fault") == 0)
            continue;
        int takes_value = strcmp(argv[i], "--port") == 0 || strcmp(argv[i], "--delay-ms") == 0;
        if (!takes_value) {
            fprintf(stderr, "leaklab serve: unknown option '%s' (see leaklab serve --help)\n", argv[i]);
            return 2;
        }
        if (i + 1 == argc || parse_count(argv[i + 1], &value) < 0 || (argv[i][2] == 'p' && value > 65535)) {
            fprintf(stderr, "leaklab serve: %s needs a positive whole number%s\n", argv[i],
                    argv[i][2] == 'p' ? " up to 65535" : "");
            return 2;
        }
        i++;
    }
    char service[4200], root[4200];
    const char *tmp = getenv("TMPDIR");
    snprintf(service, sizeof service, "%s/leaklab-service.exe", ll_host_lib_dir());
    snprintf(root, sizeof root, "%s/leaklab-serve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root)) {
        fprintf(stderr, "leaklab serve: cannot create a temporary folder: %s\n", strerror(errno));
        return 2;
    }
    setenv("LEAKLAB_SERVE_ROOT", root, 1);
    setenv("TMPDIR", root, 1);
    char **args = calloc((size_t)argc + 2, sizeof *args);
    if (!args)
        return 2;
    args[0] = "mono";
    args[1] = service;
    for (int i = 1; i < argc; i++)
        args[i + 1] = argv[i];
    execvp("mono", args);
    fprintf(stderr, "leaklab serve: cannot run mono: %s\n", strerror(errno));
    rmdir(root);
    free(args);
    return 2;
}

static int command_list(void)
{
    ll_scenario_table table;
    char why[1024];
    if (ll_scenarios_load(&table, why, sizeof why) < 0) {
        fprintf(stderr, "leaklab list: %s\n", why);
        return 2;
    }
    ll_scenarios_print(&table, stdout);
    return 0;
}

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
    if (strcmp(command, "list") == 0)
        return command_list();
    if (strcmp(command, "run") == 0)
        return command_run(argc - 1, argv + 1);
    if (strcmp(command, "analyze") == 0)
        return ll_analyze_main(argc - 1, argv + 1);
    if (strcmp(command, "summary") == 0)
        return ll_summary_main(argc - 1, argv + 1);
    if (strcmp(command, "import") == 0)
        return ll_import_main(argc - 1, argv + 1);
    if (strcmp(command, "serve") == 0)
        return command_serve(argc - 1, argv + 1);
    fprintf(stderr, "leaklab: unknown command '%s'\n%s", command, usage_text);
    return 2;
}
