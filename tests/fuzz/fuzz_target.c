/* libFuzzer targets, one per input format; FUZZ_TARGET (set by
 * tests/CMakeLists.txt) chooses which this binary is:
 *   snapshot          the snapshot reader and the analyzer, its text, JSON
 *                     and HTML reports included;
 *   windbg, counters-csv, counters-json, counters-monitor, mprof-heapshot
 *                     one importer, its format forced (the heap shots
 *                     analysed too: what grows, by type);
 *   roundtrip         import (format detected) -> write -> read back ->
 *                     analyze, as `leaklab analyze --import` does;
 *   labels            a corpus labels file, each cell scored against a
 *                     report, and the result as text and JUnit XML;
 *   report-json       any JSON object `leaklab report` would accept as a
 *                     saved result or a sweep, rendered as text, HTML and
 *                     Markdown (a crafted file must not crash a renderer);
 *   record-reader     the snapshot reader's fast paths against jansson, the
 *                     oracle: every record simdjson read must be the very
 *                     JSON jansson reads from its line (same values, same
 *                     types), or jansson must have been left to judge it;
 *   native-sites      heaptrack's collapsed stacks and valgrind's leak
 *                     records (the reader as a stream), analysed.
 * The libraries are built with -fsanitize=fuzzer-no-link, so coverage
 * guides the fuzzer through their code, not just through this file.
 * Whatever the input: a report, a warning or an error, never a crash. */
#include "leaklab/analyzer.h"
#include "leaklab/corpus.h"
#include "leaklab/import.h"
#include "leaklab/report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNAPSHOT 0
#define WINDBG 1
#define COUNTERS_CSV 2
#define COUNTERS_JSON 3
#define COUNTERS_MONITOR 4
#define ROUNDTRIP 5
#define LABELS 6
#define REPORT_JSON 7
#define MPROF_HEAPSHOT 8
#define RECORD_READER 9
#define NATIVE_SITES 10

static void analyze_stream(FILE *stream)
{
    ll_thresholds t;
    ll_error err;
    ll_thresholds_default(&t);
    ll_report *report = ll_analyze_stream(stream, "fuzz.jsonl", &t, &err);
    if (!report)
        return;
    FILE *sink = fopen("/dev/null", "w");
    ll_report_write_text(report, sink);
    json_t *j = ll_report_to_json(report);
    json_dumpf(j, sink, JSON_INDENT(2));
    ll_html_input page = {"fuzz", report, NULL};
    ll_report_write_html("fuzz", &page, 1, sink);
    /* Oracle: a JSON report reads back into a result that writes the same
     * JSON. */
    ll_report *back = ll_report_from_json(j, "fuzz.json", &err);
    json_t *again = back ? ll_report_to_json(back) : NULL;
    if (!again || !json_equal(j, again)) {
        fprintf(stderr, "JSON report does not read back: %s\n", back ? "different" : err.message);
        abort();
    }
    json_decref(again);
    ll_result_free(back);
    json_decref(j);
    fclose(sink);
    ll_result_free(report);
}

static void import_text(const uint8_t *data, size_t size, ll_import_format format, int analyze)
{
    ll_import *im = ll_import_new();
    ll_error err;
    if (!im)
        return;
    ll_import_add_text(im, "fuzz.log", (const char *)data, size, format, &err);
    FILE *series = analyze ? tmpfile() : NULL;
    if (series && ll_import_write_stream(im, series, "fuzz series", &err) == 0) {
        rewind(series);
        analyze_stream(series);
    } else if (series) {
        fclose(series);
    }
    ll_import_free(im);
}

static void score_labels(const uint8_t *data, size_t size)
{
    FILE *in = fmemopen((void *)data, size ? size : 1, "r");
    ll_error err;
    ll_corpus *c = in ? ll_corpus_read(in, "fuzz.tsv", "/nonexistent", &err) : NULL;
    if (in)
        fclose(in);
    if (!c)
        return;
    const char *report = "{\"verdict\":\"leak\",\"kind\":\"native\",\"suspects\":[{\"generator\":\"CodeDom SOAP proxy\"}]}";
    ll_corpus_result *baseline = ll_corpus_result_new(c), *result = ll_corpus_result_new(c);
    for (size_t i = 0; baseline && result && i < ll_corpus_count(c); i++) {
        ll_corpus_score(baseline, ll_corpus_cell_at(c, i), i % 2 ? report : NULL, "error", 0);
        ll_corpus_score(result, ll_corpus_cell_at(c, i), i % 2 ? NULL : report, "error", 0);
    }
    if (baseline && result) {
        ll_corpus_finish(baseline, NULL, 0);
        ll_corpus_finish(result, baseline, 0);
        FILE *sink = fopen("/dev/null", "w");
        ll_corpus_write_text(result, sink);
        ll_corpus_write_junit(result, sink);
        ll_corpus_write_json(result, sink);
        fclose(sink);
    }
    ll_corpus_result_free(result);
    ll_corpus_result_free(baseline);
    ll_corpus_free(c);
}

