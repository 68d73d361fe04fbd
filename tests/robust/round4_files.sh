#!/bin/sh
# Regression tests of the hardening issue, round 4, that need no Mono: a
# leaking type first seen after 4,096 others is still found (the types
# that stay flat are set aside to make room, and the report says so); a
# file name's escape sequence never reaches the terminal; no import writes
# a line its reader would refuse.
# usage: round4_files.sh LEAKLAB WORKDIR
set -u
leaklab=$1 dir=$2 here=$(dirname "$(realpath "$0")")
. "$here/checks.sh"
work_in "$dir"

# 21 heap-shots of 5,000 flat types, then one that gains 10 objects and
# 20 kB a snapshot, listed last.
awk 'BEGIN {
    print "{\"type\":\"header\",\"format\":\"leaklab-snapshots\",\"version\":1,\"context\":\"default\",\"root_domain\":0}"
    for (s = 0; s <= 20; s++) {
        printf "{\"type\":\"snapshot\",\"seq\":%d,\"iteration\":%d,\"memory\":{\"total\":{\"rss\":%d}},", s, s, 50000000 + s * 20000
        printf "\"gc\":{\"heap_size\":40000000,\"used_size\":%d},\"malloc\":{\"in_use\":1000000},", 30000000 + s * 20000
        printf "\"assemblies\":{\"loaded\":5},\"dumpheap\":["
        for (i = 0; i < 5000; i++)
            printf "{\"type\":\"Flat.Type%d\",\"count\":10,\"size\":1000},", i
        printf "{\"type\":\"Late.Leak\",\"count\":%d,\"size\":%d}]}\n", 1 + s * 10, 100 + s * 20000
    }
    print "{\"type\":\"end\",\"status\":\"completed\",\"iterations\":20,\"failed_iterations\":0,\"elapsed_ms\":1}"
}' >late.jsonl
check late-type 1 "" "$leaklab" analyze late.jsonl
grep -A2 '^what grows, by type' late-type.out | grep -q ' leak  *Late.Leak$' &&
    pass "late-type: Late.Leak, first seen after 5,000 others, is found leaking" ||
    fail "late-type: Late.Leak is not in what grows, by type"
awk '/^what grows, by type/ { on = 1 } on && /^$/ { exit } on' late-type.out | grep -q 'Flat.Type' &&
    fail "late-type: a flat type is said to grow" || pass "late-type: no flat type is said to grow"
grep -q 'set aside to follow types seen later' late-type.out && pass "late-type: the report says types were set aside" ||
    fail "late-type: the report does not say what was set aside"
# A dump whose !dumpheap -stat would outgrow the reader's line limit (1.2
# million rows, a 100 MB line that analyze then refused; then refused at
# import): the rows of one type name are merged, their MethodTables
# counted, the types with the fewest bytes left out, each said; the record
# reads back, and 600,000 MethodTables of one generated proxy type are
# still an assembly leak that names it (hardening 4, points 2 and 5).
awk 'BEGIN { print "!dumpheap -stat"; print "Statistics:"; print "              MT    Count    TotalSize Class Name"
    for (i = 0; i < 1200000; i++)
        if (i % 2) printf "00007ffb%08x        1           24 Generated.Namespace.Of.A.Long.Type.Name.Number%d\n", i, i
        else printf "00007ffb%08x        1          120 Generated.DynamicWebLoad.OrderImplService\n", i }' >big.txt
check import-bounded 0 "rows of one type name merged (method_tables counts them), and the types with the fewest bytes left out" \
    "$leaklab" import big.txt -o big.jsonl
grep -q '"type":"Generated.DynamicWebLoad.OrderImplService","count":600000,"size":72000000,"method_tables":600000' big.jsonl &&
    pass "import-bounded: the proxy type's 600,000 rows are one, with its MethodTables" ||
    fail "import-bounded: $(grep -o '"type":"Generated.DynamicWebLoad[^}]*}' big.jsonl | head -1)"
check import-bounded-analyze 1 "" "$leaklab" analyze big.jsonl
head -1 import-bounded-analyze.out | grep -q '^verdict: leak (kind: assembly' &&
    grep -q '600000 MethodTables of one type' import-bounded-analyze.out &&
    pass "import-bounded: read back, an assembly leak of 600,000 MethodTables" ||
    fail "import-bounded: $(head -1 import-bounded-analyze.out); $(grep MethodTables import-bounded-analyze.out | head -2)"
rm -f big.txt

# A complete series whose gzip CRC is bad: every line is read, and the
# CRC error is named (it was "FILE:1: read error: Bad message").
head -n 200 late.jsonl | awk 'NR == 1 || /"seq":(0|1|2|3|4|5|6|7|8|9|10|11),/' >small.jsonl
printf '{"type":"end","status":"completed","iterations":11,"failed_iterations":0,"elapsed_ms":1}\n' >>small.jsonl
gzip -c small.jsonl >crc.jsonl.gz
size=$(wc -c <crc.jsonl.gz)
printf '\377' | dd of=crc.jsonl.gz bs=1 seek=$((size - 8)) conv=notrunc 2>/dev/null
check gzip-crc 1 "gzip: incorrect data check (a CRC error)" "$leaklab" analyze crc.jsonl.gz
grep -q '12 snapshots' gzip-crc.out && pass "gzip-crc: every line read (12 snapshots)" ||
    fail "gzip-crc: $(sed -n 2p gzip-crc.out)"

