/* The CoreCLR backend's heap walk: the runtime's own GC heap dump, taken
 * from outside the process by leaklab-heapdump (heapdump/, a .NET program
 * over the EventPipe client and TraceEvent), so that neither loads into
 * the measured process nor shows in its heap. The helper is started at the
 * first heap-shot, on a socket pair (its stdin and stdout), and ends when
 * the socket closes with this process; heapdump/Program.cs has the
 * protocol. A dump gives objects and bytes per type, or, when the visitor
 * wants references (retention paths), each object with its references and
 * the roots; a type is a MethodTable named by the dump, and the names are
 * kept here for class_name(). The dump has no field names: a reference is
 * known by its target only. */
#include "coreclr_backend.h"

#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

extern char **environ;

#define HELPER "heapdump/leaklab-heapdump.dll"

static struct {
    FILE *answers; /* the helper's stdout; NULL: not started, or gone */
    int fd;
} helper = {NULL, -1};

/* Type names by MethodTable: open addressing, grown by doubling. */
static struct {
    uint64_t *ids;
    char **names;
    size_t cap, used;
} types;

static size_t type_slot(uint64_t *ids, size_t cap, uint64_t id)
{
    size_t i = (size_t)((id >> 3) * UINT64_C(0x9E3779B97F4A7C15) >> 20) & (cap - 1);
    while (ids[i] && ids[i] != id)
        i = (i + 1) & (cap - 1);
    return i;
}

static int grow_types(void)
{
    size_t cap = types.cap ? types.cap * 2 : 1024;
    uint64_t *ids = calloc(cap, sizeof *ids);
    char **names = calloc(cap, sizeof *names);
    if (!ids || !names) {
        free(ids);
        free(names);
        return -1;
    }
    for (size_t i = 0; i < types.cap; i++)
        if (types.ids[i]) {
            size_t j = type_slot(ids, cap, types.ids[i]);
            ids[j] = types.ids[i];
            names[j] = types.names[i];
        }
    free(types.ids);
    free(types.names);
    types.ids = ids;
    types.names = names;
    types.cap = cap;
    return 0;
}

static void name_type(uint64_t id, const char *name)
{
    if (!id || ((types.used + 1) * 4 >= types.cap * 3 && grow_types() < 0))
        return;
    size_t i = type_slot(types.ids, types.cap, id);
    char *copy = strdup(name);
    if (!copy)
        return;
    if (!types.ids[i])
        types.used++;
    types.ids[i] = id;
    free(types.names[i]);
    types.names[i] = copy;
}

const char *ll__coreclr_type_name(uint64_t id)
{
    if (!types.cap || !id)
        return NULL;
    size_t i = type_slot(types.ids, types.cap, id);
    return types.ids[i] ? types.names[i] : NULL;
}

/* The helper, as `DOTNET DIR/HELPER PID SOCKET_DIR` (DOTNET found on PATH
 * when not a path), on a socket pair. */
