/* Writes hostile variants of a saved result, sweep or snapshot series for
 * the HTML payload test (tests/report/payload.sh): in each variant one
 * string value, or one object key, has markup appended that would set an
 * attribute or run script if a renderer wrote it unescaped. Every string
 * and every key of the input gets its variant; whether `leaklab report`
 * accepts it is the test's business (a refused one proves nothing either
 * way and is counted apart).
 * usage: payload_variants INPUT OUTDIR   (INPUT: .json, or .jsonl lines)
 * prints the number of variants written. The arrays of a series are cut to
 * their first three elements first (a typeset lists thousands of types),
 * so that the variants stay few enough to render. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAYLOAD "\"'><img src=x onerror=alert(1) data-pwned=1><script>document.title='pwned'</script>"

static long next_target, seen;
static int done_one;

/* Walks J in order; the NEXT_TARGET-th string or key gets the payload. */
static json_t *mutate(json_t *j)
{
    if (json_is_string(j)) {
        if (seen++ == next_target) {
            done_one = 1;
            char *s = NULL;
            if (asprintf(&s, "%s%s", json_string_value(j), PAYLOAD) < 0)
                exit(2);
            json_t *m = json_string(s);
            free(s);
            return m;
        }
        return json_incref(j);
    }
    if (json_is_array(j)) {
        json_t *a = json_array();
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) json_array_append_new(a, mutate(v));
        return a;
    }
    if (json_is_object(j)) {
        json_t *o = json_object();
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v) {
            char *k = NULL;
            if (seen++ == next_target) {
                done_one = 1;
                if (asprintf(&k, "%s%s", key, PAYLOAD) < 0)
                    exit(2);
            }
            json_object_set_new(o, k ? k : key, mutate(v));
            free(k);
        }
        return o;
    }
    return json_incref(j);
}

#define KEPT_ELEMENTS 3

static void shrink_arrays(json_t *j)
{
    if (json_is_array(j)) {
        while (json_array_size(j) > KEPT_ELEMENTS)
            json_array_remove(j, json_array_size(j) - 1);
    }
    size_t i;
    json_t *v;
    const char *key;
    if (json_is_array(j))
        json_array_foreach(j, i, v) shrink_arrays(v);
    else if (json_is_object(j))
        json_object_foreach(j, key, v) shrink_arrays(v);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: payload_variants INPUT OUTDIR\n");
        return 2;
    }
    const char *ext = strrchr(argv[1], '.');
    int lines = ext && strcmp(ext, ".jsonl") == 0;
    json_error_t e;
    json_t *docs = json_array();
    if (lines) {
        FILE *in = fopen(argv[1], "r");
        char *line = NULL;
        size_t cap = 0;
        while (in && getline(&line, &cap, in) > 0) {
            json_t *j = json_loads(line, 0, &e);
            if (!j)
                return fprintf(stderr, "%s: %s\n", argv[1], e.text), 2;
            json_array_append_new(docs, j);
        }
        free(line);
        if (!in)
            return perror(argv[1]), 2;
        fclose(in);
    } else {
        json_t *j = json_load_file(argv[1], 0, &e);
        if (!j)
            return fprintf(stderr, "%s: %s\n", argv[1], e.text), 2;
        json_array_append_new(docs, j);
    }
    size_t d;
    json_t *doc;
    json_array_foreach(docs, d, doc) if (lines)
        shrink_arrays(doc);
    long written = 0;
    for (next_target = 0;; next_target++) {
        seen = 0;
        done_one = 0;
        char path[4200];
        snprintf(path, sizeof path, "%s/v%05ld%s", argv[2], next_target, lines ? ".jsonl" : ".json");
        FILE *out = fopen(path, "w");
        if (!out)
            return perror(path), 2;
        json_array_foreach(docs, d, doc) {
            json_t *m = mutate(doc);
            json_dumpf(m, out, lines ? JSON_COMPACT : JSON_INDENT(1));
            fputc('\n', out);
            json_decref(m);
        }
        fclose(out);
        if (!done_one) {
            remove(path);
            break;
        }
        written++;
    }
    printf("%ld\n", written);
    json_decref(docs);
    return 0;
}
