/* The host as the benchmarks use it: started once per process, and a
 * heap grown by a scenario's calls, shared by the benchmarks that measure
 * a collection or a snapshot on a big heap. */
#include "benches.h"

#include "leaklab/host.h"

#include <stdio.h>
#include <string.h>

int bench_start_host(llb_state *st, const char *runtime)
{
    static int started, failed;
    static const char *started_runtime;
    static ll_error err;
    if (!runtime)
        runtime = LL_HOST_DEFAULT_RUNTIME;
    if ((started || failed) && strcmp(runtime, started_runtime) != 0) {
        llb_skip_with_error(st, "one runtime per process");
        return -1;
    }
    if (!started && !failed) {
        started_runtime = runtime;
        started = ll_host_start(runtime, &err) == 0;
        failed = !started;
    }
    if (failed)
        llb_skip_with_error(st, err.message);
    return started ? 0 : -1;
}

int bench_grow_heap(llb_state *st, const char *runtime, const char *scenario, long calls)
{
    static ll_scenario_session *session;
    static const char *session_scenario;
    static long called;
    char assembly[4096], entry[512], message[1400];
    ll_exception_text exc;
    ll_error err;
    if (bench_start_host(st, runtime) < 0)
        return -1;
    if (session_scenario && strcmp(session_scenario, scenario) != 0) {
        llb_skip_with_error(st, "one scenario per process grows the heap");
        return -1;
    }
    if (!session) {
        if (ll_host_builtin_scenario(scenario, runtime, assembly, sizeof assembly, entry, sizeof entry, &err) < 0) {
            llb_skip_with_error(st, err.message);
            return -1;
        }
        session = ll_scenario_session_open(assembly, entry, 0, 1, NULL);
        session_scenario = scenario;
    }
    while (called < calls) {
        int rc = ll_scenario_session_call(session, (int)++called, &exc, NULL, NULL, &err);
        if (rc != 0) {
            snprintf(message, sizeof message, "%s: %s", scenario, rc < 0 ? err.message : exc.message);
            llb_skip_with_error(st, message);
            return -1;
        }
        ll_scenario_session_finish_call(session, (int)called, 0);
    }
    return 0;
}