static int start_helper(const char *dotnet, const char *dir, const char *socket_dir)
{
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
        return -1;
    char program[4200], pid[32];
    snprintf(program, sizeof program, "%s/%s", dir, HELPER);
    snprintf(pid, sizeof pid, "%ld", (long)getpid());
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pair[1], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pair[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    char *argv[] = {(char *)dotnet, program, pid, (char *)socket_dir, NULL};
    pid_t child;
    int rc = posix_spawnp(&child, dotnet, &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pair[1]);
    if (rc != 0 || !(helper.answers = fdopen(pair[0], "r"))) {
        close(pair[0]);
        return -1;
    }
    helper.fd = pair[0];
    return 0;
}

static void stop_helper(void)
{
    if (helper.answers)
        fclose(helper.answers);
    helper.answers = NULL;
    helper.fd = -1;
}

/* Sends REQUEST (a line); -1 when the helper is gone. */
static int ask(const char *request)
{
    size_t n = strlen(request);
    if (send(helper.fd, request, n, MSG_NOSIGNAL) == (ssize_t)n)
        return 0;
    stop_helper();
    return -1;
}

/* Whether the helper answered "started". */
static int started(void)
{
    char line[4096];
    if (!fgets(line, sizeof line, helper.answers)) {
        stop_helper();
        return 0;
    }
    return strcmp(line, "started\n") == 0;
}

/* The roots' names of the last graph dump: a capture's roots point to
 * them, and a capture lasts until the next walk (retention.h). */
static struct {
    char **names;
    size_t count, cap;
} root_names;

static void forget_root_names(void)
{
    for (size_t i = 0; i < root_names.count; i++)
        free(root_names.names[i]);
    root_names.count = 0;
}

/* NAME kept until the next dump; NULL when out of memory. */
static const char *keep_root_name(const char *name)
{
    if (root_names.count == root_names.cap) {
        size_t cap = root_names.cap ? root_names.cap * 2 : 64;
        char **names = realloc(root_names.names, cap * sizeof *names);
        if (!names)
            return NULL;
        root_names.names = names;
        root_names.cap = cap;
    }
    char *copy = strdup(name);
    if (copy)
        root_names.names[root_names.count++] = copy;
    return copy;
}

static const struct {
    const char *name;
    ll_root_kind kind;
} root_kinds[] = {
    {"static", LL_ROOT_STATIC}, {"handle", LL_ROOT_HANDLE},       {"other", LL_ROOT_OTHER},
    {"stack", LL_ROOT_STACK},   {"finalizer", LL_ROOT_FINALIZER},
};

/* A "root ADDRESS KIND NAME" record into WALK; -1 if it is not one. */
static int read_root(const ll_heap_visitor *walk, char *const *fields)
{
    for (size_t i = 0; i < sizeof root_kinds / sizeof *root_kinds; i++)
        if (strcmp(fields[2], root_kinds[i].name) == 0) {
            ll_root root = {root_kinds[i].kind, NULL, 0, keep_root_name(fields[3])};
            walk->root(walk->data, (uintptr_t)strtoull(fields[1], NULL, 16), &root);
            return 0;
        }
    return -1;
}

/* A "refs TARGET..." record of OBJECT into WALK. */
static void read_refs(const ll_heap_visitor *walk, uintptr_t object, const char *targets)
{
    uintptr_t batch[256];
    size_t n = 0;
    char *end;
    for (const char *t = targets;; t = end) {
        uintptr_t target = (uintptr_t)strtoull(t, &end, 16);
        if (end == t)
            break; /* the record's end */
        batch[n++] = target;
        if (n == sizeof batch / sizeof *batch) {
            walk->references(walk->data, object, batch, NULL, n);
            n = 0;
        }
    }
    if (n)
        walk->references(walk->data, object, batch, NULL, n);
}

enum record_read { RECORD_READ, RECORD_UNKNOWN, END_WHOLE, END_CUT };

/* One record of the helper's answer into WALK (OBJECT: the last object
 * record's address). */
static enum record_read read_record(const ll_heap_visitor *walk, char *line, uintptr_t *object)
{
    char *fields[4] = {line, NULL, NULL, NULL};
    for (int f = 1; f < 4 && fields[f - 1] && (fields[f] = strchr(fields[f - 1], '\t')); f++)
        *fields[f]++ = '\0';
    if (strcmp(fields[0], "type") == 0 && fields[2])
        name_type(strtoull(fields[1], NULL, 16), fields[2]);
    else if (strcmp(fields[0], "count") == 0 && fields[3] && walk->objects_of_class)
        walk->objects_of_class(walk->data, (const void *)(uintptr_t)strtoull(fields[1], NULL, 16),
                               strtoull(fields[2], NULL, 10), strtoull(fields[3], NULL, 10));
    else if (strcmp(fields[0], "object") == 0 && fields[3]) {
        *object = (uintptr_t)strtoull(fields[1], NULL, 16);
        walk->object(walk->data, *object, (const void *)(uintptr_t)strtoull(fields[2], NULL, 16),
                     strtoull(fields[3], NULL, 10));
    } else if (strcmp(fields[0], "refs") == 0 && fields[1] && walk->references)
        read_refs(walk, *object, fields[1]);
    else if (strcmp(fields[0], "root") == 0 && fields[3] && walk->root)
        return read_root(walk, fields) == 0 ? RECORD_READ : RECORD_UNKNOWN;
    else if (strcmp(fields[0], "end") == 0)
        return fields[1] && strcmp(fields[1], "whole") == 0 ? END_WHOLE : END_CUT;
    else if (strcmp(fields[0], "error") == 0)
        return END_CUT;
    return RECORD_READ;
}

/* Reads the helper's answer to "stop", to its end, into WALK: 0 when
 * the dump was whole and every record known, -1 otherwise. */
static int read_dump(const ll_heap_visitor *walk)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    uintptr_t object = 0;
    enum record_read read = RECORD_READ;
    int unknown = 0;
    while ((read == RECORD_READ || read == RECORD_UNKNOWN) && (len = getline(&line, &cap, helper.answers)) > 0) {
        if (line[len - 1] == '\n')
            line[len - 1] = '\0';
        read = read_record(walk, line, &object);
        unknown |= read == RECORD_UNKNOWN;
    }
    free(line);
    if (read != END_WHOLE && read != END_CUT)
        stop_helper(); /* it ended: the next heap-shot starts another */
    return read == END_WHOLE && !unknown ? 0 : -1;
}

int ll__coreclr_heap_dump(const char *dotnet, const char *dir, const char *socket_dir, const ll_heap_visitor *walk,
                          int (*collected)(int64_t arg), int64_t arg)
{
    /* A visitor that wants references wants each object: a graph dump. */
    int graph = walk->references != NULL;
    if (!graph && !walk->objects_of_class)
        return -1;
    if (!helper.answers && start_helper(dotnet, dir, socket_dir) < 0)
        return -1;
    forget_root_names();
    if (ask(graph ? "dump graph\n" : "dump\n") < 0 || !started())
        return -1;
    /* Without its collection the dump is empty, not whole: ended all the same. */
    int ran = collected(arg);
    if (ask("stop\n") < 0)
        return -1;
    return read_dump(walk) == 0 && ran ? 0 : -1;
}
