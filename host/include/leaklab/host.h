/* The leaklab host as a library: start an embedded .NET runtime once, open
 * a scenario in the default or a collectible context, call it, take
 * snapshots, and record a whole run as a series (the recorder). Which
 * runtime runs it is the backend's business (host/src/runtime.h): this
 * header names none. `leaklab run` (cli/run_loop.c) and the benchmarks
 * (bench/) are both built on it. */
#ifndef LEAKLAB_HOST_H
#define LEAKLAB_HOST_H

#include "leaklab/error.h"
#include "leaklab/snapshot.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The runtime leaklab runs scenarios on when none is named. */
#define LL_HOST_DEFAULT_RUNTIME "mono"

/* Starts RUNTIME ("mono"; NULL: the default) with leaklab's settings, the
 * assembly inventory and the heap-shot's table; once per process.
 * Returns 0, or -1 with ERR: LL_ERROR_UNSUPPORTED when this build has no
 * such backend, LL_ERROR_RUNTIME when it did not start. */
int ll_host_start(const char *runtime, ll_error *err);
/* The started runtime's name and version. */
const char *ll_host_runtime_name(void);
const char *ll_host_runtime_version(void);
/* The exit code managed code asked for (Environment.Exit). */
int ll_host_exit_code(void);

/* Where the scenarios, the WSDL, scenarios.tsv and leaklab.config live. */
const char *ll_host_lib_dir(void);
/* The assembly path and entry point of the built-in scenario NAME on
 * RUNTIME (NULL: the default). Returns 0, or -1 with ERR: an unknown
 * scenario, one without a version for RUNTIME, or a runtime this build
 * lacks (LL_ERROR_UNSUPPORTED). */
int ll_host_builtin_scenario(const char *name, const char *runtime, char *assembly, size_t assembly_len, char *entry,
                             size_t entry_len, ll_error *err);
/* What a runtime's heap walk gives and costs. */
typedef struct ll_runtime_traits {
    /* The heap-shot schedule a run gets when it names none (K: every Kth
     * snapshot and the last), measured to keep a run's snapshots near 2 %
     * of a call of the customer's scenario (README.md, "CoreCLR"). */
    long heapshot_every;
} ll_runtime_traits;
/* The traits of runtime NAME (NULL: the default). Returns 0, or -1 with
 * ERR when this build lacks the runtime. */
int ll_host_runtime_traits(const char *name, ll_runtime_traits *out, ll_error *err);
/* Lists the built-in scenarios on OUT, one line each; -1 with WHY if the
 * table cannot be read. */
int ll_host_list_scenarios(FILE *out, ll_error *err);

/* A managed exception, formatted while its context is still alive. */
typedef struct ll_exception_text {
    char type[256];
    char message[1024];
    char stack[4096];
} ll_exception_text;

/* --- a scenario session ------------------------------------------------ */

typedef struct ll_scenario_session ll_scenario_session;

/* ASSEMBLY's ENTRY ("Namespace.Type:Method"), called in the default
 * context, or in a collectible one unloaded every RECYCLE_EVERY calls when
 * COLLECTIBLE. SERVICE_URL (may be NULL): the service the scenario calls,
 * whose connections a context closes before it is unloaded. */
ll_scenario_session *ll_scenario_session_open(const char *assembly, const char *entry, int collectible,
                                              long recycle_every, const char *service_url);
/* The most of a scenario's returned string a run records (a longer one is
 * cut, at a character, and the record says how long it was). */
#define LL_RESULT_MAX_BYTES (1 << 20)

/* Calls the entry point once. Returns 0; 1 if it threw (EXC filled); -1 if
 * the entry point could not be loaded (WHY filled). If RESULT is not NULL
 * and the entry point returned a string, *RESULT is a malloc'd UTF-8 copy
 * (a lone surrogate as U+FFFD) of at most LL_RESULT_MAX_BYTES, and
 * *RESULT_FULL_LEN (may be NULL) the length it had whole. */
int ll_scenario_session_call(ll_scenario_session *s, int iteration, ll_exception_text *exc, char **result,
                             size_t *result_full_len, ll_error *err);
/* After a call: forgets the inventory's events (the benchmarks record
 * none) and unloads the context when a recycle is due or FORCE_RECYCLE. */
