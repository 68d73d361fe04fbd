/* Internal: the sites as a snapshot's "native_sites" rows, for the import
 * and the attach (native_sites.c, native_sites_attach.c). */
#ifndef LEAKLAB_NATIVE_SITES_INTERNAL_H
#define LEAKLAB_NATIVE_SITES_INTERNAL_H

#include "leaklab/native_sites.h"

#include <jansson.h>

/* [{site, bytes, stack}], most bytes first; NULL when out of memory. */
json_t *ll__native_sites_rows(const ll_native_sites *sites);

/* Reads one line of IN, its newline kept, into *BUF (of *CAP bytes, grown
 * as needed): its length, 0 at the end, -1 when longer than
 * LL_SNAPSHOT_MAX_LINE, -2 out of memory. */
long ll__read_bounded_line(FILE *in, char **buf, size_t *cap);

#endif
