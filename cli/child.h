/* Running other programs from a command: this leaklab itself (`leaklab
 * run` in a process of its own, as corpus record and sweep do, since Mono
 * starts once per process and a leaking run would pollute the next) or a
 * tool such as gzip (corpus record compresses what it records). */
#ifndef LEAKLAB_CLI_CHILD_H
#define LEAKLAB_CLI_CHILD_H

#include <sys/types.h>

/* Runs ARGV (NULL-terminated, ARGV[0] looked up in PATH) and returns its
 * exit status, or -1 if it could not be started or was killed. */
int cli_run_program(char *const *argv);

/* The same with this program as ARGV[0] (ARGV[0] is replaced), its
 * standard error ERR (-1: this process's), and the signal that killed it,
 * if one did, in *KILLED_BY (may be NULL). */
int cli_run_self(char **argv, int err, int *killed_by);
/* The same, asked to stop (SIGTERM, then SIGKILL after a grace period)
 * past DEADLINE seconds (0: none); *TIMED_OUT (may be NULL) says if it was. */
int cli_run_self_until(char **argv, int err, int *killed_by, double deadline, int *timed_out);
/* The child being waited for, or 0: a signal handler forwards to it. */
pid_t cli_running_child(void);

#endif
