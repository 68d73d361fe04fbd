/* Unit tests of the snapshot format's body builder: a snapshot built figure
 * by figure (ll_record_set_figure), as the importers build theirs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "leaklab/snapshot.h"

#include <stdlib.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_figure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
