/* leaklab-bench: every benchmark, written in C over the cbench wrapper.
 * All Google Benchmark flags work unchanged; `--report` merges results. */
#include "benches.h"

#include "leaklab/host.h"

#include <stdio.h>
#include <string.h>

/* `--mono-profiler=DESC` (first argument): loads one of Mono's profilers
 * into the process, as `mono --profile=DESC` does (the heap-shot
 * benchmark's anchor, the log profiler). */
static void load_mono_profiler(int *argc, char **argv)
{
    const char *option = "--mono-profiler=";
    if (*argc < 2 || strncmp(argv[1], option, strlen(option)) != 0)
        return;
    if (ll_host_load_runtime_profiler("mono", argv[1] + strlen(option)) < 0)
        fprintf(stderr, "leaklab-bench: %s: built without Mono\n", argv[1]);
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
