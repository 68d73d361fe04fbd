/* The body of `leaklab run` (run_loop.c): the iteration loop over the
 * host's recorder, with everything that belongs to the process: the
 * signal handlers, the Environment.Exit hook, descriptor 1 pointed at
 * stderr, the run's temporary folder and the exit status. cli/run.c
 * parses and checks the options. */
#ifndef LEAKLAB_CLI_RUN_LOOP_H
#define LEAKLAB_CLI_RUN_LOOP_H

typedef struct cli_run_options {
    const char *runtime;  /* --runtime; NULL: the default */
    const char *scenario; /* the built-in name, or NULL for --assembly */
    char assembly[4096];
    char entry[512];
    int collectible;
    long iterations;
    long snapshot_every;
    long recycle_every;
    const char *output;
    const char *wsdl;
    long call_timeout_ms; /* 0: the scenarios' default */
    int keep_going;
    int quiet;
    long heapshot_every; /* a heap-shot every K snapshots; 0: none */
    long retainers_every; /* LL_RETAINERS_FIRST_LAST, every K snapshots, or 0 */
} cli_run_options;

/* Exit statuses of `leaklab run`. */
enum {
    CLI_RUN_OK = 0,
    CLI_RUN_SCENARIO_FAILED = 1, /* or, with --keep-going, some iterations failed */
    CLI_RUN_USAGE = 2,
};

/* Runs the scenario; returns one of the statuses above, or 128 + the
 * signal that interrupted it. */
int cli_run_loop(const cli_run_options *opts);

#endif
