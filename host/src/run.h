/* `leaklab run`: one scenario, N iterations, snapshots to a file. */
#ifndef LEAKLAB_RUN_H
#define LEAKLAB_RUN_H

typedef struct ll_run_options {
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
} ll_run_options;

/* Exit statuses of `leaklab run`. */
enum {
    LL_RUN_OK = 0,
    LL_RUN_SCENARIO_FAILED = 1, /* or, with --keep-going, some iterations failed */
    LL_RUN_USAGE = 2,
};

/* Runs the scenario; returns one of the statuses above. */
int ll_run(const ll_run_options *opts);

#endif
