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
 * and CLR 2's, a link a line (the .NET docs' GC performance page):
 *
 *   ebx:Root:19011c5c(System.Windows.Forms.Application+ThreadContext)->
 *   19010b78(DemoApp.FormDemoApp)->
 *   ... [omitted]
 *   1c37b2ac(System.Double[])
 *   DOMAIN(001CCE68):HANDLE(Pinned):1213fc:Root:02383010(System.Object[])->
 *
 * Each root (a thread's frame, named by its method, or a handle, named by
 * its kind) becomes {root, chain: [type...]}, the types from the root to
 * the object asked about, which the analyzer reads to name what keeps it
 * (and a collectible context that cannot be unloaded). See sos_parsers.h. */
#include "sos_parsers.h"
#include "leaklab/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "->  ADDR Type", "-> ADDR Type" or, printed without addresses, "-> Type":
 * the type, or NULL. */
static const char *chain_type(const char *line)
{
    if (!ll__starts_with(line, "->"))
        return NULL;
    char address[64];
    int end = 0;
    if (sscanf(line + 2, " %63s %n", address, &end) != 1)
        return NULL;
    if (ll__parse_hex(address) >= 0)
        return end && line[2 + end] ? line + 2 + end : NULL; /* SOS 10's " (static variable: X)" cut by the caller */
    const char *type = line + 2;
    while (*type == ' ')
        type++;
    return type;
}

/* The runtime's handle kinds by number (gcinterface.h's HNDTYPE_*): SOS
 * 10 prints the number of a kind its ClrMD has no name for, "(10)" for
 * .NET 9's weak interior pointers, which keep nothing. */
static const char *const handle_kinds[] = {
    "weak short handle",   "weak long handle",      "strong handle",      "pinned handle",
    "variable handle",     "ref counted handle",    "dependent handle",   "async pinned handle",
    "sized ref handle",    "weak native COM handle", "weak interior pointer handle", "cross reference handle",
};

/* "ADDR (strong handle)", or "ADDR (10)": the handle's kind, into KIND. */
static int handle_root(const char *line, char *kind, size_t len)
{
    const char *open = strchr(line, '('), *close = strrchr(line, ')');
    if (!open || !close || close < open)
        return -1;
    char *end;
    unsigned long number = strtoul(open + 1, &end, 10);
    if (end == close && end > open + 1) {
        if (number < sizeof handle_kinds / sizeof *handle_kinds)
            snprintf(kind, len, "%s (kind %lu)", handle_kinds[number], number);
        else
            snprintf(kind, len, "handle of kind %lu", number);
        return 0;
    }
    if (!strstr(open, "handle"))
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

/* "ADDR(Type)" or "ADDR(Type)->" at LINE: the type into TYPE; -1 if LINE
 * is no such link. */
static int clr2_link(const char *line, char *type, size_t len)
{
    const char *open = strchr(line, '(');
    size_t n = strlen(line);
    if (n >= 2 && strcmp(line + n - 2, "->") == 0)
        n -= 2;
    if (!open || open == line || n < 3 || line[n - 1] != ')')
        return -1;
    for (const char *p = line; p < open; p++)
        if (!isxdigit((unsigned char)*p))
            return -1;
    ll__copy_cut(type, len, open + 1, (size_t)(line + n - 1 - open - 1));
    return 0;
}

/* CLR 2's root line, "WHERE:Root:ADDR(Type)->": the root (a handle's kind,
 * or a local in a register or stack slot) into ROOT and the first link's
 * type into TYPE; -1 if LINE is none. */
static int clr2_root(const char *line, char *root, size_t root_len, char *type, size_t type_len)
{
    const char *mark = strstr(line, ":Root:"), *handle = strstr(line, "HANDLE(");
    if (!mark || clr2_link(mark + 6, type, type_len) < 0)
        return -1;
    if (handle && handle < mark) {
        const char *close = strchr(handle, ')');
        char kind[64];
        ll__copy_cut(kind, sizeof kind, handle + 7, close && close < mark ? (size_t)(close - handle - 7) : 0);
        for (char *k = kind; *k; k++)
            *k = (char)tolower((unsigned char)*k);
        snprintf(root, root_len, "%s handle", kind);
    } else {
        char where[64];
        ll__copy_cut(where, sizeof where, line, (size_t)(mark - line));
        snprintf(root, root_len, "a local (%s) of a thread's stack", where);
    }
    return 0;
}

static void keep_chain(const ll_sos_output *o, size_t line, const char *root, json_t **chain)
{
    ll_windbg_dump *d = o->dump;
    if (*chain && json_array_size(*chain) && root[0] && ll__sos_room(o, d->gcroots, LL_SOS_BOUND_ROOTS, line))
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
    int in_threads = 0, in_handles = 0, in_clr2 = 0, found = 0;
    for (size_t i = o->from; i < o->to; i++) {
        char *line = ll__trim(ll__line_copy(o->lines, i, buf, sizeof buf)), link[600];
        const char *type = chain_type(line);
        if (type && root[0]) {
            if (!chain)
                chain = json_array();
            /* SOS 10 adds " (static variable: Type.field)" to a static's
             * object: a guess of its own, not part of the type's name. */
            char *note = strstr(type, " (static variable: ");
            ll__copy_cut(link, sizeof link, type, note ? (size_t)(note - type) : strlen(type));
            if (ll__sos_room(o, chain, LL_SOS_BOUND_LINKS, i + 1))
                json_array_append_new(chain, ll_json_text(ll__trim(link)));
            continue;
        }
        if (clr2_root(line, frame, sizeof frame, link, sizeof link) == 0) {
            keep_chain(o, i + 1, root, &chain);
            snprintf(root, sizeof root, "%s", frame);
            chain = json_array();
            json_array_append_new(chain, ll_json_text(link));
            in_clr2 = 1;
            continue;
        }
        if (in_clr2 && chain && clr2_link(line, link, sizeof link) == 0) {
            if (ll__sos_room(o, chain, LL_SOS_BOUND_LINKS, i + 1))
                json_array_append_new(chain, ll_json_text(link));
            continue;
        }
        if (in_clr2 && ll__starts_with(line, "..."))
            continue; /* a cut the user made inside the chain */
        if (ll__starts_with(line, "Thread ") && line[strlen(line) - 1] == ':') {
            keep_chain(o, i + 1, root, &chain);
            in_threads = 1, in_handles = 0;
            root[0] = '\0';
        } else if (strcmp(line, "HandleTable:") == 0) {
            keep_chain(o, i + 1, root, &chain);
            in_handles = 1, in_threads = 0;
            root[0] = '\0';
        } else if (in_handles && handle_root(line, kind, sizeof kind) == 0) {
            keep_chain(o, i + 1, root, &chain);
            snprintf(root, sizeof root, "%s", kind);
        } else if (in_threads && frame_root(line, frame, sizeof frame) == 0) {
            keep_chain(o, i + 1, root, &chain);
            snprintf(root, sizeof root, "%s", frame);
        } else if (ll__starts_with(line, "Found ") && strstr(line, "root")) {
            found = 1;
        }
    }
    keep_chain(o, o->to, root, &chain);
    if (json_array_size(o->dump->gcroots) || found)
        o->dump->commands |= LL_SOS_GCROOT;
}
