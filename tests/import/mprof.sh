#!/bin/sh
# mprof-report's heap shots, imported and triaged: the leaking type named
# with its growth per heap shot, the no-leak program with no growing type,
# the change tail never read into a class name, the 30-class cut said, a
# table whose columns disagree refused line by line, who keeps what grows
# from --traces, and heap shots out of range skipped by line.
# usage: mprof.sh LEAKLAB FIXTURES_DIR WORKDIR
set -u
leaklab=$(realpath "$1") fixtures=$(realpath "$2")/mprof-report-heapshot dir=$3 here=$(dirname "$(realpath "$0")")
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 2
. "$here/../robust/checks.sh"

# A row of "what grows, by type": objects per heap shot, verdict, type.
# "OBJECTS BYTES VERDICT" of TYPE's row in "what grows, by type".
type_row() { # REPORT TYPE
    awk -v t="$2" '/^what grows, by type/ { on = 1; next } on && /^$/ { on = 0 }
        on && $NF == t { print $1, $2 $3, $(NF - 1) }' "$1"
}

check leak 1 "" "$leaklab" analyze --import "$fixtures/managed-leak-12-calls.txt"
row=$(type_row leak.out 'System.Byte[]')
case $row in "+16 "*" leak") pass "managed leak: System.Byte[] +16 objects per heap shot, leak" ;;
    *) fail "managed leak: System.Byte[] row is '$row'" ;; esac
grep -q "^suspect types" leak.out && grep -q "^  1. System.Byte\[\]$" leak.out &&
    pass "managed leak: System.Byte[] is the first suspect" || fail "managed leak: no System.Byte[] suspect"
grep -q "lists 30 of its 41 classes" leak.err leak.out &&
    pass "the 30-class cut of mprof-report is said" || fail "no warning for the 30-class cut"

check listener 0 "" "$leaklab" analyze --import "$fixtures/own-type-listener-12-calls-traces.txt"
row=$(type_row listener.out Leaklab.Tests.OrderListener)
case $row in "+1 "*" leak") pass "a type of its own: OrderListener +1 object per heap shot, leak" ;;
    *) fail "OrderListener row is '$row'" ;; esac

check steady 0 "" "$leaklab" analyze --import "$fixtures/steady-state-12-calls-verbose.txt"
grep -q "^verdict: no-leak" steady.out && grep -q "^  no type grows" steady.out &&
    pass "steady state: no-leak, no type grows" || fail "steady state: $(head -1 steady.out)"

check series 0 "" "$leaklab" import "$fixtures/managed-leak-12-calls.txt" -o series.jsonl
if grep -q '(bytes:' series.jsonl; then fail "a change tail was read into a class name"; else
    pass "change tails are not part of class names"; fi
grep -q '"x_unit":"heapshot"' series.jsonl && pass "x unit: heapshot" || fail "x unit is not heapshot"

# A row whose average is not its bytes over its count, and a stray line.
sed -e 's/^\(\t *85760 *16 *\)5360/\19999/' -e '12a\
\tthis is not a row' "$fixtures/managed-leak-12-calls.txt" >mangled.txt
check mangled 0 "" "$leaklab" import mangled.txt -o mangled.jsonl
grep -q "mangled.txt:6: a class row whose average is not its bytes over its count" mangled.err &&
    pass "a row with the wrong average is refused, by line" || fail "mangled row: $(cat mangled.err)"
grep -q "mangled.txt:13: not a class row of a heap shot" mangled.err &&
    pass "a stray line inside a heap shot is refused, by line" || fail "stray line: $(cat mangled.err)"

# With --traces, who keeps what grows, class by class: the event leak's
# listener and its state are named through the event's invocation list
# (a class-level path), and the fix says to unsubscribe.
check traces 1 "" "$leaklab" analyze --import "$fixtures/event-leak-12-calls-traces.txt"
grep -q "kept by: class by class (mprof-report --traces): Leaklab.Scenarios.EventLeak.Listener <- System.EventHandler <- System.Delegate\[\]" traces.out &&
    pass "traces: the listener is kept through the event's invocation list" || fail "traces: no class-level path"
grep -q "fix: unsubscribe" traces.out && pass "traces: the fix is to unsubscribe" || fail "traces: no unsubscribe fix"

# Heap shots at NaN or -5 seconds, or of 2^64 bytes: each skipped with a
# warning naming its line (they were dropped silently, or read into a
# series analyze then refused), and what is imported reads back.
sed -e 's/^\(\tHeap shot 3 at \)[0-9.]* secs/\1nan secs/' -e 's/^\(\tHeap shot 4 at \)[0-9.]* secs/\1-5 secs/' \
    -e 's/^\(\tHeap shot 5 at [0-9.]* secs: size: \)[0-9]*/\118446744073709551615/' \
    "$fixtures/managed-leak-12-calls.txt" >out-of-range.txt
check out-of-range 0 "out-of-range.txt:103: a heap shot whose time or figures are out of range" \
    "$leaklab" import out-of-range.txt -o out-of-range.jsonl
grep -q "out-of-range.txt:136: a heap shot whose time" out-of-range.err && grep -q "out-of-range.txt:169: a heap shot whose" \
    out-of-range.err && pass "out-of-range: each bad heap shot named by its line" || fail "out-of-range: $(cat out-of-range.err)"
check out-of-range-analyze 0 "" "$leaklab" analyze out-of-range.jsonl

printf 'Heap shot summary\n\n' >empty.txt
check empty 2 "no heap shot" "$leaklab" import empty.txt -o empty.jsonl
# One heap shot with its changes (round 3, point 6): two points, System.Byte[]
# +16 objects since the shot before, and a calls-only profile refused with
# the options that would have recorded heap shots, not as a debugger output.
check shot8 0 "" "$leaklab" analyze --import "$fixtures/managed-leak-12-calls-shot8-only.txt"
grep -q "heap shot 8 lists its changes since the shot before" shot8.out && pass "one shot with changes: said" ||
    fail "one shot with changes: no warning"
row=$(type_row shot8.out 'System.Byte[]')
case $row in "+16 "*" inconclusive") pass "one shot with changes: System.Byte[] +16 objects since the shot before" ;;
    *) fail "one shot with changes: System.Byte[] row is '$row'" ;; esac
check calls 2 "a Mono log profiler report without heap shots (the profile's arguments: log:calls" \
    "$leaklab" import "$fixtures/managed-leak-12-calls-calls-profile.txt" -o calls.jsonl
grep -q "mono --profile=log:heapshot" calls.err && grep -q "mprof-report --reports=heapshot" calls.err &&
    pass "a calls-only profile names the options that record heap shots" || fail "calls-only: $(cat calls.err)"
grep -q "no known debugger output" calls.err && fail "a calls-only profile was read as a debugger output"
# The customer's code path under the log profiler (round 3, point 4): no
# assembly record, but Reflection.Emit's builders grow: kind assembly,
# XmlSerializer named, never a managed leak.
check proxy 1 "" "$leaklab" analyze --import "$fixtures/proxy-per-call-12-calls.txt"
head -1 proxy.out | grep -q '^verdict: leak (kind: assembly' && grep -q "System.Reflection.Emit.MethodBuilder (heap-shot)" proxy.out &&
    grep -q "generated by: XmlSerializer-generated serialization assembly" proxy.out &&
    pass "proxy-per-call heap shots: an assembly leak, XmlSerializer's emitted assemblies named" ||
    fail "proxy-per-call heap shots: $(head -1 proxy.out); $(grep -A2 '^suspect' proxy.out)"
finish