# A line that is an array, not a record: said so, not "field 'type': missing".
printf '{"type":"header","format":"leaklab-snapshots","version":1,"context":"default"}\n[1,2]\n' >array.jsonl
check array-root 2 "array.jsonl:2: a record is a JSON object, not an array" "$leaklab" analyze array.jsonl

# A file name with a terminal escape in an error message: shown as \x1b,
# never sent to the terminal.
name=$(printf 'title\033]0;owned\007.jsonl')
check escape-in-name 2 "title\\x1b]0;owned\\x07.jsonl" "$leaklab" analyze "$name"
if grep -q "$(printf '\033')" escape-in-name.err; then fail "escape-in-name: a raw ESC reached stderr"; else
    pass "escape-in-name: no raw ESC on stderr"; fi
# Import accepts only what analyze then reads (point 12): a !dumpheap row
# past 2^53 is skipped with a warning naming its line; a &#xD800; entity
# (a lone surrogate) keeps its row, spelt U+FFFD; a !dumpobj count past
# Int32's range is no count (it was a UBSan float-to-long in look_at.c).
printf '0:000> !dumpheap -stat\nStatistics:\n              MT    Count    TotalSize Class Name\n' >huge.txt
printf '00007ff00000a000        3           72 Foo.Small\n' >>huge.txt
printf '00007ff00000b000 9007199254740993         24 Foo.Huge\n' >>huge.txt
printf '00007ff00000c000 9,007,199,254,740,993,000 24 Foo.Separated\n' >>huge.txt
printf '00007ff00000d000        2           48 Foo.&#xD800;Bar\n' >>huge.txt
printf 'Total 5 objects\n' >>huge.txt
check huge-row 0 "huge.txt:5: !dumpheap -stat: a row whose count or size is past 2^53" "$leaklab" import huge.txt -o huge.jsonl
grep -q "huge.txt:6: !dumpheap -stat: a row whose count or size is past 2^53" huge-row.err &&
    pass "huge-row: a figure with separators past 2^53 too, by line" || fail "huge-row: $(cat huge-row.err)"
check huge-reads 0 "" "$leaklab" analyze huge.jsonl
grep -q "Foo.$(printf '\357\277\275')Bar" huge.jsonl && pass "a lone surrogate entity keeps its row, as U+FFFD" ||
    fail "the &#xD800; row was dropped"
dumpobj=$here/../import/sos-samples/dumpobj/zh-dotnet-dump-notes-netcore31-linux.txt
sed 's/               42 _size$/ 9223372036854775808 _size/' "$dumpobj" >bigcount.txt
check bigcount 0 "" "$leaklab" analyze --import bigcount.txt
grep -q -- "-9223372036854775808" bigcount.out && fail "bigcount: a count past Int32 read as a negative number" ||
    pass "bigcount: a count past Int32's range is no count"
# A broken first record after a blank line: analyze and report name the
# same line and column, worded the same way.
printf '\n{"type":"header","format":"leaklab-snapshots","version":1,"x":}\n' >blank-first.jsonl
check blank-analyze 2 "blank-first.jsonl:2: column 63: not valid JSON" "$leaklab" analyze blank-first.jsonl
check blank-report 2 "blank-first.jsonl:2: column 63: not valid JSON" "$leaklab" report blank-first.jsonl -o blank.html
# A labels cell naming "." or a symbolic link loop: each said as what it is,
# not "outside the folder".
mkdir -p labels && ln -sf loop2 labels/loop1 && ln -sf loop1 labels/loop2
printf '.\tno-leak\t-\t-\t-\tx\n' >labels/dot.tsv
printf 'loop1\tno-leak\t-\t-\t-\tx\n' >labels/loop.tsv
check labels-dot 2 "dot.tsv:1: field 'input': names the labels file's folder itself, not a file" "$leaklab" corpus check labels/dot.tsv
check labels-loop 2 "loop.tsv:1: field 'input': names a symbolic link loop, not a file" "$leaklab" corpus check labels/loop.tsv
# Binary input is refused at its first NUL, by line, not read whole
# (point 5: /dev/urandom grew 475 MB/s).
printf 'a\nb\nc\000d\n' >nul.txt
check nul-text 2 "nul.txt:3: not a text file (it holds NUL bytes)" "$leaklab" import nul.txt -o nul.jsonl
check urandom 2 "not a text file (it holds NUL bytes)" timeout 10 "$leaklab" import /dev/urandom -o urandom.jsonl
# Endless input (`yes x` through a pipe): the import stops at its 1 GiB
# input bound, exit 2, its memory bounded by what it read (it grew 2 GB in
# 6 s before), nothing written (hardening 4, point 5).
yes x | "$leaklab" import /dev/stdin -o endless.jsonl 2>endless.err &
runner=$!
peak=$(peak_kb "$runner")
wait "$runner"
status=$?
[ "$status" -eq 2 ] && grep -q 'larger than 1024 MiB: not imported' endless.err && [ ! -e endless.jsonl ] &&
    [ "$peak" -gt 0 ] && [ "$peak" -lt 2000000 ] &&
    pass "endless input: refused at 1 GiB, peak ${peak} kB, nothing written" ||
    fail "endless input: exit $status, peak ${peak} kB: $(head -c 300 endless.err)"
finish
