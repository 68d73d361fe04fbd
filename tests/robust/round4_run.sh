#!/bin/sh
# Regression tests of the hardening issue, round 4, that need Mono: a run
# whose disk fills (here a file size limit) leaves the previous series as
# it was and says where what it recorded is; a class whose name is not
# UTF-8 keeps every heap-shot, spelt with U+FFFD; a class name of 1 MiB
# is cut, so that no line outgrows the reader; an exception message
# cannot forge a line of the text report or of summary; a sweep stops on
# SIGTERM with what it measured, stops a run past --run-timeout, and
# fails on a standard output it cannot write; a WSDL server whose answer
# has a 100 MB head is refused at 64 KiB, the run's memory bounded.
# usage: round4_run.sh LEAKLAB WORKDIR
set -u
leaklab=$(realpath "$1") dir=$2 here=$(dirname "$(realpath "$0")")
. "$here/checks.sh"
work_in "$dir"
mcs -nologo -target:library -out:BadNames.dll "$here/BadNames.cs" || exit 2
mcs -nologo -out:Trickle.exe "$here/Trickle.cs" || exit 2
LC_ALL=C sed -i 's/ObfQQQQ/Obf\xff\xfe\xfd\xfc/' BadNames.dll
run() { "$leaklab" run --assembly BadNames.dll --quiet "$@"; }

# A full disk: the previous, complete series stays; the new one's lines
# stay in its temporary file, whose name the error gives.
run --entry BadNames:Run --iterations 3 -o series.jsonl
before=$(cksum <series.jsonl)
check disk-full 1 "left as it was; what was recorded is in" \
    sh -c 'trap "" XFSZ; ulimit -f 600; exec "$0" run --assembly BadNames.dll --entry BadNames:Run --iterations 60 \
        --quiet -o series.jsonl' "$leaklab"
[ "$(cksum <series.jsonl)" = "$before" ] && pass "disk-full: the previous series is as it was" ||
    fail "disk-full: the previous series was replaced"
kept=$(sed -n 's/.*what was recorded is in //p' disk-full.err)
[ -n "$kept" ] && [ -s "$kept" ] && pass "disk-full: $kept holds what was recorded" ||
    fail "disk-full: no temporary file kept ('$kept')"
[ -n "$kept" ] && "$leaklab" summary "$kept" >/dev/null 2>&1 && pass "disk-full: the kept lines read back" ||
    fail "disk-full: the kept lines do not read back"

# A class name that is not UTF-8: every heap-shot taken, the class kept.
check bad-name 0 "" run --entry BadNames:Run --iterations 4 -o names.jsonl
grep -q heap_shot_failed names.jsonl && fail "bad-name: a heap-shot was lost" || pass "bad-name: every heap-shot taken"
grep -q 'out of memory' bad-name.err && fail "bad-name: memory blamed" || pass "bad-name: nothing blamed on memory"
[ "$(grep -c '"type":"Obf\\ufffd\|"type":"Obf'"$(printf '\357\277\275')" names.jsonl)" -ge 4 ] &&
    pass "bad-name: the class is in every heap-shot, spelt with U+FFFD" || fail "bad-name: the class is missing"
# A class named int (C#'s @int) is its own row, never the runtime's System.Int32.
[ "$(grep -o '"type":"int \[BadNames\]","count":4' names.jsonl | wc -l)" -ge 1 ] &&
    pass "bad-name: the application's class int is a row of its own (int [BadNames]), 4 objects" ||
    fail "bad-name: no row 'int [BadNames]' with 4 objects"

# Classes with 1 MiB names: cut, marked, and no line the reader refuses
# (70 of them in one heap-shot made a 73 MB line).
mcs -nologo -target:library -out:LongNames.dll "$here/LongNames.cs" || exit 2
check long-names 0 "" "$leaklab" run --assembly LongNames.dll --entry LongNames:Run --iterations 70 --snapshot-every 70 \
    --retainers off --quiet -o long.jsonl
