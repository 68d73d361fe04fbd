#!/bin/sh
# Regression tests of the hardening issue, round 3, that need Mono: no lost
# or mixed series (run -o through a temporary file), hostile strings from a
# scenario, WSDL downloads with a deadline and a size limit, credentials
# kept out of files and messages, serve's one-line answers, and commands
# that must not exit 0 or clobber a folder.
# usage: round3_run.sh LEAKLAB CHECK_SNAPSHOTS WORKDIR
set -u
leaklab=$(realpath "$1") checker=$(realpath "$2") dir=$3 here=$(dirname "$(realpath "$0")")
rm -rf "$dir" && mkdir -p "$dir/tmp" && cd "$dir" || exit 2
export TMPDIR="$dir/tmp"
. "$here/checks.sh"
mcs -nologo -target:library -out:Hostile.dll "$here/Hostile.cs" || exit 2
mcs -nologo -out:Trickle.exe "$here/Trickle.cs" || exit 2
run() { "$leaklab" run --assembly Hostile.dll --quiet "$@"; }

# A typo in --entry, or a run that cannot start, leaves the previous series.
run --entry Hostile:Sleep --iterations 2 -o keep.jsonl 2>/dev/null
before=$(cksum <keep.jsonl)
run --entry Hostile:NoSuchMethod --iterations 2 -o keep.jsonl 2>typo.err
status=$?
[ "$status" -eq 2 ] && [ "$(cksum <keep.jsonl)" = "$before" ] && pass "a bad --entry keeps the old series" ||
    fail "a bad --entry: exit $status, series $( [ "$(cksum <keep.jsonl)" = "$before" ] && echo kept || echo changed)"
[ -z "$(ls keep.jsonl.tmp-* 2>/dev/null)" ] && pass "no temporary file left" || fail "left $(ls keep.jsonl.tmp-*)"
# Two runs on one -o: the file is one whole run, never a mix.
"$leaklab" run --assembly Hostile.dll --quiet --entry Hostile:Sleep --iterations 6 -o both.jsonl 2>/dev/null &
first=$!
run --entry Hostile:Sleep --iterations 3 -o both.jsonl 2>/dev/null
wait "$first"
[ "$(grep -c '"type":"header"' both.jsonl)" -eq 1 ] && "$checker" both.jsonl --status completed >/dev/null &&
    pass "two runs on one -o: one whole run" || fail "two runs on one -o: $(grep -c '"type":"header"' both.jsonl) headers"
# -o keeps a private file private.
printf 'old\n' >private.jsonl && chmod 600 private.jsonl
run --entry Hostile:Sleep --iterations 1 -o private.jsonl 2>/dev/null
[ "$(stat -c %a private.jsonl)" = 600 ] && pass "run -o kept mode 600" || fail "run -o made it $(stat -c %a private.jsonl)"
# Mono dying of SIGABRT keeps what was recorded, under the target's name.
"$leaklab" run --assembly Hostile.dll --quiet --entry Hostile:Sleep --iterations 100 -o aborted.jsonl 2>/dev/null &
pid=$!
sleep 3
kill -ABRT "$pid"
wait "$pid" 2>/dev/null
[ -s aborted.jsonl ] && "$leaklab" analyze aborted.jsonl >/dev/null 2>&1 && pass "SIGABRT: the series kept and readable" ||
    fail "SIGABRT: no readable aborted.jsonl"

# Hostile strings from a scenario.
run --entry Hostile:LoneSurrogate --iterations 2 -o surrogate.jsonl 2>surrogate.err
status=$?
[ "$status" -eq 0 ] && grep -q '"result":"x\\ufffdy"\|"result":"x.y"' surrogate.jsonl &&
    pass "a lone surrogate is recorded as U+FFFD" || fail "lone surrogate: exit $status"
