#!/bin/sh
# Regression tests of the hardening issue (#9) that need no Mono: bad and
# hostile input to `leaklab analyze` and `leaklab import`, and what -o does
# with links, devices, planted temp names and inputs. Each check names the
# point of the issue it keeps fixed.
# usage: files_and_input.sh LEAKLAB WORKDIR
set -u
leaklab=$1 dir=$2 here=$(dirname "$(realpath "$0")")
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 2
. "$here/checks.sh"

H='{"type":"header","format":"leaklab-snapshots","version":1,"context":"default"}'
snap() { printf '{"type":"snapshot","seq":%s,"iteration":%s,"memory":{"total":{"rss":%s}}}\n' "$1" "$1" "$2"; }
{ echo "$H"; for i in 0 1 2 3 4 5 6 7 8 9 10 11; do snap $i $((1000000 + i * 100)); done; echo '{"type":"end","status":"completed","iterations":11,"failed_iterations":0,"elapsed_ms":1}'; } >good.jsonl

printf 'Timestamp,Provider,Counter Name,Counter Type,Mean/Increment\n09.12.2024 14:07:26,P,Working Set (MB),Metric,20\n' >good.csv

# 2: every counter value out of range: no crash, exit 2, nothing left behind.
printf 'Timestamp,Provider,Counter Name,Counter Type,Mean/Increment\n09.12.2024 14:07:26,P,Working Set (MB),Metric,2e12\n' >range.csv
mkdir -p tmp
check import-out-of-range 2 "no counter values could be read" env TMPDIR="$dir/tmp" "$leaklab" import range.csv -o range.jsonl
check analyze-import-out-of-range 2 "no counter values could be read" env TMPDIR="$dir/tmp" "$leaklab" analyze --import range.csv
[ -z "$(ls -A tmp)" ] && [ ! -e range.jsonl ] && [ -z "$(ls range.jsonl.* 2>/dev/null)" ] && pass "2: no temp file left" || fail "2: temp files left: $(ls tmp range.jsonl.* 2>/dev/null)"

# 3: values at the limits: a clear error or a verdict, never '?', 'nan' or a wrapped number.
{ echo "$H"; echo '{"type":"snapshot","seq":0,"iteration":0,"memory":{"total":{"rss":0}},"gc":{"heap_size":100,"used_size":100}}'; } >zero-rss.jsonl
check zero-rss-text 0 "" "$leaklab" analyze zero-rss.jsonl
grep -Eq '\?|nan|inf' zero-rss-text.out && fail "3: zero rss report shows ?/nan/inf" || pass "3: zero rss report has no ?/nan/inf"
grep -q '^verdict: inconclusive' zero-rss-text.out && pass "3: zero rss has a verdict" || fail "3: zero rss: no verdict"
check zero-rss-json 0 "" "$leaklab" analyze --format json zero-rss.jsonl
grep -q '"verdict": "inconclusive"' zero-rss-json.out && pass "3: json verdict" || fail "3: zero rss json has no verdict"
check zero-rss-o 0 "" "$leaklab" analyze zero-rss.jsonl -o zero-rss.report
{ echo "$H"; echo '{"type":"snapshot","seq":0,"iteration":9223372036854775807,"memory":{"total":{"rss":5}}}'; } >big-iteration.jsonl
check int64-iteration 2 "big-iteration.jsonl:2: field 'iteration'" "$leaklab" analyze big-iteration.jsonl
{ echo "$H"; snap 0 5; echo '{"type":"snapshot","seq":1,"iteration":1,"memory":{"total":{"rss":9223372036854775807}}}'; } >big-rss.jsonl
check int64-rss 2 "big-rss.jsonl:3: field 'memory.total.rss'" "$leaklab" analyze big-rss.jsonl
{ echo "$H"; echo '{"type":"snapshot","seq":0,"iteration":0,"memory":{"total":{"rss":5}},"runtime":{"c":-9223372036854775807}}';
  echo '{"type":"snapshot","seq":1,"iteration":1,"memory":{"total":{"rss":5}},"runtime":{"c":9223372036854775807}}'; } >counter.jsonl
check int64-counter 0 "" "$leaklab" analyze counter.jsonl
grep -Eq '\?|nan|-9223372036854775807 ->' int64-counter.out && fail "3: counter wrapped" || pass "3: counters at the int64 limits"

# 4: -o to a device writes to it; to a symbolic link is refused, the link kept.
# As root, private device nodes stand in for /dev/null and /dev/full, so that
# a broken build replaces nothing of the machine's.
null_dev=/dev/null full_dev=/dev/full
if [ "$(id -u)" -eq 0 ]; then
    mknod nulldev c 1 3 && mknod fulldev c 1 7 && null_dev=nulldev full_dev=fulldev
