/* The import: format detection, each file handed to its format's parser
 * (which add to the series through import_series.c), and the series
 * written, its header first. */
#include "import_internal.h"
#include "native_sites_internal.h"
#include "text_clean.h"
#include "windbg_dump.h"
#include "leaklab/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The largest text file imported: a debugger session of a gigabyte is
 * read; an endless input (a pipe, `yes`) stops here, its memory bounded
 * by the text read so far. */
#define LL_IMPORT_MAX_INPUT ((size_t)1 << 30)

static const char *const format_names[] = {"auto",          "windbg",          "counters-csv",  "counters-json",
                                           "counters-monitor", "mprof-heapshot", "sgen-log",
                                           "native-sites"};

int ll_import_format_from_name(const char *name, ll_import_format *out)
{
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (strcmp(name, format_names[i]) == 0) {
            *out = (ll_import_format)i;
            return 0;
        }
    return -1;
}

const char *ll_import_format_name(ll_import_format f)
{
    return format_names[f];
}

ll_import *ll_import_new(void)
{
    ll_import *im = calloc(1, sizeof *im);
    if (!im)
        return NULL;
    im->spool = tmpfile();
    if (!im->spool) {
        free(im);
        return NULL;
    }
    /* Records are written a line at a time, hundreds of thousands of them:
     * in 1 MiB writes rather than the default 4 kB. */
    setvbuf(im->spool, NULL, _IOFBF, 1 << 20);
    im->warnings = json_array();
    im->sources = json_array();
    im->dump_files = json_array();
    im->last_listing_stamp = -1;
    im->typesets = ll_typeset_registry_new();
    return im;
}

void ll_import_free(ll_import *im)
{
    if (!im)
        return;
    fclose(im->spool);
    json_decref(im->warnings);
    json_decref(im->sources);
    json_decref(im->dump_files);
    ll__key_table_free(&im->assembly_keys);
    ll__windbg_dump_free(im->pending_dump);
    ll_typeset_registry_free(im->typesets);
    free(im);
}

/* PATH's native sites, read as a stream (heaptrack prints half a gigabyte
 * for a few calls), as one snapshot. */
static int import_native_sites(ll_import *im, const char *path, FILE *f, ll_error *err)
{
    ll_native_sites *sites = ll_native_sites_read(f, path, err);
    json_t *rows = sites ? ll__native_sites_rows(sites) : NULL;
    if (sites && !rows)
        ll_error_set_code(err, LL_ERROR_MEMORY, "%s: out of memory", path);
    if (!rows) {
        ll_native_sites_free(sites);
        return -1;
    }
    ll__import_finish_dump(im);
    im->family = LL_IMPORT_NATIVE_SITES;
    size_t line;
    const char *warning = ll_native_sites_warning(sites, &line);
    if (warning)
        ll__import_warn(im, path, line, "%s", warning);
    ll__import_add_snapshot(im, json_pack("{s:o s:s}", LL_FIELD_NATIVE_SITES, rows, LL_FIELD_NATIVE_SITES_MEASURE,
                                          ll_native_sites_measure(sites)));
    json_array_append_new(im->sources, json_pack("{so? ss sI}", "file", ll_json_text(path), "format",
                                                 ll_import_format_name(LL_IMPORT_NATIVE_SITES), "snapshots",
                                                 (json_int_t)1));
    ll_native_sites_free(sites);
    return LL_IMPORT_NATIVE_SITES;
}

static ll_import_format detect_format(const ll_lines *lines, const char *text)
{
    char buf[512];
    for (size_t i = 0; i < lines->count && i < 50; i++) {
        char *line = ll__trim(ll__line_copy(lines, i, buf, sizeof buf));
        if (!*line)
            continue;
        if (ll__starts_with(line, "Timestamp,"))
            return LL_IMPORT_COUNTERS_CSV;
        if (*line == '{' && strstr(text, "\"Events\""))
            return LL_IMPORT_COUNTERS_JSON;
    }
    if (strstr(text, "Heap shot summary") || strstr(text, "secs: size: ") || strstr(text, "Mono log profiler data"))
        return LL_IMPORT_MPROF_HEAPSHOT;
    if (strstr(text, "GC_MAJOR_SWEEP: major size:") || strstr(text, "GC_MINOR: ("))
        return LL_IMPORT_SGEN_LOG;
    if (strstr(text, "[System.Runtime]"))
        return LL_IMPORT_COUNTERS_MONITOR;
    if (ll_native_sites_detect(text, strlen(text)))
        return LL_IMPORT_NATIVE_SITES;
    return LL_IMPORT_WINDBG;
}

