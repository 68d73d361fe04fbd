/* Unit tests of the snapshot writer and reader: round trip, a run killed
 * mid-line, and each kind of bad input naming file, line and field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "leaklab/snapshot.h"
#include "leaklab/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char header_line[] =
    "{\"type\":\"header\",\"format\":\"leaklab-snapshots\",\"version\":1}\n";

static char *temp_path(void)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/leaklab-test-%d-XXXXXX", (int)getpid());
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    return path;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_round_trip(void **state)
{
    (void)state;
    char *path = temp_path();
    ll_error err;
    ll_snapshot_writer *w = ll_snapshot_writer_open(path, NULL, 0, &err);
    assert_non_null(w);
    json_t *header = json_pack("{ss ss si}", "type", "header", "format", LL_SNAPSHOT_FORMAT, "version",
                               LL_SNAPSHOT_VERSION);
    json_t *snap = json_pack("{ss si s{s{sI}}}", "type", "snapshot", "iteration", 3, "memory", "total", "rss",
                             (json_int_t)123456789);
    assert_int_equal(ll_snapshot_writer_append(w, header, &err), 0);
    assert_int_equal(ll_snapshot_writer_append(w, snap, &err), 0);
    assert_int_equal(ll_snapshot_writer_close(w, &err), 0);
    json_decref(header);
    json_decref(snap);

    ll_snapshot_reader *r = ll_snapshot_reader_open(path, &err);
    assert_non_null(r);
    ll_record rec;
    assert_int_equal(ll_snapshot_reader_next(r, &rec, &err), 1);
    assert_int_equal(rec.type, LL_RECORD_SNAPSHOT);
    assert_int_equal(rec.line, 2);
    json_int_t rss;
    assert_int_equal(ll_record_get_int(&rec, "memory.total.rss", &rss, &err), 0);
    assert_int_equal(rss, 123456789);
    assert_int_equal(ll_snapshot_reader_next(r, &rec, &err), 0);
    assert_string_equal(ll_snapshot_reader_warning(r), "");
    ll_snapshot_reader_close(r);
    unlink(path);
}

/* Every record type written through its builder reads back as that type
 * with its fields; the registry gives one id per distinct typeset and a
 * record only the first time. */
