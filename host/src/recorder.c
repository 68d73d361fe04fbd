/* The recorder: a run as a series (README.md, "The snapshot format"). It
 * owns what the series says: the header, each iteration's assemblies,
 * unloads and outcome, the snapshots on their schedule, and the "end"
 * record however the run ends, all spelt through snapshot/'s builders and
 * LL_FIELD_* names. The caller (cli/run_loop.c) keeps the process: the
 * options, the signals, the messages and the exit status; on a signal it
 * asks the recorder to end or to abandon the run. */
#include "leaklab/host.h"
#include "leaklab/snapshot.h"
#include "leaklab/text.h"

#include "inventory.h"
#include "runtime.h"
#include "session.h"

#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

struct ll_recorder {
    ll_run_settings settings;
    ll_snapshot_writer *writer;
    ll_scenario_session *session;
    ll_snapshot_schedule schedule;
    double started_ms;
    long snapshots;
    long done, failed;
    /* The "end" record of a run abandoned now, kept ready after each
     * iteration so that a signal handler only has to write it. */
    char abandoned[256];
    size_t abandoned_len;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Writes RECORD (NULL: out of memory) and releases it. */
static int emit(ll_recorder *r, json_t *record, ll_error *err)
{
    if (!record) {
        ll_error_set_code(err, LL_ERROR_MEMORY, "out of memory composing a record");
        return -1;
    }
    int rc = ll_snapshot_writer_append(r->writer, record, err);
    json_decref(record);
    return rc;
}

/* Writes each record of RECORDS, then releases the array. */
static int emit_all(ll_recorder *r, json_t *records, ll_error *err)
{
    size_t i;
    json_t *record;
    int rc = 0;
    json_array_foreach(records, i, record)
        if (rc == 0)
            rc = emit(r, json_incref(record), err);
    json_decref(records);
    return rc;
}

static json_t *retainers_schedule(long every)
{
    return every == LL_RETAINERS_FIRST_LAST ? json_string("first-last")
           : every > 0                      ? json_integer(every)
                                            : json_string("off");
}

static json_t *run_options(const ll_run_settings *o)
{
    json_t *options = json_pack("{sI sI sI so? sI sb sI sI sI}", LL_FIELD_ITERATIONS, (json_int_t)o->iterations,
                     LL_FIELD_SNAPSHOT_EVERY, (json_int_t)o->snapshot_every, LL_FIELD_RECYCLE_EVERY,
                     (json_int_t)(o->collectible ? o->recycle_every : 0), LL_FIELD_WSDL, ll_json_url(o->wsdl),
                     LL_FIELD_CALL_TIMEOUT_MS, (json_int_t)o->call_timeout_ms, LL_FIELD_KEEP_GOING, o->keep_going,
                     LL_FIELD_HEAPSHOT_EVERY, (json_int_t)o->heapshot_every, LL_FIELD_MEMORY_MAP_EVERY,
                     (json_int_t)LL_MEMORY_MAP_EVERY, LL_FIELD_MEMORY_MAP_RSS_MOVE,
                     (json_int_t)LL_MEMORY_MAP_RSS_MOVE);
    if (options)
        json_object_set_new(options, LL_FIELD_RETAINERS_SCHEDULE, retainers_schedule(o->retainers_every));
    return options;
}

static json_t *machine(void)
{
    struct utsname uts;
    uname(&uts);
    return json_pack("{ss ss ss sI}", LL_FIELD_HOST_NAME, uts.nodename, LL_FIELD_HOST_KERNEL, uts.release,
                     LL_FIELD_HOST_MACHINE, uts.machine, LL_FIELD_HOST_CPUS, (json_int_t)sysconf(_SC_NPROCESSORS_ONLN));
}

static json_t *header_record(const ll_run_settings *o)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    const char *runtime = ll_host_runtime_name(), *version = ll_host_runtime_version();
    json_t *header = ll_record_header(o->collectible ? "collectible" : "default", o->entry);
    json_object_set_new(header, LL_FIELD_HOST, machine());
    if (strcmp(runtime, "mono") == 0)
        json_object_set_new(header, LL_FIELD_MONO_VERSION, json_string(version));
    json_t *fields = json_pack("{s{ss ss} so? so? so si ss sf}", LL_FIELD_RUNTIME_INFO, LL_FIELD_RUNTIME_NAME,
                               runtime, LL_FIELD_RUNTIME_VERSION, version, LL_FIELD_SCENARIO, ll_json_text(o->scenario),
                               LL_FIELD_ASSEMBLY_PATH, ll_json_text(o->assembly), LL_FIELD_OPTIONS, run_options(o),
                               LL_FIELD_ROOT_DOMAIN, ll__runtime()->default_context_id(), LL_FIELD_GC_BEFORE_SNAPSHOT,
                               "full collection of every generation before each snapshot, so that "
                               "garbage does not look like growth",
                               LL_FIELD_STARTED_UNIX_MS, ts.tv_sec * 1e3 + ts.tv_nsec / 1e6);
    if (!header || !fields) {
        json_decref(header);
        json_decref(fields);
        return NULL;
    }
    json_object_update(header, fields);
    json_decref(fields);
    return header;
}

