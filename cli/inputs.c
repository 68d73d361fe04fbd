/* See inputs.h. Every input is opened once, through open_input: a
 * directory is said to be one, and a .gz series is decompressed in
 * process by zlib as it is read (no temporary file: a gzip bomb costs time,
 * never disk, and memory stays within the reader's line limit). Imported
 * series live in anonymous files (tmpfile), left behind by nothing. */
#include "inputs.h"
#include "leaklab/report.h"
#include "leaklab/text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* A saved result or sweep is one JSON document read whole; leaklab's own
 * are kilobytes to a few megabytes. */
#define MAX_DOCUMENT_BYTES (16u << 20)

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* What went wrong in the last gzip stream read, or "". */
static char gz_damage[160];

/* A .gz file inflated as it is read, with zlib's inflate itself (gzread
 * throws away the bytes of the call in which it meets a bad CRC: a
 * member's check comes at its end, after all of it). A stream that fails
 * (a bad CRC, a cut or corrupt stream) ends there: the lines before it
 * are kept, and the damage is said (cli_analyze_series). */
struct gz_stream {
    int fd;
    z_stream zs;
    int ended, in_member;
    unsigned char in[1 << 17];
};

static int gz_fill(struct gz_stream *g)
{
    ssize_t n;
    while ((n = read(g->fd, g->in, sizeof g->in)) < 0)
        if (errno != EINTR)
            return -1;
    g->zs.next_in = g->in;
    g->zs.avail_in = (uInt)n;
    return (int)(n > 0);
}

static ssize_t gz_read(void *cookie, char *buf, size_t size)
{
    struct gz_stream *g = cookie;
    g->zs.next_out = (Bytef *)buf;
    g->zs.avail_out = size > (1u << 30) ? 1u << 30 : (uInt)size;
    uInt asked = g->zs.avail_out;
    while (!g->ended && g->zs.avail_out == asked) {
        if (g->zs.avail_in == 0) {
            int more = gz_fill(g);
            if (more < 0)
                return -1;
            if (!more) {
                if (g->in_member)
                    snprintf(gz_damage, sizeof gz_damage, "the stream is cut short");
                g->ended = 1;
                break;
            }
        }
        g->in_member = 1;
        int ret = inflate(&g->zs, Z_NO_FLUSH);
        if (ret == Z_STREAM_END) { /* a member ends; another may follow */
            g->in_member = 0;
            inflateReset(&g->zs);
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            snprintf(gz_damage, sizeof gz_damage, "%s", g->zs.msg ? g->zs.msg : "corrupt data");
            g->ended = 1;
        }
    }
    return (ssize_t)(asked - g->zs.avail_out);
}

static int gz_close(void *cookie)
{
    struct gz_stream *g = cookie;
    inflateEnd(&g->zs);
    close(g->fd);
    free(g);
    return 0;
}

/* FD (a .gz file) as a stream of its decompressed bytes. */
static FILE *open_gzip(int fd, const char *path, ll_error *err)
{
    unsigned char magic[2];
    if (pread(fd, magic, 2, 0) != 2 || magic[0] != 0x1f || magic[1] != 0x8b) {
        ll_error_set(err, "%s: not a valid gzip file", path);
        close(fd);
        return NULL;
    }
    struct gz_stream *g = calloc(1, sizeof *g);
    if (!g || inflateInit2(&g->zs, 16 + MAX_WBITS) != Z_OK) {
        ll_error_set(err, "%s: %s", path, strerror(ENOMEM));
        free(g);
        close(fd);
        return NULL;
    }
    g->fd = fd;
    FILE *stream = fopencookie(g, "r", (cookie_io_functions_t){.read = gz_read, .close = gz_close});
    if (!stream) {
        ll_error_set(err, "%s: %s", path, strerror(errno));
        gz_close(g);
    }
    return stream;
}

/* PATH opened for reading: a .gz file decompressed as it is read; NULL
 * with ERR for a directory or what cannot be opened. */
