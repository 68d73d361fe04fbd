/* `!dumpobj` (`!do`, `dumpobj` and `do` under dotnet-dump and lldb): each
 * object shown, its type (Name:), its size (Size:) and, for a collection,
 * how many items it holds (its instance field `_size`, `_count`, `count`,
 * `m_size` or `m_count`, an Int32 as the Fields table prints it). A
 * session of !dumpobj alone is what a user brings when one object is
 * suspected; a collection of hundreds of thousands of items is then what
 * to look at (look_at.c). See sos_parsers.h. */
#include "sos_parsers.h"
#include "leaklab/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest figure a series holds exactly (a double's 2^53). */
#define MAX_FIGURE 9007199254740992LL

static const char *const count_fields[] = {"_size", "_count", "count", "m_size", "m_count"};

/* The item count of one Fields row ("MT Field Offset Type VT Attr Value
 * Name"), or -1 when the row is not an Int32 instance count field. */
static long long items_in_row(const char *line)
{
    char mt[64], field[32], offset[32], type[256], vt[8], attr[32], value[64], name[256];
    if (sscanf(line, "%63s %31s %31s %255s %7s %31s %63s %255s", mt, field, offset, type, vt, attr, value, name) != 8 ||
        strcmp(type, "System.Int32") != 0 || strcmp(vt, "1") != 0 || strcmp(attr, "instance") != 0)
        return -1;
    for (size_t k = 0; k < sizeof count_fields / sizeof count_fields[0]; k++) {
        char *end;
        long long n = strtoll(value, &end, 10);
        if (strcmp(name, count_fields[k]) == 0 && *end == '\0' && end != value && n >= 0 && n <= INT32_MAX)
            return n; /* an Int32: a larger figure is not this field's */
    }
    return -1;
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
static void add_object(ll_windbg_dump *d, const char *type, int has_method_table, long long size, long long items)
{
    if (!type[0] || !has_method_table || size < 0)
        return;
    json_t *object = json_pack("{so sI}", LL_FIELD_OBJECT_TYPE, ll_json_text(type), LL_FIELD_OBJECT_SIZE,
                               (json_int_t)size);
    if (items >= 0)
        json_object_set_new(object, LL_FIELD_OBJECT_ITEMS, json_integer(items));
    json_array_append_new(d->objects, object);
    d->commands |= LL_SOS_DUMPOBJ;
}

void ll__sos_parse_objects(const ll_sos_output *o, const char *command, ll_sos_whose whose)
{
    (void)command;
    if (whose == LL_SOS_OTHERS)
        return;
    char buf[LINE_MAX_LEN], type[LINE_MAX_LEN] = "";
    long long size = -1, items = -1;
    int in_fields = 0, has_method_table = 0;
    for (size_t i = o->from; i < o->to; i++) {
        char *line = ll__trim(ll__line_copy(o->lines, i, buf, sizeof buf));
        if (ll__starts_with(line, "Name:")) {
            add_object(o->dump, type, has_method_table, size, items);
            ll__copy_cut(type, sizeof type, ll__trim(line + 5), strlen(ll__trim(line + 5)));
            size = items = -1;
            in_fields = has_method_table = 0;
        } else if (type[0] && ll__starts_with(line, "MethodTable:")) {
            has_method_table = 1;
        } else if (type[0] && ll__starts_with(line, "Size:")) {
            size = object_size(ll__trim(line + 5));
        } else if (type[0] && ll__starts_with(line, "Fields:")) {
            in_fields = 1;
        } else if (in_fields && items < 0) {
            items = items_in_row(line);
        }
    }
    add_object(o->dump, type, has_method_table, size, items);
}
