/* The SOS commands about assemblies: `!dumpdomain` (the assemblies of
 * each domain and their modules) and `!dumpmodule -mt` (the types a module
 * defines and references). See sos_parsers.h. */
#include "sos_parsers.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void add_assembly_line(ll_windbg_dump *d, const char *domain, const char *line)
{
    const char *open = strchr(line, '['), *close = strrchr(line, ']');
    char content[1024] = "", address[64] = "-";
    if (open && close && close > open)
        ll__copy_cut(content, sizeof content, open + 1, (size_t)(close - open - 1));
    sscanf(line, "Assembly: %63s", address);
    ll__windbg_dump_add_assembly(d, domain, address, ll__trim(content), strstr(line, "(Dynamic)") != NULL);
}

/* A module line under "Module Name" (CLR 2/4 SOS: "<addr>  <path>") or
 * "Module" (.NET Core SOS: "  <addr>    <path, display name, Dynamic
 * Module or Unknown Module>"); 0 if LINE is one. */
static int add_module_line(ll_windbg_dump *d, const char *line)
{
    char address[64];
    int name_at = 0;
    if (sscanf(line, "%63s %n", address, &name_at) != 1 || ll__parse_hex(address) < 0)
        return -1;
    ll__windbg_dump_add_module(d, address, line + name_at);
    return 0;
}

/* A listing cut by whoever pasted it: "..." (or "…") where rows were left out. */
static int cut_mark(const char *line)
{
    return strcmp(line, "...") == 0 || strcmp(line, "\xe2\x80\xa6") == 0;
}

static void parse_dumpdomain(const ll_sos_output *o)
{
    ll_windbg_dump *d = o->dump;
    char buf[LINE_MAX_LEN], domain[64] = "";
    int modules = 0, any = 0;
    for (size_t i = o->from; i < o->to; i++) {
        char *line = ll__trim(ll__line_copy(o->lines, i, buf, sizeof buf));
        if (any && cut_mark(line))
            ll__import_warn(o->im, o->file, i + 1, "the !dumpdomain listing is cut here (\"%s\"): more assemblies "
                           "were loaded than it shows, and their counts are a lower bound", line);
        else if (ll__starts_with(line, "System Domain:"))
            snprintf(domain, sizeof domain, "System Domain");
        else if (ll__starts_with(line, "Shared Domain:"))
            snprintf(domain, sizeof domain, "Shared Domain");
        else if (ll__starts_with(line, "Domain ") && strchr(line, ':'))
            ll__copy_cut(domain, sizeof domain, line, (size_t)(strchr(line, ':') - line));
        else if (ll__starts_with(line, "Assembly:") && strchr(line, '[') && domain[0]) {
            add_assembly_line(d, domain, line);
            modules = 0;
            any = 1;
        } else if (strcmp(line, "Module Name") == 0 || strcmp(line, "Module") == 0) {
            modules = any;
        } else if (!*line || (modules && add_module_line(d, line) < 0)) {
            modules = 0;
        }
    }
    if (any)
        d->commands |= LL_SOS_DUMPDOMAIN;
}

/* "MT  token  Name" rows under "Types defined/referenced in this module";
 * the listing is joined to its assembly by the module address (the
 * command's argument) or by its `Name:`. */
static void parse_dumpmodule(const ll_sos_output *o, const ll_lines *l, size_t from, size_t to, const char *argument)
{
    ll_windbg_dump *d = o->dump;
    char buf[LINE_MAX_LEN], name[1024] = "";
    json_t *types = json_array(), *refs = json_array(), *into = NULL;
    for (size_t i = from; i < to; i++) {
        char *line = ll__trim(ll__line_copy(l, i, buf, sizeof buf));
        if (ll__starts_with(line, "Name:"))
            ll__copy_cut(name, sizeof name, ll__trim(line + 5), strlen(ll__trim(line + 5)));
        else if (ll__starts_with(line, "Types defined in this module"))
            into = types;
        else if (ll__starts_with(line, "Types referenced in this module"))
            into = refs;
        else if (into && *line && !ll__starts_with(line, "MT") && !ll__starts_with(line, "---")) {
            char mt[64], token[64];
            int name_at = 0;
            if (sscanf(line, "%63s %63s %n", mt, token, &name_at) == 2 && name_at && ll__parse_hex(mt) >= 0 &&
                ll__starts_with(token, "0x0") && ll__sos_room(o, into, LL_SOS_BOUND_MODULE_TYPES, i + 1))
                json_array_append_new(into, into == types ? json_pack("{ss sn}", "name", line + name_at, "base")
                                                          : json_string(line + name_at));
        }
    }
    if (!json_array_size(types) && !json_array_size(refs)) {
        json_decref(types);
        json_decref(refs);
        return;
    }
    json_t *set = json_pack("{so so}", "types", types, "refs", refs);
    char address[40];
    if (*argument && ll__canonical_address(argument, address, sizeof address) == 0) {
        json_object_set(d->modules, address, set);
        json_object_set_new(d->module_listings, address, json_true());
    }
    if (*name && strcmp(name, "Unknown Module") != 0 && strcmp(name, "Dynamic Module") != 0) {
        json_object_set(d->modules, name, set);
        json_object_set_new(d->module_listings, name, json_true());
    }
    json_decref(set);
    d->commands |= LL_SOS_DUMPMODULE;
}


void ll__sos_parse_domains(const ll_sos_output *o, const char *command, ll_sos_whose whose)
{
    if (whose == LL_SOS_OTHERS)
        return;
    int chosen = whose == LL_SOS_MINE;
    if (!chosen || ll__contains(command, "dumpdomain"))
        parse_dumpdomain(o);
    if (!chosen || ll__contains(command, "dumpmodule")) {
        char argument[128] = "";
        const char *last = chosen ? strrchr(command, ' ') : NULL;
        ll__copy_cut(argument, sizeof argument, last ? last + 1 : "", last ? strlen(last + 1) : 0);
        parse_dumpmodule(o, o->lines, o->from, o->to, argument);
    }
}