/* The line ll_recorder_abandon writes, for the iterations done so far. */
static void prepare_abandoned(ll_recorder *r)
{
    json_t *end = json_pack("{ss ss sb sI sI}", LL_FIELD_TYPE, ll_record_type_name(LL_RECORD_END), LL_FIELD_STATUS,
                            "interrupted", LL_FIELD_ABANDONED, 1, LL_FIELD_ITERATIONS, (json_int_t)r->done,
                            LL_FIELD_FAILED_ITERATIONS, (json_int_t)r->failed);
    size_t len = 0;
    char *line = end ? ll_record_line(end, &len) : NULL;
    json_decref(end);
    if (line && len + 1 <= sizeof r->abandoned) {
        memcpy(r->abandoned, line, len);
        r->abandoned[len] = '\n';
        r->abandoned_len = len + 1;
    }
    free(line);
}

static int take_snapshot(ll_recorder *r, int iteration, int final, ll_iteration_outcome *out, ll_error *err)
{
    long seq = r->snapshots++;
    ll_snapshot_plan plan = ll_snapshot_schedule_plan(&r->schedule, seq, iteration, final);
    int failed = 0;
    int rc = ll_host_write_snapshot(r->writer, seq, iteration, now_ms() - r->started_ms, plan, &failed, err);
    if (out) {
        out->snapshot_taken = 1;
        out->snapshot_seq = seq;
        out->heap_shot_failed = failed;
    }
    return rc;
}

ll_recorder *ll_recorder_start(const ll_run_settings *settings, ll_snapshot_writer *w, ll_error *err)
{
    ll_recorder *r = calloc(1, sizeof *r);
    if (!r) {
        ll_error_set_code(err, LL_ERROR_MEMORY, "out of memory");
        return NULL;
    }
    r->settings = *settings;
    r->writer = w;
    ll_snapshot_schedule_init(&r->schedule, settings->heapshot_every);
    ll_snapshot_schedule_retainers(&r->schedule, settings->retainers_every, settings->iterations);
    r->session = ll_scenario_session_open(settings->assembly, settings->entry, settings->collectible,
                                          settings->recycle_every, settings->wsdl);
    if (!r->session) {
        ll_error_set_code(err, LL_ERROR_MEMORY, "out of memory opening the scenario");
        free(r);
        return NULL;
    }
    r->started_ms = now_ms();
    prepare_abandoned(r);
    json_t *events = json_array();
    ll__inventory_new_series();
    ll__inventory_collect_events(0, events);
    if (emit(r, header_record(settings), err) < 0 || emit_all(r, events, err) < 0 ||
        take_snapshot(r, 0, 0, NULL, err) < 0) {
        ll_recorder_close(r);
        return NULL;
    }
    return r;
}

