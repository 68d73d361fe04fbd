/* The leaklab snapshot format: JSON Lines written by the host (runs) and
 * the importer (debugger and counters outputs), read by the analyzer and
 * `leaklab summary`. This header is the library's part that writes, reads
 * and checks them (its other parts: error.h, output.h for the safe output
 * files every command uses, text.h); the "Snapshot format" section of
 * README.md describes every field.
 *
 * A file is a header line followed by records, one JSON object per line,
 * each with a "type": "typeset" (a set of defined and referenced types,
 * described once and shared by every assembly that has it), "assembly"
 * (first sight of an assembly), "unload", "iteration" (its outcome),
 * "snapshot" (memory at that point) and "end".
 * The writer emits each line with one write(2), so a killed run leaves every
 * complete line readable; the reader reports a truncated last line as a
 * warning and stops there. */
#ifndef LEAKLAB_SNAPSHOT_H
#define LEAKLAB_SNAPSHOT_H

#include "leaklab/error.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#define LL_SNAPSHOT_FORMAT "leaklab-snapshots"
#define LL_SNAPSHOT_VERSION 1
/* The longest line a reader accepts (64 MiB): a longer one is an error
 * naming its file and line, so an endless input fails fast. */
#define LL_SNAPSHOT_MAX_LINE (64 * 1024 * 1024)

/* --- writing ------------------------------------------------------------ */

typedef struct ll_snapshot_writer ll_snapshot_writer;

/* A series written to PATH ("-": standard output) as an ll_output (below):
 * a temporary file beside PATH until close renames it into place; PATH as
 * it was until then, and after a discard. INPUTS: as for ll_output_open. */
ll_snapshot_writer *ll_snapshot_writer_open(const char *path, const char *const *inputs, size_t input_count,
                                            ll_error *err);
/* Appends RECORD as one complete line. Returns 0, or -1 with ERR set. */
int ll_snapshot_writer_append(ll_snapshot_writer *w, const json_t *record, ll_error *err);
/* Keeps what was written: closes and renames into place. Returns 0, or -1
 * if the file could not be written or closed cleanly. Frees W. */
int ll_snapshot_writer_close(ll_snapshot_writer *w, ll_error *err);
/* Drops what was written (the target stays as it was). Frees W. */
void ll_snapshot_writer_discard(ll_snapshot_writer *w);
/* Where the lines go until close (NULL: straight to the target): what a
 * run killed with SIGKILL leaves, every complete line readable. */
const char *ll_snapshot_writer_temp_path(const ll_snapshot_writer *w);

/* For a process that is about to die (a signal handler; async-signal-safe):
 * the descriptor lines go to, and the rename that keeps what was written. */
int ll_snapshot_writer_fd(const ll_snapshot_writer *w);
void ll_snapshot_writer_keep_now(const ll_snapshot_writer *w);

/* --- field names --------------------------------------------------------- */

/* The fields of the records (README.md, "The snapshot format") that a
 * writer and a reader share, named once so a misspelt one fails to
 * compile. Every record: */