fi
check o-null-device 0 "" "$leaklab" analyze good.jsonl -o "$null_dev"
[ -c "$null_dev" ] && pass "4: $null_dev is still a device" || fail "4: $null_dev replaced by a file"
check o-full-device 2 "No space left on device" "$leaklab" analyze good.jsonl -o "$full_dev"
[ -c "$full_dev" ] && pass "4: $full_dev is still a device" || fail "4: $full_dev replaced by a file"
echo precious >target.txt && ln -s target.txt link.txt
check o-symlink 2 "is a symbolic link" "$leaklab" analyze good.jsonl -o link.txt
[ -L link.txt ] && [ "$(cat target.txt)" = precious ] && pass "4: link and target untouched" || fail "4: link or target changed"
check import-o-symlink 2 "is a symbolic link" "$leaklab" import range.csv good.csv -o link.txt
mkfifo fifo && { cat fifo >fifo.read & }
check o-fifo 0 "" "$leaklab" analyze good.jsonl -o fifo
wait
grep -q '^verdict:' fifo.read && pass "4: written into the FIFO" || fail "4: FIFO got nothing"

# 5: a planted temp name (the old OUT.tmp.PID scheme) is never written through.
echo secret >victim.txt
for pid in $(seq $$ $(($$ + 50))); do ln -s victim.txt "report.txt.tmp.$pid"; done
check o-planted 0 "" "$leaklab" analyze good.jsonl -o report.txt
[ "$(cat victim.txt)" = secret ] && grep -q '^verdict: no-leak' report.txt && pass "5: planted links ignored" || fail "5: victim overwritten"
[ -z "$(ls report.txt.tmp-* 2>/dev/null)" ] && pass "5: no temp file left" || fail "5: temp files left"

# 6: an output that is one of the inputs is refused, the input intact.
cp good.jsonl same.jsonl && before=$(cksum <same.jsonl)
check o-is-input 2 "the output is also an input" "$leaklab" analyze same.jsonl -o same.jsonl
ln same.jsonl hardlink.jsonl
check o-is-input-hardlink 2 "the output is also an input" "$leaklab" analyze same.jsonl -o hardlink.jsonl
[ "$(cksum <same.jsonl)" = "$before" ] && pass "6: input intact" || fail "6: input changed"
cp good.csv in.csv && before=$(cksum <in.csv)
check import-o-is-input 2 "the output is also an input" "$leaklab" import good.csv in.csv -o in.csv
[ "$(cksum <in.csv)" = "$before" ] && pass "6: import input intact" || fail "6: import input changed"

# 7: an endless line fails fast with the limit named.
check dev-zero 2 "/dev/zero:1: line longer than 67108864 bytes" timeout 10 "$leaklab" analyze /dev/zero

# 12: inconsistent input, each FILE:LINE: field 'X'.
bad() { # NAME LINE FIELD RECORDS...
    name=$1 line=$2 field=$3
    shift 3
    { echo "$H"; for r in "$@"; do echo "$r"; done; } >"$name.jsonl"
    check "12-$name" 2 "$name.jsonl:$line: field '$field'" "$leaklab" analyze "$name.jsonl"
}
TS='{"type":"typeset","id":1,"types":[],"refs":[]}'
A1='{"type":"assembly","id":1,"domain":"0","iteration":0,"name":"a","version":"1.0","origin":"file","path":null,"typeset":1}'
S0='{"type":"snapshot","seq":0,"iteration":0,"memory":{"total":{"rss":5}}}'
bad duplicate-assembly 4 id "$TS" "$A1" "$A1" "$S0"
bad double-unload 5 id "$TS" "$A1" '{"type":"unload","id":1,"iteration":1}' '{"type":"unload","id":1,"iteration":1}'
bad duplicate-typeset 3 id "$TS" "$TS"
bad negative-rss 2 memory.total.rss '{"type":"snapshot","seq":0,"iteration":0,"memory":{"total":{"rss":-5}}}'
bad negative-iteration 2 iteration '{"type":"snapshot","seq":0,"iteration":-1,"memory":{"total":{"rss":5}}}'
bad memory-number 2 memory '{"type":"snapshot","seq":0,"iteration":0,"memory":7}'
bad types-mixed 2 'types[0]' '{"type":"typeset","id":1,"types":[1,"x",null],"refs":[]}'
bad out-of-order 3 iteration '{"type":"snapshot","seq":0,"iteration":5,"memory":{"total":{"rss":5}}}' "$S0"

# 13: write errors are said, exit 2.
check stdout-full 2 "standard output: cannot write: No space left on device" sh -c "'$leaklab' analyze good.jsonl >/dev/full"
check stdout-closed 2 "standard output: cannot write" sh -c "'$leaklab' analyze good.jsonl >&-"