/* TEXT, decoded and cleaned, through its format's parser. */
static int import_text(ll_import *im, const char *name, const char *text, size_t len, ll_import_format format,
                       ll_error *err)
{
    ll_lines lines;
    if (ll__lines_split(text, len, &lines) < 0) {
        ll__lines_free(&lines);
        ll_error_set(err, "%s: out of memory", name);
        return -1;
    }
    if (format == LL_IMPORT_AUTO)
        format = detect_format(&lines, text);
    if (format == LL_IMPORT_NATIVE_SITES) {
        ll__lines_free(&lines);
        FILE *f = fmemopen((void *)text, len, "r");
        int rc = f ? import_native_sites(im, name, f, err) : -1;
        if (!f)
            ll_error_set_code(err, LL_ERROR_MEMORY, "%s: out of memory", name);
        else
            fclose(f);
        return rc;
    }
    im->family = format;
    if (format != LL_IMPORT_WINDBG)
        ll__import_finish_dump(im);
    size_t before = im->snapshots;
    int rc;
    switch (format) {
    case LL_IMPORT_COUNTERS_CSV:
        rc = ll__import_counters_csv(im, name, &lines, err);
        break;
    case LL_IMPORT_COUNTERS_JSON:
        rc = ll__import_counters_json(im, name, text, len, err);
        break;
    case LL_IMPORT_COUNTERS_MONITOR:
        rc = ll__import_counters_monitor(im, name, &lines, err);
        break;
    case LL_IMPORT_MPROF_HEAPSHOT:
        rc = ll__import_mprof_heapshots(im, name, &lines, err);
        break;
    case LL_IMPORT_SGEN_LOG:
        rc = ll__import_sgen_log(im, name, &lines, err);
        break;
    default:
        rc = ll__import_windbg_log(im, name, &lines, err);
        break;
    }
    ll__lines_free(&lines);
    if (rc < 0)
        return -1;
    /* A debugger file's dump is emitted later (the next file may add to
     * it): its index is the next snapshot's. */
    json_array_append_new(im->sources, format == LL_IMPORT_WINDBG
                                           ? json_pack("{so? ss sI}", "file", ll_json_text(name), "format", ll_import_format_name(format),
                                                       "dump", (json_int_t)im->snapshots)
                                           : json_pack("{so? ss sI}", "file", ll_json_text(name), "format", ll_import_format_name(format),
                                                       "snapshots", (json_int_t)(im->snapshots - before)));
    return (int)format;
}

int ll_import_add_text(ll_import *im, const char *name, const char *raw, size_t raw_len, ll_import_format format,
                       ll_error *err)
{
    char *cleaned, what[512], why[256];
    size_t len;
    if (ll__clean_text(raw, raw_len, &cleaned, &len, what, sizeof what, why, sizeof why) < 0) {
        ll_error_set(err, "%s: %s", name, why);
        return -1;
    }
    if (what[0])
        ll__import_warn(im, name, 0, "%s", what);
    const char *text = cleaned ? cleaned : raw;
    if (!cleaned)
        len = raw_len;
    int rc = import_text(im, name, text, len, format, err);
    free(cleaned);
    return rc;
}

/* Counts the lines CHUNK ends and the length of the line it leaves open
 * (*OPEN, carried from the chunk before). */
static void track_lines(const char *chunk, size_t n, long *lines, size_t *open)
{
    const char *p = chunk, *end = chunk + n, *nl;
    while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
        (*lines)++;
        *open = 0;
        p = nl + 1;
    }
    *open += (size_t)(end - p);
}

