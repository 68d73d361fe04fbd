/* The leaklab host as a library: start the embedded Mono runtime once,
 * open a scenario in the default or collectible context, call it, and take
 * snapshots. `leaklab run` (run.c) and the benchmarks (bench/) are both
 * built on this header. */
#ifndef LEAKLAB_HOST_H
#define LEAKLAB_HOST_H

#include <jansson.h>
#include "leaklab/snapshot.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Starts Mono with leaklab's settings, the assembly inventory and the
 * runtime counters; once per process. Returns 0, or -1 if Mono failed. */
int ll_host_start(void);
const char *ll_host_mono_version(void);
/* The exit code managed code asked for (Environment.Exit). */
int ll_host_exit_code(void);
/* The root domain's id, as recorded in snapshot files. */
int ll_host_root_domain_id(void);

/* Where the scenarios, the WSDL, scenarios.tsv and leaklab.config live. */
const char *ll_host_lib_dir(void);
/* The assembly path and entry point of the built-in scenario NAME.
 * Returns 0, or -1 with a reason in WHY. */
int ll_host_builtin_scenario(const char *name, char *assembly, size_t assembly_len, char *entry, size_t entry_len,
                             ll_error *err);

/* A managed exception, formatted while its domain is still alive. */
typedef struct ll_exception_text {
    char type[256];
    char message[1024];
    char stack[4096];
} ll_exception_text;

typedef struct ll_scenario_session ll_scenario_session;

/* ASSEMBLY's ENTRY ("Namespace.Type:Method"), called in the root domain, or
 * in an AppDomain unloaded every RECYCLE_EVERY calls when COLLECTIBLE. */
ll_scenario_session *ll_scenario_session_open(const char *assembly, const char *entry, int collectible,
                                              long recycle_every);
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
/* After a call: appends the inventory's events to RECORDS (may be NULL) and
 * unloads the AppDomain when a recycle is due or FORCE_RECYCLE is set. */
void ll_scenario_session_finish_call(ll_scenario_session *s, int iteration, int force_recycle, json_t *records);
/* Unloads the AppDomain if one is loaded, and frees S. */
void ll_scenario_session_close(ll_scenario_session *s);

/* What a snapshot measures beyond its cheap figures (RSS from statm,
 * malloc, the GC's sizes, the runtime's counters, the assemblies). */
typedef struct ll_snapshot_plan {
    int heap_shot;  /* objects and bytes per class, walked during the collection */
    int memory_map; /* memory per kind of mapping, from /proc/self/smaps */
} ll_snapshot_plan;

/* Which snapshots of a run walk the heap and the memory map. The memory
 * map costs milliseconds in a big process, against 0.01 ms for statm's
 * total: it is walked at the first and the last snapshot, every
 * LL_MEMORY_MAP_EVERY snapshots, and whenever RSS has moved by
 * LL_MEMORY_MAP_RSS_MOVE bytes since it was last walked. */
#define LL_MEMORY_MAP_EVERY 20
#define LL_MEMORY_MAP_RSS_MOVE (8LL << 20)
typedef struct ll_snapshot_schedule {
    long heapshot_every;     /* a heap-shot every K snapshots (and the last); 0: none */
    long long memory_map_rss; /* RSS when the memory map was last walked */
} ll_snapshot_schedule;
void ll_snapshot_schedule_init(ll_snapshot_schedule *s, long heapshot_every);
/* The plan of snapshot number SEQ (counted from 0; FINAL: the run's last). */
ll_snapshot_plan ll_snapshot_schedule_plan(ll_snapshot_schedule *s, long seq, int final);

/* A "snapshot" record (see README.md), after a full collection. */
json_t *ll_host_snapshot(long seq, int iteration, double elapsed_ms, ll_snapshot_plan plan);
/* 1 when the last snapshot asked for a heap-shot and could not take it
 * (out of memory): its record says so (LL_FIELD_HEAP_SHOT_FAILED). */
int ll_host_heap_shot_failed(void);
/* Objects the last heap-shot counted (0 if the last collection had none). */
uint64_t ll_host_heap_shot_objects(void);
/* Appends to RECORDS the inventory events since the last call. */
void ll_host_inventory_events(int iteration, json_t *records);
/* Assemblies alive now, all domains. */
long ll_host_assemblies_loaded(void);
/* Assembly loads the inventory could not track (out of memory): when not
 * 0, the series is incomplete. */
long ll_host_inventory_untracked(void);
/* Resident set size, cheaply. */
unsigned long long ll_host_rss(void);
/* GC heap in use and malloc in use, in bytes (without collecting). */
long long ll_host_gc_used(void);
long long ll_host_malloc_in_use(void);
void ll_host_collect_garbage(void);
/* The same, with a heap-shot when WALK (ll_host_heap_shot_objects). */
void ll_host_collect_garbage_walking(int walk);
/* Loads one of Mono's own profilers, as `mono --profile=DESC` does (the
 * benchmarks' anchor: "log:heapshot,..."); before ll_host_start. */
void ll_host_load_mono_profiler(const char *desc);

/* --- a run's private temporary folder ---------------------------------- */

/* Removes the folders of dead runs (the user's own), makes this run's
 * ($TMPDIR/leaklab-run-PID-XXXXXX, into PATH) and points TMPDIR at it, so
 * that what CodeDom leaves goes with it. Returns 0, or -1 with errno. */
int ll_run_tmpdir_create(char *path, size_t len);
/* Removes PATH and everything in it. */
void ll_run_tmpdir_remove(const char *path);

/* Lists the built-in scenarios on OUT, one line each; -1 with WHY if the
 * table cannot be read. */
int ll_host_list_scenarios(FILE *out, ll_error *err);

#endif
