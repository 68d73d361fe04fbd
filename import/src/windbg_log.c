/* WinDbg, dotnet-dump and lldb session logs, or single command outputs.
 * A log is cut into command outputs at its prompt lines ("0:000> !cmd",
 * "> cmd", "(lldb) sos cmd"); a file without prompts is one output. Every
 * output is offered to each command's parser, which looks for its own
 * table, so `!eeheap` (loader and GC together), separate files and unknown
 * prompts all work (README.md, "SOS layouts", lists every layout read).
 * `dotnet-gcdump report` output, the heap statistics of a .NET Core dump,
 * is read alongside as a !dumpheap -stat.
 *
 * Files become dumps (windbg_dump.h): consecutive files whose commands do
 * not repeat one another are one dump, and a file that shows a command the
 * dump already has starts the next one; ll_import_add_dump groups files
 * explicitly. */
#include "sos_parsers.h"
#include "leaklab/text.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


/* The command on a prompt line ("0:000> !dumpmodule -mt 7fe8dda2f98",
 * "> eeheap", "(lldb) sos DumpHeap -stat"), or NULL if LINE is not one. */
static const char *prompt_command(const char *line)
{
    const char *p = line;
    /* Spaces, and a web page's emphasis around a command ("**!gcroot X**"). */
    while (*p == ' ' || *p == '*' || *p == '`')
        p++;
    if (ll__starts_with(p, "(lldb)"))
        return p + 6;
    if (*p == '>')
        return p + 1;
    /* A command as typed, its prompt left out (documentation pastes them so). */
    if (*p == '!' && isalpha((unsigned char)p[1]))
        return p;
    if (!isdigit((unsigned char)*p))
        return NULL;
    while (isdigit((unsigned char)*p) || *p == ':' || isalnum((unsigned char)*p))
        p++;
    return *p == '>' ? p + 1 : NULL;
}

int ll__sos_room(const ll_sos_output *o, json_t *table, enum ll_sos_bound bound, size_t line)
{
    static const struct {
        size_t max;
        const char *what;
    } bounds[] = {
        [LL_SOS_BOUND_HEAPS] = {1024, "!heap -s: heaps"},
        [LL_SOS_BOUND_SIZE_ROWS] = {4096, "!heap -stat -h: size rows"},
        [LL_SOS_BOUND_STACKS] = {1024, "!heap -p -a: stacks"},
        [LL_SOS_BOUND_FRAMES] = {256, "!heap -p -a: frames of one stack"},
        [LL_SOS_BOUND_ROOTS] = {10000, "!gcroot: root chains"},
        [LL_SOS_BOUND_LINKS] = {1000, "!gcroot: links of one chain"},
        [LL_SOS_BOUND_OBJECTS] = {100000, "!dumpobj: objects"},
        [LL_SOS_BOUND_METHOD_TABLES] = {100000, "!dumpmt: collectible types"},
        [LL_SOS_BOUND_MODULE_TYPES] = {10000, "!dumpmodule -mt: types of one module"},
    };
    if (json_array_size(table) < bounds[bound].max)
        return 1;
    if (!(o->dump->bounds_warned & 1u << bound))
        ll__import_warn(o->im, o->file, line, "%s: more than %zu in one dump: the rest is not kept", bounds[bound].what,
                        bounds[bound].max);
    o->dump->bounds_warned |= 1u << bound;
    return 0;
}

/* The parsers of command outputs, each with the commands it reads: a
 * known command's output is its parser's (the others read only the lines
 * that stand alone there, totals), anything else (no prompt, an unknown
 * one) is everyone's, each parser looking for its own table. */
static const struct {
    const char *const commands[2];
    void (*parse)(const ll_sos_output *o, const char *command, ll_sos_whose whose);
} parsers[] = {
    {{"!heap", NULL}, ll__sos_parse_native},
    {{"address", "eeheap"}, ll__sos_parse_memory},
    {{"dumpdomain", "dumpmodule"}, ll__sos_parse_domains},
    {{"dumpheap", NULL}, ll__sos_parse_heap},
    {{"gcroot", NULL}, ll__sos_parse_roots},
    {{"threads", NULL}, ll__sos_parse_threads},
    {{"dumpobj", "dumpalc"}, ll__sos_parse_objects},
    {{"dumpmt", NULL}, ll__sos_parse_method_tables},
};

static int reads(size_t parser, const char *command)
{
    for (int k = 0; k < 2 && parsers[parser].commands[k]; k++)
        if (ll__contains(command, parsers[parser].commands[k]))
            return 1;
    return 0;
}

static void parse_output(ll_import *im, ll_windbg_dump *d, const char *file, const ll_lines *l, size_t from, size_t to,
                         const char *command)
{
    const ll_sos_output o = {im, d, file, l, from, to};
    size_t n = sizeof parsers / sizeof parsers[0], known = n;
    for (size_t i = 0; command && i < n; i++)
        if (reads(i, command))
            known = i;
    for (size_t i = 0; i < n; i++)
        parsers[i].parse(&o, command, known == n ? LL_SOS_ANYONES : i == known ? LL_SOS_MINE : LL_SOS_OTHERS);
}