/* The whole of PATH in memory (debugger text is parsed as a whole), held
 * to the reader's line limit so that an endless line (/dev/zero) or a
 * one-line file of gigabytes is refused at 64 MiB. */
static char *read_text_file(const char *path, size_t *out_len, ll_error *err)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f) {
        ll_error_set(err, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        ll_error_set(err, "%s: is a directory", path);
        return NULL;
    }
    char *text = NULL;
    size_t len = 0, cap = 0, n, open = 0;
    long lines = 0;
    char chunk[65536];
    int utf16 = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len == 0)
            utf16 = n >= 2 && (((unsigned char)chunk[0] == 0xff && (unsigned char)chunk[1] == 0xfe) ||
                               ((unsigned char)chunk[0] == 0xfe && (unsigned char)chunk[1] == 0xff));
        /* Binary input (/dev/urandom, a dump file given by mistake) is
         * refused at its first NUL, not after it filled memory. */
        const char *nul = utf16 ? NULL : memchr(chunk, '\0', n);
        if (nul) {
            long at = lines;
            size_t unused = 0;
            track_lines(chunk, (size_t)(nul - chunk), &at, &unused);
            ll_error_set_code(err, LL_ERROR_FORMAT, "%s:%ld: not a text file (it holds NUL bytes)", path, at + 1);
            break;
        }
        track_lines(chunk, n, &lines, &open);
        if (open > LL_SNAPSHOT_MAX_LINE) {
            ll_error_set(err, "%s:%ld: line longer than %d bytes", path, lines + 1, LL_SNAPSHOT_MAX_LINE);
            break;
        }
        if (len + n > LL_IMPORT_MAX_INPUT) {
            ll_error_set_code(err, LL_ERROR_LIMIT, "%s: larger than %d MiB: not imported (an endless input, or a "
                              "session to split: one file per dump)", path, (int)(LL_IMPORT_MAX_INPUT >> 20));
            break;
        }
        if (len + n + 1 > cap) {
            /* By half again: what is left unused is at most a third. */
            cap = len + n + 1 > cap + cap / 2 ? len + n + 1 + (64 << 10) : cap + cap / 2;
            char *grown = realloc(text, cap);
            if (!grown) {
                ll_error_set(err, "%s: out of memory", path);
                break;
            }
            text = grown;
        }
        memcpy(text + len, chunk, n);
        len += n;
    }
    int failed = n > 0 || ferror(f);
    if (ferror(f))
        ll_error_set(err, "%s: cannot read: %s", path, strerror(errno));
    fclose(f);
    if (!failed && len == 0)
        ll_error_set(err, "%s: empty file", path);
    if (failed || len == 0) {
        free(text);
        return NULL;
    }
    text[len] = '\0';
    *out_len = len;
    return text;
}

/* Whether PATH is heaptrack's collapsed stacks: named so, or, to be
 * detected, starting like them. Reads from F, then rewinds it. */
static int is_native_sites(FILE *f, ll_import_format format)
{
    if (format != LL_IMPORT_AUTO)
        return format == LL_IMPORT_NATIVE_SITES;
    char head[8192];
    size_t n = fread(head, 1, sizeof head, f);
    int found = ll_native_sites_detect(head, n);
    return fseek(f, 0, SEEK_SET) == 0 && found;
}

int ll_import_add_file(ll_import *im, const char *path, ll_import_format format, ll_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f && is_native_sites(f, format)) {
        int rc = import_native_sites(im, path, f, err);
        fclose(f);
        return rc;
    }
    if (f)
        fclose(f);
    size_t len;
    char *text = read_text_file(path, &len, err);
    if (!text)
        return -1;
    int rc = ll_import_add_text(im, path, text, len, format, err);
    free(text);
    return rc;
}

int ll_import_add_dump(ll_import *im, const char *const *paths, size_t count, ll_import_format format, ll_error *err)
{
    ll__import_finish_dump(im);
    im->explicit_dump = 1;
    int rc = 0;
    for (size_t i = 0; i < count && rc == 0; i++)
        if (ll_import_add_file(im, paths[i], format, err) < 0)
            rc = -1;
    im->explicit_dump = 0;
    ll__import_finish_dump(im);
    return rc;
}