static void test_builders_round_trip(void **state)
{
    (void)state;
    char *path = temp_path();
    ll_error err;
    ll_snapshot_writer *w = ll_snapshot_writer_open(path, NULL, 0, &err);
    assert_non_null(w);
    ll_typeset_registry *reg = ll_typeset_registry_new();
    json_t *types = json_pack("[{ss ss}]", "name", "P.OrderImplService", "base",
                              "System.Web.Services.Protocols.SoapHttpClientProtocol");
    json_t *refs = json_pack("[s]", "System.Object"), *typeset, *again, *domain = json_integer(1);
    json_int_t id = ll_typeset_registry_id(reg, types, refs, &typeset);
    assert_int_equal(id, 1);
    assert_non_null(typeset);
    assert_int_equal(ll_typeset_registry_id(reg, types, refs, &again), 1);
    assert_null(again);
    json_t *records[] = {
        ll_record_header("default", "Leaklab.Scenarios.ProxyPerCall:Run"),
        typeset,
        ll_record_assembly(7, domain, 1, "qgt1j2cs", "0.0.0.0", "bytes", NULL, id),
        ll_record_iteration(1, 12.5, NULL, NULL, NULL),
        ll_record_iteration(2, 3.0, "System.Exception", "boom", "at X"),
        ll_record_snapshot(0, 2),
        ll_record_unload(7, 2),
        ll_record_end("completed", 2, 1, 20.0),
    };
    for (size_t i = 0; i < sizeof records / sizeof records[0]; i++) {
        assert_int_equal(ll_snapshot_writer_append(w, records[i], &err), 0);
        json_decref(records[i]);
    }
    assert_int_equal(ll_snapshot_writer_close(w, &err), 0);
    json_decref(types);
    json_decref(refs);
    json_decref(domain);
    ll_typeset_registry_free(reg);

    static const ll_record_type expected[] = {LL_RECORD_TYPESET, LL_RECORD_ASSEMBLY, LL_RECORD_ITERATION,
                                              LL_RECORD_ITERATION, LL_RECORD_SNAPSHOT, LL_RECORD_UNLOAD, LL_RECORD_END};
    ll_snapshot_reader *r = ll_snapshot_reader_open(path, &err);
    assert_non_null(r);
    ll_record rec;
    const char *text;
    json_int_t n;
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        assert_int_equal(ll_snapshot_reader_next(r, &rec, &err), 1);
        assert_int_equal(rec.type, expected[i]);
        if (rec.type == LL_RECORD_ASSEMBLY) {
            assert_int_equal(ll_record_get_string(&rec, "name", &text, &err), 0);
            assert_string_equal(text, "qgt1j2cs");
            assert_int_equal(ll_record_get_int(&rec, "typeset", &n, &err), 0);
            assert_int_equal(n, 1);
            json_t *no_path = ll_record_find(&rec, "path"); /* null: the flat reader gives no value */
            assert_true(!no_path || json_is_null(no_path));
        }
        if (i == 3) {
            assert_int_equal(ll_record_get_string(&rec, "exception.message", &text, &err), 0);
            assert_string_equal(text, "boom");
        }
        if (rec.type == LL_RECORD_END) {
            assert_int_equal(ll_record_get_int(&rec, "failed_iterations", &n, &err), 0);
            assert_int_equal(n, 1);
        }
    }
    assert_int_equal(ll_snapshot_reader_next(r, &rec, &err), 0);
    ll_snapshot_reader_close(r);
    unlink(path);
}

static void test_writer_refuses_untyped_record(void **state)
{
    (void)state;
    char *path = temp_path();
    ll_error err;
    ll_snapshot_writer *w = ll_snapshot_writer_open(path, NULL, 0, &err);
    json_t *bad = json_pack("{si}", "iteration", 1);
    assert_int_equal(ll_snapshot_writer_append(w, bad, &err), -1);
    assert_non_null(strstr(err.message, "type"));
    json_decref(bad);
    ll_snapshot_writer_close(w, &err);
    unlink(path);
}

/* Opens TEXT as a file and reads it to the end; returns the last status. */
static int read_all(const char *text, ll_error *err, char *warning, size_t warning_len)
{
    char *path = temp_path();
    write_text(path, text);
    ll_snapshot_reader *r = ll_snapshot_reader_open(path, err);
    int rc = -1;
    if (r) {
        ll_record rec;
        while ((rc = ll_snapshot_reader_next(r, &rec, err)) == 1)
            ;
        snprintf(warning, warning_len, "%s", ll_snapshot_reader_warning(r));
        ll_snapshot_reader_close(r);
    }
    unlink(path);
    return rc;
}

static void test_truncated_last_line_is_a_warning(void **state)
{
    (void)state;
    char text[512], warning[512];
    snprintf(text, sizeof text, "%s{\"type\":\"end\",\"status\":\"completed\"}\n{\"type\":\"snapsh", header_line);
    ll_error err;
    assert_int_equal(read_all(text, &err, warning, sizeof warning), 0);
    assert_non_null(strstr(warning, ":3: last line is truncated"));
}

static void expect_error(const char *text, const char *fragment)
{
    ll_error err = {.code = LL_ERROR_NONE};
    char warning[512];
    assert_int_equal(read_all(text, &err, warning, sizeof warning), -1);
    if (!strstr(err.message, fragment))
        fail_msg("expected \"%s\" in \"%s\"", fragment, err.message);
}