static FILE *open_input(const char *path, ll_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        ll_error_set(err, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        ll_error_set(err, "%s: is a directory", path);
        close(fd);
        return NULL;
    }
    if (has_suffix(path, ".gz"))
        return open_gzip(fd, path, err);
    FILE *stream = fdopen(fd, "r");
    if (!stream) {
        ll_error_set(err, "%s: %s", path, strerror(errno));
        close(fd);
    }
    return stream;
}

ll_report *cli_analyze_series(const char *path, const ll_thresholds *t, ll_error *err)
{
    gz_damage[0] = '\0';
    FILE *in = open_input(path, err);
    if (!in)
        return NULL;
    ll_report *report = ll_analyze_stream(in, path, t, err); /* which closes IN */
    if (gz_damage[0]) {
        char warning[512];
        snprintf(warning, sizeof warning, "%s: gzip: %s%s: the series stops there, the lines before it are analysed",
                 path, gz_damage, strstr(gz_damage, "incorrect data check") ? " (a CRC error)" : "");
        ll_text_printf(stderr, "leaklab: warning: %s\n", warning);
        if (report)
            ll_string_list_add(&report->warnings, &report->warning_count, warning);
        else
            ll_error_set(err, "%s", warning);
    }
    return report;
}

/* The first line of IN, NUL-terminated, *LEN its length with the
 * newline; NULL with ERR past the reader's line limit or on an empty
 * input. */
static char *first_line(FILE *in, size_t *len, const char *path, ll_error *err)
{
    size_t cap = 4096, used = 0;
    char *line = malloc(cap);
    int ch = 0;
    while (line && ch != '\n' && (ch = getc_unlocked(in)) != EOF) {
        if (used == LL_SNAPSHOT_MAX_LINE) {
            free(line);
            ll_error_set(err, "%s:1: line longer than %d bytes (the limit of a snapshot line)", path,
                         LL_SNAPSHOT_MAX_LINE);
            return NULL;
        }
        if (used + 2 > cap) {
            char *grown = realloc(line, cap *= 2);
            if (!grown)
                free(line);
            line = grown;
        }
        if (line)
            line[used++] = (char)ch;
    }
    if (!line) {
        ll_error_set(err, "%s: out of memory", path);
        return NULL;
    }
    if (ferror(in) || used == 0) {
        free(line);
        ll_error_set(err, ferror(in) ? "%s: cannot read: %s" : "%s: empty file", path, strerror(errno));
        return NULL;
    }
    line[used] = '\0';
    *len = used;
    return line;
}

/* The rest of IN after PREFIX, as one buffer, when it stays within
 * MAX_DOCUMENT_BYTES. */
static char *read_document(FILE *in, char *prefix, size_t prefix_len, size_t *len, const char *path, ll_error *err)
{
    size_t cap = prefix_len + 65536, used = prefix_len;
    char *buf = realloc(prefix, cap);
    if (!buf) {
        free(prefix);
        ll_error_set(err, "%s: out of memory", path);
        return NULL;
    }
    size_t n;
    while ((n = fread(buf + used, 1, cap - used, in)) > 0) {
        used += n;
        if (used > MAX_DOCUMENT_BYTES) {
            free(buf);
            ll_error_set(err, "%s: one JSON document of more than %u MiB: refusing it (a saved result or sweep "
                              "is far smaller)", path, MAX_DOCUMENT_BYTES >> 20);
            return NULL;
        }
        if (used == cap) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown) {
                free(buf);
                ll_error_set(err, "%s: out of memory", path);
                return NULL;
            }
            buf = grown;
        }
    }
    if (ferror(in)) {
        free(buf);
        ll_error_set(err, "%s: cannot read: %s", path, strerror(errno));
        return NULL;
    }
    *len = used;
    return buf;
}

/* A stream that gives PREFIX, then the rest of REST: the line already
 * read to tell a series from a document, given back to the reader. */
struct prefixed {
    char *prefix;
    size_t len, pos;
    FILE *rest;
};