#define LL_FIELD_TYPE "type" /* the record type's name */
#define LL_FIELD_ID "id"     /* a typeset's, an assembly's */
#define LL_FIELD_ITERATION "iteration"
/* The header: */
#define LL_FIELD_CONTEXT "context" /* "default", "collectible", "imported" */
#define LL_FIELD_ENTRY "entry"
#define LL_FIELD_SCENARIO "scenario"
#define LL_FIELD_RUNTIME_INFO "runtime" /* {name, version}: the runtime the run embedded */
#define LL_FIELD_RUNTIME_NAME "name"     /* "mono"; absent: a series of before, read as Mono */
#define LL_FIELD_RUNTIME_VERSION "version"
#define LL_FIELD_MONO_VERSION "mono_version" /* kept for older readers, Mono runs only */
#define LL_FIELD_HOST "host"                 /* {hostname, kernel, machine, cpus} */
#define LL_FIELD_HOST_NAME "hostname"
#define LL_FIELD_HOST_KERNEL "kernel"
#define LL_FIELD_HOST_MACHINE "machine"
#define LL_FIELD_HOST_CPUS "cpus"
#define LL_FIELD_ASSEMBLY_PATH "assembly" /* the scenario's assembly */
#define LL_FIELD_GC_BEFORE_SNAPSHOT "gc_before_snapshot"
#define LL_FIELD_STARTED_UNIX_MS "started_unix_ms"
#define LL_FIELD_X_UNIT "x_unit" /* what a snapshot stands for, when not an iteration */
#define LL_FIELD_ROOT_DOMAIN "root_domain"
#define LL_FIELD_IMPORT_WARNINGS "import_warnings"
#define LL_FIELD_OPTIONS "options" /* the run's: */
#define LL_FIELD_SNAPSHOT_EVERY "snapshot_every"
#define LL_FIELD_RECYCLE_EVERY "recycle_every"
#define LL_FIELD_WSDL "wsdl"
#define LL_FIELD_CALL_TIMEOUT_MS "call_timeout_ms"
#define LL_FIELD_ITERATIONS "iterations" /* also the end's: iterations done */
#define LL_FIELD_KEEP_GOING "keep_going"
#define LL_FIELD_HEAPSHOT_EVERY "heapshot_every"
#define LL_FIELD_RETAINERS_SCHEDULE "retainers" /* "first-last", K (every K snapshots) or "off" */
#define LL_FIELD_MEMORY_MAP_EVERY "memory_map_every"
#define LL_FIELD_MEMORY_MAP_RSS_MOVE "memory_map_rss_move"
/* ... as paths from the header: */
#define LL_OPTION_SNAPSHOT_EVERY LL_FIELD_OPTIONS "." LL_FIELD_SNAPSHOT_EVERY
#define LL_OPTION_RECYCLE_EVERY LL_FIELD_OPTIONS "." LL_FIELD_RECYCLE_EVERY
#define LL_OPTION_WSDL LL_FIELD_OPTIONS "." LL_FIELD_WSDL
#define LL_OPTION_CALL_TIMEOUT_MS LL_FIELD_OPTIONS "." LL_FIELD_CALL_TIMEOUT_MS
/* An iteration, and the end: */
#define LL_FIELD_OUTCOME "outcome" /* "ok", "failed" */
#define LL_FIELD_WALL_MS "wall_ms"
#define LL_FIELD_EXCEPTION "exception" /* {type, message, stack} */
#define LL_FIELD_EXCEPTION_TYPE "type"
#define LL_FIELD_EXCEPTION_MESSAGE "message"
#define LL_FIELD_EXCEPTION_STACK "stack"
#define LL_FIELD_RESULT "result"                       /* what the entry point returned */
#define LL_FIELD_RESULT_CUT_FROM "result_cut_from_bytes" /* its whole length, when cut */
#define LL_FIELD_STATUS "status"
#define LL_FIELD_FAILED_ITERATIONS "failed_iterations"
#define LL_FIELD_EXIT_CODE "exit_code" /* status "exited": Environment.Exit's code */
#define LL_FIELD_ABANDONED "abandoned" /* true: the run was stopped inside an iteration */
/* An assembly (with LL_FIELD_MODULE_* below, and a typeset's types and
 * refs): */
#define LL_FIELD_DOMAIN "domain"
#define LL_FIELD_TYPESET "typeset"
/* A snapshot: */
#define LL_FIELD_SEQ "seq"
#define LL_FIELD_ELAPSED_MS "elapsed_ms"
#define LL_FIELD_TIME_UNIX_MS "time_unix_ms"
#define LL_FIELD_GC_MS "gc_ms"             /* the snapshot's own collection (and walk) */
#define LL_FIELD_SNAPSHOT_MS "snapshot_ms" /* the whole snapshot */
#define LL_FIELD_SOURCE "source" /* an imported dump's file */
#define LL_FIELD_MEMORY "memory"         /* {KIND: {rss, size, regions}} */
#define LL_FIELD_MEMORY_TOTAL "total"    /* the memory kind that sums the others */
#define LL_FIELD_MEMORY_NATIVE_HEAP "native_heap"
#define LL_FIELD_REGION_RSS "rss"
#define LL_FIELD_REGION_SIZE "size"
#define LL_FIELD_REGION_COUNT "regions"
#define LL_FIELD_GC "gc"                 /* {heap_size, used_size, ...} */
#define LL_FIELD_GC_HEAP_SIZE "heap_size"
#define LL_FIELD_GC_USED_SIZE "used_size"
#define LL_FIELD_GC_HEAPS "heaps" /* server GC's heap count (imports) */
#define LL_FIELD_GC_AFTER_FULL_COLLECTION "after_full_collection"
#define LL_FIELD_GC_MINOR_COLLECTIONS "minor_collections"
#define LL_FIELD_GC_MAJOR_COLLECTIONS "major_collections"
#define LL_FIELD_MALLOC "malloc"         /* {in_use, ...} */
#define LL_FIELD_MALLOC_IN_USE "in_use"
#define LL_FIELD_MALLOC_ARENA "arena"
#define LL_FIELD_MALLOC_MMAP "mmap"
#define LL_FIELD_MALLOC_FREE "free"
#define LL_FIELD_RUNTIME "runtime"       /* the runtime's counters */
#define LL_FIELD_LOADER_HEAP_BYTES "loader_heap_bytes"
/* CoreCLR: collectible contexts whose Unload() was called and that were
 * still alive after the snapshot's collections. */