static void test_bad_inputs_name_file_line_and_field(void **state)
{
    (void)state;
    char text[512];
    expect_error("", "empty file");
    expect_error("{\"type\":\"header\",\"format\":\"leaklab-snapshots\",\"version\":2}\n",
                 ":1: field 'version': format version 2 is not supported");
    expect_error("{\"type\":\"header\",\"format\":\"other\",\"version\":1}\n", ":1: field 'format'");
    expect_error("{\"type\":\"snapshot\"}\n", ":1: field 'type': the first line must be the header");
    snprintf(text, sizeof text, "%s{\"type\":\"iteration\",\"iteration\":1}\nnot json\n", header_line);
    expect_error(text, ":3: column");
    snprintf(text, sizeof text, "%s{\"type\":\"bogus\"}\n", header_line);
    expect_error(text, ":2: field 'type': unknown record type \"bogus\"");
    snprintf(text, sizeof text, "%s{\"type\":42}\n", header_line);
    expect_error(text, ":2: field 'type': expected a string");
}

static void test_field_of_wrong_type(void **state)
{
    (void)state;
    ll_record rec = {.file = "f.jsonl", .line = 7};
    rec.json = json_pack("{s{ss}}", "gc", "used_size", "many");
    ll_error err;
    json_int_t v;
    assert_int_equal(ll_record_get_int(&rec, "gc.used_size", &v, &err), -1);
    assert_string_equal(err.message, "f.jsonl:7: field 'gc.used_size': expected an integer");
    assert_int_equal(ll_record_get_int(&rec, "gc.heap_size", &v, &err), -1);
    assert_string_equal(err.message, "f.jsonl:7: field 'gc.heap_size': missing");
    json_decref(rec.json);
}

/* Reads the single record after the header of TEXT into the callback. */
static void with_record(const char *body, void (*check)(const ll_record *rec))
{
    char text[1024];
    snprintf(text, sizeof text, "%s%s\n", header_line, body);
    char *path = temp_path();
    write_text(path, text);
    ll_error err;
    ll_snapshot_reader *r = ll_snapshot_reader_open(path, &err);
    assert_non_null(r);
    ll_record rec;
    if (ll_snapshot_reader_next(r, &rec, &err) != 1)
        fail_msg("%s", err.message);
    check(&rec);
    ll_snapshot_reader_close(r);
    unlink(path);
}

static void check_assembly_fields(const ll_record *rec)
{
    ll_error err;
    json_int_t id;
    const char *name;
    assert_int_equal(rec->type, LL_RECORD_ASSEMBLY);
    assert_int_equal(ll_record_get_int(rec, "id", &id, &err), 0);
    assert_int_equal(id, -42);
    assert_int_equal(ll_record_get_string(rec, "name", &name, &err), 0);
    assert_string_equal(name, "qgt1j2cs");
    assert_null(ll_record_find(rec, "path"));
    assert_int_equal(ll_record_get_string(rec, "path", &name, &err), -1);
    assert_non_null(strstr(err.message, ":2: field 'path': missing"));
    assert_int_equal(ll_record_get_int(rec, "name", &id, &err), -1);
    assert_non_null(strstr(err.message, ":2: field 'name': expected an integer"));
    assert_string_equal(json_string_value(ll_record_find(rec, "name")), "qgt1j2cs");
}

/* The fast flat scanner and jansson (which takes the escaped variant) must
 * read the same values and report the same errors. */
static void test_flat_and_general_paths_agree(void **state)
{
    (void)state;
    with_record("{\"type\":\"assembly\",\"id\":-42,\"name\":\"qgt1j2cs\",\"path\":null}", check_assembly_fields);
    with_record("{\"type\":\"assembly\", \"id\":-42,\"name\":\"qgt\\u0031j2cs\",\"path\":null}",
                check_assembly_fields);
}

static void test_flat_duplicate_key_is_an_error(void **state)
{
    (void)state;
    char text[256];
    snprintf(text, sizeof text, "%s{\"type\":\"unload\",\"id\":1,\"id\":2}\n", header_line);
    expect_error(text, ":2: column");
}

