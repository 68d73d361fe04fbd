/* Streams a snapshot file line by line: checks the header, parses each line
 * (flat records by the fast scanner of flat_record.c, nested ones by
 * simdjson through simd_doc.h, the header and whatever those two decline by
 * jansson) and tells its record type. Memory use is one line at a time, at
 * most LL_SNAPSHOT_MAX_LINE bytes, so a multi-gigabyte file reads in
 * constant space and an endless one (/dev/zero) fails fast. A UTF-8 BOM,
 * CRLF line ends and blank lines are accepted. */
#include "leaklab/snapshot.h"
#include "leaklab/text.h"

#include "flat_record.h"
#include "simd_doc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct ll_snapshot_reader {
    FILE *stream;
    char *name;
    char *line;
    size_t line_cap;
    char block[65536]; /* read ahead; the line is assembled from it */
    size_t block_start, block_end;
    long line_no;
    ll_record header;
    json_t *current;
    struct ll_flat_record flat;
    ll_simd_doc *doc;
    char warning[512];
};

static int record_type_from_name(const char *name, ll_record_type *out)
{
    for (ll_record_type t = LL_RECORD_HEADER; t <= LL_RECORD_END; t++) {
        if (strcmp(ll_record_type_name(t), name) == 0) {
            *out = t;
            return 0;
        }
    }
    return -1;
}

/* The flat fast path (see flat_record.h), for the record types that are
 * flat by design. Returns 1 with REC filled, or 0 to use jansson. */
static int scan_flat(ll_snapshot_reader *r, size_t len, ll_record *rec)
{
    if (r->line_no == 1 || ll__flat_record_scan(&r->flat, r->line, len) < 0)
        return 0;
    const ll_flat_field *type = ll__flat_record_field(&r->flat, LL_FIELD_TYPE);
    if (!type || type->kind != LL_FLAT_STRING || record_type_from_name(type->string, &rec->type) < 0 ||
        !(rec->type == LL_RECORD_ASSEMBLY || rec->type == LL_RECORD_UNLOAD ||
          rec->type == LL_RECORD_ITERATION || rec->type == LL_RECORD_END))
        return 0;
    rec->json = NULL;
    rec->flat = &r->flat;
    rec->doc = NULL;
    rec->file = r->name;
    rec->line = r->line_no;
    return 1;
}

/* simdjson for the other lines but the header (kept while later lines are
 * read). Returns 1 with REC filled, or 0 to use jansson, which also words
 * every error. */
static int parse_simd(ll_snapshot_reader *r, size_t len, ll_record *rec)
{
    if (r->line_no == 1 || !r->doc || ll__simd_parse(r->doc, r->line, len) < 0)
        return 0;
    ll_value type = ll__simd_value(r->doc, LL_FIELD_TYPE);
    if (type.kind != LL_VALUE_STRING || record_type_from_name(type.string, &rec->type) < 0)
        return 0;
    rec->json = NULL;
    rec->flat = NULL;
    rec->doc = r->doc;
    rec->file = r->name;
    rec->line = r->line_no;
    return 1;
}

static int append_to_line(ll_snapshot_reader *r, size_t *len, const char *from, size_t n, ll_error *err)
{
    if (*len + n > LL_SNAPSHOT_MAX_LINE) {
        ll_error_set(err, "%s:%ld: line longer than %d bytes (the limit of a snapshot line)", r->name,
                     r->line_no + 1, LL_SNAPSHOT_MAX_LINE);
        return -1;
    }
    /* simdjson reads up to LL_SIMD_PADDING bytes past the line's end. */
    if (*len + n + 1 + LL_SIMD_PADDING > r->line_cap) {
        size_t cap = r->line_cap ? r->line_cap : 4096;
        while (cap < *len + n + 1 + LL_SIMD_PADDING)
            cap *= 2;
        char *grown = realloc(r->line, cap);
        if (!grown) {
            ll_error_set(err, "%s:%ld: out of memory", r->name, r->line_no + 1);
            return -1;
        }
        r->line = grown;
        r->line_cap = cap;
    }
    memcpy(r->line + *len, from, n);
    *len += n;
    r->line[*len] = '\0';
    return 0;
}

/* The next line, its '\n' included when there is one, into r->line.
 * Returns its length, 0 at the end of the file, -1 on an error. */
