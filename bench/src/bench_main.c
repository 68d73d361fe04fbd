/* leaklab-bench: every benchmark, written in C over the cbench wrapper.
 * All Google Benchmark flags work unchanged; `--report` merges results. */
#include "benches.h"

#include "leaklab/host.h"

#include <stdio.h>
#include <string.h>

int bench_start_host(llb_state *st)
{
    static int started, failed;
    if (!started && !failed) {
        started = ll_host_start() == 0;
        failed = !started;
    }
    if (failed)
        llb_skip_with_error(st, "the Mono runtime did not start");
    return started ? 0 : -1;
}

int bench_grow_heap(llb_state *st, const char *scenario, long calls)
{
    static ll_scenario_session *session;
    static const char *session_scenario;
    static long called;
    char assembly[4096], entry[512], message[1400];
    ll_exception_text exc;
    ll_error err;
    if (bench_start_host(st) < 0)
        return -1;
    if (session_scenario && strcmp(session_scenario, scenario) != 0) {
        llb_skip_with_error(st, "one scenario per process grows the heap");
        return -1;
    }
    if (!session) {
        if (ll_host_builtin_scenario(scenario, assembly, sizeof assembly, entry, sizeof entry, &err) < 0) {
            llb_skip_with_error(st, err.message);
            return -1;
        }
        session = ll_scenario_session_open(assembly, entry, 0, 1);
        session_scenario = scenario;
    }
    while (called < calls) {
        int rc = ll_scenario_session_call(session, (int)++called, &exc, NULL, NULL, &err);
        if (rc != 0) {
            snprintf(message, sizeof message, "%s: %s", scenario, rc < 0 ? err.message : exc.message);
            llb_skip_with_error(st, message);
            return -1;
        }
        ll_scenario_session_finish_call(session, (int)called, 0, NULL);
    }
    return 0;
}

/* `--mono-profiler=DESC` (first argument): loads one of Mono's profilers
 * into the process, as `mono --profile=DESC` does (the heap-shot
 * benchmark's anchor, the log profiler). */
static void load_mono_profiler(int *argc, char **argv)
{
    const char *option = "--mono-profiler=";
    if (*argc < 2 || strncmp(argv[1], option, strlen(option)) != 0)
        return;
    ll_host_load_mono_profiler(argv[1] + strlen(option));
    memmove(argv + 1, argv + 2, (size_t)(*argc - 1) * sizeof *argv);
    (*argc)--;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--report") == 0)
        return bench_report_main(argc - 1, argv + 1);
    load_mono_profiler(&argc, argv);
    register_proxy_benches();
    register_heap_shot_benches();
    register_snapshot_benches();
    register_analyzer_benches();
    register_read_speed_benches();
    register_import_benches();
    register_html_benches();
    register_embedding_benches();
    return llb_main(argc, argv);
}