longest=$(awk '{ if (length($0) > n) n = length($0) } END { print n }' long.jsonl)
[ "$longest" -lt 1048576 ] && pass "long-names: the longest line is $longest bytes" ||
    fail "long-names: a line of $longest bytes"
grep -q 'LLLL \[cut from 104857[0-9] bytes\]' long.jsonl && pass "long-names: a cut name says its length" ||
    fail "long-names: no cut name marked"
check long-names-analyze 0 "" "$leaklab" analyze long.jsonl

# A message that tries to forge a line: shown with its newline as \x0a.
check forged 1 "" run --entry BadNames:Throw --iterations 2 -o forged.jsonl
"$leaklab" analyze forged.jsonl >forged.txt 2>&1
"$leaklab" summary forged.jsonl >forged-summary.txt 2>&1
grep -q '^verdict: no-leak (forged)' forged.txt forged-summary.txt && fail "forged: a line was forged" ||
    pass "forged: no forged line"
grep -qF 'bad\x0averdict: no-leak (forged)\x09end' forged.txt && pass "forged: the message's newline and tab shown" ||
    fail "forged: the message is not shown escaped"
# A sweep: a run past --run-timeout is stopped and recorded; SIGTERM
# stops the whole sweep, which writes what it measured, marked, and exits
# 143; a standard output that cannot be written is an error (exit 2).
check sweep-timeout 1 "no result after 1 s (--run-timeout): stopped" \
    "$leaklab" sweep proxy-per-call --recycle-every 1 --iterations 12 --run-timeout 1 -o timeout
grep -q '"message": "no result after 1 s (--run-timeout): stopped"' timeout/sweep.json &&
    pass "sweep-timeout: the stopped runs are failures in sweep.json" || fail "sweep-timeout: not in sweep.json"
"$leaklab" sweep proxy-per-call --recycle-every 1,2 --iterations 12 -o stopped >stopped.out 2>stopped.err &
sweep=$!
sleep 6
kill -TERM "$sweep"
wait "$sweep"
status=$?
[ "$status" -eq 143 ] && pass "sweep-sigterm: exit 143" || fail "sweep-sigterm: exit $status, not 143"
grep -q '"interrupted": "SIGTERM"' stopped/sweep.json && grep -q '^Interrupted by SIGTERM' stopped/sweep.md &&
    pass "sweep-sigterm: sweep.json and sweep.md written, marked interrupted" ||
    fail "sweep-sigterm: no interrupted sweep.json or sweep.md"
check sweep-full 2 "standard output: cannot write" sh -c 'exec "$0" sweep steady-state --recycle-every 1 \
    --iterations 12 -o full >/dev/full' "$leaklab"
check sweep-help-full 2 "standard output: cannot write" sh -c 'exec "$0" sweep --help >/dev/full' "$leaklab"
# A WSDL server whose answer's head is 100 MB: refused at 64 KiB, well
# within the call's deadline, the run's peak memory far below 100 MB more
# than a run's (Mono's own reader held it all: about +100 MB, measured).
mono Trickle.exe hugehead >hugehead.port &
hugehead=$!
for _ in $(seq 1 100); do [ -s hugehead.port ] && break; sleep 0.1; done
"$leaklab" run proxy-per-call --iterations 1 --quiet --call-timeout-ms 20000 \
    --wsdl "http://127.0.0.1:$(cat hugehead.port)/x?wsdl" -o hugehead.jsonl 2>hugehead.err &
runner=$!
peak=$(peak_kb "$runner")
wait "$runner"
kill "$hugehead" 2>/dev/null
grep -q 'has a head longer than 64 KiB' hugehead.jsonl && [ "$peak" -gt 0 ] && [ "$peak" -lt 250000 ] &&
    pass "a 100 MB answer head: refused at 64 KiB, peak ${peak} kB" ||
    fail "hugehead: peak ${peak} kB: $(grep -o '"exception":{[^}]*}' hugehead.jsonl | head -1) $(head -c 300 hugehead.err)"
finish
