/* Unit tests of the snapshot format's body builder: a snapshot built figure
 * by figure (ll_record_set_figure), as the importers build theirs; a URL's
 * credentials kept out of a record (ll_json_url); a type row whose name is
 * not UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "leaklab/snapshot.h"
#include "leaklab/text.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A snapshot's body built figure by figure: the object made once, a key
 * with dots kept whole, a member that is not an object replaced. */
static void test_set_figure(void **state)
{
    (void)state;
    json_t *snap = ll_record_snapshot(0, 0);
    assert_int_equal(ll_record_set_figure(snap, LL_FIELD_GC, LL_FIELD_GC_USED_SIZE, json_integer(5)), 0);
    assert_int_equal(ll_record_set_figure(snap, LL_FIELD_GC, LL_FIELD_GC_HEAP_SIZE, json_integer(8)), 0);
    assert_int_equal(ll_record_set_figure(snap, LL_FIELD_RUNTIME, "System.Runtime.gc-count", json_real(3)), 0);
    json_object_set_new(snap, LL_FIELD_MALLOC, json_integer(1));
    assert_int_equal(ll_record_set_figure(snap, LL_FIELD_MALLOC, LL_FIELD_MALLOC_IN_USE, json_integer(2)), 0);
    char *line = json_dumps(snap, JSON_COMPACT);
    assert_string_equal(line, "{\"type\":\"snapshot\",\"seq\":0,\"iteration\":0,\"gc\":{\"used_size\":5,\"heap_size\":8},"
                              "\"runtime\":{\"System.Runtime.gc-count\":3.0},\"malloc\":{\"in_use\":2}}");
    free(line);
    json_decref(snap);
}

static void assert_url_shown(const char *url, const char *shown)
{
    json_t *j = ll_json_url(url);
    assert_string_equal(json_string_value(j), shown);
    json_decref(j);
}

/* Everything before the last '@' of the authority is hidden, a raw '@' in
 * the password included; an '@' in the path is not a user's. */
static void test_url_credentials(void **state)
{
    (void)state;
    assert_url_shown("http://user:p@ssw0rd@127.0.0.1:8080/x?wsdl", "http://***@127.0.0.1:8080/x?wsdl");
    assert_url_shown("http://user:secret@host/wsdl", "http://***@host/wsdl");
    assert_url_shown("http://host/a@b?wsdl", "http://host/a@b?wsdl");
    assert_url_shown("http://a@b@c", "http://***@c");
}

/* A class name that is not UTF-8 (an obfuscator's): kept, spelt with U+FFFD. */
static void test_row_name_not_utf8(void **state)
{
    (void)state;
    json_t *row = ll_record_type_row("Obf\xff\xfe", 2, 48);
    assert_non_null(row);
    assert_string_equal(json_string_value(json_object_get(row, LL_FIELD_DUMPHEAP_TYPE)), "Obf\xef\xbf\xbd\xef\xbf\xbd");
    json_decref(row);
}

/* A record the reader would refuse is never written: refused whole, with
 * the limit named, and nothing of it in the file. */
static void test_writer_refuses_line_over_limit(void **state)
{
    (void)state;
    ll_error err;
    char path[] = "/tmp/leaklab-test-writer-XXXXXX";
    close(mkstemp(path));
    ll_snapshot_writer *w = ll_snapshot_writer_open(path, NULL, 0, &err);
    assert_non_null(w);
    size_t n = (size_t)LL_SNAPSHOT_MAX_LINE + 16;
    char *big = malloc(n + 1);
    memset(big, 'x', n);
    big[n] = '\0';
    json_t *record = ll_record_snapshot(1, 1);
    json_object_set_new(record, LL_FIELD_SOURCE, json_string(big));
    assert_int_equal(ll_snapshot_writer_append(w, record, &err), -1);
    assert_int_equal(err.code, LL_ERROR_LIMIT);
    assert_non_null(strstr(err.message, "over the reader's limit"));
    json_decref(record);
    free(big);
    record = ll_record_snapshot(2, 2);
    assert_int_equal(ll_snapshot_writer_append(w, record, &err), 0);
    json_decref(record);
    assert_int_equal(ll_snapshot_writer_close(w, &err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size < 100);
    unlink(path);
}

/* A name over LL_NAME_MAX_BYTES is cut at a character and marked. */
static void test_name_cut(void **state)
{
    (void)state;
    char *name = malloc(LL_NAME_MAX_BYTES + 10);
    memset(name, 'a', LL_NAME_MAX_BYTES - 1);
    memcpy(name + LL_NAME_MAX_BYTES - 1, "\xc3\xa9zzzzzzz", 10); /* an e-acute across the bound */
    name[LL_NAME_MAX_BYTES + 9] = '\0';
    char *cut = ll_name_cut(name);
    assert_int_equal(strlen(cut), LL_NAME_MAX_BYTES - 1 + strlen(" [cut from 4104 bytes]"));
    assert_non_null(strstr(cut, "aaa [cut from 4104 bytes]"));
    free(cut);
    free(name);
    cut = ll_name_cut("Short.Name");
    assert_string_equal(cut, "Short.Name");
    free(cut);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_credentials),
        cmocka_unit_test(test_writer_refuses_line_over_limit),
        cmocka_unit_test(test_name_cut),
        cmocka_unit_test(test_row_name_not_utf8),
        cmocka_unit_test(test_set_figure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
