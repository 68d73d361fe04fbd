#!/bin/sh
# `leaklab compare` end to end on fresh runs: the customer's code against
# the cached fix is better and removes about all of the base's growth, the
# reverse is worse (exit 1), runs with different x units are refused
# (exit 2), a budget on the fix is honoured, and -o is written atomically.
# usage: compare.sh LEAKLAB WORKDIR
set -u
leaklab=$1 dir=$2
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 2
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$leaklab" run proxy-per-call --iterations 20 --quiet -o base.jsonl || exit 2
"$leaklab" run proxy-cached --iterations 20 --quiet -o fix.jsonl || exit 2
"$leaklab" compare base.jsonl fix.jsonl >better.txt
status=$?
cat better.txt
[ "$status" -eq 0 ] || fail "base against fix exits $status, not 0"
head -1 better.txt | grep -q '^comparison: better' || fail "not better"
"$leaklab" compare base.jsonl fix.jsonl --format json -o better.json || fail "json exit $?"
# The fix removes between 90 and 110 % of the base's assembly growth.
share=$(tr -d ' \n' <better.json | sed -n 's/.*"assemblies":{.*"removed_share":{"value":\([0-9.e+-]*\).*/\1/p')
awk -v s="$share" 'BEGIN { exit !(s >= 0.9 && s <= 1.1) }' || fail "removed share '$share' is not about 1"
grep -q '"ms_per_call"' better.json || fail "no ms_per_call"

"$leaklab" compare fix.jsonl base.jsonl >worse.txt
status=$?
[ "$status" -eq 1 ] || fail "fix against base exits $status, not 1"
head -1 worse.txt | grep -q '^comparison: worse' || fail "not worse"

# A run against itself is the same (exit 0), unless it leaks over a budget.
"$leaklab" compare base.jsonl base.jsonl >same.txt || fail "same run twice exits $?"
head -1 same.txt | grep -q '^comparison: same' || fail "a run against itself is not the same"
"$leaklab" compare base.jsonl base.jsonl --budget native=1kB >/dev/null
status=$?
[ "$status" -eq 1 ] || fail "a leak over its budget exits $status, not 1"
"$leaklab" compare base.jsonl base.jsonl --budget native=1MB --budget rss=1MB --budget managed=1MB \
    --budget assemblies=5 >/dev/null || fail "a leak within its budgets exits $?"

# Different x units are refused with a clear message.
sed 's/"type":"header",/"type":"header","x_unit":"second",/' fix.jsonl >seconds.jsonl
"$leaklab" compare base.jsonl seconds.jsonl >/dev/null 2>units.err
status=$?
[ "$status" -eq 2 ] && grep -q 'different units' units.err || fail "different x units: exit $status: $(cat units.err)"

# -o over an input is refused; the input is intact.
before=$(cksum <fix.jsonl)
"$leaklab" compare base.jsonl fix.jsonl -o fix.jsonl 2>same-file.err && fail "-o over an input accepted"
[ "$(cksum <fix.jsonl)" = "$before" ] || fail "the input was changed"

[ "$failures" -eq 0 ] && echo "compare: all checks passed"
[ "$failures" -eq 0 ]
