/* Presenting a corpus result: the text report (counts, both confusion
 * matrices, each wrong cell, the changes since a baseline) and JUnit XML,
 * one testcase per cell, for CI systems. */
#include "corpus_internal.h"

#include <string.h>

static const char *const verdict_columns[] = {"leak", "no-leak", "inconclusive", "error"};
static const char *const kind_columns[] = {"assembly", "managed", "native", "mixed", "none", "error"};

static void write_matrix(const json_t *matrix, const char *const *columns, size_t n, FILE *out)
{
    fprintf(out, "  %-26s", "");
    for (size_t c = 0; c < n; c++)
        fprintf(out, " %12s", columns[c]);
    fputc('\n', out);
    const char *row;
    json_t *counts;
    json_object_foreach((json_t *)matrix, row, counts) {
        fprintf(out, "  %-26s", row);
        for (size_t c = 0; c < n; c++)
            fprintf(out, " %12lld", (long long)json_integer_value(json_object_get(counts, columns[c])));
        fputc('\n', out);
    }
}

static void found_text(const json_t *found, char *out, size_t len)
{
    const char *verdict = json_string_value(json_object_get(found, "verdict"));
    const char *kind = json_string_value(json_object_get(found, "kind"));
    if (kind && strcmp(kind, "none") != 0)
        snprintf(out, len, "%s (%s)", verdict, kind);
    else
        snprintf(out, len, "%s", verdict);
}

static void expected_text(const json_t *expected, char *out, size_t len)
{
    size_t i, used = 0;
    json_t *v;
    out[0] = '\0';
    json_array_foreach(json_object_get(expected, "verdicts"), i, v) if (used < len) used +=
        (size_t)snprintf(out + used, len - used, "%s%s", i ? " or " : "", json_string_value(v));
    const char *kind = json_string_value(json_object_get(expected, "kind"));
    if (kind && used < len)
        snprintf(out + used, len - used, " (%s)", kind);
}

int ll_corpus_write_text(const ll_corpus_result *r, FILE *out)
{
    const json_t *result = r->doc;
    fprintf(out, "corpus %s: %lld cells, %lld right, %lld wrong (%lld errors), %.2f s\n",
            json_string_value(json_object_get(result, "labels")),
            (long long)json_integer_value(json_object_get(result, "cells_total")),
            (long long)json_integer_value(json_object_get(result, "right")),
            (long long)json_integer_value(json_object_get(result, "wrong")),
            (long long)json_integer_value(json_object_get(result, "errors")),
            json_number_value(json_object_get(result, "seconds")));
    fprintf(out, "\nverdicts (rows: allowed, columns: found)\n");
    write_matrix(json_object_get(result, "verdict_matrix"), verdict_columns, 4, out);
    fprintf(out, "\nkinds (rows: expected kind, columns: found)\n");
    write_matrix(json_object_get(result, "kind_matrix"), kind_columns, 6, out);
    size_t i;
    json_t *cell;
    int header = 0;
    json_array_foreach(json_object_get(result, "cells"), i, cell) {
        if (json_is_true(json_object_get(cell, "right")))
            continue;
        if (!header++)
            fprintf(out, "\nwrong cells\n");
        char expected[128], found[128];
        expected_text(json_object_get(cell, "expected"), expected, sizeof expected);
        found_text(json_object_get(cell, "found"), found, sizeof found);
        fprintf(out, "  line %lld: %s\n    expected %s, found %s: %s\n",
                (long long)json_integer_value(json_object_get(cell, "line")),
                json_string_value(json_object_get(cell, "input")), expected, found,
                json_string_value(json_object_get(cell, "why")));
    }
    json_t *changed = json_object_get(result, "changed");
    if (changed) {
        fprintf(out, "\nchanged since the baseline: %zu (%lld worse)\n", json_array_size(changed),
                (long long)json_integer_value(json_object_get(result, "worse_than_baseline")));
        json_array_foreach(changed, i, cell) {
            char before[128], now[128];
            found_text(json_object_get(cell, "before"), before, sizeof before);
            found_text(json_object_get(cell, "now"), now, sizeof now);
            fprintf(out, "  %-9s line %lld: %s: %s -> %s\n", json_string_value(json_object_get(cell, "change")),
                    (long long)json_integer_value(json_object_get(cell, "line")),
                    json_string_value(json_object_get(cell, "input")), before, now);
        }
    }
    return ferror(out) ? -1 : 0;
}

/* TEXT with XML's five special characters escaped, and any control
 * character other than tab and newline (not allowed in XML 1.0) as '?'. */
static void write_xml_text(const char *text, FILE *out)
{
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        default: fputc(*p < 0x20 && *p != '\t' && *p != '\n' ? '?' : *p, out);
        }
    }
}

static void write_testcase(const json_t *cell, const char *suite, FILE *out)
{
    char name[4200], expected[128], found_as_text[128];
    snprintf(name, sizeof name, "line %lld: %s", (long long)json_integer_value(json_object_get(cell, "line")),
             json_string_value(json_object_get(cell, "input")));
    fputs("    <testcase classname=\"", out);
    write_xml_text(suite, out);
    fputs("\" name=\"", out);
    write_xml_text(name, out);
    fprintf(out, "\" time=\"%.3f\"", json_number_value(json_object_get(cell, "seconds")));
    if (json_is_true(json_object_get(cell, "right"))) {
        fputs("/>\n", out);
        return;
    }
    json_t *found = json_object_get(cell, "found");
    int error = strcmp(json_string_value(json_object_get(found, "verdict")), "error") == 0;
    expected_text(json_object_get(cell, "expected"), expected, sizeof expected);
    found_text(found, found_as_text, sizeof found_as_text);
    fprintf(out, ">\n      <%s message=\"", error ? "error" : "failure");
    write_xml_text(json_string_value(json_object_get(cell, "why")), out);
    fprintf(out, "\" type=\"%s\">expected ", error ? "error" : "wrong-verdict");
    write_xml_text(expected, out);
    fputs(", found ", out);
    write_xml_text(found_as_text, out);
    fprintf(out, "</%s>\n    </testcase>\n", error ? "error" : "failure");
}

int ll_corpus_write_junit(const ll_corpus_result *r, FILE *out)
{
    const json_t *result = r->doc;
    long long total = json_integer_value(json_object_get(result, "cells_total"));
    long long errors = json_integer_value(json_object_get(result, "errors"));
    long long failures = json_integer_value(json_object_get(result, "wrong")) - errors;
    double seconds = json_number_value(json_object_get(result, "seconds"));
    const char *labels = json_string_value(json_object_get(result, "labels"));
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<testsuites name=\"leaklab corpus\" tests=\"%lld\" failures=\"%lld\" errors=\"%lld\" time=\"%.3f\">\n",
            total, failures, errors, seconds);
    fputs("  <testsuite name=\"", out);
    write_xml_text(labels, out);
    fprintf(out, "\" tests=\"%lld\" failures=\"%lld\" errors=\"%lld\" skipped=\"0\" time=\"%.3f\">\n", total, failures,
            errors, seconds);
    size_t i;
    json_t *cell;
    json_array_foreach(json_object_get(result, "cells"), i, cell)
        write_testcase(cell, labels, out);
    fputs("  </testsuite>\n</testsuites>\n", out);
    return ferror(out) ? -1 : 0;
}

int ll_corpus_write_json(const ll_corpus_result *r, FILE *out)
{
    int rc = json_dumpf(r->doc, out, JSON_INDENT(2) | JSON_REAL_PRECISION(8));
    fputc('\n', out);
    return rc != 0 || ferror(out) ? -1 : 0;
}