#define LL_FIELD_CONTEXTS_UNLOADED_ALIVE "contexts_unloaded_alive"
#define LL_FIELD_LOADER_HEAP_WASTED_BYTES "loader_heap_wasted_bytes"
#define LL_FIELD_ASSEMBLIES "assemblies" /* {loaded, by_domain} */
#define LL_FIELD_LOADED "loaded"
#define LL_FIELD_BY_DOMAIN "by_domain"
#define LL_FIELD_BY_DOMAIN_OTHER "other" /* contexts beyond the 64 counted */
#define LL_FIELD_DUMPHEAP "dumpheap"     /* [{type, count, size}] */
#define LL_FIELD_DUMPHEAP_TYPE "type"
#define LL_FIELD_DUMPHEAP_COUNT "count"
#define LL_FIELD_DUMPHEAP_SIZE "size"
/* Imports: the MethodTables one row stands for, when an import over its
 * row bound merged rows of one type name (absent: 1). */
#define LL_FIELD_DUMPHEAP_METHOD_TABLES "method_tables"
#define LL_FIELD_NATIVE_SITES "native_sites" /* [{site, bytes, stack}]: heaptrack's leaked bytes by site */
#define LL_FIELD_SITE_NAME "site"
#define LL_FIELD_SITE_BYTES "bytes"
#define LL_FIELD_SITE_STACK "stack" /* the site's named callers, nearest first */
/* Imports: what a site's bytes are: "leaked" (heaptrack: still allocated
 * at the end), "lost" (valgrind: unreachable at the end), "grown" (UMDH:
 * more in the second log than in the first). Absent: "leaked". */
#define LL_FIELD_NATIVE_SITES_MEASURE "native_sites_measure"
#define LL_FIELD_DUMPHEAP_CUT "dumpheap_cut" /* true: the table was cut ("...", "and more"): lower bounds */
#define LL_FIELD_HEAP_SHOT_FAILED "heap_shot_failed" /* true: no "dumpheap" though one was asked for */
#define LL_FIELD_RETAINERS "retainers" /* who keeps what grew (a run's capture): */
#define LL_FIELD_RETAINERS_OBJECTS "objects"
#define LL_FIELD_RETAINERS_REFS "refs"
#define LL_FIELD_RETAINERS_ROOTS "roots" /* {static, handle, other, stack, finalizer}: how many */
#define LL_FIELD_RETAINERS_MS "search_ms" /* finding and grouping the paths; the walk is in gc_ms */
#define LL_FIELD_RETAINERS_SKIPPED "skipped" /* why there are no paths */
#define LL_FIELD_RETAINED_TYPES "types"      /* [{type, count, bytes, paths, other, unreachable}] */
#define LL_FIELD_RETAINED_TYPE "type"
#define LL_FIELD_PATHS "paths" /* [{root, root_kind, chain, count, bytes, owner_retained}] */
#define LL_FIELD_PATHS_OTHER "other"
#define LL_FIELD_PATHS_UNREACHABLE "unreachable"
#define LL_FIELD_PATH_ROOT "root"
#define LL_FIELD_PATH_ROOT_KIND "root_kind" /* static, handle, other, stack, finalizer */
#define LL_FIELD_PATH_CHAIN "chain"         /* [{type, field}] from the root's object to the instance */
#define LL_FIELD_CHAIN_TYPE "type"
#define LL_FIELD_CHAIN_FIELD "field"   /* the link's field to the next; null on the last */
#define LL_FIELD_CHAIN_REPEAT "repeat" /* the link repeated N times (a linked list): absent for once */
#define LL_FIELD_PATH_COUNT "count"
#define LL_FIELD_PATH_BYTES "bytes"
#define LL_FIELD_PATH_OWNER_RETAINED "owner_retained"
#define LL_FIELD_PATH_CUT "cut" /* true: the path is longer than its chain, whose root end is cut */
#define LL_FIELD_GCROOTS "gcroots"   /* [{root, chain: [type...]}]: !gcroot's chains (imports) */
#define LL_FIELD_GCROOT_ROOT "root"
#define LL_FIELD_GCROOT_CHAIN "chain"
#define LL_FIELD_NATIVE_HEAPS "native_heaps"           /* [{heap, reserve, commit}]: !heap -s (imports) */
#define LL_FIELD_HEAP_SIZES "heap_sizes"               /* [{heap, size, blocks, total, share}]: !heap -stat -h */
#define LL_FIELD_ALLOCATION_STACKS "allocation_stacks" /* [{size, frames}]: !heap -p -a */
#define LL_FIELD_OBJECTS "objects"                     /* [{type, size, items}]: !dumpobj (imports) */
#define LL_FIELD_OBJECT_TYPE "type"
#define LL_FIELD_OBJECT_SIZE "size"
#define LL_FIELD_OBJECT_ITEMS "items" /* a collection's _size/_count, when it has one */
/* A collectible AssemblyLoadContext's (dumpalc, or !dumpobj on one): its
 * state ("alive", "unloading") and the contexts the process ever made
 * (its static s_nextId). */
