/* See native_site_callers.h. */
#include "native_site_callers.h"

#include <stdlib.h>
#include <string.h>

struct row_lookup {
    const char *site;
    ll_value stack;
};

static int find_row(const ll_value *row, void *ctx)
{
    struct row_lookup *look = ctx;
    ll_value name = ll_value_member(row, LL_FIELD_SITE_NAME);
    if (name.kind != LL_VALUE_STRING || strcmp(name.string, look->site) != 0)
        return 0;
    look->stack = ll_value_member(row, LL_FIELD_SITE_STACK);
    return 1; /* found: stop */
}

struct joined {
    char *text;
    size_t len;
};

static int append_caller(const ll_value *caller, void *ctx)
{
    struct joined *j = ctx;
    if (caller->kind != LL_VALUE_STRING)
        return 0;
    size_t add = strlen(caller->string) + (j->len ? 3 : 0);
    char *grown = realloc(j->text, j->len + add + 1);
    if (!grown)
        return -1;
    j->text = grown;
    j->len += (size_t)sprintf(j->text + j->len, "%s%s", j->len ? " < " : "", caller->string);
    return 0;
}

int ll__native_site_callers(const ll_record *last, ll_type_growth *sites, size_t count)
{
    ll_value rows = last ? ll_record_value(last, LL_FIELD_NATIVE_SITES) : (ll_value){0};
    for (size_t i = 0; i < count; i++) {
        struct row_lookup look = {sites[i].type, {0}};
        ll_value_each_item(&rows, find_row, &look);
        struct joined j = {NULL, 0};
        if (ll_value_each_item(&look.stack, append_caller, &j) < 0) {
            free(j.text);
            return -1;
        }
        sites[i].callers = j.text;
    }
    return 0;
}