# 14: BOM, CRLF and blank lines are accepted; a directory is named as such.
{ printf '\357\273\277'; sed 's/$/\r/' good.jsonl; echo; } | sed '3{x;p;x}' >bom-crlf.jsonl
check bom-crlf-blank 0 "" "$leaklab" analyze bom-crlf.jsonl
grep -q '^verdict: no-leak' bom-crlf-blank.out && pass "14: same verdict" || fail "14: BOM/CRLF changed the verdict"
mkdir adir
check directory 2 "adir: is a directory" "$leaklab" analyze adir
# 14, found by fuzzing: Windows-1252 names, decoded to two bytes a character
# and cut to a field's width (domain 63 bytes, file name 511), keep whole
# characters: no crash, both assemblies imported and read back.
e60=$(printf '\351%.0s' $(seq 60)) e300=$(printf '\351%.0s' $(seq 300))
printf '0:000> !dumpdomain\nDomain 10 %s:          000001b1c5ac5e40\nName:               w3wp.exe\n' "$e60" >cut.log
printf 'Assembly:           0000014c430a0ba0 [C:\\Temp\\%s.dll]\n' "$e300" >>cut.log
printf 'Assembly:           0000014c430a0bb0 [qgt1j2cs, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null]\n' >>cut.log
check cut-characters 0 "decoded as Windows-1252" "$leaklab" import cut.log -o cut.jsonl
[ "$(grep -c '"type":"assembly"' cut.jsonl)" = 2 ] && "$leaklab" analyze cut.jsonl >/dev/null 2>&1 &&
    pass "14: cut names keep whole characters" || fail "14: assemblies lost or unreadable after a cut"
# 14: a file name that is not UTF-8 (Linux allows any bytes) is shown with
# U+FFFD in JSON, not dropped: the report keeps `input`, reads back, and an
# import keeps `imported_from`.
odd=$(printf 'odd\377name') shown=$(printf 'odd\357\277\275name')
cp good.jsonl "$odd.jsonl" && cp good.csv "$odd.csv"
check odd-name-json 0 "" "$leaklab" analyze --format json -o odd.json "$odd.jsonl"
grep -qF "\"file\": \"$shown.jsonl\"" odd.json && pass "14: input.file kept" || fail "14: input.file lost"
check odd-name-report 0 "" "$leaklab" report -o odd.html odd.json
check odd-name-import 0 "" "$leaklab" import "$odd.csv" -o odd-import.jsonl
grep -qF "\"file\":\"$shown.csv\"" odd-import.jsonl && pass "14: imported_from kept" ||
    fail "14: imported_from lost"

# 10: a killed run (no end record) is analysed with a visible warning.
head -n 8 good.jsonl >killed.jsonl
check killed-run 0 "" "$leaklab" analyze killed.jsonl
grep -q '^warning: no end record' killed-run.out && pass "10: killed run warned" || fail "10: no warning for a killed run"

# The commands added since (compare, report, corpus) share the same guards.
check compare-o-symlink 2 "is a symbolic link" "$leaklab" compare good.jsonl good.jsonl -o link.txt
check report-o-symlink 2 "is a symbolic link" "$leaklab" report good.jsonl -o link.txt
printf 'good.jsonl\tno-leak\t-\t-\t-\n' >labels-ok.tsv
check corpus-o-symlink 2 "is a symbolic link" "$leaklab" corpus check labels-ok.tsv -o link.txt
[ -L link.txt ] && [ "$(cat target.txt)" = precious ] && pass "new commands: link and target untouched" ||
    fail "new commands: link or target changed"
check report-o-input 2 "the output is also an input" "$leaklab" report good.jsonl -o good.jsonl
check compare-o-input 2 "the output is also an input" "$leaklab" compare good.jsonl bom-crlf.jsonl -o bom-crlf.jsonl
check report-endless 2 "line longer than" timeout 10 "$leaklab" report /dev/zero -o report-zero.html
check corpus-endless 2 "a NUL byte" timeout 10 "$leaklab" corpus check /dev/zero
check compare-directory 2 "adir: is a directory" "$leaklab" compare adir good.jsonl
printf 'not gzip' >fake.jsonl.gz
check report-bad-gzip 2 "not a valid gzip file" "$leaklab" report fake.jsonl.gz -o bad-gzip.html
[ ! -e bad-gzip.html ] && [ ! -e report-zero.html ] && pass "report: nothing half-written" ||
    fail "report: an output was left after an error"
printf 'good.jsonl\tleak\t-\t-\t-\n' >labels-wrong.tsv
check corpus-wrong-cell 1 "" "$leaklab" corpus check labels-wrong.tsv
check corpus-record-bad-spec 2 "SCENARIO:collectible:M" "$leaklab" corpus record 'x:y:z' -o record-dir

finish