#define LL_FIELD_OBJECT_CONTEXT_STATE "context_state"
#define LL_FIELD_OBJECT_CONTEXTS_MADE "contexts_made"
#define LL_FIELD_COLLECTIBLE_TYPES "collectible_types" /* [{type, loader_allocator}]: !dumpmt of collectible types */
#define LL_FIELD_COLLECTIBLE_TYPE "type"
#define LL_FIELD_COLLECTIBLE_LOADER_ALLOCATOR "loader_allocator"
/* An assembly as `dumpmodule -mt` lists it: {name, version, origin,
 * types [{name, base}], refs [NAME]}. */
#define LL_FIELD_MODULE_NAME "name"
#define LL_FIELD_MODULE_VERSION "version"
#define LL_FIELD_MODULE_ORIGIN "origin"
#define LL_FIELD_MODULE_TYPES "types"
#define LL_FIELD_MODULE_REFS "refs"
#define LL_FIELD_TYPE_NAME "name"
#define LL_FIELD_TYPE_BASE "base"
#define LL_FIELD_MODULE_PATH "path" /* origin "file" only */

/* The figures a series is judged on, as paths into a snapshot. */
#define LL_PATH_RSS LL_FIELD_MEMORY "." LL_FIELD_MEMORY_TOTAL "." LL_FIELD_REGION_RSS
#define LL_PATH_GC_USED LL_FIELD_GC "." LL_FIELD_GC_USED_SIZE
#define LL_PATH_MALLOC_IN_USE LL_FIELD_MALLOC "." LL_FIELD_MALLOC_IN_USE
#define LL_PATH_ASSEMBLIES_LOADED LL_FIELD_ASSEMBLIES "." LL_FIELD_LOADED

/* --- building records ------------------------------------------------- */

/* The record types, whose names ("header", "typeset", ...) writers and
 * readers share through ll_record_type_name. */
typedef enum ll_record_type {
    LL_RECORD_HEADER,
    LL_RECORD_TYPESET,
    LL_RECORD_ASSEMBLY,
    LL_RECORD_UNLOAD,
    LL_RECORD_ITERATION,
    LL_RECORD_SNAPSHOT,
    LL_RECORD_END,
} ll_record_type;

const char *ll_record_type_name(ll_record_type type);

/* One builder per record type, with the fields every record of the type
 * has (README.md, "The snapshot format"); writers add their own optional
 * fields to the object returned. Strings are copied; json_t arguments are
 * borrowed (a reference is taken). */
json_t *ll_record_header(const char *context, const char *entry);
json_t *ll_record_typeset(json_int_t id, json_t *types, json_t *refs);
/* DOMAIN: an id (our runs) or a name (imports). PATH: NULL for none. */
json_t *ll_record_assembly(json_int_t id, json_t *domain, json_int_t iteration, const char *name, const char *version,
                           const char *origin, const char *path, json_int_t typeset);
/* The same "assembly" record as one compact JSON line in BUF (no newline),
 * for the hot path of imports; its length, or 0 when a string needs
 * escaping or BUF is too small (then use ll_record_assembly). */
size_t ll_record_assembly_line(char *buf, size_t len, json_int_t id, json_t *domain, json_int_t iteration,
                               const char *name, const char *version, const char *origin, const char *path,
                               json_int_t typeset);