static ssize_t read_line(ll_snapshot_reader *r, ll_error *err)
{
    size_t len = 0;
    for (;;) {
        if (r->block_start == r->block_end) {
            r->block_start = 0;
            r->block_end = fread(r->block, 1, sizeof r->block, r->stream);
            if (r->block_end == 0) {
                if (ferror(r->stream)) {
                    ll_error_set(err, "%s:%ld: read error: %s", r->name, r->line_no + 1,
                                 errno == EISDIR ? "is a directory" : strerror(errno));
                    return -1;
                }
                return (ssize_t)len;
            }
        }
        char *start = r->block + r->block_start;
        size_t avail = r->block_end - r->block_start;
        char *newline = memchr(start, '\n', avail);
        size_t take = newline ? (size_t)(newline - start) + 1 : avail;
        if (append_to_line(r, &len, start, take, err) < 0)
            return -1;
        r->block_start += take;
        if (newline)
            return (ssize_t)len;
    }
}

static int is_blank(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
            return 0;
    return 1;
}

/* Reads and parses one line into REC. Returns 1, 0 at EOF (or at a
 * truncated final line, with a warning), -1 on error. */
static int read_record(ll_snapshot_reader *r, ll_record *rec, ll_error *err)
{
    ssize_t len;
    do {
        len = read_line(r, err);
        if (len <= 0)
            return (int)len;
        r->line_no++;
        if (r->line_no == 1 && len >= 3 && memcmp(r->line, "\xEF\xBB\xBF", 3) == 0) {
            memmove(r->line, r->line + 3, (size_t)len - 2);
            len -= 3;
        }
    } while (is_blank(r->line, (size_t)len));
    int complete = r->line[len - 1] == '\n';
    if (complete && len >= 2 && r->line[len - 2] == '\r') {
        r->line[len - 2] = '\n';
        r->line[--len] = '\0';
    }
    ll__flat_record_reset(&r->flat);
    if (complete && (scan_flat(r, (size_t)len - 1, rec) || parse_simd(r, (size_t)len - 1, rec)))
        return 1;
    json_error_t jerr;
    json_t *json = json_loadb(r->line, (size_t)len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json) {
        if (!complete && r->line_no > 1) {
            snprintf(r->warning, sizeof r->warning,
                     "%s:%ld: last line is truncated (the run was probably killed); "
                     "analysing the %ld complete lines before it",
                     r->name, r->line_no, r->line_no - 1);
            return 0;
        }
        char reason[JSON_ERROR_TEXT_LENGTH];
        ll_error_set(err, "%s:%ld: column %d: not valid JSON: %s", r->name, r->line_no, jerr.column,
                     ll_json_error_reason(&jerr, reason, sizeof reason));
        return -1;
    }
    rec->json = json;
    rec->flat = NULL;
    rec->doc = NULL;
    rec->file = r->name;
    rec->line = r->line_no;
    const char *type_name;
    if (!json_is_object(json)) {
        ll_error_set_code(err, LL_ERROR_FORMAT, "%s:%ld: a record is a JSON object, not %s", r->name, r->line_no,
                          json_is_array(json) ? "an array" : "a single value");
        goto fail;
    }
    if (ll_record_get_string(rec, LL_FIELD_TYPE, &type_name, err) < 0)
        goto fail;
    if (record_type_from_name(type_name, &rec->type) < 0) {
        ll_error_set(err, "%s:%ld: field 'type': unknown record type \"%s\"", r->name,
                     r->line_no, type_name);
        goto fail;
    }
    return 1;
fail:
    json_decref(json);
    rec->json = NULL;
    return -1;
}

static int check_header(ll_snapshot_reader *r, ll_error *err)
{
    int rc = read_record(r, &r->header, err);
    if (rc == 0) {
        ll_error_set(err, "%s: empty file: no header line", r->name);
        return -1;
    }
    if (rc < 0)
        return -1;
    const char *format;
    json_int_t version;
    if (r->header.type != LL_RECORD_HEADER) {
        ll_error_set(err, "%s:1: field 'type': the first line must be the header", r->name);
        return -1;
    }
    if (ll_record_get_string(&r->header, "format", &format, err) < 0 ||
        ll_record_get_int(&r->header, "version", &version, err) < 0)
        return -1;
    if (strcmp(format, LL_SNAPSHOT_FORMAT) != 0) {
        ll_error_set(err, "%s:1: field 'format': \"%s\" is not a leaklab snapshot file", r->name,
                     format);
        return -1;
    }
    if (version != LL_SNAPSHOT_VERSION) {
        ll_error_set(err, "%s:1: field 'version': format version %lld is not supported (this "
                     "leaklab reads version %d)", r->name, (long long)version, LL_SNAPSHOT_VERSION);
        return -1;
    }
    return 0;
}

