/* Internal: the import under construction, shared by the format parsers
 * (windbg_log.c, counters.c) and import.c, which detects formats and
 * writes the series. */
#ifndef LEAKLAB_IMPORT_INTERNAL_H
#define LEAKLAB_IMPORT_INTERNAL_H

#include "leaklab/import.h"
#include "text_scan.h"

struct ll_import {
    /* Typeset, assembly, unload and snapshot records, in file order, as
     * lines of an anonymous temporary file: the header, which lists the
     * sources and warnings, can only be written once every file is read,
     * and keeping the records in memory would cost far more than the
     * input. */
    FILE *spool;
    ll_snapshot_writer *spool_writer;
    int spool_failed;
    json_t *warnings;
    json_t *sources;       /* [{"file", "format"}] */
    size_t snapshots;
    json_t *assembly_ids;  /* identity key of an assembly in a dump -> id */
    json_t *alive_keys;    /* keys of the assemblies in the latest dump */
    json_int_t next_assembly_id, next_typeset_id;
    json_t *typeset_ids;   /* typeset JSON text -> id */
    const char *source_kind; /* "windbg" or "dotnet-counters" */
};

void ll_import_warn(ll_import *im, const char *file, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Appends RECORD (taken over) to the series. */
void ll_import_add_record(ll_import *im, json_t *record);
/* Appends SNAPSHOT (taken over) as the next one of the series. */
void ll_import_add_snapshot(ll_import *im, json_t *snapshot);
/* The id of the typeset {TYPES, REFS}, recording it if new. */
json_int_t ll_import_typeset(ll_import *im, json_t *types, json_t *refs);

/* The parsers: each returns 0 when it imported at least one snapshot,
 * -1 with ERR when nothing usable was found. */
int ll_import_windbg_log(ll_import *im, const char *name, const ll_lines *lines, ll_error *err);
int ll_import_counters_csv(ll_import *im, const char *name, const ll_lines *lines, ll_error *err);
int ll_import_counters_json(ll_import *im, const char *name, const char *text, size_t len, ll_error *err);
int ll_import_counters_monitor(ll_import *im, const char *name, const ll_lines *lines, ll_error *err);

#endif
