/* Native allocation sites: the bytes a process still held when it ended
 * (heaptrack's "leaked" cost), by the function that allocated them, read
 * from heaptrack_print's collapsed stacks (`heaptrack_print -f FILE
 * --flamegraph-cost-type leaked -F STACKS`). `leaklab native-sites` reads
 * two runs of one scenario, at two iteration counts, and attaches each to
 * the snapshot series of the longer run, so that the analyzer judges each
 * site's bytes per call beside the malloc figures the same run measured;
 * `leaklab import` reads such files as one snapshot each.
 *
 * A site is the first frame, from the allocation outwards, that is neither
 * an allocation or container helper of the C library, the C++ runtime or
 * glib/eglib (malloc, operator new, strdup, monoeg_g_hash_table_insert...)
 * nor a function without a name (Mono's static functions, a bare address):
 * those are named by their first named caller. */
#ifndef LEAKLAB_NATIVE_SITES_H
#define LEAKLAB_NATIVE_SITES_H

#include "leaklab/error.h"

#include <stddef.h>
#include <stdio.h>

typedef struct ll_native_sites ll_native_sites;

/* Reads IN (named NAME in messages) to its end. Returns the sites, or NULL
 * with ERR when IN holds no collapsed stack at all, a line is over the
 * reader's limit, or memory runs out. Lines of another shape are skipped,
 * counted in the warnings. */
ll_native_sites *ll_native_sites_read(FILE *in, const char *name, ll_error *err);
void ll_native_sites_free(ll_native_sites *sites);
/* The bytes of every stack read, and how many sites they came from. */
double ll_native_sites_total(const ll_native_sites *sites);
size_t ll_native_sites_count(const ll_native_sites *sites);
/* What the sites' bytes are, as LL_FIELD_NATIVE_SITES_MEASURE spells it:
 * "leaked", "lost" or "grown" (the kind of records read last). */
const char *ll_native_sites_measure(const ll_native_sites *sites);
/* What was skipped, or NULL; *LINE is the first line skipped. */
const char *ll_native_sites_warning(const ll_native_sites *sites, size_t *line);

/* Whether TEXT, the start of a file, looks like collapsed stacks. */
int ll_native_sites_detect(const char *text, size_t len);

/* Copies the snapshot series SERIES (named NAME) to OUT, adding SITES[k]
 * to its snapshot at iteration ITERATIONS[k] as the "native_sites" rows.
 * Returns 0, or -1 with ERR (a snapshot missing, a line unreadable). */
int ll_native_sites_attach(FILE *series, const char *name, FILE *out, ll_native_sites *const *sites,
                           const long *iterations, size_t count, ll_error *err);

#endif
