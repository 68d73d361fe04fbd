/* Unit tests of the importer library on its own: text cleaning, address
 * canonical forms, the key table, files grouped into dumps, !dumpdomain
 * module lines joined to !dumpmodule -mt, and !dumpheap -stat rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "leaklab/import.h"
#include "key_table.h"
#include "text_clean.h"
#include "windbg_dump.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_clean_text(void **state)
{
    (void)state;
    char *out, what[256], why[128];
    size_t len;
    const char plain[] = "Domain 1: 00a\nAssembly: 1 [x]\n";
    assert_int_equal(ll__clean_text(plain, sizeof plain - 1, &out, &len, what, sizeof what, why, sizeof why), 0);
    assert_null(out); /* nothing to change: no copy */
    const char web[] = "> a &amp; b\n\n> c&nbsp;d\n\n> e\n\n";
    assert_int_equal(ll__clean_text(web, sizeof web - 1, &out, &len, what, sizeof what, why, sizeof why), 0);
    assert_non_null(out);
    assert_string_equal(out, "a & b\nc d\ne\n");
    assert_non_null(strstr(what, "quote markers"));
    free(out);
    const char latin1[] = "path C:\\Fran\xe7ois\\a.dll\n";
    assert_int_equal(ll__clean_text(latin1, sizeof latin1 - 1, &out, &len, what, sizeof what, why, sizeof why), 0);
    assert_string_equal(out, "path C:\\Fran\xc3\xa7ois\\a.dll\n");
    assert_non_null(strstr(what, "Windows-1252"));
    free(out);
    const char utf16[] = "\xff\xfeO\0K\0\n\0";
    assert_int_equal(ll__clean_text(utf16, sizeof utf16 - 1, &out, &len, what, sizeof what, why, sizeof why), 0);
    assert_string_equal(out, "OK\n");
    free(out);
    const char binary[] = "a\0b";
    assert_int_equal(ll__clean_text(binary, 3, &out, &len, what, sizeof what, why, sizeof why), -1);
    assert_non_null(strstr(why, "NUL"));
}

static void test_canonical_address(void **state)
{
    (void)state;
    char out[40];
    assert_int_equal(ll__canonical_address("00007ffc`072B1000", out, sizeof out), 0);
    assert_string_equal(out, "7ffc072b1000");
    assert_int_equal(ll__canonical_address("0x7FFC072B1000", out, sizeof out), 0);
    assert_string_equal(out, "7ffc072b1000");
    assert_int_equal(ll__canonical_address("000000010000000000010001", out, sizeof out), 0); /* longer than 64 bits */
    assert_string_equal(out, "10000000000010001");
    assert_int_equal(ll__canonical_address("Module", out, sizeof out), -1);
}

static void test_key_table(void **state)
{
    (void)state;
    ll_key_table t = {0};
    int added;
    char key[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "Domain 1 %x name%d", i, i);
        ll_key_entry *e = ll__key_table_upsert(&t, ll__key_hash(key), &added);
        assert_true(added);
        e->value = i;
    }
    snprintf(key, sizeof key, "Domain 1 %x name%d", 1234, 1234);
    assert_int_equal(ll__key_table_find(&t, ll__key_hash(key))->value, 1234);
    ll__key_table_upsert(&t, ll__key_hash(key), &added);
    assert_false(added);
    assert_int_equal(t.count, 5000);
    ll__key_table_free(&t);
}

static const char dumpdomain[] =
    "0:000> !dumpdomain\n"
    "Domain 1:           0000000000e3f2a0\n"
    "Assembly:           0000000100010001 [qgt1j2cs, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null]\n"
    "ClassLoader:        0000000100010002\n"
    "  Module\n"
    "  00007ffb`c0a10000    qgt1j2cs, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null\n"
    "\n"
    "Assembly:           0000000100020001 [r2bjpfrk, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null]\n"
    "  Module\n"
    "  00007ffb`c0a20000    r2bjpfrk, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null\n";

