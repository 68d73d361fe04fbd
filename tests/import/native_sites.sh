#!/bin/sh
# heaptrack_print's collapsed stacks of leaked bytes, imported: the sites
# named past the allocation helpers and Mono's nameless statics, with
# their callers; two runs judged site by site; lines of another shape
# skipped by line; a file with no stack, an endless line and a figure
# past 2^53 refused or skipped with their reason.
# usage: native_sites.sh LEAKLAB FIXTURES_DIR WORKDIR
set -u
leaklab=$(realpath "$1") fixtures=$(realpath "$2")/heaptrack-stacks dir=$3 here=$(dirname "$(realpath "$0")")
. "$here/../robust/checks.sh"
work_in "$dir"
short=$fixtures/proxy-per-call-collectible-2-calls-leaked.txt
long=$fixtures/proxy-per-call-collectible-6-calls-leaked.txt

# "BYTES SITE" of each row of "native allocation sites".
site_rows() { # REPORT
    awk '/^native allocation sites/ { on = 1; next } on && /^$/ { on = 0 }
        on && $1 ~ /^\+/ { print $1 $2, $8 }' "$1"
}

check series 0 "native-sites" "$leaklab" import "$short" "$long" -o series.jsonl
grep -q '"x_unit":"run"' series.jsonl && pass "x unit: run" || fail "x unit is not run"
grep -q '"site":"mono_mempool_alloc"' series.jsonl && pass "mono_mempool_alloc is a site" ||
    fail "no mono_mempool_alloc site"
if grep -q '"site":"monoeg_malloc"\|"site":"0x' series.jsonl; then
    fail "an allocation helper or a bare address was called a site"
else pass "no helper (monoeg_*) and no bare address is a site"; fi

check two 0 "" "$leaklab" analyze series.jsonl
rows=$(site_rows two.out)
case $rows in "+48.0kB mono_mempool_alloc"*) pass "two runs: mono_mempool_alloc grows most, +48.0 kB" ;;
    *) fail "two runs: sites are '$rows'" ;; esac
grep -q "mono_thread_info_attach < start_thread < clone3" two.out &&
    pass "a site's named callers follow it" || fail "no callers for mono_thread_info_attach"
check json 0 "" "$leaklab" analyze series.jsonl --format json
grep -q '"native_sites_basis": "first_to_last"' json.out && grep -q '"site": "mono_mempool_alloc"' json.out &&
    pass "JSON: native_sites with their basis" || fail "JSON: no native_sites"
"$leaklab" analyze series.jsonl --format json -o saved.json 2>/dev/null
check readback 0 "" "$leaklab" report saved.json -o page.html
grep -q "Native allocation sites" page.html && grep -q "<code>start_thread &lt; clone3</code>" page.html &&
    pass "a saved report reads its native sites back, into the HTML page" || fail "native sites lost in a saved report"

# A stray line among the stacks, and a figure past 2^53: skipped, by line.
{ head -3 "$short"; echo "not a stack"; echo "a;b; 99999999999999999"; tail -n +4 "$short"; } >mangled.txt
check mangled 0 "mangled.txt:4: 2 lines skipped" "$leaklab" import mangled.txt -o mangled.jsonl

printf 'no stack here\n' >none.txt
check none 2 "none.txt: no collapsed stack" "$leaklab" import --format native-sites none.txt -o none.jsonl
head -c 70000000 /dev/zero | tr '\0' ';' >endless.txt
check endless 2 "endless.txt:1: line longer than" "$leaklab" import --format native-sites endless.txt -o e.jsonl
[ ! -e e.jsonl ] && [ ! -e none.jsonl ] && pass "nothing written for a refused file" || fail "a refused file wrote"
# valgrind memcheck's leak records (round 3, point 2): the same sites, and
# one report's largest are what to look at, with their callers.
valgrind=$fixtures/../valgrind-memcheck/c-cache-and-strings-1000-calls.txt
check valgrind 0 "" "$leaklab" analyze --import "$valgrind"
grep -q "^  1. remember: 64000 bytes still allocated at the end, 86.5 % of them; called from main$" valgrind.out &&
    grep -q "^  2. describe: 10000 bytes still allocated at the end" valgrind.out &&
    pass "valgrind: remember (64,000 bytes, direct and indirect) and describe, past malloc" ||
    fail "valgrind: $(sed -n '/^what to look at/,+6p' valgrind.out)"
# UMDH's log comparisons (round 3, point 2): the Windows docs' example
# (hexadecimal, umdh's default) names LeakyFunc past ntdll, the CRT's
# _heap_alloc/_nh_malloc and operator new, 0x5320 = 21,280 bytes; a
# published `umdh -d` diff (decimal, its count line and a cut "…") names
# Test!readdir past kernel32 and MSVCR80D, 483,328 bytes. The base is
# read from each record's own figures (its growth is A - B in one base).
umdh=$fixtures/../umdh
check umdh-hex 0 "" "$leaklab" analyze --import "$umdh/ms-docs-interpreting-log-comparison-hex.txt"
grep -q "^  1. MyApp!LeakyFunc: 21280 bytes more in the second log than in the first, 100.0 % of them; called from MyApp!main < MyApp!mainCRTStartup < KERNEL32!BaseProcessStart$" umdh-hex.out &&
    grep -q "to confirm: a third log after more work (umdh -d LOG2 LOG3)" umdh-hex.out &&
    pass "UMDH (hex): MyApp!LeakyFunc, 21,280 bytes" || fail "UMDH hex: $(sed -n '/^what to look at/,+3p' umdh-hex.out)"
check umdh-dec 0 "" "$leaklab" analyze --import "$umdh/zblair-finding-memory-leaks-with-umdh-decimal-excerpt.txt"
grep -q "^  1. Test!readdir: 483328 bytes more in the second log than in the first" umdh-dec.out &&
    pass "UMDH (umdh -d): Test!readdir, 483,328 bytes" || fail "UMDH decimal: $(sed -n '/^what to look at/,+3p' umdh-dec.out)"
# Two records of one site add up; one that shrank is no site; a record
# whose figures hold in neither base is read in the file's.
{ cat "$umdh/ms-docs-interpreting-log-comparison-hex.txt"; echo
  echo "+ 100 (200 - 100) 1 allocs BackTrace00054"; echo "MyApp!operator new+0x0000000E"; echo "MyApp!LeakyFunc+0x0000002E"; echo
  echo "- 1000 (1000 - 2000) 5 allocs BackTrace00055"; echo "MyApp!Shrinks+0x10"; } >umdh-more.txt
check umdh-more 0 "" "$leaklab" import umdh-more.txt -o umdh-more.jsonl
grep -q '"native_sites":\[{"site":"MyApp!LeakyFunc","bytes":21536,' umdh-more.jsonl &&
    pass "UMDH: two records of LeakyFunc add up (0x5320 + 0x100)" || fail "UMDH more: $(grep -o '"native_sites".*' umdh-more.jsonl)"
grep -q 'Shrinks' umdh-more.jsonl && fail "a record that shrank became a site" || pass "a record that shrank is no site"
finish
