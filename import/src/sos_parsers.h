/* The parsers of SOS command outputs (sos_memory.c, sos_domains.c,
 * sos_heap.c), which windbg_log.c hands each output of a session to. Each
 * looks for its own tables in the lines [FROM, TO) and adds what it reads
 * to the dump. COMMAND is the output's prompt command (NULL without one),
 * and WHOSE says whose output it is. */
#ifndef LEAKLAB_SOS_PARSERS_H
#define LEAKLAB_SOS_PARSERS_H

#include "windbg_dump.h"

#define LINE_MAX_LEN 4096

typedef enum ll_sos_whose {
    LL_SOS_ANYONES, /* no prompt, or an unknown command: every parser looks for its tables */
    LL_SOS_MINE,    /* a command this parser reads */
    LL_SOS_OTHERS,  /* a command another parser reads: only lines that stand alone (totals) */
} ll_sos_whose;

typedef struct ll_sos_output {
    ll_import *im; /* for warnings */
    ll_windbg_dump *dump;
    const char *file;
    const ll_lines *lines;
    size_t from, to;
} ll_sos_output;

/* What one dump keeps of a table, whatever its input holds (a process has
 * a handful of heaps, a user dumps a few objects): past these, the rest is
 * not kept, and a warning says so once per dump, with its line. Memory
 * stays bounded on any input, and a dump's record under the reader's
 * limit. */
enum ll_sos_bound {
    LL_SOS_BOUND_HEAPS,        /* !heap -s rows: 1024 */
    LL_SOS_BOUND_SIZE_ROWS,    /* !heap -stat -h rows: 4096 */
    LL_SOS_BOUND_STACKS,       /* !heap -p -a stacks: 1024 */
    LL_SOS_BOUND_FRAMES,       /* frames of one stack: 256 */
    LL_SOS_BOUND_ROOTS,        /* !gcroot chains: 10,000 */
    LL_SOS_BOUND_LINKS,        /* links of one chain: 1,000 */
    LL_SOS_BOUND_OBJECTS,      /* !dumpobj objects: 100,000 */
    LL_SOS_BOUND_METHOD_TABLES, /* !dumpmt of collectible types: 100,000 */
    LL_SOS_BOUND_MODULE_TYPES   /* !dumpmodule -mt types (or references) of one module: 10,000 */
};

/* Whether TABLE may take one more entry under BOUND; when it may not, a
 * warning at LINE (once per dump and bound). */
int ll__sos_room(const ll_sos_output *o, json_t *table, enum ll_sos_bound bound, size_t line);

/* !address -summary and !eeheap (-gc, -loader); in another command's
 * output, the totals of !eeheap users paste after it. */
void ll__sos_parse_memory(const ll_sos_output *o, const char *command, ll_sos_whose whose);
/* !dumpdomain and !dumpmodule -mt (its argument, the module's address, from COMMAND). */
void ll__sos_parse_domains(const ll_sos_output *o, const char *command, ll_sos_whose whose);
/* !dumpheap -stat, and dotnet-gcdump report in anyone's output. */
void ll__sos_parse_heap(const ll_sos_output *o, const char *command, ll_sos_whose whose);
/* Where a second !dumpheap -stat table, pasted below the first without a
 * prompt, starts in [FROM, TO); TO if none does. */
size_t ll__sos_heap_table_restart(const ll_lines *l, size_t from, size_t to);

/* !gcroot: each root (a thread's stack slot, a handle) with the chain of
 * types it holds, to the object asked about. */
void ll__sos_parse_roots(const ll_sos_output *o, const char *command, ll_sos_whose whose);

/* !heap -s, !heap -stat -h, !heap -p -a: the native heaps, their blocks
 * by size, and a block's allocating stack. */
void ll__sos_parse_native(const ll_sos_output *o, const char *command, ll_sos_whose whose);

/* !threads (clrthreads): the managed, background and dead threads' counts. */
void ll__sos_parse_threads(const ll_sos_output *o, const char *command, ll_sos_whose whose);

/* !dumpobj and dumpalc: each object's type and size, a collection's item
 * count, a collectible AssemblyLoadContext's state. */
void ll__sos_parse_objects(const ll_sos_output *o, const char *command, ll_sos_whose whose);
/* !dumpmt: a type loaded in a collectible context, with its LoaderAllocator. */
void ll__sos_parse_method_tables(const ll_sos_output *o, const char *command, ll_sos_whose whose);

#endif
