/* The iteration loop of `leaklab run`: the recorder (host/) runs each
 * iteration and writes the series; this file keeps what belongs to the
 * process: the signal handlers, the Environment.Exit hook, descriptor 1
 * pointed at stderr, the run's temporary folder, the messages and the
 * exit status.
 *
 * However the run ends, the file ends with an "end" record:
 *   SIGINT/SIGTERM  the current iteration finishes, "interrupted", exit
 *                   130/143; a second signal, or an iteration still running
 *                   after STOP_GRACE_SECONDS, abandons it at once;
 *   Environment.Exit in the scenario
 *                   "exited" with the code it asked for, exit 1;
 * and the runtime's own output never reaches the snapshot stream
 * (descriptor 1 points at stderr during the run). */
#include "leaklab/report.h"
#include "leaklab/host.h"
#include "leaklab/snapshot.h"

#include "run_loop.h"
#include "signals.h"

#include <signal.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define STOP_GRACE_SECONDS 10

struct run_state {
    const cli_run_options *opts;
    ll_snapshot_writer *writer;
    ll_recorder *recorder;
    double started_ms;
    double last_progress_ms;
    char tmpdir[4096];
};

/* The run in progress, for the signal and exit handlers; NULL otherwise. */
static struct run_state *volatile current_run;
static volatile sig_atomic_t stop_signal;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void report_progress(struct run_state *s, long done, int force)
{
    double now = now_ms();
    if (s->opts->quiet || (!force && now - s->last_progress_ms < 1000))
        return;
    s->last_progress_ms = now;
    ll_text_printf(stderr, "leaklab: %s [%s] iteration %ld/%ld, %.1f s, RSS %.1f MB\n",
            s->opts->scenario ? s->opts->scenario : s->opts->entry,
            s->opts->collectible ? "collectible" : "default", done, s->opts->iterations,
            (now - s->started_ms) / 1e3, ll_host_rss() / 1048576.0);
}

/* What an iteration did that the user should hear of. */
static void tell_outcome(int iteration, const ll_iteration_outcome *out)
{
    if (out->result_full_bytes > out->result_bytes)
        ll_text_printf(stderr, "leaklab: iteration %d returned %zu bytes: recorded the first %zu\n", iteration,
                out->result_full_bytes, out->result_bytes);
    if (out->snapshot_taken && out->heap_shot_failed)
        ll_text_printf(stderr, "leaklab: snapshot %ld: the heap-shot could not be taken (out of memory, or the "
                      "runtime's heap walk did not finish)\n",
                out->snapshot_seq);
    if (out->threw)
        ll_text_printf(stderr, "leaklab: iteration %d threw %s: %s\n%s\n", iteration, out->exc.type, out->exc.message,
                out->exc.stack);
}

/* Runs one iteration. Returns 0, 1 if the scenario threw, -1 if the run
 * cannot go on, -2 if the entry point cannot load. */
static int run_iteration(struct run_state *s, int iteration)
{
    ll_iteration_outcome out;
    ll_error err;
    int rc = ll_recorder_iteration(s->recorder, iteration, &out, &err);
    if (rc < 0)
        ll_text_printf(stderr, "leaklab: %s\n", err.message);
    else
        tell_outcome(iteration, &out);
    return rc;
}

static int end_run(struct run_state *s, ll_run_end how, long iterations)
{
    ll_error err;
    int rc = ll_recorder_end(s->recorder, how, iterations, &err);
    if (rc < 0)
        ll_text_printf(stderr, "leaklab: %s\n", err.message);
    return rc;
}

/* An iteration that does not return after the signal: the recorder writes
 * the end record with write(2) only, and the process leaves at once. The
 * temporary folder stays; the next run removes it. */
static void abandon_run(int sig)
{
    struct run_state *s = current_run;
    if (s)
        ll_recorder_abandon(s->recorder);
    _exit(128 + sig);
}
static void on_stop_signal(int sig)
{
    if (stop_signal)
        abandon_run(stop_signal);
    stop_signal = sig;
    alarm(STOP_GRACE_SECONDS);
}

static void on_grace_expired(int sig)
{
    (void)sig;
    abandon_run(stop_signal ? stop_signal : SIGTERM);
}

/* Mono dies of SIGABRT on a failed assertion (a domain unload can do it;
 * the assertion is printed before abort): what the run recorded is renamed
 * into place, and the process dies of the signal at once. Mono's own
 * handler is not chained: its crash reporter can deadlock on the malloc
 * lock of the thread that aborted (seen: a run hung in its "Telemetry
 * Dumper", so that the sweep waiting for it never ended). */