static const char dumpmodule[] =
    "0:000> !dumpmodule -mt 00007ffbc0a10000\n"
    "Name:       Unknown Module\n"
    "Types defined in this module\n"
    "              MT          TypeDef Name\n"
    "00007ffbc0a10100 0x02000002 ServiceBase.WebService.DynamicWebLoad.OrderImplService\n"
    "Types referenced in this module\n"
    "              MT            TypeRef Name\n"
    "00007ffbdf4d0001 0x01000001 System.Web.Services.Protocols.SoapHttpClientProtocol\n";

static char *series_of(ll_import *im)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    ll_error err;
    assert_int_equal(ll_import_write_stream(im, out, "memory", &err), 0);
    fclose(out);
    return text;
}

/* Two files of one dump (their commands do not repeat) are one snapshot;
 * the module listing joins its assembly by address, and the assembly
 * that looks like it (same pattern) gets the same typeset. */
static void test_files_group_into_dumps(void **state)
{
    (void)state;
    ll_import *im = ll_import_new();
    ll_error err;
    assert_int_equal(ll_import_add_text(im, "dumpdomain.txt", dumpdomain, strlen(dumpdomain), LL_IMPORT_AUTO, &err),
                     LL_IMPORT_WINDBG);
    assert_int_equal(ll_import_add_text(im, "dumpmodule.txt", dumpmodule, strlen(dumpmodule), LL_IMPORT_AUTO, &err),
                     LL_IMPORT_WINDBG);
    /* The same !dumpdomain again: a second dump. */
    assert_int_equal(ll_import_add_text(im, "later.txt", dumpdomain, strlen(dumpdomain), LL_IMPORT_AUTO, &err),
                     LL_IMPORT_WINDBG);
    ll_import_finish(im);
    assert_int_equal(ll_import_snapshot_count(im), 2);
    assert_int_equal(ll_import_dump_count(im), 2);
    assert_int_equal(ll_import_dump_file_count(im, 0), 2);
    assert_int_equal(ll_import_dump_file_count(im, 1), 1);
    assert_string_equal(ll_import_dump_file(im, 0, 1), "dumpmodule.txt");
    char *series = series_of(im);
    assert_non_null(strstr(series, "ServiceBase.WebService.DynamicWebLoad.OrderImplService"));
    /* One typeset, shared by both assemblies; no assembly twice. */
    char *first = strstr(series, "\"type\":\"typeset\"");
    assert_non_null(first);
    assert_null(strstr(first + 1, "\"type\":\"typeset\",\"id\":2"));
    assert_int_equal((int)(strstr(series, "r2bjpfrk") != NULL), 1);
    size_t assemblies = 0;
    for (char *p = series; (p = strstr(p, "\"type\":\"assembly\"")); p++)
        assemblies++;
    assert_int_equal(assemblies, 2);
    free(series);
    ll_import_free(im);
}

static void test_dumpheap_rows(void **state)
{
    (void)state;
    static const char heap[] = "00007f6c1eeefba8      576        59,904 System.Reflection.RuntimeMethodInfo\n"
                               "...\n"
                               "00007f6c1dc021c8    1,749        95,696 System.SByte[]\n"
                               "00007f6c20a67498  200,000     4,800,000 testwebapi.Controllers.Customer\n"
                               "Total 202,325 objects\n";
    ll_import *im = ll_import_new();
    ll_error err;
    assert_int_equal(ll_import_add_text(im, "heap.txt", heap, strlen(heap), LL_IMPORT_AUTO, &err), LL_IMPORT_WINDBG);
    char *series = series_of(im);
    assert_non_null(strstr(series, "{\"type\":\"testwebapi.Controllers.Customer\",\"count\":200000,\"size\":4800000}"));
    assert_non_null(strstr(series, "\"used_size\":4955600"));
    free(series);
    ll_import_free(im);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_text),       cmocka_unit_test(test_canonical_address),
        cmocka_unit_test(test_key_table),        cmocka_unit_test(test_files_group_into_dumps),
        cmocka_unit_test(test_dumpheap_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
