/* The benchmark groups of leaklab-bench, each registering itself with the
 * C wrapper (cbench.h). Names are stable: bench/run selects them with
 * --benchmark_filter, one process per group that needs isolation. */
#ifndef LEAKLAB_BENCHES_H
#define LEAKLAB_BENCHES_H

#include "leaklab/cbench.h"

void register_proxy_benches(void);
void register_snapshot_benches(void);
void register_heap_shot_benches(void);
void register_analyzer_benches(void);
void register_import_benches(void);
void register_html_benches(void);
void register_embedding_benches(void);

/* Starts Mono once per process; on failure marks ST skipped and returns -1. */
int bench_start_host(llb_state *st);
/* Calls built-in SCENARIO in the root domain until it has been called CALLS
 * times in this process (one scenario per process), so that its heap and
 * assemblies are there; on failure marks ST skipped and returns -1. */
int bench_grow_heap(llb_state *st, const char *scenario, long calls);

/* `leaklab-bench --report DIR PART.json...`: merges Google Benchmark JSON
 * files into DIR/bench.json and writes DIR/bench.md. */
int bench_report_main(int argc, char **argv);

#endif
