#!/bin/sh
# `leaklab sweep` end to end with a short list: the customer's code in the
# default context and recycled every 1 and 2 calls. sweep.json has one
# point per run with time, kept bytes, verdict, severity and the Pareto
# mark; sweep.md has the table; each run's snapshots are kept; too few
# iterations are said and raised; a bad list is refused.
# usage: sweep.sh LEAKLAB WORKDIR
set -u
leaklab=$1 dir=$2
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 2
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$leaklab" sweep proxy-per-call --recycle-every 1,2 --iterations 10 -o out >table.md 2>sweep.err ||
    fail "sweep exits $?: $(cat sweep.err)"
cat table.md
grep -q 'M=2: 10 calls are too few .*running 24' sweep.err || fail "too few calls not said: $(cat sweep.err)"
for f in out/proxy-per-call-default.jsonl out/proxy-per-call-collectible1.jsonl out/proxy-per-call-collectible2.jsonl \
    out/sweep.json out/sweep.md; do
    [ -s "$f" ] || fail "$f missing"
done
json=$(tr -d ' \n' <out/sweep.json)
[ "$(echo "$json" | grep -o '"recycle_every":[0-9]*' | tr '\n' ' ')" = '"recycle_every":0 "recycle_every":1 "recycle_every":2 ' ] ||
    fail "points are not M = 0, 1, 2"
[ "$(echo "$json" | grep -o '"ms_per_call":[0-9.e+-]*' | wc -l)" -eq 3 ] || fail "ms_per_call is not a number in every point"
echo "$json" | grep -q '"pareto":true' || fail "no point on the Pareto front"
grep -q '^| 0 | .* | leak | major |' out/sweep.md || fail "the default context is not a major leak"
[ "$(grep -c '^| [0-9]' out/sweep.md)" -eq 3 ] || fail "sweep.md has not 3 rows"
cmp -s table.md out/sweep.md || fail "the table printed is not sweep.md"

# A run that dies (as Mono can in a domain unload) is recorded and tried
# once more: the first M=1 run is killed with SIGABRT from outside.
"$leaklab" sweep proxy-per-call --recycle-every 1 --iterations 12 -o abrt >abrt.md 2>abrt.err &
sweep=$!
killed=0
for _ in $(seq 1 600); do
    # The sweep's own child: another test suite running at the same time
    # has one with the same command line, in another folder.
    pid=$(pgrep -P "$sweep" -f -- '-o abrt/proxy-per-call-collectible1.jsonl' | head -n 1)
    if [ -n "$pid" ]; then
        sleep 0.5
        kill -ABRT "$pid" && killed=1
        break
    fi
    sleep 0.05
done
wait "$sweep"
status=$?
[ "$killed" -eq 1 ] || fail "abrt: the M=1 run was never seen"
[ "$status" -eq 0 ] || fail "abrt: sweep exits $status after a retried point: $(cat abrt.err)"
json=$(tr -d ' \n' <abrt/sweep.json)
echo "$json" | grep -q '"failures":\[{"recycle_every":1,"attempt":1,"signal":6,"signal_name":"ABRT"' ||
    fail "abrt: the killed attempt is not in failures: $json"
[ "$(echo "$json" | grep -o '"recycle_every":[0-9]*' | tr '\n' ' ')" = '"recycle_every":0 "recycle_every":1 "recycle_every":1 ' ] ||
    fail "abrt: points are not M = 0, 1 (and the failure's M=1)"
grep -q 'M=1, attempt 1: leaklab run died of SIGABRT' abrt.err || fail "abrt: not said: $(cat abrt.err)"
grep -q '^- M=1, attempt 1: died of SIGABRT' abrt/sweep.md ||
    fail "abrt: sweep.md does not list the failed attempt"
"$leaklab" report abrt/sweep.json -o abrt.html && grep -q 'M=1, attempt 1: died of SIGABRT' abrt.html ||
    fail "abrt: the HTML report does not show the failed attempt"

for bad in 0 1,1 x; do
    "$leaklab" sweep proxy-per-call --recycle-every "$bad" -o bad 2>bad.err
    status=$?
    [ "$status" -eq 2 ] && grep -q -- '--recycle-every' bad.err || fail "--recycle-every $bad: exit $status"
done

: >not-a-dir
"$leaklab" sweep proxy-per-call --recycle-every 1 -o not-a-dir 2>file.err
status=$?
[ "$status" -eq 2 ] && grep -q 'not-a-dir: not a directory' file.err || fail "-o a file: exit $status: $(cat file.err)"

[ "$failures" -eq 0 ] && echo "sweep: all checks passed"
[ "$failures" -eq 0 ]
