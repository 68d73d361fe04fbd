/* The benchmark groups of leaklab-bench, each registering itself with the
 * C wrapper (cbench.h). Names are stable: bench/run selects them with
 * --benchmark_filter, one process per group that needs isolation. */
#ifndef LEAKLAB_BENCHES_H
#define LEAKLAB_BENCHES_H

#include "leaklab/analyzer.h"
#include "leaklab/cbench.h"

void register_proxy_benches(void);
void register_snapshot_benches(void);
void register_heap_shot_benches(void);
void register_analyzer_benches(void);
void register_import_benches(void);
void register_html_benches(void);
void register_embedding_benches(void);

/* Starts RUNTIME (NULL: the default, Mono) once per process, one runtime
 * per process; on failure (or another runtime asked for) marks ST skipped
 * and returns -1. */
int bench_start_host(llb_state *st, const char *runtime);
/* Calls built-in SCENARIO on RUNTIME in the default context until it has
 * been called CALLS times in this process (one scenario per process), so
 * that its heap and assemblies are there; on failure marks ST skipped and
 * returns -1. */
int bench_grow_heap(llb_state *st, const char *runtime, const char *scenario, long calls);

/* The shapes of the synthetic series benchmarks read: a snapshot per
 * iteration (about 4 kB each, as the host's without heap-shots); 50
 * CodeDom-proxy assembly records per iteration and a snapshot every 50;
 * a snapshot per iteration with 700 heap-shot rows (synthetic_series.c). */
typedef enum { BENCH_SERIES_SNAPSHOTS, BENCH_SERIES_ASSEMBLIES, BENCH_SERIES_HEAP_SHOTS } bench_series_shape;
/* Writes a series of ITERATIONS in SHAPE to PATH; 0, or -1. */
int bench_write_series(const char *path, bench_series_shape shape, long iterations);
void register_read_speed_benches(void);
/* Runs ST's loop over analyses of PATH, calling EACH (with USER) on every
 * report before it is freed; an analysis that fails marks ST skipped. */
void bench_analyze_loop(llb_state *st, const char *path, void (*each)(llb_state *st, ll_report *report, void *user),
                        void *user);

/* `leaklab-bench --report DIR PART.json...`: merges Google Benchmark JSON
 * files into DIR/bench.json and writes DIR/bench.md. */
int bench_report_main(int argc, char **argv);

#endif
