#!/bin/sh
# Who keeps it, end to end: runs whose objects are kept through a path of
# their own name that path's holder, and the fix its root calls for: a
# static list (managed-leak), a static event (event-leak), a singleton's
# cache (singleton-cache), a scenario of the tests' own that no scenario
# names (an event of its own, 500 B a call: under the floor, but its path
# is named); the customer's code names both holders, the
# default domain for the proxies and XmlSerializer's static cache for the
# serializers; --retainers off records none, K records every Kth.
# usage: retainers.sh LEAKLAB WORKDIR
set -u
leaklab=$(realpath "$1") dir=$2 here=$(dirname "$(realpath "$0")")
. "$here/../robust/checks.sh"
work_in "$dir"
mcs -nologo -target:library -out:OwnType.dll "$here/../import/mprof/OwnType.cs" || exit 2

# kept_by NAME PATTERN FIX: the JSON report NAME.json has a suspect kept
# by PATTERN whose fix starts with FIX.
kept_by() {
    if grep -qF "\"kept_by\": \"$2" "$1.json"; then pass "$1: kept by $2"; else
        fail "$1: no suspect kept by '$2'"; grep '"kept_by"' "$1.json" >&2; fi
    if grep -qF "\"fix\": \"$3" "$1.json"; then pass "$1: fix '$3'"; else fail "$1: no fix '$3...'"; fi
}

for scenario in managed-leak event-leak singleton-cache; do
    check "run-$scenario" 0 "" "$leaklab" run "$scenario" --iterations 24 --quiet -o "$scenario.jsonl"
    "$leaklab" analyze "$scenario.jsonl" --format json -o "$scenario.json" 2>/dev/null
    "$leaklab" analyze "$scenario.jsonl" >"$scenario.txt" 2>/dev/null
done
kept_by managed-leak "static Leaklab.Scenarios.ManagedLeak.Kept" "bound the cache"
kept_by event-leak "static Leaklab.Scenarios.Ticker.Tick" "unsubscribe"
kept_by singleton-cache "static Leaklab.Scenarios.ReportCache.instance" "bound the cache"
grep -q "^       100.0 % of them: static Leaklab.Scenarios.ManagedLeak.Kept -> System.Collections.Generic.List<System.Byte\[\]>._items -> System.Byte\[\]\[\].\[\] -> System.Byte\[\]" managed-leak.txt &&
    pass "managed-leak: the text report draws the path" || fail "managed-leak: no path in the text report"

check run-own 0 "" "$leaklab" run --assembly OwnType.dll --entry Leaklab.Tests.OwnTypeLeak:Run --iterations 24 --quiet \
    -o own.jsonl
"$leaklab" analyze own.jsonl >own.txt 2>/dev/null
# 500 B a call is under the managed floor (no suspect), but what grows is
# still kept by its path.
grep -A1 "^  Leaklab.Tests.OrderListener (24 objects)" own.txt |
    grep -q "100.0 % of them: static Leaklab.Tests.OwnTypeLeak.Orders -> System.EventHandler.delegates -> System.Delegate\[\].\[\] -> System.EventHandler.m_target -> Leaklab.Tests.OrderListener" &&
    pass "own: OrderListener kept by the static event Orders, through its invocation list" ||
    fail "own: OrderListener's path is not named"

check run-proxy 0 "" "$leaklab" run proxy-per-call --iterations 12 --quiet -o proxy.jsonl
"$leaklab" analyze proxy.jsonl --format json -o proxy.json 2>/dev/null
kept_by proxy "the default domain" "compile the proxy once"
kept_by proxy "static System.Xml.Serialization.XmlSerializer.xmlSerializerTable" "reuse the types being serialized"
captures=$(grep -c '"retainers":{"objects"' proxy.jsonl)
[ "$captures" -eq 2 ] && pass "first-last: 2 captures" || fail "first-last: $captures captures, not 2"
grep -q '"retainers":"first-last"' proxy.jsonl && pass "the header records --retainers" ||
    fail "no retainers in the header's options"

check run-off 0 "" "$leaklab" run managed-leak --iterations 10 --retainers off --quiet -o off.jsonl
[ "$(grep -c '"retainers":{' off.jsonl)" -eq 0 ] && pass "--retainers off: no capture" || fail "--retainers off captured"
check run-every 0 "" "$leaklab" run managed-leak --iterations 10 --retainers 3 --quiet -o every.jsonl
captures=$(grep -c '"retainers":{' every.jsonl)
[ "$captures" -eq 4 ] && pass "--retainers 3: 4 captures (from iteration 2, every 3rd, and the last)" ||
    fail "--retainers 3: $captures captures"
check bad-retainers 2 "--retainers must be" "$leaklab" run managed-leak --retainers sometimes
finish
