/* The series an import builds, as the format parsers add to it: warnings
 * naming the file and line, typesets, assembly and unload records and
 * snapshots, spooled a line each; and which files each debugger dump came
 * from. Below the parsers: import.c calls them, they call this. */
#include "import_internal.h"
#include "leaklab/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void ll__import_warn(ll_import *im, const char *file, size_t line, const char *fmt, ...)
{
    char message[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    ll_utf8_mend_end(message);
    char text[1280];
    if (line)
        snprintf(text, sizeof text, "%s:%zu: %s", file, line, message);
    else
        snprintf(text, sizeof text, "%s: %s", file, message);
    json_array_append_new(im->warnings, ll_json_text(ll_utf8_mend_end(text)));
}

/* The spool is a private temporary file, so it is written through stdio's
 * buffer: a line per record, checked when the series is written. */
void ll__import_add_line(ll_import *im, const char *text, size_t n)
{
    if (n > LL_SNAPSHOT_MAX_LINE) { /* never a line the reader would refuse */
        im->line_too_long = im->line_too_long > n ? im->line_too_long : n;
        return;
    }
    if (fwrite(text, 1, n, im->spool) != n || putc('\n', im->spool) == EOF)
        im->spool_failed = im->spool_failed ? im->spool_failed : errno ? errno : EIO;
}

void ll__import_add_record(ll_import *im, json_t *record)
{
    size_t n = 0;
    char *text = record ? ll_record_line(record, &n) : NULL;
    if (!text || n == 0)
        im->spool_failed = im->spool_failed ? im->spool_failed : ENOMEM;
    else
        ll__import_add_line(im, text, n);
    free(text);
    json_decref(record);
}

void ll__import_add_snapshot(ll_import *im, json_t *snapshot)
{
    json_t *record = ll_record_snapshot((json_int_t)im->snapshots, (json_int_t)im->snapshots);
    json_object_update(record, snapshot);
    json_decref(snapshot);
    ll__import_add_record(im, record);
    im->snapshots++;
}

json_int_t ll__import_typeset(ll_import *im, json_t *types, json_t *refs)
{
    json_t *record;
    json_int_t id = ll_typeset_registry_id(im->typesets, types, refs, &record);
    if (record)
        ll__import_add_record(im, record);
    return id;
}

void ll__import_note_dump_files(ll_import *im, json_t *files)
{
    while (json_array_size(im->dump_files) < im->snapshots)
        json_array_append_new(im->dump_files, json_array());
    json_array_append(im->dump_files, files);
}
