/* Unit tests of the host library's own code that needs no running Mono:
 * the scenario table (scenarios.tsv next to the program), a run's private
 * temporary folder (stale folders of dead runs removed, its own removed
 * with everything in it), and the memory probe (every mapping sorted into
 * a kind, the kinds adding up to the total). Links the host library alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "leaklab/host.h"
#include "memory_probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_builtin_scenarios(void **state)
{
    (void)state;
    char assembly[4096], entry[512];
    ll_error err;
    assert_int_equal(ll_host_builtin_scenario("proxy-per-call", assembly, sizeof assembly, entry, sizeof entry, &err), 0);
    assert_string_equal(entry, "Leaklab.Scenarios.ProxyPerCall:Run");
    assert_non_null(strstr(assembly, "leaklab-scenarios.dll"));
    assert_int_equal(ll_host_builtin_scenario("no-such-scenario", assembly, sizeof assembly, entry, sizeof entry, &err),
                     -1);
    assert_non_null(strstr(err.message, "unknown scenario 'no-such-scenario'"));
    char *listing = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&listing, &len);
    assert_int_equal(ll_host_list_scenarios(out, &err), 0);
    fclose(out);
    assert_non_null(strstr(listing, "small-native-leak"));
    assert_non_null(strstr(listing, "slow-cache"));
    free(listing);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void test_run_tmpdir(void **state)
{
    (void)state;
    char base[] = "/tmp/leaklab-test-host-XXXXXX", stale[256], mine[4096], inside[4200];
    assert_non_null(mkdtemp(base));
    setenv("TMPDIR", base, 1);
    /* A folder left by a run whose pid is dead (pid 1 is alive: kept). */
    snprintf(stale, sizeof stale, "%s/leaklab-run-999999999-abcdef", base);
    assert_int_equal(mkdir(stale, 0700), 0);
    snprintf(inside, sizeof inside, "%s/left.dll", stale);
    fclose(fopen(inside, "w"));
    char alive[256];
    snprintf(alive, sizeof alive, "%s/leaklab-run-1-abcdef", base);
    assert_int_equal(mkdir(alive, 0700), 0);
    assert_int_equal(ll_run_tmpdir_create(mine, sizeof mine), 0);
    assert_false(exists(stale));
    assert_true(exists(alive));
    assert_string_equal(getenv("TMPDIR"), mine);
    snprintf(inside, sizeof inside, "%s/sub", mine);
    assert_int_equal(mkdir(inside, 0700), 0);
    snprintf(inside, sizeof inside, "%s/sub/x.cs", mine);
    fclose(fopen(inside, "w"));
    ll_run_tmpdir_remove(mine);
    assert_false(exists(mine));
    rmdir(alive);
    rmdir(base);
}

static void test_memory_probe(void **state)
{
    (void)state;
    json_t *memory = ll_memory_by_kind();
    assert_non_null(memory);
    json_t *total = json_object_get(memory, "total");
    json_int_t size = 0, rss = 0;
    const char *kind;
    json_t *k;
    json_object_foreach(memory, kind, k) {
        if (strcmp(kind, "total") == 0)
            continue;
        size += json_integer_value(json_object_get(k, "size"));
        rss += json_integer_value(json_object_get(k, "rss"));
    }
    assert_int_equal(size, json_integer_value(json_object_get(total, "size")));
    assert_int_equal(rss, json_integer_value(json_object_get(total, "rss")));
    assert_true(json_integer_value(json_object_get(json_object_get(memory, "image_native"), "rss")) > 0);
    assert_true(ll_memory_rss() > 0);
    json_decref(memory);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_scenarios),
        cmocka_unit_test(test_run_tmpdir),
        cmocka_unit_test(test_memory_probe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
