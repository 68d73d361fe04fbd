#!/bin/sh
# Regression tests of the hardening issue (#9) that need Mono: how
# `leaklab run` ends (signals, Environment.Exit, its temporary folder, an
# output that is its input) and that no request ends `leaklab serve`.
# usage: run_and_serve.sh LEAKLAB WORKDIR
set -u
leaklab=$(realpath "$1") dir=$2 here=$(dirname "$(realpath "$0")")
. "$here/checks.sh"
work_in "$dir"
mcs -nologo -target:library -out:Hostile.dll "$here/Hostile.cs" || exit 2
run() { "$leaklab" run --assembly Hostile.dll --quiet "$@"; }
# In the background, with $! the pid of leaklab itself (not of a subshell).
run_bg() { "$leaklab" run --assembly Hostile.dll --quiet "$@" & }

# 6: run -o the assembly itself is refused before anything is written.
cp Hostile.dll copy.dll && before=$(cksum <copy.dll)
"$leaklab" run --assembly copy.dll --entry Hostile:Sleep -o copy.dll 2>err.txt
[ $? -eq 2 ] && grep -q "the output is also an input" err.txt && [ "$(cksum <copy.dll)" = "$before" ] &&
    pass "6: run -o INPUT.dll refused, input intact" || fail "6: run -o INPUT.dll"

# 11: Environment.Exit(3): an end record, nothing on stdout, exit 1.
run --entry Hostile:ExitOnSecond --iterations 5 -o exit.jsonl >exit.out 2>exit.err
status=$?
[ $status -eq 1 ] && pass "11: exit 1" || fail "11: exit $status, expected 1"
[ ! -s exit.out ] && pass "11: nothing on stdout" || fail "11: $(wc -l <exit.out) lines on stdout"
tail -n 1 exit.jsonl | grep '"status":"exited"' | grep -q '"exit_code":3' && pass "11: end record exited, code 3" ||
    fail "11: last line $(tail -n 1 exit.jsonl | cut -c1-80)"
# ... and -o - keeps Mono's output off the snapshot stream.
run --entry Hostile:ExitOnSecond --iterations 5 -o - >stream.jsonl 2>/dev/null
"$leaklab" analyze stream.jsonl >/dev/null 2>stream.err && pass "11: -o - stream is a valid series" ||
    fail "11: -o - stream: $(cat stream.err)"

# 10: SIGINT finishes the iteration, writes end "interrupted", exits 130, removes the temp folder.
run_bg --entry Hostile:LitterTemp --iterations 1000 -o int.jsonl
pid=$!
sleep 4
kill -INT $pid
wait $pid
status=$?
[ $status -eq 130 ] && pass "10: SIGINT exit 130" || fail "10: SIGINT exit $status"
tail -n 1 int.jsonl | grep -q '"status":"interrupted"' && pass "10: end interrupted" || fail "10: no end record"
[ -z "$(ls -A tmp)" ] && pass "10: temp folder removed" || fail "10: left in TMPDIR: $(ls tmp)"
# A hung iteration: the second SIGTERM abandons it, exit 143, still an end record.
run_bg --entry Hostile:SleepForever --iterations 5 -o hang.jsonl
pid=$!
sleep 3
kill -TERM $pid; sleep 1; kill -TERM $pid
wait $pid
status=$?
[ $status -eq 143 ] && pass "10: SIGTERM twice: exit 143" || fail "10: SIGTERM exit $status"
tail -n 1 hang.jsonl | grep -q '"status":"interrupted","abandoned":true' && pass "10: abandoned end record" ||
    fail "10: hung run: $(tail -n 1 hang.jsonl | cut -c1-80)"
# SIGKILL leaves a folder; the next run removes it (its pid is dead).
run_bg --entry Hostile:LitterTemp --iterations 1000 -o killed.jsonl
pid=$!
sleep 4
kill -KILL $pid
wait $pid 2>/dev/null
[ -n "$(ls -A tmp)" ] && pass "10: a killed run leaves its folder" || fail "10: expected a stale folder"
run --entry Hostile:Sleep --iterations 1 -o next.jsonl
[ -z "$(ls -A tmp)" ] && pass "10: the next run removed the stale folder" || fail "10: stale: $(ls tmp)"
"$leaklab" analyze killed.jsonl.tmp-* | grep -q '^warning: no end record' && pass "10: killed run warned" ||
    fail "10: killed run not warned"

# 1, 9, 15: no request ends the server; bodies capped; one-line 404/400.
"$leaklab" serve >serve.out 2>serve.err &
spid=$!
for i in $(seq 60); do grep -q '^wsdl ' serve.out && break; sleep 0.5; done
url=$(sed -n 's/^listening //p' serve.out)
[ -n "$url" ] || { fail "serve did not start: $(cat serve.err)"; echo "$failures failure(s)"; exit 1; }
code() { curl -s -m 30 -o body.txt -w '%{http_code}' "$@"; }
c=$(code -X PUT "$url"); pass "1: PUT / answered $c"
c=$(code -X POST "$url"); pass "1: POST / with no body answered $c"
c=$(code -X POST "${url}OrderImplService.asmx"); pass "1: POST asmx with no body answered $c"
c=$(code "${url}trace.axd"); [ "$c" = 404 ] && [ "$(wc -l <body.txt)" -le 1 ] && ! grep -qi mono body.txt &&
    pass "15: trace.axd 404, one line" || fail "15: trace.axd $c: $(head -c 200 body.txt)"
c=$(code "${url}%00"); [ "$c" = 400 ] && [ "$(wc -l <body.txt)" -le 1 ] && pass "15: %00 400, one line" ||
    fail "15: %00 $c: $(head -c 200 body.txt)"
head -c 104857600 /dev/zero >100m
for i in 1 2 3 4; do c=$(code -X POST --data-binary @100m "${url}OrderImplService.asmx"); done
[ "$c" = 413 ] && pass "9: 100 MB body: 413" || fail "9: 100 MB body answered $c"
c=$(code -X POST -H 'Transfer-Encoding: chunked' --data-binary @100m "${url}OrderImplService.asmx")
[ "$c" = 413 ] && pass "9: chunked 100 MB body: 413" || fail "9: chunked body answered $c"
mono_pid=$(pgrep -f "leaklab-service.exe" | head -n 1)
rss=$(awk '/VmRSS/ {print $2}' /proc/"$mono_pid"/status)
[ "$rss" -lt 204800 ] && pass "9: RSS ${rss} kB after 5 x 100 MB" || fail "9: RSS ${rss} kB"
kill -0 "$spid" && pass "1: server alive after every request" || fail "1: server died"
c=$(code "${url}OrderImplService.asmx?wsdl"); [ "$c" = 200 ] && pass "1: WSDL still served" || fail "1: WSDL $c"
root=$(ls -d tmp/leaklab-serve-* 2>/dev/null)
kill -TERM "$spid"; wait "$spid"
[ -z "$(ls -A tmp)" ] && pass "1: serve removed its folder" || fail "1: left: $(ls tmp) ($root)"

finish