static void check_snapshot_values(const ll_record *rec)
{
    ll_value v = ll_record_value(rec, "memory.total.rss");
    assert_int_equal(v.kind, LL_VALUE_INTEGER);
    assert_int_equal(v.integer, 123456789);
    v = ll_record_value(rec, "elapsed_ms");
    assert_int_equal(v.kind, LL_VALUE_REAL);
    assert_true(v.number == 2.5);
    v = ll_record_value(rec, "name");
    assert_int_equal(v.kind, LL_VALUE_STRING);
    assert_string_equal(v.string, "a1");
    assert_int_equal(ll_record_value(rec, "memory.total.nothing").kind, LL_VALUE_ABSENT);
    assert_int_equal(ll_record_value(rec, "memory.total.rss.deeper").kind, LL_VALUE_ABSENT);
    ll_value rows = ll_record_value(rec, "dumpheap");
    assert_int_equal(rows.kind, LL_VALUE_ARRAY);
    assert_int_equal(ll_value_member(&rows, "type").kind, LL_VALUE_ABSENT); /* an array has no members */
    assert_string_equal(json_string_value(json_object_get(json_array_get(ll_record_find(rec, "dumpheap"), 0), "type")),
                        "System.Byte[]");
}

/* A nested record is read by simdjson, the same with a \u escape by
 * jansson: the same values either way. */
static void test_simdjson_and_jansson_paths_agree(void **state)
{
    (void)state;
    with_record("{\"type\":\"snapshot\",\"iteration\":1,\"elapsed_ms\":2.5,\"name\":\"a1\",\"memory\":{\"total\":"
                "{\"rss\":123456789}},\"dumpheap\":[{\"type\":\"System.Byte[]\",\"count\":1,\"size\":24}]}",
                check_snapshot_values);
    with_record("{\"type\":\"snapshot\",\"iteration\":1,\"elapsed_ms\":2.5,\"name\":\"a\\u0031\",\"memory\":{\"total\":"
                "{\"rss\":123456789}},\"dumpheap\":[{\"type\":\"System.Byte[]\",\"count\":1,\"size\":24}]}",
                check_snapshot_values);
}

/* A record kept beyond its reader: copied (from simdjson's parse), or
 * parsed from its text, it reads the same values; a bad text is refused
 * with the file, line and reason; a NULL record has no values. */
static void check_kept_copy(const ll_record *rec)
{
    ll_record *kept = ll_record_copy(rec);
    assert_non_null(kept);
    assert_int_equal(kept->type, LL_RECORD_SNAPSHOT);
    check_snapshot_values(kept);
    ll_record_free(kept);
}

static void test_kept_records(void **state)
{
    (void)state;
    with_record("{\"type\":\"snapshot\",\"iteration\":1,\"elapsed_ms\":2.5,\"name\":\"a1\",\"memory\":{\"total\":"
                "{\"rss\":123456789}},\"dumpheap\":[{\"type\":\"System.Byte[]\",\"count\":1,\"size\":24}]}",
                check_kept_copy);
    static const char text[] = "{\"type\":\"snapshot\",\"iteration\":1,\"elapsed_ms\":2.5,\"name\":\"a1\",\"memory\":"
                               "{\"total\":{\"rss\":123456789}},\"dumpheap\":[{\"type\":\"System.Byte[]\"}]}";
    ll_error err;
    ll_record *parsed = ll_record_parse(text, strlen(text), "run.jsonl", 7, &err);
    assert_non_null(parsed);
    check_snapshot_values(parsed);
    assert_string_equal(parsed->file, "run.jsonl");
    assert_int_equal(parsed->line, 7);
    ll_record_free(parsed);
    assert_null(ll_record_parse("{\"type\":", 9, "run.jsonl", 8, &err));
    assert_non_null(strstr(err.message, "run.jsonl:8: column"));
    assert_null(ll_record_parse("{\"type\":\"bogus\"}", 16, "run.jsonl", 9, &err));
    assert_string_equal(err.message, "run.jsonl:9: field 'type': unknown record type \"bogus\"");
    assert_int_equal(ll_record_value(NULL, "memory").kind, LL_VALUE_ABSENT);
    assert_true(isnan(ll_record_number(NULL, "memory.total.rss")));
    assert_null(ll_record_string(NULL, "name"));
}