void ll_scenario_session_finish_call(ll_scenario_session *s, int iteration, int force_recycle);
/* Unloads the collectible context if one is loaded, and frees S. */
void ll_scenario_session_close(ll_scenario_session *s);

/* --- snapshots --------------------------------------------------------- */

/* What a snapshot measures beyond its cheap figures (RSS from statm,
 * malloc, the GC's sizes, the runtime's counters, the assemblies). */
typedef struct ll_snapshot_plan {
    int heap_shot;  /* objects and bytes per class, walked during the collection */
    int memory_map; /* memory per kind of mapping, from /proc/self/smaps */
    int retainers;  /* the walk also captures references and roots: who keeps what grew */
    int final;      /* the run's last snapshot (paths' owners get their retained bytes) */
} ll_snapshot_plan;

/* Which snapshots of a run walk the heap and the memory map. The memory
 * map costs milliseconds in a big process, against 0.01 ms for statm's
 * total: it is walked at the first and the last snapshot, every
 * LL_MEMORY_MAP_EVERY snapshots, and whenever RSS has moved by
 * LL_MEMORY_MAP_RSS_MOVE bytes since it was last walked. */
#define LL_MEMORY_MAP_EVERY 20
#define LL_MEMORY_MAP_RSS_MOVE (8LL << 20)
/* Retention captures (--retainers), made on heap-shots only: the first
 * after warm-up and the last (LL_RETAINERS_FIRST_LAST), every K snapshots
 * from the first (K), or none (0). Warm-up as the analyzer's default: 10 %
 * of the run, at least 2 iterations. */
#define LL_RETAINERS_FIRST_LAST (-1L)
typedef struct ll_snapshot_schedule {
    long heapshot_every;     /* a heap-shot every K snapshots (and the last); 0: none */
    long long memory_map_rss; /* RSS when the memory map was last walked */
    long retainers_every;    /* LL_RETAINERS_FIRST_LAST, K, or 0 */
    long retainers_from;     /* the first iteration a capture may follow */
    long first_capture_seq;  /* -1: none yet */
} ll_snapshot_schedule;
void ll_snapshot_schedule_init(ll_snapshot_schedule *s, long heapshot_every);
/* Captures as RETAINERS_EVERY says, in a run of ITERATIONS. */
void ll_snapshot_schedule_retainers(ll_snapshot_schedule *s, long retainers_every, long iterations);
/* The plan of snapshot number SEQ (counted from 0), after ITERATION
 * (FINAL: the run's last). */
ll_snapshot_plan ll_snapshot_schedule_plan(ll_snapshot_schedule *s, long seq, long iteration, int final);

/* Takes snapshot SEQ (a full collection first) and writes its record
 * with W. Returns 0, or -1 with ERR (the memory figures could not be
 * read, or the write failed). *HEAP_SHOT_FAILED (may be NULL): the plan
 * asked for a heap-shot and it could not be taken (out of memory). */
int ll_host_write_snapshot(ll_snapshot_writer *w, long seq, int iteration, double elapsed_ms, ll_snapshot_plan plan,
                           int *heap_shot_failed, ll_error *err);

/* Who keeps it (the snapshot's "retainers"): a capture of the heap's
 * objects, references and roots during the walk, bounded (past either
 * limit the snapshot says the capture was skipped), and for each type
 * that grew since the run's first capture the LL_RETAINER_PATHS
 * commonest paths from a root. */
#define LL_RETAINERS_MAX_OBJECTS (16L << 20)
#define LL_RETAINERS_MAX_BYTES (1536L << 20)
#define LL_RETAINER_PATHS 3
#define LL_RETAINED_TYPES 8

/* --- cheap figures, for the benchmarks -------------------------------- */

/* Objects the last heap-shot counted (0 if the last collection had none). */
uint64_t ll_host_heap_shot_objects(void);
/* Assemblies alive now, all contexts. */
long ll_host_assemblies_loaded(void);
/* Resident set size, cheaply. */
unsigned long long ll_host_rss(void);
/* GC heap in use and malloc in use, in bytes (without collecting). */
long long ll_host_gc_used(void);
long long ll_host_malloc_in_use(void);
void ll_host_collect_garbage(void);
/* The same, with a heap-shot when WALK (ll_host_heap_shot_objects). */
void ll_host_collect_garbage_walking(int walk);
/* The same with a heap-shot and a retention capture, and the paths of the
 * heap's largest types found, as a run's first capture does (the
 * benchmark of what a capture costs). */
