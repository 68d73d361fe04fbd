/* Appends snapshot records to a file, one JSON object per line.
 *
 * Each line goes out with a single write(2), so a run killed at any point
 * leaves a file whose complete lines all parse; at worst the last line is
 * cut, which the reader reports as a warning. The file is an ll_output:
 * a temporary file beside the target, renamed into place at the end. */
#include "leaklab/output.h"
#include "leaklab/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ll_snapshot_writer {
    int fd;
    ll_output *file; /* NULL when writing to standard output */
    char *path;
    volatile int write_error; /* errno of a write that failed: the file is incomplete */
};

static ll_snapshot_writer *writer_new(int fd, ll_output *file, const char *path, ll_error *err)
{
    ll_snapshot_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path))) {
        free(w);
        ll_error_set(err, "%s: out of memory", path);
        return NULL;
    }
    w->fd = fd;
    w->file = file;
    return w;
}

ll_snapshot_writer *ll_snapshot_writer_open(const char *path, const char *const *inputs, size_t input_count,
                                            ll_error *err)
{
    if (strcmp(path, "-") == 0) {
        /* Standard output is duplicated, so that the caller may point
         * descriptor 1 elsewhere (leaklab run keeps Mono's own output off
         * the stream). */
        int fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
        if (fd < 0) {
            ll_error_set(err, "standard output: %s", strerror(errno));
            return NULL;
        }
        ll_snapshot_writer *w = writer_new(fd, NULL, "standard output", err);
        if (!w)
            close(fd);
        return w;
    }
    /* A file is written beside its target and renamed into place when the
     * run ends: a run that cannot start leaves the previous series as it
     * was, and two runs on one name never mix their lines. Lines go
     * straight to the descriptor, never through the stream's buffer. */
    ll_output *file = ll_output_open(path, inputs, input_count, err);
    if (!file)
        return NULL;
    ll_snapshot_writer *w = writer_new(fileno(ll_output_stream(file)), file, path, err);
    if (!w)
        ll_output_abort(file);
    return w;
}

static int write_fully(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

int ll_snapshot_writer_append(ll_snapshot_writer *w, const json_t *record, ll_error *err)
{
    if (!json_is_object(record) || !json_is_string(json_object_get(record, LL_FIELD_TYPE))) {
        ll_error_set(err, "%s: refusing to write a record without a \"type\"", w->path);
        return -1;
    }
    size_t len;
    char *text = ll_record_line(record, &len);
    if (text && len > LL_SNAPSHOT_MAX_LINE) {
        /* Never a line the reader would refuse: the file stays readable. */
        free(text);
        ll_error_set_code(err, LL_ERROR_LIMIT, "%s: a %s record of %zu bytes is over the reader's limit of %d bytes: "
                          "not written", w->path, json_string_value(json_object_get(record, LL_FIELD_TYPE)), len,
                          LL_SNAPSHOT_MAX_LINE);
        return -1;
    }
    char *line = len ? realloc(text, len + 1) : NULL;
    if (!line) {
        free(text);
        ll_error_set(err, "%s: cannot serialise record", w->path);
        return -1;
    }
    line[len] = '\n';
    int rc = write_fully(w->fd, line, len + 1);
    free(line);
    if (rc < 0) {
        w->write_error = errno;
        ll_error_set_code(err, LL_ERROR_IO, "%s: write failed: %s", w->path, strerror(errno));
        return -1;
    }
    return 0;
}

int ll_snapshot_writer_fd(const ll_snapshot_writer *w)
{
    return w->fd;
}

const char *ll_snapshot_writer_temp_path(const ll_snapshot_writer *w)
{
    return w->file ? ll_output_temp_path(w->file) : NULL;
}

void ll_snapshot_writer_keep_now(const ll_snapshot_writer *w)
{
    if (w->file && !w->write_error) /* an incomplete file never replaces the target */
        ll_output_commit_now(w->file);
}

static void writer_free(ll_snapshot_writer *w)
{
    free(w->path);
    free(w);
}

/* A write failed: the target keeps what it had, what was written stays in
 * the temporary file (a device or standard output keep what they got). */
static void keep_incomplete(ll_snapshot_writer *w, ll_error *err)
{
    const char *tmp = w->file ? ll_output_temp_path(w->file) : NULL;
    if (tmp) {
        /* A complete previous file must not be replaced by what could not
         * be written whole (a full disk). */
        ll_error_set_code(err, LL_ERROR_IO, "%s: a write failed (%s): left as it was; what was recorded is in %s",
                          w->path, strerror(w->write_error), tmp);
        ll_output_keep_temp(w->file);
    } else {
        ll_error_set_code(err, LL_ERROR_IO, "%s: a write failed (%s): the series is incomplete", w->path,
                          strerror(w->write_error));
        if (w->file)
            ll_output_abort(w->file);
        else
            close(w->fd);
    }
}

int ll_snapshot_writer_close(ll_snapshot_writer *w, ll_error *err)
{
    int rc = 0;
    if (w->write_error) {
        keep_incomplete(w, err);
        rc = -1;
    } else if (w->file) {
        rc = ll_output_commit(w->file, err);
    } else if (close(w->fd) < 0) {
        ll_error_set(err, "%s: close failed: %s", w->path, strerror(errno));
        rc = -1;
    }
    writer_free(w);
    return rc;
}

void ll_snapshot_writer_discard(ll_snapshot_writer *w)
{
    if (w->file)
        ll_output_abort(w->file);
    else
        close(w->fd);
    writer_free(w);
}
