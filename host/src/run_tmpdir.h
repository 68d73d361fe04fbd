/* `leaklab run`'s private temporary folder; see run_tmpdir.c. */
#ifndef LEAKLAB_RUN_TMPDIR_H
#define LEAKLAB_RUN_TMPDIR_H

#include <stddef.h>

/* Removes the folders of dead runs, makes this run's and points TMPDIR at
 * it. Returns 0, or -1 with errno. */
int ll_run_tmpdir_create(char *path, size_t len);
void ll_run_tmpdir_remove(const char *path);

#endif
