/* `!dumpobj` (`!do`, `dumpobj` and `do` under dotnet-dump and lldb) and
 * `dumpalc`, which prints a collectible AssemblyLoadContext in the same
 * layout: each object shown, its type (Name:), its size (Size:) and, for
 * a collection, how many items it holds (its instance field `_size`,
 * `_count`, `count`, `m_size` or `m_count`, an Int32 as the Fields table
 * prints it). For a collectible AssemblyLoadContext, its state (`_state`:
 * 0 alive, 1 unloading) and how many contexts the process ever made (its
 * static `s_nextId`): a context still in a dump after its Unload() is one
 * something keeps. A session of !dumpobj alone is what a user brings when
 * one object is suspected; a collection of hundreds of thousands of items
 * is then what to look at (look_at.c).
 *
 * `!dumpmt` of a type loaded in a collectible context prints its
 * `LoaderAllocator:`; the same type name under many LoaderAllocators is
 * that many contexts alive with it. See sos_parsers.h. */
#include "sos_parsers.h"
#include "leaklab/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest figure a series holds exactly (a double's 2^53). */
#define MAX_FIGURE 9007199254740992LL

static const char *const count_fields[] = {"_size", "_count", "count", "m_size", "m_count"};

/* One Fields row: "MT Field Offset Type VT Attr Value Name", its Type
 * empty when SOS does not know it. VT is "1"/"0" in older SOS, "Yes"/"No"
 * in SOS 9 and later. */
struct field_row {
    char type[256], attr[32], value[64], name[256];
    int value_type;
};

static int read_field_row(const char *line, struct field_row *r)
{
    char t[8][256];
    int n = sscanf(line, "%255s %255s %255s %255s %255s %255s %255s %255s", t[0], t[1], t[2], t[3], t[4], t[5], t[6],
                   t[7]);
    if (n < 7)
        return -1;
    int typed = n == 8;
    const char *vt = t[3 + typed];
    if (strcmp(vt, "1") != 0 && strcmp(vt, "0") != 0 && strcmp(vt, "Yes") != 0 && strcmp(vt, "No") != 0)
        return -1;
    r->value_type = strcmp(vt, "1") == 0 || strcmp(vt, "Yes") == 0;
    ll__copy_cut(r->type, sizeof r->type, typed ? t[3] : "", typed ? strlen(t[3]) : 0);
    ll__copy_cut(r->attr, sizeof r->attr, t[4 + typed], strlen(t[4 + typed]));
    ll__copy_cut(r->value, sizeof r->value, t[5 + typed], strlen(t[5 + typed]));
    ll__copy_cut(r->name, sizeof r->name, t[6 + typed], strlen(t[6 + typed]));
    return 0;
}

/* ROW's decimal value when it is a value-type field of TYPE, or -1. */
static long long decimal_value(const struct field_row *r, const char *type, const char *attr, long long max)
{
    char *end;
    long long n = strtoll(r->value, &end, 10);
    if (!r->value_type || strcmp(r->type, type) != 0 || strcmp(r->attr, attr) != 0 || *end != '\0' ||
        end == r->value || n < 0 || n > max)
        return -1;
    return n;
}

/* What one object's Fields table says. */
struct object_fields {
    long long items;         /* a collection's count, or -1 */
    long long state;         /* an AssemblyLoadContext's _state, or -1 */
    long long contexts_made; /* its s_nextId, or -1 */
    int collectible;         /* its _isCollectible */
};

static void read_fields(const struct field_row *r, struct object_fields *f)
{
    for (size_t k = 0; f->items < 0 && k < sizeof count_fields / sizeof count_fields[0]; k++)
        if (strcmp(r->name, count_fields[k]) == 0)
            f->items = decimal_value(r, "System.Int32", "instance", INT32_MAX); /* an Int32: a larger figure is not it */
    if (strcmp(r->name, "_state") == 0)
        f->state = decimal_value(r, "System.Int32", "instance", INT32_MAX);
    else if (strcmp(r->name, "s_nextId") == 0)
        f->contexts_made = decimal_value(r, "System.Int64", "static", MAX_FIGURE);
    else if (strcmp(r->name, "_isCollectible") == 0)
        f->collectible = r->value_type && strcmp(r->type, "System.Boolean") == 0 && strcmp(r->value, "1") == 0;
}

/* "Size:        32(0x20) bytes": the decimal figure, or -1. */
static long long object_size(const char *text)
{
    char *end;
    long long n = strtoll(text, &end, 10);
    return end != text && n >= 0 && n <= MAX_FIGURE && (*end == '(' || *end == ' ') ? n : -1;
}