/* RESULT (what the entry point returned, if anything) is recorded as a
 * JSON object when it is one (the live scenarios report each call's
 * operation, latency and answer so), else as a string. */
static json_t *iteration_record(int iteration, double wall_ms, const ll_iteration_outcome *out, const char *result)
{
    const ll_exception_text *exc = out->threw ? &out->exc : NULL;
    json_t *record = ll_record_iteration(iteration, wall_ms, exc ? exc->type : NULL, exc ? exc->message : NULL,
                                         exc ? exc->stack : NULL);
    if (record && result) {
        json_t *parsed = json_loads(result, 0, NULL);
        json_object_set_new(record, LL_FIELD_RESULT, json_is_object(parsed) ? parsed : json_string(result));
        if (!json_is_object(parsed))
            json_decref(parsed);
        if (out->result_full_bytes > out->result_bytes)
            json_object_set_new(record, LL_FIELD_RESULT_CUT_FROM, json_integer((json_int_t)out->result_full_bytes));
    }
    return record;
}

int ll_recorder_iteration(ll_recorder *r, int iteration, ll_iteration_outcome *out, ll_error *err)
{
    const ll_run_settings *o = &r->settings;
    memset(out, 0, sizeof *out);
    char *result = NULL;
    double t0 = now_ms();
    int rc = ll_scenario_session_call(r->session, iteration, &out->exc, &result, &out->result_full_bytes, err);
    double wall_ms = now_ms() - t0;
    if (rc < 0)
        return -2;
    out->threw = rc > 0;
    out->result_bytes = result ? strlen(result) : 0;
    int last = iteration == o->iterations;
    json_t *events = json_array();
    ll__scenario_session_after_call(r->session, iteration, out->threw || last, events);
    json_t *record = iteration_record(iteration, wall_ms, out, result);
    free(result);
    if (emit_all(r, events, err) < 0 || emit(r, record, err) < 0)
        return -1;
    if (ll__inventory_untracked() > 0) {
        ll_error_set_code(err, LL_ERROR_MEMORY, "out of memory tracking assemblies: the series would be incomplete");
        return -1;
    }
    if ((out->threw || last || iteration % o->snapshot_every == 0) && take_snapshot(r, iteration, last, out, err) < 0)
        return -1;
    r->done = iteration;
    r->failed += out->threw;
    prepare_abandoned(r);
    return out->threw;
}

static const char *const end_status[] = {
    [LL_RUN_COMPLETED] = "completed",
    [LL_RUN_FAILED] = "failed",
    [LL_RUN_ERROR] = "error",
    [LL_RUN_INTERRUPTED] = "interrupted",
};

int ll_recorder_end(ll_recorder *r, ll_run_end how, long iterations, ll_error *err)
{
    return emit(r, ll_record_end(end_status[how], iterations, r->failed, now_ms() - r->started_ms), err);
}

int ll_recorder_exited(ll_recorder *r, ll_error *err)
{
    json_t *end = ll_record_end("exited", r->done, r->failed, now_ms() - r->started_ms);
    if (end)
        json_object_set_new(end, LL_FIELD_EXIT_CODE, json_integer(ll_host_exit_code()));
    return emit(r, end, err);
}

void ll_recorder_abandon(const ll_recorder *r)
{
    ssize_t unused = write(ll_snapshot_writer_fd(r->writer), r->abandoned, r->abandoned_len);
    (void)unused;
    ll_snapshot_writer_keep_now(r->writer);
}

long ll_recorder_done(const ll_recorder *r)
{
    return r->done;
}

long ll_recorder_failed(const ll_recorder *r)
{
    return r->failed;
}

void ll_recorder_close(ll_recorder *r)
{
    if (!r)
        return;
    ll_scenario_session_close(r->session);
    free(r);
}
