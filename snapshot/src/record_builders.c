/* The writers' side of the format: one builder per record type, with the
 * fields every record of the type has, and the typeset registry. The host
 * (runs) and the importer (debugger and counters outputs) write through
 * them, so a field's name is spelled once. */
#include "leaklab/snapshot.h"
#include "leaklab/text.h"

#include <stdlib.h>

const char *ll_record_type_name(ll_record_type type)
{
    static const char *const names[] = {
        [LL_RECORD_HEADER] = "header",       [LL_RECORD_TYPESET] = "typeset", [LL_RECORD_ASSEMBLY] = "assembly",
        [LL_RECORD_UNLOAD] = "unload",       [LL_RECORD_ITERATION] = "iteration",
        [LL_RECORD_SNAPSHOT] = "snapshot",   [LL_RECORD_END] = "end",
    };
    return type <= LL_RECORD_END ? names[type] : "?";
}

json_t *ll_record_header(const char *context, const char *entry)
{
    return json_pack("{ss ss si ss so?}", LL_FIELD_TYPE, ll_record_type_name(LL_RECORD_HEADER), "format",
                     LL_SNAPSHOT_FORMAT, "version", LL_SNAPSHOT_VERSION, LL_FIELD_CONTEXT, context, LL_FIELD_ENTRY,
                     ll_json_text(entry));
}

json_t *ll_record_typeset(json_int_t id, json_t *types, json_t *refs)
{
    return json_pack("{ss sI sO sO}", LL_FIELD_TYPE, ll_record_type_name(LL_RECORD_TYPESET), LL_FIELD_ID, id,
                     LL_FIELD_MODULE_TYPES, types, LL_FIELD_MODULE_REFS, refs);
}

json_t *ll_record_assembly(json_int_t id, json_t *domain, json_int_t iteration, const char *name, const char *version,
                           const char *origin, const char *path, json_int_t typeset)
{
    return json_pack("{ss sI sO sI ss ss ss ss? sI}", LL_FIELD_TYPE, ll_record_type_name(LL_RECORD_ASSEMBLY),
                     LL_FIELD_ID, id, LL_FIELD_DOMAIN, domain, LL_FIELD_ITERATION, iteration, LL_FIELD_MODULE_NAME,
                     name, LL_FIELD_MODULE_VERSION, version, LL_FIELD_MODULE_ORIGIN, origin, LL_FIELD_MODULE_PATH, path,
                     LL_FIELD_TYPESET, typeset);
}

json_t *ll_record_unload(json_int_t id, json_int_t iteration)
{
    return json_pack("{ss sI sI}", LL_FIELD_TYPE, ll_record_type_name(LL_RECORD_UNLOAD), LL_FIELD_ID, id,
                     LL_FIELD_ITERATION, iteration);
}

json_t *ll_record_iteration(json_int_t iteration, double wall_ms, const char *exception_type,
                            const char *exception_message, const char *exception_stack)
{
    json_t *record = json_pack("{ss sI ss sf}", LL_FIELD_TYPE, ll_record_type_name(LL_RECORD_ITERATION),
                               LL_FIELD_ITERATION, iteration, LL_FIELD_OUTCOME, exception_type ? "failed" : "ok",
                               LL_FIELD_WALL_MS, wall_ms);
    if (exception_type)
        json_object_set_new(record, LL_FIELD_EXCEPTION,
                            json_pack("{ss ss? ss?}", LL_FIELD_EXCEPTION_TYPE, exception_type,
                                      LL_FIELD_EXCEPTION_MESSAGE, exception_message, LL_FIELD_EXCEPTION_STACK,
                                      exception_stack));
    return record;
}

json_t *ll_record_snapshot(json_int_t seq, json_int_t iteration)
{
    return json_pack("{ss sI sI}", LL_FIELD_TYPE, ll_record_type_name(LL_RECORD_SNAPSHOT), LL_FIELD_SEQ, seq,
                     LL_FIELD_ITERATION, iteration);
}

int ll_record_set_figure(json_t *record, const char *object, const char *key, json_t *value)
{
    json_t *into = json_object_get(record, object);
    if (!json_is_object(into) && json_object_set_new(record, object, into = json_object()) < 0) {
        json_decref(value);
        return -1;
    }
    return json_object_set_new(into, key, value);
}

/* Built without json_pack: a heap-shot writes hundreds of rows per
 * snapshot, and parsing the format string was a third of their cost. */
json_t *ll_record_type_row(const char *type, json_int_t count, json_int_t bytes)
{
    json_t *row = json_object();
    if (row && (json_object_set_new_nocheck(row, LL_FIELD_DUMPHEAP_TYPE, ll_json_text(type)) < 0 ||
                json_object_set_new_nocheck(row, LL_FIELD_DUMPHEAP_COUNT, json_integer(count)) < 0 ||
                json_object_set_new_nocheck(row, LL_FIELD_DUMPHEAP_SIZE, json_integer(bytes)) < 0)) {
        json_decref(row);
        return NULL;
    }
    return row;
}

json_t *ll_record_end(const char *status, json_int_t iterations, json_int_t failed_iterations, double elapsed_ms)
{
    return json_pack("{ss ss sI sI sf}", LL_FIELD_TYPE, ll_record_type_name(LL_RECORD_END), LL_FIELD_STATUS, status,
                     LL_FIELD_ITERATIONS, iterations, LL_FIELD_FAILED_ITERATIONS, failed_iterations, LL_FIELD_ELAPSED_MS, elapsed_ms);
}

/* --- the typeset registry ------------------------------------------------ */

struct ll_typeset_registry {
    json_t *ids; /* compact JSON text of [types, refs] -> id */
};

ll_typeset_registry *ll_typeset_registry_new(void)
{
    ll_typeset_registry *r = calloc(1, sizeof *r);
    if (r && !(r->ids = json_object())) {
        free(r);
        r = NULL;
    }
    return r;
}

void ll_typeset_registry_free(ll_typeset_registry *r)
{
    if (!r)
        return;
    json_decref(r->ids);
    free(r);
}

json_int_t ll_typeset_registry_id(ll_typeset_registry *r, json_t *types, json_t *refs, json_t **record)
{
    *record = NULL;
    json_t *signature = json_pack("[OO]", types, refs);
    char *text = signature ? json_dumps(signature, JSON_COMPACT) : NULL;
    json_decref(signature);
    if (!text)
        return 0;
    json_t *known = json_object_get(r->ids, text);
    json_int_t id = known ? json_integer_value(known) : (json_int_t)json_object_size(r->ids) + 1;
    if (!known) {
        json_object_set_new(r->ids, text, json_integer(id));
        *record = ll_record_typeset(id, types, refs);
    }
    free(text);
    return id;
}