/* TYPE's object, when its block had a MethodTable and a size: a module's
 * or a domain's "Name:" is not an object's. */
static void add_object(const ll_sos_output *o, size_t line, const char *type, int has_method_table, long long size,
                       const struct object_fields *f)
{
    ll_windbg_dump *d = o->dump;
    if (!type[0] || !has_method_table || size < 0 || !ll__sos_room(o, d->objects, LL_SOS_BOUND_OBJECTS, line))
        return;
    json_t *object = json_pack("{so sI}", LL_FIELD_OBJECT_TYPE, ll_json_text(type), LL_FIELD_OBJECT_SIZE,
                               (json_int_t)size);
    if (f->items >= 0)
        json_object_set_new(object, LL_FIELD_OBJECT_ITEMS, json_integer(f->items));
    if (f->collectible && f->state >= 0)
        json_object_set_new(object, LL_FIELD_OBJECT_CONTEXT_STATE, json_string(f->state ? "unloading" : "alive"));
    if (f->collectible && f->contexts_made >= 0)
        json_object_set_new(object, LL_FIELD_OBJECT_CONTEXTS_MADE, json_integer(f->contexts_made));
    json_array_append_new(d->objects, object);
    d->commands |= LL_SOS_DUMPOBJ;
}

void ll__sos_parse_objects(const ll_sos_output *o, const char *command, ll_sos_whose whose)
{
    (void)command;
    if (whose == LL_SOS_OTHERS)
        return;
    char buf[LINE_MAX_LEN], type[LINE_MAX_LEN] = "";
    long long size = -1;
    struct object_fields fields = {-1, -1, -1, 0};
    int in_fields = 0, has_method_table = 0;
    for (size_t i = o->from; i < o->to; i++) {
        char *line = ll__trim(ll__line_copy(o->lines, i, buf, sizeof buf));
        struct field_row row;
        if (ll__starts_with(line, "Name:")) {
            add_object(o, i + 1, type, has_method_table, size, &fields);
            ll__copy_cut(type, sizeof type, ll__trim(line + 5), strlen(ll__trim(line + 5)));
            size = -1;
            fields = (struct object_fields){-1, -1, -1, 0};
            in_fields = has_method_table = 0;
        } else if (type[0] && ll__starts_with(line, "MethodTable:")) {
            has_method_table = 1;
        } else if (type[0] && ll__starts_with(line, "Size:")) {
            size = object_size(ll__trim(line + 5));
        } else if (type[0] && ll__starts_with(line, "Fields:")) {
            in_fields = 1;
        } else if (in_fields && read_field_row(line, &row) == 0) {
            read_fields(&row, &fields);
        }
    }
    add_object(o, o->to, type, has_method_table, size, &fields);
}

static void add_collectible_type(const ll_sos_output *o, size_t line, const char *type, const char *loader_allocator)
{
    ll_windbg_dump *d = o->dump;
    char address[32];
    if (!type[0] || ll__canonical_address(loader_allocator, address, sizeof address) < 0 ||
        !ll__sos_room(o, d->collectible_types, LL_SOS_BOUND_METHOD_TABLES, line))
        return;
    json_array_append_new(d->collectible_types, json_pack("{so ss}", LL_FIELD_COLLECTIBLE_TYPE, ll_json_text(type),
                                                          LL_FIELD_COLLECTIBLE_LOADER_ALLOCATOR, address));
    d->commands |= LL_SOS_DUMPMT;
}

void ll__sos_parse_method_tables(const ll_sos_output *o, const char *command, ll_sos_whose whose)
{
    (void)command;
    if (whose == LL_SOS_OTHERS)
        return;
    char buf[LINE_MAX_LEN], type[LINE_MAX_LEN] = "";
    for (size_t i = o->from; i < o->to; i++) {
        char *line = ll__trim(ll__line_copy(o->lines, i, buf, sizeof buf));
        if (ll__starts_with(line, "Name:"))
            ll__copy_cut(type, sizeof type, ll__trim(line + 5), strlen(ll__trim(line + 5)));
        else if (ll__starts_with(line, "LoaderAllocator:"))
            add_collectible_type(o, i + 1, type, ll__trim(line + 16));
        else if (ll__starts_with(line, "MethodTable:") || ll__starts_with(line, "EEClass:"))
            type[0] = '\0'; /* an object's or a class's block, not a method table's */
    }
}
