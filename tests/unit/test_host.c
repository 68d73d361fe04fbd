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
#include "class_counts.h"
#include "sos_names.h"
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
    assert_int_equal(
        ll_host_builtin_scenario("proxy-per-call", NULL, assembly, sizeof assembly, entry, sizeof entry, &err), 0);
    assert_string_equal(entry, "Leaklab.Scenarios.ProxyPerCall:Run");
    assert_non_null(strstr(assembly, "/leaklab-scenarios.dll"));
    assert_null(strstr(assembly, "coreclr"));
    assert_int_equal(
        ll_host_builtin_scenario("no-such-scenario", NULL, assembly, sizeof assembly, entry, sizeof entry, &err), -1);
    assert_non_null(strstr(err.message, "unknown scenario 'no-such-scenario'"));
    /* A scenario only CoreCLR has: refused on Mono, by name. */
    assert_int_equal(
        ll_host_builtin_scenario("script-per-call", "mono", assembly, sizeof assembly, entry, sizeof entry, &err), -1);
    assert_non_null(strstr(err.message, "has no mono version (it runs on coreclr)"));
    assert_int_equal(
        ll_host_builtin_scenario("steady-state", "no-such-runtime", assembly, sizeof assembly, entry, sizeof entry, &err),
        -1);
    assert_non_null(strstr(err.message, "unknown runtime 'no-such-runtime'"));
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
    json_t *memory = ll__memory_by_kind();
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
    assert_true(ll__memory_rss() > 0);
    json_decref(memory);
}

/* A fake walk: objects of 10,000 fake classes (far more than the table
 * starts with, so it grows while counting), class J having J % 50 + 1
 * objects of 16 * (J % 50 + 1) bytes each, seen interleaved as a heap walk
 * sees them (round R visits, in a scrambled order, every class with more
 * than R objects). Every class is counted once, with its objects and
 * bytes. */
static void test_class_counts(void **state)
{
    (void)state;
    enum { CLASSES = 10000 };
    static char classes[CLASSES][16]; /* addresses standing in for MonoClass pointers */
    ll_class_counts c;
    assert_int_equal(ll__class_counts_init(&c, 64), 0);
    uint64_t objects = 0;
    for (int round = 0; round < 50; round++) {
        for (int k = 0; k < CLASSES; k++) {
            int j = (int)(((long)k * 7919) % CLASSES);
            if (j % 50 + 1 > round) {
                ll__class_counts_add(&c, classes[j], 16 * (uint64_t)(j % 50 + 1));
                objects++;
            }
        }
    }
    assert_false(c.lost);
    assert_true(c.cap > 64);
    assert_int_equal(c.used, CLASSES);
    assert_int_equal(c.objects, objects);
    for (size_t i = 0; i < c.cap; i++) {
        if (!c.slots[i].klass)
            continue;
        int j = (int)((const char(*)[16])c.slots[i].klass - classes);
        assert_int_equal(c.slots[i].objects, (uint64_t)(j % 50 + 1));
        assert_int_equal(c.slots[i].bytes, c.slots[i].objects * 16 * (uint64_t)(j % 50 + 1));
    }
    ll__class_counts_reset(&c);
    assert_int_equal(c.used, 0);
    assert_int_equal(c.objects, 0);
    ll__class_counts_free(&c);
}

/* Names as SOS prints them, from what mono_type_full_name writes. */
static void test_sos_class_names(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"byte[]", "System.Byte[]"},
        {"string", "System.String"},
        {"System.Collections.Hashtable/bucket[]", "System.Collections.Hashtable+bucket[]"},
        {"System.Collections.Generic.Dictionary`2/Entry<string, int>[]",
         "System.Collections.Generic.Dictionary+Entry<System.String, System.Int32>[]"},
        {"System.Collections.Generic.List`1<System.Xml.Schema.XmlSchemaObjectTable/XmlSchemaObjectEntry>",
         "System.Collections.Generic.List<System.Xml.Schema.XmlSchemaObjectTable+XmlSchemaObjectEntry>"},
        {"System.Func`2<object, bool>", "System.Func<System.Object, System.Boolean>"},
        {"int[,]", "System.Int32[,]"},
        {"int", "System.Int32"}, /* four times as long: the longest a name grows (ASan found x3 too short) */
        {"X`1<int,int>", "X<System.Int32,System.Int32>"},
        {"Leaklab.Tests.intern", "Leaklab.Tests.intern"}, /* a word inside a name is not a built-in */
        {"My.stringBuilder`1<ulong>", "My.stringBuilder<System.UInt64>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *name = ll__sos_class_name(cases[i][0]);
        assert_string_equal(name, cases[i][1]);
        free(name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_scenarios),
        cmocka_unit_test(test_run_tmpdir),
        cmocka_unit_test(test_memory_probe),
        cmocka_unit_test(test_class_counts),
        cmocka_unit_test(test_sos_class_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
