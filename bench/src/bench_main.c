/* leaklab-bench: every benchmark, written in C over the cbench wrapper.
 * All Google Benchmark flags work unchanged; `--report` merges results. */
#include "benches.h"

#include "leaklab/host.h"

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

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--report") == 0)
        return bench_report_main(argc - 1, argv + 1);
    register_proxy_benches();
    register_snapshot_benches();
    register_analyzer_benches();
    register_import_benches();
    register_html_benches();
    register_embedding_benches();
    return llb_main(argc, argv);
}
