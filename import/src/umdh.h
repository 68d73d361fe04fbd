/* Internal: UMDH's log comparison, line by line (umdh.c), for the
 * native sites' reader (native_sites.c). */
#ifndef LEAKLAB_UMDH_H
#define LEAKLAB_UMDH_H

#include <stddef.h>

/* A record's line ("+ 5320 (f110 - 9df0) 3a allocs BackTrace00053"):
 * 0 with its growth in bytes (negative for "-"), -1 when LINE is not
 * one. *BASE is the file's (0 until a record settles it), kept or set. */
int ll__umdh_record(const char *line, int *base, double *growth);

/* A frame line ("MyApp!LeakyFunc+0x0000001E"): 0 with "MyApp!LeakyFunc"
 * in NAME (cut to LEN), -1 when LINE is not one. */
int ll__umdh_frame(const char *line, char *name, size_t len);

/* Whether FRAME is the OS's, the C runtime's or an allocator's: memory it
 * allocates is its caller's. */
int ll__umdh_below_site(const char *frame);

#endif
