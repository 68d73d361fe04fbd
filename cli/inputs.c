/* See inputs.h. Temporary data lives in anonymous files (tmpfile), so
 * nothing is left behind whatever happens. A .gz series is decompressed by
 * gzip(1), which every Debian system has (an Essential package), rather
 * than by a library the analyzer would otherwise not need. */
#include "inputs.h"

#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Runs `gzip -dc < PATH > OUT`; returns 0, or -1 with WHY. */
static int gunzip_into(const char *path, FILE *out, char *why, size_t why_len)
{
    int in = open(path, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        snprintf(why, why_len, "%s: %s", path, strerror(errno));
        return -1;
    }
    fflush(out);
    char *gzip[] = {"gzip", "-dc", NULL};
    int status = cli_run_filter(gzip, in, fileno(out));
    close(in);
    if (status == 0)
        return 0;
    if (status == 127)
        snprintf(why, why_len, "%s: cannot run gzip to decompress it", path);
    else
        snprintf(why, why_len, "%s: not a valid gzip file (gzip -dc failed)", path);
    return -1;
}

ll_report *cli_analyze_series(const char *path, const ll_thresholds *t, ll_error *err)
{
    if (!has_suffix(path, ".gz"))
        return ll_analyze_file(path, t, err);
    FILE *series = tmpfile();
    char why[512];
    if (!series) {
        ll_error_set(err, "cannot create a temporary file: %s", strerror(errno));
        return NULL;
    }
    if (gunzip_into(path, series, why, sizeof why) < 0) {
        ll_error_set(err, "%s", why);
        fclose(series);
        return NULL;
    }
    rewind(series);
    return ll_analyze_stream(series, path, t, err);
}

ll_report *cli_analyze_imports(const char *command, const char *const *files, int count, ll_import_format format,
                               const ll_thresholds *t, ll_error *err)
{
    ll_import *im = ll_import_new();
    FILE *series = tmpfile();
    if (!im || !series) {
        ll_error_set(err, "cannot create a temporary file: %s", strerror(errno));
        ll_import_free(im);
        if (series)
            fclose(series);
        return NULL;
    }
    for (int i = 0; i < count; i++)
        if (ll_import_add_file(im, files[i], format, err) < 0)
            fprintf(stderr, "leaklab %s: %s\n", command, err->message);
    int rc = ll_import_write_stream(im, series, "the imported series", err);
    ll_import_free(im);
    if (rc < 0) {
        fclose(series);
        return NULL;
    }
    rewind(series);
    return ll_analyze_stream(series, count == 1 ? files[0] : "the imported series", t, err);
}
