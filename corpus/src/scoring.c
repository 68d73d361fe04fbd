/* Scoring: what the analyzer found for each cell against its labels, the
 * confusion matrices (verdicts; kinds of the cells that name one) and the
 * changes since a baseline result. A cell is right when its verdict is one
 * of those allowed, a leak has the expected kind, no forbidden kind is
 * named, a leak's suspects mention the generator word, and, whatever the
 * verdict (a single dump's "what to look at" counts), some suspect names
 * each type the cell lists: the type a source's authors found. */
#include "corpus_internal.h"

#include "leaklab/text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int contains_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; *p; p++)
        if (strncasecmp(p, word, n) == 0)
            return 1;
    return 0;
}

static int list_has(const json_t *list, const char *word)
{
    size_t i;
    json_t *w;
    json_array_foreach(list, i, w) if (strcmp(json_string_value(w), word) == 0) return 1;
    return 0;
}

static json_t *expected_json(const ll_corpus_labels *l)
{
    return json_pack("{sO so sO so sO}", "verdicts", l->verdicts, "kind", l->kind ? json_string(l->kind) : json_null(),
                     "never", l->never, "generator", l->generator_word ? json_string(l->generator_word) : json_null(),
                     "names", l->names);
}

/* One string field of every suspect: "generator", which the generator word
 * must be found in, or "name_pattern" and "signature", where a type is
 * named (a native block's allocating frame is in its signature). */
static json_t *suspects_field(const json_t *report, const char *field, json_t *list)
{
    json_t *s;
    size_t i;
    json_array_foreach(json_object_get(report, "suspects"), i, s)
    {
        const char *g = json_string_value(json_object_get(s, field));
        if (g)
            json_array_append_new(list, json_string(g));
    }
    return list;
}

static int any_contains(const json_t *texts, const char *word)
{
    size_t i;
    json_t *t;
    json_array_foreach(texts, i, t) if (strstr(json_string_value(t), word)) return 1;
    return 0;
}

/* Why the found outcome is wrong, or NULL when it is right. */
static const char *judge(const ll_corpus_labels *cell, const char *verdict, const char *kind, const json_t *gens,
                         const json_t *named, char *why, size_t len)
{
    if (!list_has(cell->verdicts, verdict)) {
        snprintf(why, len, "verdict %s is not one of those allowed", verdict);
        return why;
    }
    int leak = strcmp(verdict, "leak") == 0;
    if (leak && cell->kind && strcmp(kind, cell->kind) != 0) {
        snprintf(why, len, "kind %s, expected %s", kind, cell->kind);
        return why;
    }
    if (list_has(cell->never, kind)) {
        snprintf(why, len, "kind %s must never be named", kind);
        return why;
    }
    if (leak && cell->generator_word) {
        size_t i;
        json_t *g;
        json_array_foreach(gens, i, g) if (contains_word(json_string_value(g), cell->generator_word)) return NULL;
        snprintf(why, len, "no suspect's generator mentions '%s'", cell->generator_word);
        return why;
    }
    size_t i;
    json_t *name;
    json_array_foreach(cell->names, i, name) if (!any_contains(named, json_string_value(name)))
    {
        snprintf(why, len, "no suspect names '%s'", json_string_value(name));
        return why;
    }
    return NULL;
}