void ll_import_finish(ll_import *im)
{
    ll__import_finish_dump(im);
}

size_t ll_import_snapshot_count(const ll_import *im)
{
    return im->snapshots;
}

size_t ll_import_dump_count(const ll_import *im)
{
    return json_array_size(im->dump_files);
}

size_t ll_import_dump_file_count(const ll_import *im, size_t d)
{
    return json_array_size(json_array_get(im->dump_files, d));
}

const char *ll_import_dump_file(const ll_import *im, size_t d, size_t k)
{
    return json_string_value(json_array_get(json_array_get(im->dump_files, d), k));
}

size_t ll_import_warning_count(const ll_import *im)
{
    return json_array_size(im->warnings);
}

const char *ll_import_warning(const ll_import *im, size_t i)
{
    return json_string_value(json_array_get(im->warnings, i));
}

/* What the series is, by the family of its files: its entry and x unit. */
static void series_kind(ll_import_format family, const char **entry, const char **x_unit)
{
    switch (family) {
    case LL_IMPORT_WINDBG:
        *entry = "imported debugger output", *x_unit = "dump";
        return;
    case LL_IMPORT_MPROF_HEAPSHOT:
        *entry = "imported mprof-report heap shots", *x_unit = "heapshot";
        return;
    case LL_IMPORT_SGEN_LOG:
        *entry = "imported Mono GC log", *x_unit = "gc";
        return;
    case LL_IMPORT_NATIVE_SITES:
        *entry = "imported native allocation sites", *x_unit = "run";
        return;
    default:
        *entry = "imported dotnet-counters trace", *x_unit = "sample";
        return;
    }
}

static json_t *header(const ll_import *im)
{
    const char *entry, *x_unit;
    series_kind(im->family, &entry, &x_unit);
    json_t *header = ll_record_header("imported", entry);
    json_t *fields = json_pack("{sn sn ss sO sO s{}}", LL_FIELD_SCENARIO, LL_FIELD_MONO_VERSION, LL_FIELD_X_UNIT,
                               x_unit, "imported_from", im->sources, LL_FIELD_IMPORT_WARNINGS, im->warnings,
                               LL_FIELD_OPTIONS);
    json_object_update(header, fields);
    json_decref(fields);
    return header;
}

/* The header, then the spooled records, copied as they are. */
int ll_import_write_stream(ll_import *im, FILE *out, const char *name, ll_error *err)
{
    ll_import_finish(im);
    if (im->snapshots == 0) {
        ll_error_set(err, "nothing to write: no snapshot was imported");
        return -1;
    }
    if (im->spool_failed) {
        ll_error_set(err, "cannot keep the imported records in a temporary file: %s", strerror(im->spool_failed));
        return -1;
    }
    if (im->line_too_long) {
        ll_error_set_code(err, LL_ERROR_LIMIT, "a dump's record would be %zu bytes, over the reader's limit of %d "
                          "bytes: import its outputs in parts (one dump per file, or --dump)", im->line_too_long,
                          LL_SNAPSHOT_MAX_LINE);
        return -1;
    }
    json_t *h = header(im);
    int rc = json_dumpf(h, out, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(h);
    fputc('\n', out);
    char chunk[65536];
    size_t n;
    if (fflush(im->spool) != 0) {
        ll_error_set(err, "cannot keep the imported records in a temporary file: %s", strerror(errno));
        return -1;
    }
    rewind(im->spool);
    while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, im->spool)) > 0)
        if (fwrite(chunk, 1, n, out) != n)
            rc = -1;
    if (rc == 0 && (ferror(im->spool) || ferror(out) || fflush(out) != 0))
        rc = -1;
    fseek(im->spool, 0, SEEK_END);
    if (rc < 0)
        ll_error_set(err, "%s: cannot write: %s", name, strerror(errno ? errno : EIO));
    return rc;
}
