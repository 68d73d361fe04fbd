/* What the CoreCLR backend's files share (coreclr_runtime.c: the runtime
 * table; coreclr_heap_dump.c: the heap walk). Only they include it. */
#ifndef LEAKLAB_CORECLR_BACKEND_H
#define LEAKLAB_CORECLR_BACKEND_H

#include "runtime.h"

#include <stdint.h>

/* A heap-shot into WALK's objects_of_class, by leaklab-heapdump (in DIR,
 * run by the .NET program DOTNET), connecting to the runtime's
 * diagnostics socket in SOCKET_DIR: its session is started, COLLECTED(ARG)
 * waits until the runtime has run the dump's collection, and the session
 * is ended. Returns 0, or -1 when the dump was not whole (or WALK needs
 * each object). */
int ll__coreclr_heap_dump(const char *dotnet, const char *dir, const char *socket_dir, const ll_heap_visitor *walk,
                          int (*collected)(int64_t arg), int64_t arg);
/* The name a heap dump gave type ID (a MethodTable), or NULL. */
const char *ll__coreclr_type_name(uint64_t id);

#endif
