/* Where every command's -o goes: one place that decides how to write a
 * file a user named, so that no command clobbers what it should not.
 *
 *   "-"                  standard output;
 *   a device, FIFO, socket  written straight to (renaming over /dev/null
 *                        would replace the device node);
 *   a regular file, or nothing yet
 *                        a temporary file made with mkstemp in the same
 *                        directory (unpredictable, O_EXCL), renamed over
 *                        the target on commit: a reader sees the old file
 *                        or the whole new one, never half of it;
 *   a symbolic link      refused: in a shared directory it may have been
 *                        planted to point at someone else's file;
 *   one of the inputs    refused (same device and inode), before anything
 *                        is opened for writing. */
#include "leaklab/output.h"
#include "leaklab/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct ll_output {
    FILE *stream;
    char *path;
    char *tmp_path; /* NULL when writing straight to PATH or stdout */
};

int ll_output_check_not_input(const char *output, const char *const *inputs, size_t count, ll_error *err)
{
    struct stat out, in;
    if (strcmp(output, "-") == 0 || stat(output, &out) != 0)
        return 0;
    for (size_t i = 0; i < count; i++) {
        if (inputs[i] && strcmp(inputs[i], "-") != 0 && stat(inputs[i], &in) == 0 && in.st_dev == out.st_dev &&
            in.st_ino == out.st_ino && S_ISREG(out.st_mode)) {
            ll_error_set(err, "%s: the output is also an input (%s): refusing to overwrite it", output, inputs[i]);
            return -1;
        }
    }
    return 0;
}

static ll_output *output_new(FILE *stream, const char *path, char *tmp_path, ll_error *err)
{
    ll_output *o = calloc(1, sizeof *o);
    if (!o || !(o->path = strdup(path))) {
        free(o);
        ll_error_set(err, "%s: out of memory", path);
        return NULL;
    }
    o->stream = stream;
    o->tmp_path = tmp_path;
    return o;
}

/* A device, FIFO or socket: opened as it is, without following a link. */
static ll_output *open_special(const char *path, ll_error *err)
{
    int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
    FILE *stream = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!stream) {
        ll_error_set(err, "%s: cannot open for writing: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    ll_output *o = output_new(stream, path, NULL, err);
    if (!o)
        fclose(stream);
    return o;
}

/* MODE: the permissions of the file it replaces, or -1 for a new file. */
static ll_output *open_atomic(const char *path, int mode, ll_error *err)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + sizeof ".tmp-XXXXXX");
    if (!tmp) {
        ll_error_set(err, "%s: out of memory", path);
        return NULL;
    }
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
    int fd = mkostemp(tmp, O_CLOEXEC);
    FILE *stream = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!stream) {
        ll_error_set(err, "%s: cannot create a temporary file beside it: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        return NULL;
    }
    /* mkstemp makes it 0600: a new report is as readable as any new file,
     * and one that replaces a file keeps that file's permissions (a 0600
     * series stays private). */
    if (mode < 0) {
        mode_t mask = umask(0);
        umask(mask);
        mode = (int)(0666 & ~mask);
    }
    fchmod(fd, (mode_t)mode);
    ll_output *o = output_new(stream, path, tmp, err);
    if (!o) {
        fclose(stream);
        unlink(tmp);
        free(tmp);
    }
    return o;
}

ll_output *ll_output_open(const char *path, const char *const *inputs, size_t input_count, ll_error *err)
{
    if (strcmp(path, "-") == 0)
        return output_new(stdout, "standard output", NULL, err);
    if (ll_output_check_not_input(path, inputs, input_count, err) < 0)
        return NULL;
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (S_ISLNK(st.st_mode)) {
            ll_error_set(err, "%s: is a symbolic link: refusing to write through it (give its target)", path);
            return NULL;
        }
        if (S_ISDIR(st.st_mode)) {
            ll_error_set(err, "%s: is a directory", path);
            return NULL;
        }
        if (!S_ISREG(st.st_mode))
            return open_special(path, err);
        /* Renaming needs only the folder's permission; the shell's `>`
         * needs the file's, and so does this. */
        if (access(path, W_OK) != 0) {
            ll_error_set(err, "%s: cannot write: %s", path, strerror(errno));
            return NULL;
        }
        return open_atomic(path, (int)(st.st_mode & 07777), err);
    }
    if (errno != ENOENT) {
        ll_error_set(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    return open_atomic(path, -1, err);
}

FILE *ll_output_stream(ll_output *o)
{
    return o->stream;
}

const char *ll_output_temp_path(const ll_output *o)
{
    return o->tmp_path;
}

static void output_free(ll_output *o)
{
    free(o->path);
    free(o->tmp_path);
    free(o);
}

int ll_output_commit(ll_output *o, ll_error *err)
{
    int failed = ferror(o->stream) || fflush(o->stream) != 0;
    int saved = errno;
    if (o->tmp_path && !failed && fsync(fileno(o->stream)) != 0 && errno != EINVAL)
        failed = 1, saved = errno;
    if (o->stream != stdout) {
        if (fclose(o->stream) != 0 && !failed)
            failed = 1, saved = errno;
    }
    if (!failed && o->tmp_path && rename(o->tmp_path, o->path) != 0)
        failed = 1, saved = errno;
    if (failed) {
        ll_error_set(err, "%s: cannot write: %s", o->path, saved ? strerror(saved) : "write error");
        if (o->tmp_path)
            unlink(o->tmp_path);
    }
    output_free(o);
    return failed ? -1 : 0;
}

void ll_output_keep_temp(ll_output *o)
{
    if (o->stream != stdout)
        fclose(o->stream);
    output_free(o);
}

void ll_output_commit_now(const ll_output *o)
{
    if (o->tmp_path)
        rename(o->tmp_path, o->path);
}

void ll_output_remove_now(const ll_output *o)
{
    if (o->tmp_path)
        unlink(o->tmp_path);
}

void ll_output_abort(ll_output *o)
{
    if (!o)
        return;
    if (o->stream != stdout)
        fclose(o->stream);
    if (o->tmp_path)
        unlink(o->tmp_path);
    output_free(o);
}
