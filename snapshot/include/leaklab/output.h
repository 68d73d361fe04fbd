/* The output files every command's -o writes, safely: a temporary file
 * renamed into place on commit, never through a link, never over an input.
 * Part of libleaklab_snapshot. */
#ifndef LEAKLAB_OUTPUT_H
#define LEAKLAB_OUTPUT_H

#include "leaklab/error.h"

#include <stddef.h>
#include <stdio.h>

/* A file a command writes as a whole (a report, an imported series):
 * "-" is stdout; a device, FIFO or socket is written straight to; a regular
 * file (or none yet) is written to an mkstemp temporary file beside it and
 * renamed on commit; a symbolic link, a directory, or a path that is one of
 * INPUTS (same inode) is refused. See README.md, "Limits and guarantees". */
typedef struct ll_output ll_output;

ll_output *ll_output_open(const char *path, const char *const *inputs, size_t input_count, ll_error *err);
FILE *ll_output_stream(ll_output *o);
/* The temporary file written until commit, or NULL (stdout, a device). */
const char *ll_output_temp_path(const ll_output *o);
/* Flushes, checks every write, closes and renames into place. Returns 0,
 * or -1 with ERR (the target is then left as it was). Frees O. */
int ll_output_commit(ll_output *o, ll_error *err);
/* Drops what was written; the target is left as it was. Frees O. */
void ll_output_abort(ll_output *o);
/* Closes O and frees it, its temporary file left where it is, unrenamed
 * (what could be written of an incomplete result). */
void ll_output_keep_temp(ll_output *o);
/* For a process that is about to die (async-signal-safe, O stays open):
 * renames what was written into place, or removes the temporary file. */
void ll_output_commit_now(const ll_output *o);
void ll_output_remove_now(const ll_output *o);
/* -1 with ERR when OUTPUT exists and is the same file as one of INPUTS. */
int ll_output_check_not_input(const char *output, const char *const *inputs, size_t count, ll_error *err);

#endif