static void render_json(const uint8_t *data, size_t size)
{
    json_error_t jerr;
    json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(j)) {
        json_decref(j);
        return;
    }
    FILE *sink = fopen("/dev/null", "w");
    ll_html_input page = {"fuzz", NULL, NULL};
    ll_report *report = NULL;
    ll_sweep *sweep = NULL;
    ll_error err;
    if (ll_document_is_sweep(j)) {
        sweep = ll_sweep_from_json(j, "fuzz.json", &err);
        if (sweep) {
            ll_sweep_write_markdown(sweep, sink);
            json_decref(ll_sweep_to_json(sweep));
        }
        page.sweep = sweep;
    } else {
        report = ll_report_from_json(j, "fuzz.json", &err);
        ll_comparison comparison;
        if (report) {
            ll_report_write_text(report, sink);
            if (ll_compare_reports(report, report, &comparison, &err) == 0) {
                ll_comparison_write_text(&comparison, sink);
                json_decref(ll_comparison_to_json(&comparison));
            }
        }
        page.report = report;
    }
    ll_report_write_html("fuzz", &page, 1, sink);
    ll_result_free(report);
    ll_result_sweep_free(sweep);
    fclose(sink);
    json_decref(j);
}

static json_t *value_json(const ll_value *v);

static int add_member(const char *key, const ll_value *value, void *ctx)
{
    json_object_set_new(ctx, key, value_json(value));
    return 0;
}

static int add_item(const ll_value *item, void *ctx)
{
    json_array_append_new(ctx, value_json(item));
    return 0;
}

/* What ll_record_value read, as JSON, for comparing with jansson's. */
static json_t *value_json(const ll_value *v)
{
    json_t *j = NULL;
    switch (v->kind) {
    case LL_VALUE_OBJECT: ll_value_each_member(v, add_member, j = json_object()); break;
    case LL_VALUE_ARRAY: ll_value_each_item(v, add_item, j = json_array()); break;
    case LL_VALUE_INTEGER: j = json_integer(v->integer); break;
    case LL_VALUE_REAL: j = json_real(v->number); break;
    case LL_VALUE_STRING: j = json_string(v->string); break;
    case LL_VALUE_BOOLEAN: j = json_boolean(v->integer); break;
    case LL_VALUE_NULL: j = json_null(); break;
    case LL_VALUE_ABSENT: break;
    }
    return j;
}

static void compare_with_jansson(const uint8_t *data, size_t size)
{
    FILE *stream = fmemopen((void *)data, size ? size : 1, "r");
    ll_error err;
    ll_snapshot_reader *r = stream ? ll_snapshot_reader_open_stream(stream, "fuzz.jsonl", &err) : NULL;
    ll_record rec;
    while (r && ll_snapshot_reader_next(r, &rec, &err) == 1) {
        size_t len;
        const char *line = rec.doc ? ll_record_text(&rec, &len) : NULL;
        if (!line)
            continue;
        json_t *oracle = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
        ll_value root = ll_record_value(&rec, "");
        json_t *read = value_json(&root);
        if (!oracle || !json_equal(oracle, read)) {
            fprintf(stderr, "line %ld: simdjson read %s what jansson %s\n", rec.line, read ? "" : "nothing of",
                    oracle ? "reads otherwise" : "refuses");
            abort();
        }
        json_decref(oracle);
        json_decref(read);
    }
    ll_snapshot_reader_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The importers take NUL-terminated text (ll_import_add_file refuses
     * files with NUL bytes before they get there). */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    size_t len = strlen(text);
    switch (FUZZ_TARGET) {
    case SNAPSHOT: {
        FILE *stream = fmemopen((void *)data, size ? size : 1, "r");
        if (stream)
            analyze_stream(stream);
        break;
    }
    case WINDBG: import_text((uint8_t *)text, len, LL_IMPORT_WINDBG, 0); break;
    case COUNTERS_CSV: import_text((uint8_t *)text, len, LL_IMPORT_COUNTERS_CSV, 0); break;
    case COUNTERS_JSON: import_text((uint8_t *)text, len, LL_IMPORT_COUNTERS_JSON, 0); break;
    case COUNTERS_MONITOR: import_text((uint8_t *)text, len, LL_IMPORT_COUNTERS_MONITOR, 0); break;
    case ROUNDTRIP: import_text((uint8_t *)text, len, LL_IMPORT_AUTO, 1); break;
    case LABELS: score_labels(data, size); break;
    case REPORT_JSON: render_json(data, size); break;
    case MPROF_HEAPSHOT: import_text((uint8_t *)text, len, LL_IMPORT_MPROF_HEAPSHOT, 1); break;
    case RECORD_READER: compare_with_jansson(data, size); break;
    case NATIVE_SITES: import_text((uint8_t *)text, len, LL_IMPORT_NATIVE_SITES, 1); break;
    }
    free(text);
    return 0;
}