static void on_abort(int sig)
{
    struct run_state *s = current_run;
    if (s)
        ll_snapshot_writer_keep_now(s->writer);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* After the runtime starts, so that these handlers are the ones that run. */
static void install_stop_handlers(void)
{
    cli_catch(SIGINT, on_stop_signal);
    cli_catch(SIGTERM, on_stop_signal);
    cli_catch(SIGALRM, on_grace_expired);
    cli_catch(SIGABRT, on_abort);
}

/* A scenario that calls Environment.Exit ends the process from inside the
 * call: record it, tidy up, and exit 1 as for any failed run. */
static void on_exit_during_run(void)
{
    struct run_state *s = current_run;
    if (!s)
        return;
    current_run = NULL;
    ll_error err;
    if (ll_recorder_exited(s->recorder, &err) < 0)
        ll_text_printf(stderr, "leaklab: %s\n", err.message);
    ll_text_printf(stderr, "leaklab: the scenario called Environment.Exit(%d) during iteration %ld; run ended\n",
            ll_host_exit_code(), ll_recorder_done(s->recorder) + 1);
    if (ll_snapshot_writer_close(s->writer, &err) < 0)
        ll_text_printf(stderr, "leaklab: %s\n", err.message);
    ll_run_tmpdir_remove(s->tmpdir);
    _exit(CLI_RUN_SCENARIO_FAILED);
}

static int run_loop(struct run_state *s)
{
    const cli_run_options *o = s->opts;
    for (long i = 1; i <= o->iterations; i++) {
        int rc = run_iteration(s, (int)i);
        if (stop_signal) {
            alarm(0);
            ll_text_printf(stderr, "leaklab: %s after iteration %ld: run ended\n", strsignal(stop_signal), i);
            end_run(s, LL_RUN_INTERRUPTED, i);
            return 128 + stop_signal;
        }
        report_progress(s, i, (rc != 0 && !o->keep_going) || i == o->iterations);
        if (rc == -2) {
            end_run(s, LL_RUN_ERROR, i - 1);
            return CLI_RUN_USAGE;
        }
        if (rc < 0 || (rc > 0 && !o->keep_going)) {
            end_run(s, rc > 0 ? LL_RUN_FAILED : LL_RUN_ERROR, rc > 0 ? i : i - 1);
            return CLI_RUN_SCENARIO_FAILED;
        }
    }
    if (end_run(s, LL_RUN_COMPLETED, o->iterations) < 0)
        return CLI_RUN_SCENARIO_FAILED;
    return ll_recorder_failed(s->recorder) ? CLI_RUN_SCENARIO_FAILED : CLI_RUN_OK;
}

static ll_run_settings run_settings(const cli_run_options *o)
{
    return (ll_run_settings){
        .runtime = o->runtime,
        .scenario = o->scenario,
        .assembly = o->assembly,
        .entry = o->entry,
        .collectible = o->collectible,
        .iterations = o->iterations,
        .snapshot_every = o->snapshot_every,
        .recycle_every = o->recycle_every,
        .wsdl = o->wsdl,
        .call_timeout_ms = o->call_timeout_ms,
        .keep_going = o->keep_going,
        .heapshot_every = o->heapshot_every,
        .retainers_every = o->retainers_every,
    };
}

/* Starts the runtime and the recorder, then runs the loop. */
static int record_run(struct run_state *s)
{
    const cli_run_options *opts = s->opts;
    ll_error err;
    if (ll_host_start(opts->runtime, &err) < 0) {
        ll_text_printf(stderr, "leaklab: %s\n", err.message);
        return err.code == LL_ERROR_RUNTIME ? CLI_RUN_SCENARIO_FAILED : CLI_RUN_USAGE;
    }
    /* After the runtime starts, so that these handlers are the ones that run. */
    install_stop_handlers();
    ll_run_settings settings = run_settings(opts);
    s->started_ms = now_ms();
    if (!(s->recorder = ll_recorder_start(&settings, s->writer, &err))) {
        ll_text_printf(stderr, "leaklab: %s\n", err.message);
        return CLI_RUN_SCENARIO_FAILED;
    }
    current_run = s;
    atexit(on_exit_during_run);
    int status = run_loop(s);
    current_run = NULL;
    ll_recorder_close(s->recorder);
    return status;
}

int cli_run_loop(const cli_run_options *opts)
{
    ll_error err;
    struct run_state s = {.opts = opts};
    if (ll_run_tmpdir_create(s.tmpdir, sizeof s.tmpdir) < 0) {
        ll_text_printf(stderr, "leaklab: cannot create a temporary folder: %s\n", strerror(errno));
        return CLI_RUN_USAGE;
    }
    const char *inputs[] = {opts->assembly, opts->wsdl};
    ll_snapshot_writer *writer = ll_snapshot_writer_open(opts->output, inputs, 2, &err);
    if (!writer) {
        ll_text_printf(stderr, "leaklab: %s\n", err.message);
        ll_run_tmpdir_remove(s.tmpdir);
        return CLI_RUN_USAGE;
    }
    s.writer = writer;
    if (!opts->quiet && ll_snapshot_writer_temp_path(writer))
        ll_text_printf(stderr, "leaklab: recording into %s (renamed to %s when the run ends)\n",
                ll_snapshot_writer_temp_path(writer), opts->output);
    fflush(stdout);
    dup2(STDERR_FILENO, STDOUT_FILENO);
    /* The managed scenarios read these (ProxyFactory.cs, LiveService.cs). */
    if (opts->wsdl)
        setenv("LEAKLAB_WSDL", opts->wsdl, 1);
    if (opts->call_timeout_ms > 0) {
        char ms[32];
        snprintf(ms, sizeof ms, "%ld", opts->call_timeout_ms);
        setenv("LEAKLAB_CALL_TIMEOUT_MS", ms, 1);
    }
    int status = record_run(&s);
    ll_run_tmpdir_remove(s.tmpdir);
    if (status == CLI_RUN_USAGE) {
        /* The run never started (no runtime, no entry point): the file it
         * would have replaced stays as it was. */
        ll_snapshot_writer_discard(writer);
    } else if (ll_snapshot_writer_close(writer, &err) < 0) {
        ll_text_printf(stderr, "leaklab: %s\n", err.message);
        status = CLI_RUN_SCENARIO_FAILED;
    }
    return status;
}