static ssize_t prefixed_read(void *cookie, char *buf, size_t size)
{
    struct prefixed *p = cookie;
    if (p->pos < p->len) {
        size_t n = p->len - p->pos < size ? p->len - p->pos : size;
        memcpy(buf, p->prefix + p->pos, n);
        p->pos += n;
        return (ssize_t)n;
    }
    size_t n = fread(buf, 1, size, p->rest);
    return n == 0 && ferror(p->rest) ? -1 : (ssize_t)n;
}

static int prefixed_close(void *cookie)
{
    struct prefixed *p = cookie;
    int rc = fclose(p->rest);
    free(p->prefix);
    free(p);
    return rc;
}

int cli_read_input(const char *path, const ll_thresholds *t, cli_input *out, ll_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *in = open_input(path, err);
    if (!in)
        return -1;
    size_t len;
    char *line = first_line(in, &len, path, err);
    if (!line) {
        fclose(in);
        return -1;
    }
    /* A series' first line is a record (an object with a "type"); a saved
     * result or sweep is one document, over many lines or on one. */
    if (ll_line_is_record(line, len)) {
        struct prefixed *p = malloc(sizeof *p);
        FILE *stream = p ? fopencookie(p, "r", (cookie_io_functions_t){.read = prefixed_read,
                                                                     .close = prefixed_close})
                         : NULL;
        if (!stream) {
            free(p);
            free(line);
            fclose(in);
            ll_error_set(err, "%s: out of memory", path);
            return -1;
        }
        *p = (struct prefixed){line, len, 0, in};
        out->report = ll_analyze_stream(stream, path, t, err); /* which closes STREAM */
        return out->report ? 0 : -1;
    }
    size_t doc_len;
    char *doc = read_document(in, line, len, &doc_len, path, err);
    fclose(in);
    if (!doc)
        return -1;
    json_error_t jerr;
    json_t *whole = json_loadb(doc, doc_len, JSON_REJECT_DUPLICATES, &jerr);
    free(doc);
    if (!whole) {
        char reason[JSON_ERROR_TEXT_LENGTH];
        /* Worded as the series reader words it: analyze and report name the
         * same place the same way. */
        ll_error_set(err, "%s:%d: column %d: not valid JSON: %s", path, jerr.line, jerr.column,
                     ll_json_error_reason(&jerr, reason, sizeof reason));
        return -1;
    }
    /* Anything not a sweep is read as a result, and refused as one. */
    if (ll_document_is_sweep(whole))
        out->sweep = ll_sweep_from_json(whole, path, err);
    else
        out->report = ll_report_from_json(whole, path, err);
    json_decref(whole);
    return out->report || out->sweep ? 0 : -1;
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
    ll_error first_failure = {.code = LL_ERROR_NONE};
    for (int i = 0; i < count; i++)
        if (ll_import_add_file(im, files[i], format, err) < 0) {
            ll_text_printf(stderr, "leaklab %s: %s\n", command, err->message);
            if (first_failure.code == LL_ERROR_NONE)
                first_failure = *err;
        }
    ll_import_finish(im);
    if (ll_import_snapshot_count(im) == 0 && first_failure.code != LL_ERROR_NONE) {
        /* Nothing came out of the files: why the first did not. */
        *err = first_failure;
        ll_import_free(im);
        fclose(series);
        return NULL;
    }
    int rc = ll_import_write_stream(im, series, "the imported series", err);
    ll_import_free(im);
    if (rc < 0) {
        fclose(series);
        return NULL;
    }
    rewind(series);
    const char *name = count == 1 ? files[0] : "the imported series";
    ll_report *report = ll_analyze_stream(series, name, t, err);
    if (!report && count == 1) {
        /* A line number here is one of the series made from the file, not
         * of the file itself: said so. */
        char message[sizeof err->message];
        snprintf(message, sizeof message, "%s", err->message);
        ll_error_set(err, "the series imported from %s: %s", files[0], message);
    }
    return report;
}
