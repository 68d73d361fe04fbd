/* Unit tests of the corpus library: labels parsing (every mistake named by
 * file, line and field; endless or binary input refused at once), scoring
 * (verdict, kind, never, generator, names), the baseline's worse cells, and JUnit
 * escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "corpus_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char labels_path[64];

static ll_corpus *load_bytes(const char *text, size_t len, ll_error *err)
{
    snprintf(labels_path, sizeof labels_path, "/tmp/leaklab-test-corpus-XXXXXX");
    int fd = mkstemp(labels_path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    ll_corpus *c = ll_corpus_load(labels_path, err);
    unlink(labels_path);
    return c;
}

static ll_corpus *load_text(const char *text, ll_error *err)
{
    return load_bytes(text, strlen(text), err);
}

static void expect_error(const char *text, const char *message_part)
{
    ll_error err = {0};
    ll_corpus *c = load_text(text, &err);
    assert_null(c);
    if (!strstr(err.message, message_part))
        fail_msg("error '%s' does not say '%s'", err.message, message_part);
}

static void test_labels_are_read(void **state)
{
    (void)state;
    ll_error err;
    ll_corpus *c = load_text("# comment\n\nrun.jsonl.gz\tleak,inconclusive\tnative\tassembly\t-\tnote\n"
                             "import:a.txt+b.txt\tno-leak\t-\t-\t-\n",
                             &err);
    assert_non_null(c);
    assert_int_equal(ll_corpus_count(c), 2);
    const ll_corpus_cell *cell = ll_corpus_cell_at(c, 0);
    assert_int_equal(cell->line, 3);
    assert_false(cell->imported);
    assert_string_equal(cell->labels->kind, "native");
    assert_int_equal(json_array_size(cell->labels->verdicts), 2);
    assert_int_equal(json_array_size(cell->labels->never), 1);
    assert_null(cell->labels->generator_word);
    assert_string_equal(cell->labels->notes, "note");
    assert_int_equal(json_array_size(cell->labels->names), 0);
    assert_true(strstr(cell->files[0], "/run.jsonl.gz") != NULL);
    cell = ll_corpus_cell_at(c, 1);
    assert_true(cell->imported);
    assert_int_equal(cell->file_count, 2);
    ll_corpus_free(c);
}

static void test_bad_labels_are_named(void **state)
{
    (void)state;
    expect_error("a.jsonl\tleak\n", ":1: field 'kind': missing");
    expect_error("# c\na.jsonl\tTODO\t-\t-\t-\n", ":2: field 'verdicts': not labelled yet");
    expect_error("a.jsonl\tleaks\t-\t-\t-\n", "field 'verdicts': leak, no-leak or inconclusive");
    expect_error("a.jsonl\tleak\tnativ\t-\t-\n", "field 'kind'");
    expect_error("a.jsonl\tleak\tnative\tnative\t-\n", "field 'never': names the expected kind");
    expect_error("a.jsonl+b.jsonl\tleak\t-\t-\t-\n", "field 'input'");
    expect_error("a.jsonl\tleak\t-\t-\t-\xff\n", "not valid UTF-8");
    expect_error("# only comments\n\n", "no cells");
    expect_error("a.jsonl\tleak\t-\t-\t-\tnote\tA; ;B\n", ":1: field 'names': type names, semicolon-separated");
    expect_error("a.jsonl\tleak\t-\t-\t-\tnote\t\n", ":1: field 'names'");
    expect_error("a.jsonl\tleak\t-\t-\t-\tnote\tA.B\textra\n", ":1: field 'names': the last column: a line has at most seven");
    static const char nul[] = "a.jsonl\tleak\0\t-\t-\t-\nb\tleak\t-\t-\t-\n";
    ll_error err = {0};
    assert_null(load_bytes(nul, sizeof nul - 1, &err));
    assert_non_null(strstr(err.message, ":1: a NUL byte"));
}

static void test_endless_input_fails_at_once(void **state)
{
    (void)state;
    ll_error err;
    assert_null(ll_corpus_load("/dev/zero", &err));
    assert_non_null(strstr(err.message, "/dev/zero:1:"));
    char *long_line = malloc(70000);
    memset(long_line, 'a', 69998);
    long_line[69998] = '\n';
    long_line[69999] = '\0';
    expect_error(long_line, "line longer than");
    free(long_line);
}

static json_t *report(const char *verdict, const char *kind, const char *generator)
{
    return json_pack("{ss ss s[{ss}]}", "verdict", verdict, "kind", kind, "suspects", "generator", generator);
}

/* A report whose one suspect has NAME_PATTERN and SIGNATURE. */
static json_t *report_naming(const char *verdict, const char *name_pattern, const char *signature)
{
    return json_pack("{ss ss s[{ss ss ss}]}", "verdict", verdict, "kind", "none", "suspects", "generator", "g",
                     "name_pattern", name_pattern, "signature", signature);
}

/* Scores R (released) for C's first cell into a result of C. */
static ll_corpus_result *scored(const ll_corpus *c, json_t *r)
{
    ll_corpus_result *result = ll_corpus_result_new(c);
    char *text = r ? json_dumps(r, JSON_COMPACT) : NULL;
    assert_int_equal(ll_corpus_score(result, ll_corpus_cell_at(c, 0), text, r ? NULL : "cannot read", 0.1), 0);
    free(text);
    json_decref(r);
    return result;
}