json_t *ll_record_unload(json_int_t id, json_int_t iteration);
/* RECORD as one compact line (no newline), malloc'd, its length in *LEN;
 * NULL when out of memory. What the writers write: jansson's compact
 * JSON, a snapshot's "dumpheap" rows last and serialised directly. */
char *ll_record_line(const json_t *record, size_t *len);
/* EXCEPTION_TYPE NULL: an "ok" iteration; else "failed" with the exception. */
json_t *ll_record_iteration(json_int_t iteration, double wall_ms, const char *exception_type,
                            const char *exception_message, const char *exception_stack);
json_t *ll_record_snapshot(json_int_t seq, json_int_t iteration);
json_t *ll_record_end(const char *status, json_int_t iterations, json_int_t failed_iterations, double elapsed_ms);
/* One row of a snapshot's "dumpheap" table: a class, its live objects and
 * their bytes (a heap-shot of ours, or an imported !dumpheap -stat). */
json_t *ll_record_type_row(const char *type, json_int_t count, json_int_t bytes);
/* A snapshot's body, figure by figure: sets RECORD[OBJECT][KEY] (KEY may
 * hold dots: a counter's name) to VALUE, taken over, making OBJECT when
 * RECORD has none. 0, or -1 (VALUE released) out of memory. */
int ll_record_set_figure(json_t *record, const char *object, const char *key, json_t *value);

/* Typesets are described once and shared: thousands of assemblies have the
 * same types and references. The registry gives each distinct {types,
 * refs} an id; TYPES and REFS are borrowed. */
typedef struct ll_typeset_registry ll_typeset_registry;
ll_typeset_registry *ll_typeset_registry_new(void);
void ll_typeset_registry_free(ll_typeset_registry *r);
/* The id of {TYPES, REFS}; when it is new, *RECORD is its "typeset" record
 * (the caller's to write, before the first assembly that uses it), else
 * NULL. 0 when out of memory. */
json_int_t ll_typeset_registry_id(ll_typeset_registry *r, json_t *types, json_t *refs, json_t **record);

/* --- reading ------------------------------------------------------------ */

struct ll_flat_record;
struct ll_simd_doc;

/* One parsed line, owned by the reader and valid until the next call to
 * ll_snapshot_reader_next. Flat lines (assembly, unload, iteration, end)
 * are read by a fast scanner and have FLAT set; the others by simdjson
 * (DOC set), or by jansson when simdjson declines them (JSON set). A
 * record read fast has JSON NULL and builds it only when ll_record_find or
 * ll_record_json needs it: read fields through ll_record_value and the
 * typed accessors below, which never build it. */
typedef struct ll_record {
    ll_record_type type;
    json_t *json;
    struct ll_flat_record *flat;
    struct ll_simd_doc *doc;
    const char *file;
    long line;
} ll_record;

/* Records kept beyond the reader's next line (the analyzer keeps the
 * header, the first and last snapshots, each dump): a copy of REC, or the
 * record TEXT (LEN bytes) of FILE:LINE parsed on its own. Their values are
 * read through ll_record_value as any record's; free with ll_record_free.
 * NULL out of memory, or with ERR naming the file, line and field. */
ll_record *ll_record_copy(const ll_record *rec);
ll_record *ll_record_parse(const char *text, size_t len, const char *file, long line, ll_error *err);
void ll_record_free(ll_record *rec);

/* 1 when LINE (LEN bytes) looks like a series' first line, a record (an
 * object with a "type"), rather than the start of a saved document. */
int ll_line_is_record(const char *line, size_t len);

typedef struct ll_snapshot_reader ll_snapshot_reader;

/* Opens PATH ("-" for standard input) and checks its header line. */
ll_snapshot_reader *ll_snapshot_reader_open(const char *path, ll_error *err);
/* Reads from an open stream; NAME is used in messages. The reader closes
 * STREAM when it is closed. */
ll_snapshot_reader *ll_snapshot_reader_open_stream(FILE *stream, const char *name, ll_error *err);
/* The header line, valid while the reader is open. */
const ll_record *ll_snapshot_reader_header(const ll_snapshot_reader *r);
/* Returns 1 with *OUT filled, 0 at the end of the file, -1 on an error. */
int ll_snapshot_reader_next(ll_snapshot_reader *r, ll_record *out, ll_error *err);
/* Non-empty after the reader stopped at a truncated last line. */
const char *ll_snapshot_reader_warning(const ll_snapshot_reader *r);
void ll_snapshot_reader_close(ll_snapshot_reader *r);

