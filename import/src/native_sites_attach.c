/* A run's snapshot series copied with native sites added to chosen
 * snapshots (native_sites.h): `leaklab native-sites` attaches the sites
 * of its shorter run to the longer run's snapshot at the same iteration,
 * and the longer run's own to its last, so that one series holds both
 * and the malloc figures they are compared with. Every other line is
 * copied as it is. */
#include "native_sites_internal.h"

#include "leaklab/snapshot.h"

#include <stdlib.h>
#include <string.h>

/* The snapshot record of LINE (LEN bytes), parsed, when it is one;
 * NULL otherwise. */
static json_t *snapshot_record(const char *line, size_t len)
{
    if (!memmem(line, len, "\"snapshot\"", 10))
        return NULL;
    json_t *rec = json_loadb(line, len, 0, NULL);
    const char *type = json_string_value(json_object_get(rec, LL_FIELD_TYPE));
    if (type && strcmp(type, ll_record_type_name(LL_RECORD_SNAPSHOT)) == 0)
        return rec;
    json_decref(rec);
    return NULL;
}

/* Writes REC with the sites taken at its iteration, if any; 1 when it
 * had some, 0 when not, -1 on an error. */
static int write_with_sites(json_t *rec, FILE *out, ll_native_sites *const *sites, const long *iterations,
                            size_t count, char *attached)
{
    json_int_t iteration = json_integer_value(json_object_get(rec, LL_FIELD_ITERATION));
    int found = 0;
    for (size_t k = 0; k < count; k++) {
        if (iterations[k] != iteration || attached[k])
            continue;
        json_t *rows = ll__native_sites_rows(sites[k]);
        if (!rows || json_object_set_new(rec, LL_FIELD_NATIVE_SITES, rows) < 0)
            return -1;
        attached[k] = 1;
        found = 1;
    }
    if (!found)
        return 0;
    char *text = json_dumps(rec, JSON_COMPACT);
    int rc = text && fputs(text, out) >= 0 && fputc('\n', out) != EOF ? 1 : -1;
    free(text);
    return rc;
}

int ll_native_sites_attach(FILE *series, const char *name, FILE *out, ll_native_sites *const *sites,
                           const long *iterations, size_t count, ll_error *err)
{
    char *buf = NULL, *attached = calloc(count ? count : 1, 1);
    size_t cap = 0, line = 0;
    long len = 0;
    int rc = attached ? 0 : -1;
    while (rc == 0 && (len = ll__read_bounded_line(series, &buf, &cap)) > 0) {
        line++;
        json_t *rec = snapshot_record(buf, (size_t)len);
        rc = rec ? write_with_sites(rec, out, sites, iterations, count, attached) : 0;
        json_decref(rec);
        if (rc == 0 && fwrite(buf, 1, (size_t)len, out) != (size_t)len)
            rc = -1;
        rc = rc < 0 ? -1 : 0;
    }
    if (rc < 0 || len < 0)
        ll_error_set_code(err, len == -1 ? LL_ERROR_LIMIT : LL_ERROR_IO, "%s:%zu: cannot copy the series", name,
                          line);
    for (size_t k = 0; rc == 0 && len == 0 && k < count; k++)
        if (!attached[k]) {
            ll_error_set_code(err, LL_ERROR_FORMAT, "%s: no snapshot at iteration %ld for its native sites", name,
                              iterations[k]);
            rc = -1;
        }
    free(buf);
    free(attached);
    return rc < 0 || len < 0 ? -1 : 0;
}
