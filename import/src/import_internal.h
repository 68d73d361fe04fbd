/* Internal: the import under construction, shared by the format parsers
 * (windbg_log.c, counters.c) and import.c, which detects formats and
 * writes the series. */
#ifndef LEAKLAB_IMPORT_INTERNAL_H
#define LEAKLAB_IMPORT_INTERNAL_H

#include "leaklab/import.h"
#include "text_scan.h"

struct ll_import {
    json_t *records;       /* typeset, assembly, unload and snapshot records, in file order */
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
