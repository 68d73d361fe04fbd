/* Where a growing native allocation site is called from: the named
 * callers its row of the last snapshot with sites lists (heaptrack's
 * largest stack through the site). */
#ifndef LEAKLAB_NATIVE_SITE_CALLERS_H
#define LEAKLAB_NATIVE_SITE_CALLERS_H

#include "leaklab/result.h"
#include "leaklab/snapshot.h"

/* Sets each of SITES' callers from LAST's "native_sites" rows (the
 * nearest first, " < " between). Returns 0, or -1 when out of memory. */
int ll__native_site_callers(const ll_record *last, ll_type_growth *sites, size_t count);

#endif
