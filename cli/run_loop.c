/* The iteration loop of `leaklab run`: call the entry point once per
 * iteration through a scenario session (root domain, or AppDomains
 * recycled every M iterations), and after each iteration write what
 * happened: new and unloaded assemblies, the iteration's outcome and,
 * every K iterations, a snapshot taken after a full collection.
 *
 * However the run ends, the file ends with an "end" record:
 *   SIGINT/SIGTERM  the current iteration finishes, "interrupted", exit
 *                   130/143; a second signal, or an iteration still running
 *                   after STOP_GRACE_SECONDS, abandons it at once;
 *   Environment.Exit in the scenario
 *                   "exited" with the code it asked for, exit 1;
 * and Mono's own output never reaches the snapshot stream (descriptor 1
 * points at stderr during the run). */
#include "leaklab/host.h"
#include "leaklab/snapshot.h"
#include "leaklab/text.h"

#include "run_loop.h"

#include <signal.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define STOP_GRACE_SECONDS 10

struct run_state {
    const cli_run_options *opts;
    ll_snapshot_writer *writer;
    ll_scenario_session *session;
    double started_ms;
    double last_progress_ms;
    long snapshots;
    ll_snapshot_schedule schedule;
    long failed_iterations;
    volatile long done; /* iterations completed, read by the signal handler */
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

/* Writes RECORD and releases it; a write failure ends the run. */
static int emit(struct run_state *s, json_t *record)
{
    ll_error err;
    int rc = ll_snapshot_writer_append(s->writer, record, &err);
    json_decref(record);
    if (rc < 0)
        fprintf(stderr, "leaklab: %s\n", err.message);
    return rc;
}

/* Writes each record of RECORDS, then releases the array. */
static int emit_all(struct run_state *s, json_t *records)
{
    size_t i;
    json_t *record;
    int rc = 0;
    json_array_foreach(records, i, record)
        if (rc == 0)
            rc = emit(s, json_incref(record));
    json_decref(records);
    return rc;
}

static json_t *header_record(const cli_run_options *o)
{
    struct utsname uts;
    struct timespec ts;
    uname(&uts);
    clock_gettime(CLOCK_REALTIME, &ts);
    json_t *options = json_pack("{sI sI sI so? sI sb sI sI sI}", "iterations", (json_int_t)o->iterations,
                                LL_FIELD_SNAPSHOT_EVERY, (json_int_t)o->snapshot_every, LL_FIELD_RECYCLE_EVERY,
                                (json_int_t)(o->collectible ? o->recycle_every : 0), LL_FIELD_WSDL,
                                ll_json_url(o->wsdl), LL_FIELD_CALL_TIMEOUT_MS, (json_int_t)o->call_timeout_ms,
                                "keep_going", o->keep_going,
                                "heapshot_every", (json_int_t)o->heapshot_every, "memory_map_every",
                                (json_int_t)LL_MEMORY_MAP_EVERY, "memory_map_rss_move", (json_int_t)LL_MEMORY_MAP_RSS_MOVE);
    json_t *host = json_pack("{ss ss ss sI}", "hostname", uts.nodename, "kernel", uts.release, "machine",
                             uts.machine, "cpus", (json_int_t)sysconf(_SC_NPROCESSORS_ONLN));
    json_t *header = ll_record_header(o->collectible ? "collectible" : "default", o->entry);
    json_t *fields = json_pack("{so ss so? so? so si ss sf}", "host", host, LL_FIELD_MONO_VERSION,
                                         ll_host_mono_version(), LL_FIELD_SCENARIO, ll_json_text(o->scenario), "assembly",
                                         ll_json_text(o->assembly), LL_FIELD_OPTIONS, options, LL_FIELD_ROOT_DOMAIN,
                                         ll_host_root_domain_id(),
                                         "gc_before_snapshot",
                                         "full collection of every generation before each snapshot, so that "
                                         "garbage does not look like growth",
                                         "started_unix_ms", ts.tv_sec * 1e3 + ts.tv_nsec / 1e6);
    json_object_update(header, fields);
    json_decref(fields);
    return header;
}

static int take_snapshot(struct run_state *s, int iteration, int final)
{
    long seq = s->snapshots++;
    json_t *record = ll_host_snapshot(seq, iteration, now_ms() - s->started_ms, ll_snapshot_schedule_plan(&s->schedule, seq, final));
    if (!record) {
        fprintf(stderr, "leaklab: cannot read /proc/self/smaps or /proc/self/statm\n");
        return -1;
    }
    if (ll_host_heap_shot_failed())
        fprintf(stderr, "leaklab: snapshot %ld: the heap-shot could not be taken (out of memory)\n", seq);
    return emit(s, record);
}

static void report_progress(struct run_state *s, long done, int force)
{
    double now = now_ms();
    if (s->opts->quiet || (!force && now - s->last_progress_ms < 1000))
        return;
    s->last_progress_ms = now;
    fprintf(stderr, "leaklab: %s [%s] iteration %ld/%ld, %.1f s, RSS %.1f MB\n",
            s->opts->scenario ? s->opts->scenario : s->opts->entry,
            s->opts->collectible ? "collectible" : "default", done, s->opts->iterations,
            (now - s->started_ms) / 1e3, ll_host_rss() / 1048576.0);
}

/* RESULT (what the entry point returned, if anything) is recorded as a
 * JSON object when it is one — the live scenarios report each call's
 * operation, latency and answer so — else as a string. */
static json_t *iteration_record(int iteration, double wall_ms, const ll_exception_text *exc, const char *result,
                                size_t result_full_len)
{
    json_t *record = ll_record_iteration(iteration, wall_ms, exc ? exc->type : NULL, exc ? exc->message : NULL,
                                         exc ? exc->stack : NULL);
    if (result) {
        json_t *parsed = json_loads(result, 0, NULL);
        json_object_set_new(record, "result", json_is_object(parsed) ? parsed : json_string(result));
        if (!json_is_object(parsed))
            json_decref(parsed);
        if (result_full_len > strlen(result)) {
            json_object_set_new(record, "result_cut_from_bytes", json_integer((json_int_t)result_full_len));
            fprintf(stderr, "leaklab: iteration %d returned %zu bytes: recorded the first %zu\n", iteration,
                    result_full_len, strlen(result));
        }
    }
    return record;
}

/* Runs one iteration and writes its records. Returns 0, 1 if the scenario
 * threw, -1 if the run cannot go on, -2 if the entry point cannot load. */
static int run_iteration(struct run_state *s, int iteration)
{
    const cli_run_options *o = s->opts;
    ll_exception_text exc;
    char *result;
    size_t result_full_len = 0;
    ll_error err;
    double t0 = now_ms();
    int rc = ll_scenario_session_call(s->session, iteration, &exc, &result, &result_full_len, &err);
    double wall_ms = now_ms() - t0;
    if (rc < 0) {
        fprintf(stderr, "leaklab: %s\n", err.message);
        return -2;
    }
    int failed = rc > 0, last = iteration == o->iterations;
    json_t *events = json_array();
    ll_scenario_session_finish_call(s->session, iteration, failed || last, events);
    json_t *record = iteration_record(iteration, wall_ms, failed ? &exc : NULL, result, result_full_len);
    free(result);
    if (emit_all(s, events) < 0 || emit(s, record) < 0)
        return -1;
    if (ll_host_inventory_untracked() > 0) {
        fprintf(stderr, "leaklab: out of memory tracking assemblies: the series would be incomplete\n");
        return -1;
    }
    if ((failed || last || iteration % o->snapshot_every == 0) && take_snapshot(s, iteration, last) < 0)
        return -1;
    if (failed)
        fprintf(stderr, "leaklab: iteration %d threw %s: %s\n%s\n", iteration, exc.type, exc.message, exc.stack);
    return failed;
}

static int emit_end(struct run_state *s, const char *status, long done)
{
    return emit(s, ll_record_end(status, done, s->failed_iterations, now_ms() - s->started_ms));
}

/* Decimal digits of V into BUF (async-signal-safe); returns the length. */
static size_t format_long(long v, char *buf)
{
    char digits[24];
    size_t n = 0, len = 0;
    unsigned long u = v < 0 ? 0 : (unsigned long)v;
    do
        digits[n++] = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    while (n)
        buf[len++] = digits[--n];
    return len;
}

/* An iteration that does not return after the signal: the end record is
 * written here, with write(2) only, and the process leaves at once. The
 * temporary folder stays; the next run removes it. */
static void abandon_run(int sig)
{
    struct run_state *s = current_run;
    if (s) {
        char line[256];
        size_t len = 0;
        const char *head = "{\"type\":\"end\",\"status\":\"interrupted\",\"abandoned\":true,\"iterations\":";
        memcpy(line, head, strlen(head));
        len = strlen(head);
        len += format_long(s->done, line + len);
        memcpy(line + len, ",\"failed_iterations\":", 21);
        len += 21;
        len += format_long(s->failed_iterations, line + len);
        memcpy(line + len, "}\n", 2);
        len += 2;
        ssize_t unused = write(ll_snapshot_writer_fd(s->writer), line, len);
        (void)unused;
        ll_snapshot_writer_keep_now(s->writer);
    }
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

/* After Mono starts, so that these handlers are the ones that run. */
static void install_stop_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = on_grace_expired;
    sigaction(SIGALRM, &sa, NULL);
    sa.sa_handler = on_abort;
    sigaction(SIGABRT, &sa, NULL);
}

/* A scenario that calls Environment.Exit ends the process from inside the
 * call: record it, tidy up, and exit 1 as for any failed run. */
static void on_exit_during_run(void)
{
    struct run_state *s = current_run;
    if (!s)
        return;
    current_run = NULL;
    json_t *end = ll_record_end("exited", s->done, s->failed_iterations, now_ms() - s->started_ms);
    json_object_set_new(end, "exit_code", json_integer(ll_host_exit_code()));
    emit(s, end);
    fprintf(stderr, "leaklab: the scenario called Environment.Exit(%d) during iteration %ld; run ended\n",
            ll_host_exit_code(), s->done + 1);
    ll_error err;
    if (ll_snapshot_writer_close(s->writer, &err) < 0)
        fprintf(stderr, "leaklab: %s\n", err.message);
    ll_run_tmpdir_remove(s->tmpdir);
    _exit(CLI_RUN_SCENARIO_FAILED);
}

static int run_loop(struct run_state *s)
{
    const cli_run_options *o = s->opts;
    for (long i = 1; i <= o->iterations; i++) {
        int rc = run_iteration(s, (int)i);
        s->failed_iterations += rc > 0;
        s->done = i;
        if (stop_signal) {
            alarm(0);
            fprintf(stderr, "leaklab: %s after iteration %ld: run ended\n", strsignal(stop_signal), i);
            emit_end(s, "interrupted", i);
            return 128 + stop_signal;
        }
        report_progress(s, i, (rc != 0 && !o->keep_going) || i == o->iterations);
        if (rc == -2) {
            emit_end(s, "error", i - 1);
            return CLI_RUN_USAGE;
        }
        if (rc < 0 || (rc > 0 && !o->keep_going)) {
            emit_end(s, rc > 0 ? "failed" : "error", rc > 0 ? i : i - 1);
            return CLI_RUN_SCENARIO_FAILED;
        }
    }
    if (emit_end(s, "completed", o->iterations) < 0)
        return CLI_RUN_SCENARIO_FAILED;
    return s->failed_iterations ? CLI_RUN_SCENARIO_FAILED : CLI_RUN_OK;
}

int cli_run_loop(const cli_run_options *opts)
{
    ll_error err;
    struct run_state s = {.opts = opts};
    ll_snapshot_schedule_init(&s.schedule, opts->heapshot_every);
    if (ll_run_tmpdir_create(s.tmpdir, sizeof s.tmpdir) < 0) {
        fprintf(stderr, "leaklab: cannot create a temporary folder: %s\n", strerror(errno));
        return CLI_RUN_USAGE;
    }
    const char *inputs[] = {opts->assembly, opts->wsdl};
    ll_snapshot_writer *writer = ll_snapshot_writer_open(opts->output, inputs, 2, &err);
    if (!writer) {
        fprintf(stderr, "leaklab: %s\n", err.message);
        ll_run_tmpdir_remove(s.tmpdir);
        return CLI_RUN_USAGE;
    }
    s.writer = writer;
    if (!opts->quiet && ll_snapshot_writer_temp_path(writer))
        fprintf(stderr, "leaklab: recording into %s (renamed to %s when the run ends)\n",
                ll_snapshot_writer_temp_path(writer), opts->output);
    fflush(stdout);
    dup2(STDERR_FILENO, STDOUT_FILENO);
    if (opts->wsdl)
        setenv("LEAKLAB_WSDL", opts->wsdl, 1);
    if (opts->call_timeout_ms > 0) {
        char ms[32];
        snprintf(ms, sizeof ms, "%ld", opts->call_timeout_ms);
        setenv("LEAKLAB_CALL_TIMEOUT_MS", ms, 1);
    }
    int status = CLI_RUN_SCENARIO_FAILED;
    if (ll_host_start() < 0) {
        fprintf(stderr, "leaklab: the Mono runtime did not start\n");
    } else if ((s.session = ll_scenario_session_open(opts->assembly, opts->entry, opts->collectible,
                                                      opts->recycle_every))) {
        s.started_ms = now_ms();
        install_stop_handlers();
        current_run = &s;
        atexit(on_exit_during_run);
        json_t *events = json_array();
        ll_host_inventory_events(0, events);
        if (emit(&s, header_record(opts)) == 0 && emit_all(&s, events) == 0 && take_snapshot(&s, 0, 0) == 0)
            status = run_loop(&s);
        current_run = NULL;
        ll_scenario_session_close(s.session);
    }
    ll_run_tmpdir_remove(s.tmpdir);
    if (status == CLI_RUN_USAGE) {
        /* The run never started (no entry point): the file it would have
         * replaced stays as it was. */
        ll_snapshot_writer_discard(writer);
    } else if (ll_snapshot_writer_close(writer, &err) < 0) {
        fprintf(stderr, "leaklab: %s\n", err.message);
        status = CLI_RUN_SCENARIO_FAILED;
    }
    return status;
}
