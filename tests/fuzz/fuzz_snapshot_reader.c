/* libFuzzer target: the snapshot reader and the analyzer, and the
 * importers, on arbitrary bytes. The first byte chooses: odd, an import
 * (format detected, as `leaklab import` does); even, a snapshot file.
 * Whatever the input: a report, a warning or an error, never a crash. */
#include "leaklab/analyzer.h"
#include "leaklab/import.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fuzz_import(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return;
    memcpy(text, data, size);
    text[size] = '\0';
    ll_import *im = ll_import_new();
    ll_error err;
    ll_import_add_text(im, "fuzz.log", text, strlen(text), LL_IMPORT_AUTO, &err);
    ll_import_free(im);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 0 && (data[0] & 1)) {
        fuzz_import(data + 1, size - 1);
        return 0;
    }
    FILE *stream = fmemopen((void *)data, size, "r");
    if (!stream)
        return 0;
    ll_error err;
    ll_snapshot_reader *reader = ll_snapshot_reader_open_stream(stream, "fuzz.jsonl", &err);
    if (!reader)
        return 0;
    ll_thresholds t;
    ll_thresholds_default(&t);
    ll_analysis *a = ll_analysis_new(&t);
    ll_analysis_feed(a, ll_snapshot_reader_header(reader), &err);
    ll_record rec;
    while (ll_snapshot_reader_next(reader, &rec, &err) == 1)
        if (ll_analysis_feed(a, &rec, &err) < 0)
            break;
    ll_snapshot_reader_close(reader);
    ll_report *report = ll_analysis_finish(a);
    if (report) {
        FILE *sink = fopen("/dev/null", "w");
        ll_report_write_text(report, sink);
        fclose(sink);
        ll_report_free(report);
    }
    return 0;
}
