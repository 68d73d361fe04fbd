/* See output.h. */
#include "output.h"

#include "leaklab/snapshot.h"

#include <errno.h>
#include <string.h>

int cli_deliver(const char *command, const char *output, const char *const *inputs, size_t input_count,
                cli_writer write, void *context)
{
    ll_error err;
    const char *path = output ? output : "-";
    ll_output *out = ll_output_open(path, inputs, input_count, &err);
    if (!out) {
        fprintf(stderr, "leaklab %s: %s\n", command, err.message);
        return -1;
    }
    errno = 0;
    if (write(ll_output_stream(out), context) < 0 || fflush(ll_output_stream(out)) != 0) {
        fprintf(stderr, "leaklab %s: %s: cannot write: %s\n", command,
                strcmp(path, "-") == 0 ? "standard output" : path, errno ? strerror(errno) : "write error");
        ll_output_abort(out);
        return -1;
    }
    if (ll_output_commit(out, &err) < 0) {
        fprintf(stderr, "leaklab %s: %s\n", command, err.message);
        return -1;
    }
    return 0;
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