static int scored_right(const char *labels, json_t *r, const char **why)
{
    ll_error err;
    ll_corpus *c = load_text(labels, &err);
    assert_non_null(c);
    ll_corpus_result *result = scored(c, r);
    ll_corpus_finish(result, NULL, 0);
    char *json = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&json, &len);
    assert_int_equal(ll_corpus_write_json(result, out), 0);
    fclose(out);
    json_t *doc = json_loads(json, 0, NULL);
    json_t *outcome = json_array_get(json_object_get(doc, "cells"), 0);
    int right = json_is_true(json_object_get(outcome, "right"));
    static char why_text[256];
    snprintf(why_text, sizeof why_text, "%s", json_string_value(json_object_get(outcome, "why")) ?: "");
    *why = why_text;
    json_decref(doc);
    free(json);
    ll_corpus_result_free(result);
    ll_corpus_free(c);
    return right;
}

static void test_scoring(void **state)
{
    (void)state;
    const char *why;
    assert_true(scored_right("a\tleak\tassembly\t-\tSOAP\n", report("leak", "assembly", "CodeDom SOAP proxy"), &why));
    assert_false(scored_right("a\tleak\tassembly\t-\t-\n", report("leak", "native", "x"), &why));
    assert_non_null(strstr(why, "kind native, expected assembly"));
    assert_false(scored_right("a\tno-leak\t-\t-\t-\n", report("leak", "native", "x"), &why));
    assert_non_null(strstr(why, "verdict leak"));
    assert_false(scored_right("a\tleak,no-leak\t-\tmixed\t-\n", report("leak", "mixed", "x"), &why));
    assert_non_null(strstr(why, "never"));
    assert_false(scored_right("a\tleak\t-\t-\tEmit\n", report("leak", "assembly", "CodeDom"), &why));
    assert_non_null(strstr(why, "'Emit'"));
    assert_true(scored_right("a\tinconclusive,leak\t-\t-\tEmit\n", report("inconclusive", "none", "x"), &why));
    assert_true(scored_right("a\tinconclusive\t-\t-\t-\tn\tOkanshi.MonitorMessage; System.IO.FileSystemWatcher\n",
                             report_naming("inconclusive", "Okanshi.MonitorMessage+Time",
                                           "84800 blocks; allocated by System.IO.FileSystemWatcher.StartRaisingEvents"),
                             &why));
    assert_false(scored_right("a\tinconclusive\t-\t-\t-\tn\tCustomer\n",
                              report_naming("inconclusive", "System.String", "1 objects"), &why));
    assert_string_equal(why, "no suspect names 'Customer'");
    assert_false(scored_right("a\tinconclusive\t-\t-\t-\tn\tcustomer\n",
                              report_naming("inconclusive", "testwebapi.Customer", "1 objects"), &why));
    assert_false(scored_right("a\tleak\t-\t-\t-\n", NULL, &why));
    assert_string_equal(why, "cannot read");
}

/* A cell right in the baseline and wrong now counts as worse, and the
 * JUnit XML names it with XML's special characters escaped. */
static void test_baseline_and_junit(void **state)
{
    (void)state;
    ll_error err;
    ll_corpus *c = load_text("a<&>\"'.jsonl\tno-leak\t-\t-\t-\n", &err);
    assert_non_null(c);
    ll_corpus_result *baseline = scored(c, report("no-leak", "none", "x"));
    ll_corpus_finish(baseline, NULL, 0);
    assert_false(ll_corpus_failed(baseline));
    /* The baseline as a later check reads it: saved, then read back. */
    char *saved = NULL;
    size_t saved_len = 0;
    FILE *save = open_memstream(&saved, &saved_len);
    assert_int_equal(ll_corpus_write_json(baseline, save), 0);
    fclose(save);
    ll_corpus_result *read_back = ll_corpus_result_parse(saved, "b.json", &err);
    assert_non_null(read_back);
    ll_corpus_result *result = scored(c, report("leak", "native", "x"));
    ll_corpus_finish(result, read_back, 0);
    assert_true(ll_corpus_failed(result));
    assert_int_equal(ll_corpus_worse_than_baseline(result), 1);
    char *xml = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&xml, &len);
    assert_int_equal(ll_corpus_write_junit(result, out), 0);
    fclose(out);
    assert_non_null(strstr(xml, "name=\"line 1: a&lt;&amp;&gt;&quot;&apos;.jsonl\""));
    assert_non_null(strstr(xml, "<failure message=\"verdict leak is not one of those allowed\""));
    assert_non_null(strstr(xml, "tests=\"1\" failures=\"1\" errors=\"0\""));
    free(xml);
    assert_null(ll_corpus_result_parse("{\"cells\":[{\"input\":\"x\"}]}", "b.json", &err));
    assert_non_null(strstr(err.message, "b.json: field 'cells[0]'"));
    assert_int_equal(err.code, LL_ERROR_FORMAT);
    assert_null(ll_corpus_result_parse("{\"cells\":", "c.json", &err));
    assert_non_null(strstr(err.message, "c.json:1: "));
    free(saved);
    ll_corpus_result_free(read_back);
    ll_corpus_result_free(result);
    ll_corpus_result_free(baseline);
    ll_corpus_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels_are_read),
        cmocka_unit_test(test_bad_labels_are_named),
        cmocka_unit_test(test_endless_input_fails_at_once),
        cmocka_unit_test(test_scoring),
        cmocka_unit_test(test_baseline_and_junit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