/* What jansson refuses stays refused, in jansson's words, though simdjson
 * would take it: a duplicate key (among few keys, and among a hundred
 * thousand that differ only in their middle, which must neither all
 * collide in the hash table nor be missed), a NUL, an integer beyond
 * int64. */
static void test_simdjson_path_refuses_what_jansson_refuses(void **state)
{
    (void)state;
    char text[512];
    snprintf(text, sizeof text, "%s{\"type\":\"snapshot\",\"iteration\":1,\"gc\":{\"used_size\":1,\"used_size\":2}}\n",
             header_line);
    expect_error(text, ":2: column");
    snprintf(text, sizeof text, "%s{\"type\":\"snapshot\",\"iteration\":1,\"name\":\"a\\u0000b\"}\n", header_line);
    expect_error(text, ":2: column");
    snprintf(text, sizeof text, "%s{\"type\":\"snapshot\",\"iteration\":18446744073709551615}\n", header_line);
    expect_error(text, ":2: column");
    size_t keys = 100000, cap = keys * 40 + 512, len = 0;
    char *big = malloc(cap);
    assert_non_null(big);
    len += (size_t)snprintf(big + len, cap - len, "%s{\"type\":\"snapshot\",\"iteration\":1,\"runtime\":{", header_line);
    for (size_t k = 0; k < keys; k++)
        len += (size_t)snprintf(big + len, cap - len, "%s\"counter-%08zu-same-end\":%zu", k ? "," : "", k, k);
    snprintf(big + len, cap - len, "}}\n");
    ll_error err;
    char warning[512];
    assert_int_equal(read_all(big, &err, warning, sizeof warning), 0);
    snprintf(big + len, cap - len, ",\"counter-%08zu-same-end\":1}}\n", keys / 2);
    expect_error(big, ":2: column");
    free(big);
}

/* The assembly record's fast line is the builder's object as jansson
 * writes it, byte for byte; a string that needs escaping, or a buffer too
 * small, declines (0). */
static void expect_same_line(json_int_t id, json_t *domain, const char *name, const char *path)
{
    char line[512];
    size_t n = ll_record_assembly_line(line, sizeof line, id, domain, 7, name, "0.0.0.0", "bytes", path, 3);
    json_t *record = ll_record_assembly(id, domain, 7, name, "0.0.0.0", "bytes", path, 3);
    char *expected = json_dumps(record, JSON_COMPACT);
    assert_int_equal(n, strlen(expected));
    assert_memory_equal(line, expected, n);
    free(expected);
    json_decref(record);
}

static void test_assembly_line_is_jansson_compact(void **state)
{
    (void)state;
    json_t *name = json_string("Domain 1"), *id = json_integer(2);
    expect_same_line(1, name, "qgt1j2cs", NULL);
    expect_same_line(123456789012LL, id, "System.Web.Services", "C:/Windows/assembly/System.Web.Services.dll");
    char line[512];
    assert_int_equal(ll_record_assembly_line(line, sizeof line, 1, name, 0, "a\"b", "1", "bytes", NULL, 1), 0);
    assert_int_equal(ll_record_assembly_line(line, sizeof line, 1, name, 0, "C:\\x.dll", "1", "file", NULL, 1), 0);
    assert_int_equal(ll_record_assembly_line(line, sizeof line, 1, name, 0, "caf\xc3\xa9", "1", "bytes", NULL, 1), 0);
    assert_int_equal(ll_record_assembly_line(line, 20, 1, name, 0, "qgt1j2cs", "1", "bytes", NULL, 1), 0);
    json_decref(name);
    json_decref(id);
}

