/* See output.h. */
#include "output.h"

#include "leaklab/report.h"
#include "leaklab/output.h"
#include "leaklab/snapshot.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

/* The output being written, for the stop signals: its temporary file is
 * removed before the process dies, so an interrupted command leaves the
 * target as it was and nothing beside it. */
static ll_output *volatile delivering;
static struct sigaction previous[3];
static const int stop_signals[3] = {SIGINT, SIGTERM, SIGHUP};

static void remove_and_die(int sig)
{
    ll_output *o = delivering;
    if (o)
        ll_output_remove_now(o);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void watch_stop_signals(ll_output *o)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = remove_and_die;
    delivering = o;
    for (int i = 0; i < 3; i++)
        sigaction(stop_signals[i], &sa, &previous[i]);
}

static void unwatch_stop_signals(void)
{
    for (int i = 0; i < 3; i++)
        sigaction(stop_signals[i], &previous[i], NULL);
    delivering = NULL;
}

static int deliver_to(const char *command, const char *path, ll_output *out, cli_writer write, void *context)
{
    ll_error err;
    errno = 0;
    if (write(ll_output_stream(out), context) < 0 || fflush(ll_output_stream(out)) != 0) {
        ll_text_printf(stderr, "leaklab %s: %s: cannot write: %s\n", command,
                strcmp(path, "-") == 0 ? "standard output" : path, errno ? strerror(errno) : "write error");
        unwatch_stop_signals();
        ll_output_abort(out);
        return -1;
    }
    /* A stop signal during the rename waits for it: the target is then
     * whole, old or new. */
    sigset_t stops, before;
    sigemptyset(&stops);
    for (int i = 0; i < 3; i++)
        sigaddset(&stops, stop_signals[i]);
    sigprocmask(SIG_BLOCK, &stops, &before);
    int rc = ll_output_commit(out, &err);
    unwatch_stop_signals();
    sigprocmask(SIG_SETMASK, &before, NULL);
    if (rc < 0) {
        ll_text_printf(stderr, "leaklab %s: %s\n", command, err.message);
        return -1;
    }
    return 0;
}

int cli_deliver(const char *command, const char *output, const char *const *inputs, size_t input_count,
                cli_writer write, void *context)
{
    ll_error err;
    const char *path = output ? output : "-";
    ll_output *out = ll_output_open(path, inputs, input_count, &err);
    if (!out) {
        ll_text_printf(stderr, "leaklab %s: %s\n", command, err.message);
        return -1;
    }
    watch_stop_signals(out);
    return deliver_to(command, path, out, write, context);
}

int cli_flush_stdout(const char *command)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    ll_text_printf(stderr, "leaklab %s: standard output: cannot write: %s\n", command,
            errno ? strerror(errno) : "write error");
    return -1;
}

struct result_job {
    const void *result;
    int as_json;
    cli_json_renderer to_json;
    cli_text_renderer write_text;
};

static int write_result(FILE *out, void *context)
{
    struct result_job *job = context;
    if (job->as_json)
        return cli_write_json(job->to_json(job->result), out);
    job->write_text(job->result, out);
    return ferror(out) ? -1 : 0;
}

int cli_deliver_result(const char *command, const char *output, const char *const *inputs, size_t input_count,
                       const void *result, int as_json, cli_json_renderer to_json, cli_text_renderer write_text)
{
    struct result_job job = {result, as_json, to_json, write_text};
    return cli_deliver(command, output, inputs, input_count, write_result, &job);
}

int cli_write_json(json_t *j, FILE *out)
{
    int rc = json_dumpf(j, out, JSON_INDENT(2) | JSON_REAL_PRECISION(8));
    json_decref(j);
    fputc('\n', out);
    return rc != 0 || ferror(out) ? -1 : 0;
}