run --entry Hostile:ThrowLoneSurrogate --iterations 1 -o thrown.jsonl 2>/dev/null
grep -q '"message":"bad .* text"' thrown.jsonl && ! grep -q '(null)' thrown.jsonl &&
    pass "an exception message with a lone surrogate is kept" || fail "exception message: $(grep -o '"message":"[^"]*"' thrown.jsonl)"
run --entry Hostile:HugeResult --iterations 2 -o huge.jsonl 2>huge.err
grep -q 'returned 73400320 bytes: recorded the first 1048576' huge.err && grep -q '"result_cut_from_bytes":73400320' huge.jsonl &&
    "$leaklab" analyze huge.jsonl >/dev/null && pass "a 70 MiB result is cut with a warning, the series readable" ||
    fail "huge result: $(cat huge.err)"

# WSDL downloads: a deadline for the whole download, a size limit.
mono Trickle.exe trickle >trickle.port &
trickle=$!
mono Trickle.exe big >big.port &
big=$!
trap 'kill "$trickle" "$big" 2>/dev/null' EXIT
for _ in $(seq 1 100); do [ -s trickle.port ] && [ -s big.port ] && break; sleep 0.1; done
started=$(date +%s)
timeout 60 "$leaklab" run proxy-per-call --wsdl "http://127.0.0.1:$(cat trickle.port)/x?wsdl" --call-timeout-ms 3000 \
    --iterations 1 --quiet -o trickle.jsonl 2>trickle.err
took=$(($(date +%s) - started))
[ "$took" -le 15 ] && grep -q 'timed out' trickle.err && pass "a trickling WSDL server times out (${took} s)" ||
    fail "trickle: ${took} s: $(head -c 300 trickle.err)"
"$leaklab" run proxy-per-call --wsdl "http://127.0.0.1:$(cat big.port)/x?wsdl" --iterations 1 --quiet \
    -o big.jsonl 2>big.err
grep -q 'is larger than 16 MiB' big.err && pass "a 17 MiB WSDL is refused" || fail "big WSDL: $(head -c 300 big.err)"
# Credentials in the URL reach neither the series nor the messages.
"$leaklab" run proxy-per-call --wsdl "http://user:hunter2@127.0.0.1:$(cat big.port)/x?wsdl" --iterations 1 --quiet \
    -o cred.jsonl 2>cred.err
grep -q hunter2 cred.jsonl cred.err && fail "the password reached the series or stderr" ||
    pass "credentials redacted"
grep -q '"wsdl":"http://\*\*\*@127.0.0.1' cred.jsonl && pass "the header shows ***" || fail "header: $(head -c 400 cred.jsonl)"

# Commands that must not exit 0 or clobber.
"$leaklab" list >/dev/full 2>list.err
[ $? -eq 2 ] && grep -q 'cannot write' list.err && pass "list > /dev/full: exit 2" || fail "list > /dev/full"
mkdir -p recorded && printf 'x' >recorded/steady-state-default.jsonl.gz
"$leaklab" corpus record steady-state -o recorded 2>record.err
[ $? -eq 2 ] && grep -q 'not an empty folder' record.err && [ "$(cat recorded/steady-state-default.jsonl.gz)" = x ] &&
    pass "corpus record refuses a folder that holds series" || fail "corpus record: $(cat record.err)"

# serve: one-line answers for other methods and case-changed paths.
"$leaklab" serve >serve.out 2>serve.err &
service=$!
trap 'kill "$trickle" "$big" 2>/dev/null; kill -TERM "$service" 2>/dev/null' EXIT
for _ in $(seq 1 120); do [ "$(grep -c . serve.out)" -ge 2 ] && break; sleep 0.5; done
base=$(sed -n 's/^listening //p' serve.out)
for method in DELETE OPTIONS PATCH; do
    answer=$(curl -s -X "$method" -w ' %{http_code}' "${base}OrderImplService.asmx")
    case $answer in "405 method not allowed"*" 405") pass "serve: $method gets 405" ;;
        *) fail "serve: $method: $answer" ;; esac
done
answer=$(curl -s -w ' %{http_code}' "${base}orderimplservice.asmx?wsdl")
case $answer in "404 not found"*" 404") pass "serve: a case-changed path gets the one-line 404" ;;
    *) fail "serve: case-changed path: $(echo "$answer" | head -c 200)" ;; esac
curl -s -X DELETE "${base}OrderImplService.asmx" "${base}orderimplservice.asmx" | grep -qi 'version' &&
    fail "serve: an answer names a version" || pass "serve: no version in the answers"
# Two differing Content-Length headers (request smuggling) get a 400, on a
# fresh connection and on a kept-alive one after a good request.
port=$(echo "$base" | sed 's|http://127.0.0.1:\([0-9]*\)/|\1|')
bad_post="POST /OrderImplService.asmx HTTP/1.1\r\nHost: 127.0.0.1:$port\r\nContent-Length: 5\r\nContent-Length: 7\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\nhello12"
timeout 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf '$bad_post' >&3; cat <&3" >smuggle1.out 2>&1
grep -q '400 bad request: conflicting Content-Length headers' smuggle1.out && pass "serve: conflicting Content-Length: 400" ||
    fail "serve: conflicting Content-Length: $(head -c 300 smuggle1.out)"
timeout 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf 'GET /OrderImplService.asmx?wsdl HTTP/1.1\r\nHost: 127.0.0.1:$port\r\n\r\n' >&3; sleep 1; printf '$bad_post' >&3; cat <&3" >smuggle2.out 2>&1
grep -q '400 bad request: conflicting Content-Length headers' smuggle2.out && pass "serve: the same on a kept-alive connection" ||
    fail "serve: kept-alive conflicting Content-Length: $(tail -c 300 smuggle2.out)"
kill -TERM "$service"
wait "$service" 2>/dev/null

finish
