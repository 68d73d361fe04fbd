/* libFuzzer target: the snapshot reader and the analyzer on arbitrary bytes.
 * Whatever the input, they must return a report or an error, never crash. */
#include "leaklab/analyzer.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