ll_record *ll_record_parse(const char *text, size_t len, const char *file, long line, ll_error *err)
{
    json_error_t jerr;
    ll_record parsed = {.json = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr), .file = file, .line = line};
    const char *type_name;
    if (!parsed.json) {
        char reason[JSON_ERROR_TEXT_LENGTH];
        ll_error_set(err, "%s:%ld: column %d: not valid JSON: %s", file, line, jerr.column,
                     ll_json_error_reason(&jerr, reason, sizeof reason));
        return NULL;
    }
    ll_record *rec = NULL;
    if (ll_record_get_string(&parsed, LL_FIELD_TYPE, &type_name, err) == 0) {
        if (record_type_from_name(type_name, &parsed.type) < 0)
            ll_error_set(err, "%s:%ld: field 'type': unknown record type \"%s\"", file, line, type_name);
        else if (!(rec = ll_record_copy(&parsed)))
            ll_error_set(err, "%s:%ld: out of memory", file, line);
    }
    json_decref(parsed.json);
    return rec;
}

int ll_line_is_record(const char *line, size_t len)
{
    json_t *probe = json_loadb(line, len, JSON_DISABLE_EOF_CHECK, NULL);
    int record = json_is_object(probe) && json_object_get(probe, LL_FIELD_TYPE);
    json_decref(probe);
    return record;
}

ll_snapshot_reader *ll_snapshot_reader_open_stream(FILE *stream, const char *name, ll_error *err)
{
    ll_snapshot_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->name = strdup(name))) {
        free(r);
        fclose(stream);
        ll_error_set(err, "%s: out of memory", name);
        return NULL;
    }
    r->stream = stream;
    r->doc = ll_simd_doc_new(); /* without it (out of memory), jansson reads every line */
    if (check_header(r, err) < 0) {
        ll_snapshot_reader_close(r);
        return NULL;
    }
    return r;
}

ll_snapshot_reader *ll_snapshot_reader_open(const char *path, ll_error *err)
{
    FILE *stream = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    struct stat st;
    if (!stream) {
        ll_error_set(err, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fileno(stream), &st) == 0 && S_ISDIR(st.st_mode)) {
        ll_error_set(err, "%s: is a directory, not a snapshot file", path);
        fclose(stream);
        return NULL;
    }
    return ll_snapshot_reader_open_stream(stream, path, err);
}

const ll_record *ll_snapshot_reader_header(const ll_snapshot_reader *r)
{
    return &r->header;
}

int ll_snapshot_reader_next(ll_snapshot_reader *r, ll_record *out, ll_error *err)
{
    json_decref(r->current);
    r->current = NULL;
    int rc = read_record(r, out, err);
    if (rc == 1 && out->type == LL_RECORD_HEADER) {
        ll_error_set(err, "%s:%ld: field 'type': a second header line", r->name, out->line);
        json_decref(out->json);
        return -1;
    }
    if (rc == 1)
        r->current = out->json;
    return rc;
}

const char *ll_snapshot_reader_warning(const ll_snapshot_reader *r)
{
    return r->warning;
}

void ll_snapshot_reader_close(ll_snapshot_reader *r)
{
    if (!r)
        return;
    json_decref(r->current);
    json_decref(r->header.json);
    ll__flat_record_reset(&r->flat);
    free(r->flat.copy);
    ll__simd_doc_free(r->doc);
    if (r->stream && r->stream != stdin)
        fclose(r->stream);
    free(r->line);
    free(r->name);
    free(r);
}

static int read_all(ll_snapshot_reader *r, ll_record_visitor visit, void *ctx, char *warning, size_t warning_len,
                    ll_error *err)
{
    int rc = visit(ll_snapshot_reader_header(r), ctx, err) < 0 ? -1 : 1;
    ll_record rec;
    while (rc == 1 && (rc = ll_snapshot_reader_next(r, &rec, err)) == 1)
        if (visit(&rec, ctx, err) < 0)
            rc = -1;
    if (rc == 0 && warning_len)
        snprintf(warning, warning_len, "%s", r->warning);
    ll_snapshot_reader_close(r);
    return rc < 0 ? -1 : 0;
}

int ll_snapshot_read_file(const char *path, ll_record_visitor visit, void *ctx, char *warning, size_t warning_len,
                          ll_error *err)
{
    if (warning_len)
        warning[0] = '\0';
    ll_snapshot_reader *r = ll_snapshot_reader_open(path, err);
    return r ? read_all(r, visit, ctx, warning, warning_len, err) : -1;
}

int ll_snapshot_read_stream(FILE *stream, const char *name, ll_record_visitor visit, void *ctx, char *warning,
                            size_t warning_len, ll_error *err)
{
    if (warning_len)
        warning[0] = '\0';
    ll_snapshot_reader *r = ll_snapshot_reader_open_stream(stream, name, err);
    return r ? read_all(r, visit, ctx, warning, warning_len, err) : -1;
}