/* One cell's outcome; REPORT NULL: ERROR says why there is none. */
static json_t *outcome_json(const ll_corpus_cell *cell, const json_t *report, const char *error, double seconds)
{
    json_t *outcome = json_pack("{sI ss so sf}", "line", (json_int_t)cell->line, "input", cell->input, "expected",
                                expected_json(cell->labels), "seconds", seconds);
    json_object_set_new(outcome, "notes", json_string(cell->labels->notes));
    if (!report) {
        json_object_set_new(outcome, "found", json_pack("{ss ss}", "verdict", "error", "error", error ? error : "?"));
        json_object_set_new(outcome, "right", json_false());
        json_object_set_new(outcome, "why", json_string(error ? error : "no report"));
        return outcome;
    }
    const char *verdict = json_string_value(json_object_get(report, "verdict"));
    const char *kind = json_string_value(json_object_get(report, "kind"));
    if (!verdict || !kind) {
        json_object_set_new(outcome, "found", json_pack("{ss ss}", "verdict", "error", "error", "report has no verdict"));
        json_object_set_new(outcome, "right", json_false());
        json_object_set_new(outcome, "why", json_string("the report has no verdict or kind"));
        return outcome;
    }
    json_t *gens = suspects_field(report, "generator", json_array());
    json_t *named = suspects_field(report, "signature", suspects_field(report, "name_pattern", json_array()));
    char why[512];
    const char *wrong = judge(cell->labels, verdict, kind, gens, named, why, sizeof why);
    json_object_set_new(outcome, "found",
                        json_pack("{ss ss so so}", "verdict", verdict, "kind", kind, "generators", gens, "names", named));
    json_object_set_new(outcome, "right", json_boolean(!wrong));
    if (wrong)
        json_object_set_new(outcome, "why", json_string(wrong));
    return outcome;
}

ll_corpus_result *ll_corpus_result_new(const ll_corpus *c)
{
    ll_corpus_result *r = calloc(1, sizeof *r);
    if (r && (!(r->labels = strdup(ll_corpus_path(c))) || !(r->outcomes = json_array()))) {
        ll_corpus_result_free(r);
        return NULL;
    }
    return r;
}

int ll_corpus_score(ll_corpus_result *r, const ll_corpus_cell *cell, const char *report_json, const char *error,
                    double seconds)
{
    json_t *report = report_json ? json_loads(report_json, 0, NULL) : NULL;
    if (report_json && !report)
        error = "the report is not JSON";
    int rc = json_array_append_new(r->outcomes, outcome_json(cell, report, error, seconds));
    json_decref(report);
    return rc;
}

void ll_corpus_result_free(ll_corpus_result *r)
{
    if (!r)
        return;
    free(r->labels);
    json_decref(r->outcomes);
    json_decref(r->doc);
    free(r);
}

static void count(json_t *matrix, const char *row, const char *column)
{
    json_t *r = json_object_get(matrix, row);
    if (!r) {
        r = json_object();
        json_object_set_new(matrix, row, r);
    }
    json_object_set_new(r, column, json_integer(json_integer_value(json_object_get(r, column)) + 1));
}

/* The expected row of a cell: its allowed verdicts, comma-joined. */
static void verdicts_label(const json_t *verdicts, char *out, size_t len)
{
    size_t i, used = 0;
    json_t *v;
    out[0] = '\0';
    json_array_foreach(verdicts, i, v) if (used < len) used += (size_t)snprintf(out + used, len - used, "%s%s",
                                                                             i ? "," : "", json_string_value(v));
}

/* Cells of BASELINE by input, and the changes in OUTCOMES since. */
static json_t *changes_since(const json_t *outcomes, const json_t *baseline, long *worse)
{
    json_t *changed = json_array(), *o, *b;
    size_t i, j;
    *worse = 0;
    json_array_foreach(outcomes, i, o)
    {
        const char *input = json_string_value(json_object_get(o, "input"));
        json_t *before = NULL;
        json_array_foreach(json_object_get(baseline, "cells"), j, b) if (strcmp(json_string_value(json_object_get(b, "input")), input) == 0)
        {
            before = b;
            break;
        }
        if (!before)
            continue;
        json_t *fb = json_object_get(before, "found"), *fo = json_object_get(o, "found");
        int was_right = json_is_true(json_object_get(before, "right")), is_right = json_is_true(json_object_get(o, "right"));
        if (json_equal(json_object_get(fb, "verdict"), json_object_get(fo, "verdict")) &&
            json_equal(json_object_get(fb, "kind"), json_object_get(fo, "kind")) && was_right == is_right)
            continue;
        const char *change = was_right && !is_right ? "worse" : !was_right && is_right ? "better" : "different";
        *worse += was_right && !is_right;
        json_array_append_new(changed, json_pack("{ss sI ss sO sO}", "input", input, "line",
                                                 json_integer_value(json_object_get(o, "line")), "change", change,
                                                 "before", fb, "now", fo));
    }
    return changed;
}