/* A cut keeps whole characters; bytes that are not UTF-8 become U+FFFD. */
static void test_text_stays_valid_utf8(void **state)
{
    (void)state;
    char cut2[] = "ab\xc3", cut3[] = "a\xe2\x82", whole[] = "caf\xc3\xa9", euro[] = "\xe2\x82\xac";
    assert_string_equal(ll_utf8_mend_end(cut2), "ab");
    assert_string_equal(ll_utf8_mend_end(cut3), "a");
    assert_string_equal(ll_utf8_mend_end(whole), "caf\xc3\xa9");
    assert_string_equal(ll_utf8_mend_end(euro), "\xe2\x82\xac");
    char pattern[5];
    ll_digits_to_hash("12\xc3\xa9\xc3\xa9", pattern, sizeof pattern); /* room for 4 bytes: the second é is cut */
    assert_string_equal(pattern, "#\xc3\xa9");
    json_t *j = ll_json_text("odd\xffname\xc0\xaf\xed\xa0\x80.log");
    assert_non_null(j);
    assert_string_equal(json_string_value(j), "odd\xef\xbf\xbdname\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                                              "\xef\xbf\xbd\xef\xbf\xbd.log");
    json_decref(j);
    j = ll_json_text("caf\xc3\xa9");
    assert_string_equal(json_string_value(j), "caf\xc3\xa9");
    json_decref(j);
    assert_null(ll_json_text(NULL));
}

/* A record's line is jansson's compact JSON byte for byte, the dumpheap
 * rows last: class names with a quote, a backslash, a tab, a control
 * character or non-ASCII text included, and rows of another shape left to
 * jansson. */
static void test_record_line(void **state)
{
    (void)state;
    json_t *record = ll_record_snapshot(3, 7);
    json_object_set_new(record, "gc", json_pack("{sI}", "used_size", (json_int_t)123456));
    json_t *rows = json_array();
    static const char *const names[] = {"System.Byte[]", "A\"quoted\"", "back\\slash", "tab\there", "bell\a",
                                        "Caf\xc3\xa9+Men\xc3\xbc<System.String>"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        json_array_append_new(rows, ll_record_type_row(names[i], (json_int_t)i + 1, (json_int_t)(i + 1) * 24));
    json_object_set_new(record, "dumpheap", rows);
    json_object_set_new(record, "gc_ms", json_real(1.25));
    size_t len;
    char *line = ll_record_line(record, &len);
    json_t *expected_order = json_copy(record);
    json_object_del(expected_order, "dumpheap");
    json_object_set(expected_order, "dumpheap", rows);
    char *expected = json_dumps(expected_order, JSON_COMPACT | JSON_REAL_PRECISION(10));
    assert_string_equal(line, expected);
    assert_int_equal(len, strlen(expected));
    free(line);
    free(expected);
    json_decref(expected_order);
    /* A row with a field of its own: jansson writes the record as it is. */
    json_object_set_new(json_array_get(rows, 0), "extra", json_true());
    line = ll_record_line(record, &len);
    expected = json_dumps(record, JSON_COMPACT | JSON_REAL_PRECISION(10));
    assert_string_equal(line, expected);
    free(line);
    free(expected);
    json_decref(record);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_line),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_builders_round_trip),
        cmocka_unit_test(test_writer_refuses_untyped_record),
        cmocka_unit_test(test_truncated_last_line_is_a_warning),
        cmocka_unit_test(test_bad_inputs_name_file_line_and_field),
        cmocka_unit_test(test_field_of_wrong_type),
        cmocka_unit_test(test_flat_and_general_paths_agree),
        cmocka_unit_test(test_flat_duplicate_key_is_an_error),
        cmocka_unit_test(test_simdjson_and_jansson_paths_agree),
        cmocka_unit_test(test_kept_records),
        cmocka_unit_test(test_simdjson_path_refuses_what_jansson_refuses),
        cmocka_unit_test(test_assembly_line_is_jansson_compact),
        cmocka_unit_test(test_text_stays_valid_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
