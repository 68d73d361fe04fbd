/* `!gcroot`: what keeps an object alive, as SOS prints it (WinDbg,
 * dotnet-dump, lldb):
 *
 *   Thread 4ac:
 *       000000cf9499dd20 00007ffa7d0236bc example.Program.Main(System.String[]) [...Program.cs @ 70]
 *           rbp-20: 000000cf9499dd90
 *               ->  000002b78000d328 System.Reflection.RuntimeMethodInfo
 *   HandleTable:
 *       000002b7f8a81198 (strong handle)
 *       -> 000002b78000d948 test.Test
 *   Found 3 roots.
 *
 * Each root (a thread's frame, named by its method, or a handle, named by
 * its kind) becomes {root, chain: [type...]}, the types from the root to
 * the object asked about, which the analyzer reads to triage a collectible
 * context that cannot be unloaded. See sos_parsers.h. */
#include "sos_parsers.h"
#include "leaklab/text.h"

#include <stdio.h>
#include <string.h>

/* "->  ADDR Type" (or "-> ADDR Type"): the type, or NULL. */
static const char *chain_type(const char *line)
{
    if (!ll__starts_with(line, "->"))
        return NULL;
    char address[64];
    int end = 0;
    if (sscanf(line + 2, " %63s %n", address, &end) != 1 || !end || !line[2 + end])
        return NULL;
    return line + 2 + end;
}

/* "ADDR (strong handle)": the handle's kind, into KIND. */
static int handle_root(const char *line, char *kind, size_t len)
{
    const char *open = strchr(line, '('), *close = strrchr(line, ')');
    if (!open || !close || close < open || !strstr(open, "handle"))
        return -1;
    ll__copy_cut(kind, len, open + 1, (size_t)(close - open - 1));
    return 0;
}

/* "SP IP Namespace.Type.Method(args) [file @ line]": "the stack of METHOD". */
static int frame_root(const char *line, char *root, size_t len)
{
    char sp[64], ip[64];
    int end = 0;
    if (sscanf(line, "%63s %63s %n", sp, ip, &end) != 2 || !end || !strchr(line + end, '('))
        return -1;
    const char *method = line + end;
    size_t n = (size_t)(strchr(method, '(') - method);
    char name[512];
    ll__copy_cut(name, sizeof name, method, n);
    snprintf(root, len, "a local of %s", name);
    return 0;
}

static void keep_chain(ll_windbg_dump *d, const char *root, json_t **chain)
{
    if (*chain && json_array_size(*chain) && root[0])
        json_array_append_new(d->gcroots, json_pack("{ss so}", LL_FIELD_GCROOT_ROOT, root, LL_FIELD_GCROOT_CHAIN,
                                                    json_incref(*chain)));
    json_decref(*chain);
    *chain = NULL;
}

void ll__sos_parse_roots(const ll_sos_output *o, const char *command, ll_sos_whose whose)
{
    (void)command;
    if (whose == LL_SOS_OTHERS)
        return;
    char buf[LINE_MAX_LEN], root[600] = "", kind[128], frame[600];
    json_t *chain = NULL;
    int in_threads = 0, in_handles = 0, found = 0;
    for (size_t i = o->from; i < o->to; i++) {
        char *line = ll__trim(ll__line_copy(o->lines, i, buf, sizeof buf));
        const char *type = chain_type(line);
        if (type && root[0]) {
            if (!chain)
                chain = json_array();
            json_array_append_new(chain, ll_json_text(type));
            continue;
        }
        if (ll__starts_with(line, "Thread ") && line[strlen(line) - 1] == ':') {
            keep_chain(o->dump, root, &chain);
            in_threads = 1, in_handles = 0;
            root[0] = '\0';
        } else if (strcmp(line, "HandleTable:") == 0) {
            keep_chain(o->dump, root, &chain);
            in_handles = 1, in_threads = 0;
            root[0] = '\0';
        } else if (in_handles && handle_root(line, kind, sizeof kind) == 0) {
            keep_chain(o->dump, root, &chain);
            snprintf(root, sizeof root, "%s", kind);
        } else if (in_threads && frame_root(line, frame, sizeof frame) == 0) {
            keep_chain(o->dump, root, &chain);
            snprintf(root, sizeof root, "%s", frame);
        } else if (ll__starts_with(line, "Found ") && strstr(line, "root")) {
            found = 1;
        }
    }
    keep_chain(o->dump, root, &chain);
    if (json_array_size(o->dump->gcroots) || found)
        o->dump->commands |= LL_SOS_GCROOT;
}
