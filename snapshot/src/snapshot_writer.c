/* Appends snapshot records to a file, one JSON object per line.
 *
 * Each line goes out with a single write(2) on an O_APPEND descriptor, so a
 * run killed at any point leaves a file whose complete lines all parse; at
 * worst the last line is cut, which the reader reports as a warning. */
#include "leaklab/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ll_snapshot_writer {
    int fd;
    int owns_fd;
    char *path;
};

ll_snapshot_writer *ll_snapshot_writer_open(const char *path, ll_error *err)
{
    int to_stdout = strcmp(path, "-") == 0;
    /* Standard output is duplicated, so that the caller may point descriptor
     * 1 elsewhere (leaklab run keeps Mono's own output off the stream). */
    int fd = to_stdout ? fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)
                       : open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        ll_error_set(err, "%s: cannot create snapshot file: %s", path,
                     errno == ELOOP ? "is a symbolic link: refusing to write through it" : strerror(errno));
        return NULL;
    }
    ll_snapshot_writer *w = ll_snapshot_writer_wrap_fd(fd, path, err);
    if (w)
        w->owns_fd = 1;
    else
        close(fd);
    return w;
}

ll_snapshot_writer *ll_snapshot_writer_wrap_fd(int fd, const char *path, ll_error *err)
{
    ll_snapshot_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path))) {
        free(w);
        ll_error_set(err, "%s: out of memory", path);
        return NULL;
    }
    w->fd = fd;
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
    if (!json_is_object(record) || !json_is_string(json_object_get(record, "type"))) {
        ll_error_set(err, "%s: refusing to write a record without a \"type\"", w->path);
        return -1;
    }
    /* Ten significant digits: enough for byte counts and times, and the
     * lines stay short. */
    const size_t flags = JSON_COMPACT | JSON_REAL_PRECISION(10);
    size_t len = json_dumpb(record, NULL, 0, flags);
    char *line = len ? malloc(len + 1) : NULL;
    if (!line) {
        ll_error_set(err, "%s: cannot serialise record", w->path);
        return -1;
    }
    json_dumpb(record, line, len, flags);
    line[len] = '\n';
    int rc = write_fully(w->fd, line, len + 1);
    free(line);
    if (rc < 0) {
        ll_error_set(err, "%s: write failed: %s", w->path, strerror(errno));
        return -1;
    }
    return 0;
}

int ll_snapshot_writer_fd(const ll_snapshot_writer *w)
{
    return w->fd;
}

int ll_snapshot_writer_close(ll_snapshot_writer *w, ll_error *err)
{
    int rc = 0;
    if (w->owns_fd && close(w->fd) < 0) {
        ll_error_set(err, "%s: close failed: %s", w->path, strerror(errno));
        rc = -1;
    }
    free(w->path);
    free(w);
    return rc;
}