/* Whether FILE_DUMP repeats a command PENDING already has: a !dumpmodule
 * -mt of another module is not a repeat, one of the same module is. */
static int repeats(const ll_windbg_dump *pending, const ll_windbg_dump *file_dump)
{
    unsigned common =
        pending->commands & file_dump->commands &
        ~(unsigned)(LL_SOS_DUMPMODULE | LL_SOS_DUMPHEAP_TYPES | LL_SOS_GCROOT | LL_SOS_NATIVE_HEAP | LL_SOS_DUMPOBJ |
                    LL_SOS_DUMPMT);
    if (common)
        return 1;
    const char *key;
    json_t *v;
    json_object_foreach(file_dump->module_listings, key, v) if (json_object_get(pending->module_listings, key)) return 1;
    return 0;
}

/* The output in [FROM, TO) into *D, or, when it repeats a command *D
 * already has, into the next dump: *D goes to ADD and the output's dump
 * takes its place. -1 (with *D freed) when memory runs out. */
static int take_output(ll_import *im, ll_windbg_dump **d, const char *file, const ll_lines *lines, size_t from,
                       size_t to, const char *command, void (*add)(ll_import *im, ll_windbg_dump *d))
{
    ll_windbg_dump *part = ll__windbg_dump_new();
    if (!part) {
        ll__windbg_dump_free(*d);
        return -1;
    }
    parse_output(im, part, file, lines, from, to, command);
    if (!im->explicit_dump && !ll__windbg_dump_empty(*d) && repeats(*d, part)) {
        /* The prompt line above the output, or the first line below a table pasted above it. */
        char buf[LINE_MAX_LEN];
        size_t line = from > 0 && prompt_command(ll__line_copy(lines, from - 1, buf, sizeof buf)) ? from : from + 1;
        ll__import_warn(im, file, line, "a command this file already showed: what follows is the next dump");
        add(im, *d);
        *d = part;
        json_array_append_new(part->files, ll_json_text(file));
    } else {
        ll__windbg_dump_merge(*d, part);
    }
    return 0;
}

/* What FILE shows, as a dump of its own, output by output: an output that
 * repeats a command the file already showed (a second !dumpheap -stat
 * pasted days later below the first) starts the next dump, which ADD
 * takes; the last one is returned. With explicit dumps (--dump), a file
 * is one dump whatever it repeats. */
static ll_windbg_dump *parse_file(ll_import *im, const char *file, const ll_lines *lines,
                                  void (*add)(ll_import *im, ll_windbg_dump *d))
{
    ll_windbg_dump *d = ll__windbg_dump_new();
    if (!d)
        return NULL;
    json_array_append_new(d->files, ll_json_text(file));
    char buf[LINE_MAX_LEN], command[LINE_MAX_LEN] = "";
    size_t start = 0;
    int have_command = 0;
    for (size_t i = 0; i <= lines->count; i++) {
        const char *next = i < lines->count ? prompt_command(ll__line_copy(lines, i, buf, sizeof buf)) : NULL;
        if (i == lines->count || next) {
            const char *cmd = have_command ? command : NULL;
            /* Heap tables pasted one below the other without a prompt are outputs of their own. */
            size_t from = start, cut;
            do {
                cut = !cmd || ll__contains(cmd, "dumpheap") ? ll__sos_heap_table_restart(lines, from, i) : i;
                if (take_output(im, &d, file, lines, from, cut, cmd, add) < 0)
                    return NULL;
                from = cut;
            } while (cut < i);
            if (next) {
                ll__copy_cut(command, sizeof command, ll__trim((char *)next), strlen(ll__trim((char *)next)));
                have_command = 1;
                start = i + 1;
            }
        }
    }
    return d;
}

void ll__import_finish_dump(ll_import *im)
{
    if (!im->pending_dump)
        return;
    if (!ll__windbg_dump_empty(im->pending_dump))
        ll__windbg_dump_emit(im, im->pending_dump);
    ll__windbg_dump_free(im->pending_dump);
    im->pending_dump = NULL;
}

/* D (taken over), what a file or a part of it shows, added to the dumps:
 * one that repeats a command of the dump pending starts the next. */
static void add_to_dumps(ll_import *im, ll_windbg_dump *d)
{
    if (im->pending_dump && !im->explicit_dump && repeats(im->pending_dump, d))
        ll__import_finish_dump(im);
    if (im->pending_dump)
        ll__windbg_dump_merge(im->pending_dump, d);
    else
        im->pending_dump = d;
}

int ll__import_windbg_log(ll_import *im, const char *name, const ll_lines *lines, ll_error *err)
{
    ll_windbg_dump *d = parse_file(im, name, lines, add_to_dumps);
    if (!d) {
        ll_error_set(err, "%s: out of memory", name);
        return -1;
    }
    if (ll__windbg_dump_empty(d)) {
        ll__windbg_dump_free(d);
        ll_error_set(err, "%s: no known debugger output (!address -summary, !eeheap -gc, !eeheap -loader, "
                     "!dumpdomain, !dumpmodule -mt, !dumpheap -stat, !gcroot, !heap, !threads, !dumpobj, !dumpmt)", name);
        return -1;
    }
    add_to_dumps(im, d);
    return 0;
}
