/* Who keeps it, in the JSON report (report_json.h): a retention as
 * {instances, bytes, paths [{root, root_kind, chain [{type, field,
 * repeat?}], cut?, count, bytes, share, owner_retained?}], other,
 * unreachable}, written, and read back field by field. */
#include "report_json.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

static json_t *number_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *chain_json(const ll_retention_path *p)
{
    json_t *chain = json_array();
    for (size_t k = 0; k < p->chain_length; k++) {
        json_t *link = json_pack("{ss ss?}", "type", p->chain[k].type, "field", p->chain[k].field);
        if (link && p->chain[k].repeat > 1)
            json_object_set_new(link, "repeat", json_integer(p->chain[k].repeat));
        json_array_append_new(chain, link);
    }
    return chain;
}

static json_t *path_json(const ll_retention_path *p)
{
    json_t *j = json_pack("{ss ss so sb so so so so}", "root", p->root, "root_kind", p->root_kind, "chain",
                          chain_json(p), "cut", p->cut, "count", number_or_null(p->count), "bytes",
                          number_or_null(p->bytes), "share", number_or_null(p->share), "owner_retained",
                          number_or_null(p->owner_retained));
    return j;
}

json_t *ll__retention_json(const ll_retention *r)
{
    json_t *paths = json_array();
    for (size_t i = 0; i < r->path_count; i++)
        json_array_append_new(paths, path_json(&r->paths[i]));
    return json_pack("{so so so so so}", "instances", number_or_null(r->instances), "bytes", number_or_null(r->bytes),
                     "paths", paths, "other", number_or_null(r->other_count), "unreachable",
                     number_or_null(r->unreachable_count));
}

/* OBJ's array KEY of objects into *ITEMS (calloc'd, SIZE each), each read
 * by READ; their number. */
static size_t read_array(jr_reader *rd, const json_t *obj, const char *key, size_t size, void **items,
                         void (*read)(jr_reader *rd, const json_t *j, void *item))
{
    json_t *array = ll__jr_member(rd, obj, key, ll__jr_is_array, "an array");
    size_t n = json_array_size(array);
    *items = calloc(n ? n : 1, size);
    for (size_t k = 0; *items && k < n; k++) {
        json_t *item = json_array_get(array, k);
        if (json_is_object(item))
            read(rd, item, (char *)*items + k * size);
        else
            ll__jr_fail(rd, key, "an array of objects");
    }
    return *items ? n : 0;
}

static void read_link(jr_reader *rd, const json_t *j, void *item)
{
    ll_chain_link *link = item;
    link->type = ll__jr_string(rd, j, "type");
    link->field = json_is_null(json_object_get(j, "field")) ? NULL : ll__jr_string(rd, j, "field");
    link->repeat = json_object_get(j, "repeat") ? ll__jr_integer(rd, j, "repeat") : 1;
}

static void read_path(jr_reader *rd, const json_t *j, void *item)
{
    ll_retention_path *p = item;
    p->root = ll__jr_string(rd, j, "root");
    p->root_kind = ll__jr_string(rd, j, "root_kind");
    p->cut = ll__jr_boolean(rd, j, "cut");
    static const jr_field figures[] = {{"count", offsetof(ll_retention_path, count)},
                                       {"bytes", offsetof(ll_retention_path, bytes)},
                                       {"share", offsetof(ll_retention_path, share)},
                                       {"owner_retained", offsetof(ll_retention_path, owner_retained)}};
    ll__jr_read_doubles(rd, j, p, figures, JR_COUNT_OF(figures), ll__jr_number_or_nan);
    void *chain;
    p->chain_length = read_array(rd, j, "chain", sizeof *p->chain, &chain, read_link);
    p->chain = chain;
}

ll_retention *ll__retention_read(jr_reader *rd, const json_t *j)
{
    size_t at = ll__jr_enter(rd, "retention");
    ll_retention *r = json_is_object(j) ? calloc(1, sizeof *r) : NULL;
    if (!r) {
        ll__jr_fail(rd, "", "an object");
        ll__jr_leave(rd, at);
        return NULL;
    }
    static const jr_field figures[] = {{"instances", offsetof(ll_retention, instances)},
                                       {"bytes", offsetof(ll_retention, bytes)},
                                       {"other", offsetof(ll_retention, other_count)},
                                       {"unreachable", offsetof(ll_retention, unreachable_count)}};
    ll__jr_read_doubles(rd, j, r, figures, JR_COUNT_OF(figures), ll__jr_number_or_nan);
    void *paths;
    r->path_count = read_array(rd, j, "paths", sizeof *r->paths, &paths, read_path);
    r->paths = paths;
    ll__jr_leave(rd, at);
    return r;
}
