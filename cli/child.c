/* See child.h. */
#include "child.h"

#include "leaklab/report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs PROGRAM (looked up in PATH unless it has a slash) with ARGV, its
 * standard error ERR (-1: this process's); the signal that killed it, if
 * one did, in *KILLED_BY (may be NULL). */
static int run(const char *program, char *const *argv, int err, int *killed_by)
{
    if (killed_by)
        *killed_by = 0;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (err >= 0 && dup2(err, 2) < 0)
            _exit(126);
        execvp(program, argv);
        ll_text_printf(stderr, "leaklab: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (WIFSIGNALED(status) && killed_by)
        *killed_by = WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int cli_run_program(char *const *argv)
{
    return run(argv[0], argv, -1, NULL);
}

int cli_run_self(char **argv, int err, int *killed_by)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0) {
        ll_text_printf(stderr, "leaklab: cannot find this program: %s\n", strerror(errno));
        return -1;
    }
    self[n] = '\0';
    argv[0] = self;
    /* Through /proc/self/exe: a long sweep keeps working when the program
     * file is rebuilt or replaced meanwhile (the running one is still there). */
    return run("/proc/self/exe", argv, err, killed_by);
}
