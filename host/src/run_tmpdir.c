/* Each run's own temporary folder, $TMPDIR/leaklab-run-PID-XXXXXX. TMPDIR
 * points there for the whole run (Mono reads it once, at start), so what
 * CodeDom writes (*.0.cs, *.dll, *.tmp) lands in it and is removed with it
 * at exit, whatever the scenario did. A run killed with SIGKILL cannot
 * remove its folder: the next run removes every folder whose pid is dead.
 * The folder the process had before stays where .NET's diagnostics
 * socket goes (runtime.h, ll__run_tmpdir_outer). */
#include "leaklab/host.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PREFIX "leaklab-run-"

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

void ll_run_tmpdir_remove(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *tmp_base(void)
{
    const char *tmp = getenv("TMPDIR");
    return tmp && *tmp ? tmp : "/tmp";
}

/* Folders of runs whose process is gone. Only our own (same owner), so a
 * folder another user planted is left alone. */
static void remove_stale(const char *base)
{
    DIR *dir = opendir(base);
    if (!dir)
        return;
    struct dirent *e;
    while ((e = readdir(dir))) {
        char *end;
        if (strncmp(e->d_name, PREFIX, strlen(PREFIX)) != 0)
            continue;
        long pid = strtol(e->d_name + strlen(PREFIX), &end, 10);
        if (pid <= 0 || *end != '-' || (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
            continue;
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", base, e->d_name);
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid())
            ll_run_tmpdir_remove(path);
    }
    closedir(dir);
}

/* The temporary folder the process had before its run's. */
static char outer[4096];

int ll_run_tmpdir_create(char *path, size_t len)
{
    const char *base = tmp_base();
    remove_stale(base);
    if ((size_t)snprintf(path, len, "%s/" PREFIX "%ld-XXXXXX", base, (long)getpid()) >= len || !mkdtemp(path))
        return -1;
    snprintf(outer, sizeof outer, "%s", base);
    return setenv("TMPDIR", path, 1);
}

const char *ll__run_tmpdir_outer(void)
{
    return outer[0] ? outer : tmp_base();
}
