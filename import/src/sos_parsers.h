/* The parsers of SOS command outputs (sos_memory.c, sos_domains.c,
 * sos_heap.c), which windbg_log.c hands each output of a session to. Each
 * looks for its own tables in the lines [FROM, TO) and adds what it reads
 * to the dump. COMMAND is the output's prompt command (NULL without one);
 * CHOSEN says the parser was chosen for it (a command it reads), else the
 * output is offered to every parser, each looking for its own tables. */
#ifndef LEAKLAB_SOS_PARSERS_H
#define LEAKLAB_SOS_PARSERS_H

#include "windbg_dump.h"

#define LINE_MAX_LEN 4096

typedef struct ll_sos_output {
    ll_import *im; /* for warnings */
    ll_windbg_dump *dump;
    const char *file;
    const ll_lines *lines;
    size_t from, to;
} ll_sos_output;

/* !address -summary and !eeheap (-gc, -loader). */
void ll_sos_parse_memory(const ll_sos_output *o, const char *command, int chosen);
/* !dumpdomain and !dumpmodule -mt (its argument, the module's address, from COMMAND). */
void ll_sos_parse_domains(const ll_sos_output *o, const char *command, int chosen);
/* !dumpheap -stat, and dotnet-gcdump report when not CHOSEN. */
void ll_sos_parse_heap(const ll_sos_output *o, const char *command, int chosen);

#endif
