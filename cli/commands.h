/* The leaklab commands, one file each in cli/. Each takes the arguments
 * after "leaklab" (ARGV[0] is the command's name) and returns the exit
 * status. */
#ifndef LEAKLAB_CLI_COMMANDS_H
#define LEAKLAB_CLI_COMMANDS_H

#include <stdio.h>

int cli_analyze(int argc, char **argv);
int cli_summary(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_corpus(int argc, char **argv);
/* `corpus record` (ARGV[0] is "record"), and the corpus command's usage. */
int cli_corpus_record(int argc, char **argv);
void cli_corpus_usage(FILE *out);
int cli_report(int argc, char **argv);

/* These run managed code: in a build without Mono (no_mono.c) they say so
 * and exit 2. */
int cli_list(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_sweep(int argc, char **argv);
int cli_native_sites(int argc, char **argv);

/* A whole number from 1 to INT_MAX, or -1. */
int cli_parse_count(const char *text, long *out);

#endif