void ll_host_collect_garbage_capturing(void);
/* Loads one of RUNTIME's own profilers, as its command line's `--profile=DESC`
 * does (the benchmarks' anchor, "log:heapshot,..."); before ll_host_start.
 * Returns -1 when RUNTIME has none in this build. */
int ll_host_load_runtime_profiler(const char *runtime, const char *desc);

/* --- the recorder: a run as a series ---------------------------------- */

/* What a run is asked to do; the header records it. */
typedef struct ll_run_settings {
    const char *runtime;  /* NULL: LL_HOST_DEFAULT_RUNTIME */
    const char *scenario; /* the built-in name, or NULL for --assembly */
    const char *assembly;
    const char *entry;
    int collectible;
    long iterations;
    long snapshot_every;
    long recycle_every;
    const char *wsdl;
    long call_timeout_ms; /* 0: the scenarios' default */
    int keep_going;
    long heapshot_every; /* a heap-shot every K snapshots; 0: none */
    long retainers_every; /* LL_RETAINERS_FIRST_LAST, every K snapshots, or 0: none */
} ll_run_settings;

/* How a run ended, as its "end" record says. */
typedef enum ll_run_end {
    LL_RUN_COMPLETED,
    LL_RUN_FAILED,      /* a scenario threw (and the run stopped or ended with failures) */
    LL_RUN_ERROR,       /* the run could not go on (a write, the entry point, the memory figures) */
    LL_RUN_INTERRUPTED, /* a signal, after an iteration */
} ll_run_end;

/* One iteration, as the recorder saw it, for the caller to tell. */
typedef struct ll_iteration_outcome {
    int threw; /* EXC filled */
    ll_exception_text exc;
    size_t result_bytes, result_full_bytes; /* cut when full > bytes */
    int snapshot_taken;
    long snapshot_seq;
    int heap_shot_failed;
} ll_iteration_outcome;

typedef struct ll_recorder ll_recorder;

/* Starts the host's runtime, opens the scenario session, and writes the
 * header, the assemblies loaded so far and snapshot 0 with W (which stays
 * the caller's). Returns NULL with ERR. */
ll_recorder *ll_recorder_start(const ll_run_settings *settings, ll_snapshot_writer *w, ll_error *err);
/* Runs iteration I and writes what it did: new and unloaded assemblies,
 * its outcome and, when due, a snapshot. Returns 0; 1 if the scenario
 * threw; -1 if the run cannot go on, -2 if the scenario's entry point
 * cannot be loaded (ERR says why). */
int ll_recorder_iteration(ll_recorder *r, int iteration, ll_iteration_outcome *out, ll_error *err);
/* Writes the "end" record: HOW, after ITERATIONS iterations. */
int ll_recorder_end(ll_recorder *r, ll_run_end how, long iterations, ll_error *err);
/* Writes the "end" record of a run that managed code ended with
 * Environment.Exit(ll_host_exit_code()) during the next iteration. */
int ll_recorder_exited(ll_recorder *r, ll_error *err);
/* From a signal handler, when the current iteration will not return:
 * writes an "end" record (interrupted, abandoned) with write(2) alone and
 * keeps the series. Async-signal-safe. */
void ll_recorder_abandon(const ll_recorder *r);
/* Iterations done, and of them failed. */
long ll_recorder_done(const ll_recorder *r);
long ll_recorder_failed(const ll_recorder *r);
/* Closes the session (a collectible context is unloaded) and frees R. */
void ll_recorder_close(ll_recorder *r);

/* --- a run's private temporary folder ---------------------------------- */

/* Removes the folders of dead runs (the user's own), makes this run's
 * ($TMPDIR/leaklab-run-PID-XXXXXX, into PATH) and points TMPDIR at it, so
 * that what CodeDom leaves goes with it. Returns 0, or -1 with errno. */
int ll_run_tmpdir_create(char *path, size_t len);
/* Removes PATH and everything in it. */
void ll_run_tmpdir_remove(const char *path);

#endif
