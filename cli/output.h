/* Writing a command's result: to -o PATH through ll_output (atomic for a
 * regular file, never through a symbolic link or over an input; see
 * snapshot.h) or to standard output, with every write checked. */
#ifndef LEAKLAB_CLI_OUTPUT_H
#define LEAKLAB_CLI_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

/* Writes the result to OUT; returns 0, or -1 on a write error. */
typedef int (*cli_writer)(FILE *out, void *context);

/* OUTPUT NULL or "-" is standard output. Returns 0, or -1 after printing
 * "leaklab COMMAND: why" (nothing is left half-written). */
int cli_deliver(const char *command, const char *output, const char *const *inputs, size_t input_count,
                cli_writer write, void *context);

/* Flushes standard output after a command printed to it: 0, or -1 after
 * printing "leaklab COMMAND: standard output: cannot write: why" (a full
 * disk, a closed pipe: the command must not exit 0). */
int cli_flush_stdout(const char *command);

/* Writes J (consumed) indented, with a final newline; 0 or -1. */
#include <jansson.h>
int cli_write_json(json_t *j, FILE *out);

/* A command's result delivered through cli_deliver as JSON (AS_JSON: from
 * TO_JSON, a new reference) or as text (WRITE_TEXT). */
typedef json_t *(*cli_json_renderer)(const void *result);
typedef void (*cli_text_renderer)(const void *result, FILE *out);
int cli_deliver_result(const char *command, const char *output, const char *const *inputs, size_t input_count,
                       const void *result, int as_json, cli_json_renderer to_json, cli_text_renderer write_text);

#endif