/* Whether DOC looks like a finished result; -1 with ERR naming NAME. */
static int check_result(const json_t *doc, const char *name, ll_error *err)
{
    json_t *cells = json_object_get(doc, "cells"), *c;
    size_t i;
    if (!json_is_array(cells)) {
        ll_error_set_code(err, LL_ERROR_FORMAT,
                          "%s: field 'cells': missing: not a result of leaklab corpus check --format json", name);
        return -1;
    }
    json_array_foreach(cells, i, c) if (!json_is_string(json_object_get(c, "input")) ||
                                        !json_is_object(json_object_get(c, "found")) ||
                                        !json_is_boolean(json_object_get(c, "right")))
    {
        ll_error_set_code(err, LL_ERROR_FORMAT, "%s: field 'cells[%zu]': needs input, found and right", name, i);
        return -1;
    }
    return 0;
}

static ll_corpus_result *read_back(json_t *doc, const json_error_t *jerr, const char *name, ll_error *err)
{
    char reason[JSON_ERROR_TEXT_LENGTH];
    if (!doc) {
        ll_error_set_code(err, LL_ERROR_FORMAT, "%s:%d: %s", name, jerr->line,
                          ll_json_error_reason(jerr, reason, sizeof reason));
        return NULL;
    }
    ll_corpus_result *r = check_result(doc, name, err) == 0 ? calloc(1, sizeof *r) : NULL;
    if (!r) {
        json_decref(doc);
        return NULL;
    }
    r->doc = doc;
    return r;
}

ll_corpus_result *ll_corpus_result_load(const char *path, ll_error *err)
{
    json_error_t jerr;
    return read_back(json_load_file(path, JSON_REJECT_DUPLICATES, &jerr), &jerr, path, err);
}

ll_corpus_result *ll_corpus_result_parse(const char *text, const char *name, ll_error *err)
{
    json_error_t jerr;
    return read_back(json_loads(text, JSON_REJECT_DUPLICATES, &jerr), &jerr, name, err);
}

void ll_corpus_finish(ll_corpus_result *r, const ll_corpus_result *baseline, double seconds)
{
    json_t *outcomes = r->outcomes;
    json_t *verdict_matrix = json_object(), *kind_matrix = json_object(), *o;
    size_t i;
    long right = 0, errors = 0;
    json_array_foreach(outcomes, i, o)
    {
        json_t *expected = json_object_get(o, "expected"), *found = json_object_get(o, "found");
        char row[64];
        verdicts_label(json_object_get(expected, "verdicts"), row, sizeof row);
        const char *fv = json_string_value(json_object_get(found, "verdict"));
        count(verdict_matrix, row, fv);
        const char *ek = json_string_value(json_object_get(expected, "kind"));
        if (ek)
            count(kind_matrix, ek, strcmp(fv, "error") == 0 ? "error" : json_string_value(json_object_get(found, "kind")));
        right += json_is_true(json_object_get(o, "right"));
        errors += strcmp(fv, "error") == 0;
    }
    json_t *result = json_pack("{ss sI sI sI sI sf so so sO}", "labels", r->labels, "cells_total",
                               (json_int_t)json_array_size(outcomes), "right", (json_int_t)right, "wrong",
                               (json_int_t)json_array_size(outcomes) - right, "errors", (json_int_t)errors, "seconds",
                               seconds, "verdict_matrix", verdict_matrix, "kind_matrix", kind_matrix, "cells",
                               outcomes);
    if (baseline) {
        long worse;
        json_object_set_new(result, "changed", changes_since(outcomes, baseline->doc, &worse));
        json_object_set_new(result, "worse_than_baseline", json_integer(worse));
    }
    json_decref(r->doc);
    r->doc = result;
}

int ll_corpus_failed(const ll_corpus_result *r)
{
    return json_integer_value(json_object_get(r->doc, "wrong")) > 0 || ll_corpus_worse_than_baseline(r) > 0;
}

long ll_corpus_worse_than_baseline(const ll_corpus_result *r)
{
    return (long)json_integer_value(json_object_get(r->doc, "worse_than_baseline"));
}
