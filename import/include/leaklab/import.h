/* Importing what a debugger or dotnet-counters printed about a real .NET
 * process into leaklab's snapshot format, so that `leaklab analyze` triages
 * it like one of our own runs.
 *
 *   WinDbg / dotnet-dump / lldb session logs (or single command outputs):
 *     !address -summary, !eeheap -gc, !eeheap -loader / eeheap, !dumpdomain,
 *     !dumpmodule -mt, !dumpheap -stat. Files become dumps, one snapshot
 *     each: consecutive files whose commands do not repeat one another are
 *     one dump (a session log, or one file per command), a command seen
 *     again starts the next; ll_import_add_dump groups files explicitly.
 *   dotnet-counters collect (CSV, JSON) and monitor (text): a time series,
 *     one snapshot per timestamp.
 *   mprof-report --reports=heapshot (Mono's log profiler): one snapshot
 *     per heap shot, with its classes.
 *   Mono's GC log (MONO_LOG_MASK=gc): one snapshot per major collection.
 *   heaptrack_print's collapsed stacks of leaked bytes (-F with
 *     --flamegraph-cost-type leaked): one snapshot per file, its native
 *     allocation sites (native_sites.h), read as a stream.
 *
 * What is sound is imported; what is not is a warning naming the file and
 * line; a file is an error only when nothing usable is left of it. */
#ifndef LEAKLAB_IMPORT_H
#define LEAKLAB_IMPORT_H

#include "leaklab/snapshot.h"

#include <stddef.h>
#include <stdio.h>

typedef enum ll_import_format {
    LL_IMPORT_AUTO,
    LL_IMPORT_WINDBG,
    LL_IMPORT_COUNTERS_CSV,
    LL_IMPORT_COUNTERS_JSON,
    LL_IMPORT_COUNTERS_MONITOR,
    LL_IMPORT_MPROF_HEAPSHOT,
    LL_IMPORT_SGEN_LOG,
    LL_IMPORT_NATIVE_SITES,
} ll_import_format;

/* "auto", "windbg", "counters-csv", "counters-json", "counters-monitor",
 * "mprof-heapshot", "sgen-log", "native-sites". */
int ll_import_format_from_name(const char *name, ll_import_format *out);
const char *ll_import_format_name(ll_import_format f);

typedef struct ll_import ll_import;

ll_import *ll_import_new(void);
void ll_import_free(ll_import *im);
/* Imports PATH. Returns the format used, or -1 with ERR when nothing usable
 * came out of it (the import stays usable for other files). */
int ll_import_add_file(ll_import *im, const char *path, ll_import_format format, ll_error *err);
/* The same for text already in memory; NAME is used in messages. */
int ll_import_add_text(ll_import *im, const char *name, const char *text, size_t len, ll_import_format format,
                       ll_error *err);
/* Imports PATHS as one dump, whatever commands they repeat. */
int ll_import_add_dump(ll_import *im, const char *const *paths, size_t count, ll_import_format format, ll_error *err);
/* Emits the last dump debugger files were adding to (the write functions
 * do it too); call it before ll_import_snapshot_count or the dumps. */
void ll_import_finish(ll_import *im);
size_t ll_import_snapshot_count(const ll_import *im);
/* The dumps, and the files of dump D, in order (dump 0: a.txt, b.txt). */
size_t ll_import_dump_count(const ll_import *im);
size_t ll_import_dump_file_count(const ll_import *im, size_t d);
const char *ll_import_dump_file(const ll_import *im, size_t d, size_t k);
/* The warnings so far ("file:line: ..."). */
size_t ll_import_warning_count(const ll_import *im);
const char *ll_import_warning(const ll_import *im, size_t i);
/* Writes the snapshot series to OUT (the caller flushes and closes it; a
 * command writes it through ll_output). Returns 0, or -1 with ERR (also
 * when there is no snapshot). */
int ll_import_write_stream(ll_import *im, FILE *out, const char *name, ll_error *err);

#endif
