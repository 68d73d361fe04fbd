/* Internal: the import under construction. import.c detects each file's
 * format and hands it to its parser (windbg_log.c, counters.c,
 * mprof_heapshot.c, sgen_log.c), which adds to the series through
 * import_series.c; import.c writes the series at the end. */
#ifndef LEAKLAB_IMPORT_INTERNAL_H
#define LEAKLAB_IMPORT_INTERNAL_H

#include "leaklab/import.h"
#include "key_table.h"
#include "text_scan.h"

struct ll_windbg_dump;

struct ll_import {
    /* Typeset, assembly, unload and snapshot records, in file order, as
     * lines of an anonymous temporary file: the header, which lists the
     * sources and warnings, can only be written once every file is read,
     * and keeping the records in memory would cost far more than the
     * input. */
    FILE *spool;
    int spool_failed;          /* errno of the first failed write */
    size_t line_too_long;      /* the longest record over LL_SNAPSHOT_MAX_LINE, not written */
    json_t *warnings;
    json_t *sources;       /* [{"file", "format"}] */
    json_t *dump_files;    /* by snapshot index: the files each debugger dump was read from */
    size_t snapshots;
    ll_key_table assembly_keys; /* identity of an assembly -> id, and the last dump that listed it */
    int32_t last_listing_stamp; /* the last dump that listed assemblies, or -1 */
    struct ll_windbg_dump *pending_dump; /* the dump the next debugger file may add to */
    int explicit_dump;     /* files are being grouped by ll_import_add_dump */
    json_int_t next_assembly_id;
    ll_typeset_registry *typesets;
    ll_import_format family; /* of the files so far: what the header says the series is */
};

/* import_series.c */
void ll__import_warn(ll_import *im, const char *file, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Appends RECORD (taken over) to the series. */
void ll__import_add_record(ll_import *im, json_t *record);
/* One record already serialised: N bytes of TEXT, without the newline. */
void ll__import_add_line(ll_import *im, const char *text, size_t n);
/* FILES (an array of names) are what the snapshot about to be added, a
 * debugger dump, was read from (ll_import_dumps). */
void ll__import_note_dump_files(ll_import *im, json_t *files);
/* Appends SNAPSHOT (taken over) as the next one of the series. */
void ll__import_add_snapshot(ll_import *im, json_t *snapshot);
/* The id of the typeset {TYPES, REFS}, recording it if new. */
json_int_t ll__import_typeset(ll_import *im, json_t *types, json_t *refs);

/* The parsers, which import.c calls: each returns 0 when it imported at least one snapshot,
 * -1 with ERR when nothing usable was found. */
int ll__import_windbg_log(ll_import *im, const char *name, const ll_lines *lines, ll_error *err);
/* Emits the dump debugger files have been adding to, if any. */
void ll__import_finish_dump(ll_import *im);
int ll__import_counters_csv(ll_import *im, const char *name, const ll_lines *lines, ll_error *err);
int ll__import_counters_json(ll_import *im, const char *name, const char *text, size_t len, ll_error *err);
int ll__import_counters_monitor(ll_import *im, const char *name, const ll_lines *lines, ll_error *err);
int ll__import_mprof_heapshots(ll_import *im, const char *name, const ll_lines *lines, ll_error *err);
int ll__import_sgen_log(ll_import *im, const char *name, const ll_lines *lines, ll_error *err);

#endif