/* Called with each record; returns 0 to go on, -1 (with ERR set) to stop. */
typedef int (*ll_record_visitor)(const ll_record *rec, void *ctx, ll_error *err);
/* Reads PATH to the end, handing VISIT the header, then every record in
 * order. A truncated last line ends the file; its warning is copied into
 * WARNING (empty if none). Returns 0, or -1 with ERR. */
int ll_snapshot_read_file(const char *path, ll_record_visitor visit, void *ctx, char *warning, size_t warning_len,
                          ll_error *err);

/* The same over an open stream, closed at the end; NAME is for messages. */
int ll_snapshot_read_stream(FILE *stream, const char *name, ll_record_visitor visit, void *ctx, char *warning,
                            size_t warning_len, ll_error *err);

/* What a field holds, read in place, whichever parser read the record. */
typedef enum ll_value_kind {
    LL_VALUE_ABSENT,
    LL_VALUE_NULL,
    LL_VALUE_BOOLEAN,
    LL_VALUE_INTEGER,
    LL_VALUE_REAL,
    LL_VALUE_STRING,
    LL_VALUE_OBJECT,
    LL_VALUE_ARRAY,
} ll_value_kind;

/* A field's value; its pointers are valid as long as its record. */
typedef struct ll_value {
    ll_value_kind kind;
    json_int_t integer;      /* an INTEGER's value, a BOOLEAN's 0 or 1 */
    double number;           /* an INTEGER's or a REAL's value */
    const char *string;      /* a STRING's, NUL-terminated */
    const json_t *json;      /* the value, when jansson read the record */
    unsigned char simd[16];  /* the value, when simdjson read it */
} ll_value;

/* The value at PATH of REC (dotted, "memory.total.rss"; "" is the whole
 * record), kind ABSENT when a step is missing (or REC is NULL: a record
 * not seen). */
ll_value ll_record_value(const ll_record *rec, const char *path);
/* Calls VISIT with each member of OBJECT (a value of a record) in order;
 * returns the first non-zero VISIT's result, or 0. Keys may hold dots. */
typedef int (*ll_member_visitor)(const char *key, const ll_value *value, void *ctx);
int ll_value_each_member(const ll_value *object, ll_member_visitor visit, void *ctx);
/* The member KEY of OBJECT, ABSENT when there is none (or OBJECT is not
 * an object). */
ll_value ll_value_member(const ll_value *object, const char *key);
/* The same for each item of ARRAY. */
typedef int (*ll_item_visitor)(const ll_value *item, void *ctx);
int ll_value_each_item(const ll_value *array, ll_item_visitor visit, void *ctx);
/* The items of ARRAY, or the members of OBJECT; 0 for any other value. */
size_t ll_value_count(const ll_value *v);
/* V's string, or NULL when V is not a string. */
const char *ll_value_string(const ll_value *v);
/* V's number (an integer's or a real's), or NAN when V is not one. */
double ll_value_number(const ll_value *v);
/* The string, or the number, at PATH of REC, as above. */
const char *ll_record_string(const ll_record *rec, const char *path);
double ll_record_number(const ll_record *rec, const char *path);

/* A value of a jansson document (NULL: absent), read like a record's. */
ll_value ll_value_of_json(const json_t *json);
/* REC as JSON, built on first use for a record read fast (valid until the
 * next record); NULL if its line cannot be parsed again. */
json_t *ll_record_json(const ll_record *rec);
/* The line REC was read from (without its newline), or NULL for a record
 * not read from a file; *LEN its length. */
const char *ll_record_text(const ll_record *rec, size_t *len);

/* Typed access to a field of a record by a dotted path ("memory.total.rss").
 * Each returns 0, or -1 with ERR naming the file, line and field. */
int ll_record_get_int(const ll_record *rec, const char *path, json_int_t *out, ll_error *err);
int ll_record_get_number(const ll_record *rec, const char *path, double *out, ll_error *err);
int ll_record_get_string(const ll_record *rec, const char *path, const char **out, ll_error *err);
int ll_record_get_array(const ll_record *rec, const char *path, json_t **out, ll_error *err);
/* The field, or NULL when it is absent or null (for optional fields). On a
 * flat record this parses the line with jansson once: prefer the typed
 * accessors on hot paths. */
json_t *ll_record_find(const ll_record *rec, const char *path);

#endif
