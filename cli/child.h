/* Running other programs from a command: this leaklab itself (`leaklab
 * run` in a process of its own, as corpus record and sweep do, since Mono
 * starts once per process and a leaking run would pollute the next) or a
 * tool such as gzip (corpus record compresses what it records). */
#ifndef LEAKLAB_CLI_CHILD_H
#define LEAKLAB_CLI_CHILD_H

#include <stddef.h>
#include <stdio.h>
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
/* This program's path, into BUF (LEN bytes): 0, or -1 after saying why. */
int cli_self_path(char *buf, size_t len);
/* Runs ARGV (ARGV[0] looked up in PATH) with its standard output sent to
 * OUT (a descriptor); returns as cli_run_program. */
int cli_run_program_to(char *const *argv, int out);
/* Starts ARGV with the write end of a pipe as its descriptor CHILD_FD
 * (give it "/dev/fd/CHILD_FD" as a file to write) and its standard output
 * sent to /dev/null; returns the pipe's read end, with the child's pid in
 * *PID, or NULL when it could not be started. Wait with cli_wait_program
 * once the stream is read and closed. */
FILE *cli_start_program_piped(char *const *argv, int child_fd, pid_t *pid);
/* The exit status of PID, or -1 when it was killed. */
int cli_wait_program(pid_t pid);

/* The child being waited for, or 0: a signal handler forwards to it. */
pid_t cli_running_child(void);

#endif
