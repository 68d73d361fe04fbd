#!/bin/sh
# Heap-shots end to end: what grows, by type, in real runs. managed-leak
# (16 byte[4096] kept per call) shows System.Byte[] at 16 objects and
# 64-70 kB per call, first suspect; a scenario of the tests' own (one
# OrderListener kept per call) shows that type at one object per call; a
# no-leak control has no growing type; --heapshot off and K are kept to;
# the customer's run stays under 64 kB a snapshot (128 kB for the two
# that capture who keeps what).
# usage: heapshot.sh LEAKLAB WORKDIR
set -u
leaklab=$(realpath "$1") dir=$2 here=$(dirname "$(realpath "$0")")
. "$here/../robust/checks.sh"
work_in "$dir"
mcs -nologo -target:library -out:OwnType.dll "$here/../import/mprof/OwnType.cs" || exit 2

# "OBJECTS BYTES VERDICT" of TYPE's row in "what grows, by type".
type_row() { # REPORT TYPE
    awk -v t="$2" '/^what grows, by type/ { on = 1; next } on && /^$/ { on = 0 }
        on && $NF == t { print $1, $2 $3, $(NF - 1) }' "$1"
}

check run-leak 0 "" "$leaklab" run managed-leak --iterations 12 --quiet -o leak.jsonl
check leak 1 "" "$leaklab" analyze leak.jsonl
row=$(type_row leak.out 'System.Byte[]')
case $row in "+16 +6"[4-9].*"kB leak"|"+16 +70.0kB leak") pass "managed-leak: System.Byte[] $row per call" ;;
    *) fail "managed-leak: System.Byte[] is '$row', not +16 objects, 64-70 kB, leak" ;; esac
grep -q "^  1. System.Byte\[\]$" leak.out && pass "managed-leak: System.Byte[] is the first suspect" ||
    fail "managed-leak: System.Byte[] is not the first suspect"
grep -q '"heapshot_every":1' leak.jsonl && pass "the header records --heapshot" || fail "no heapshot_every in the header"

check run-own 0 "" "$leaklab" run --assembly OwnType.dll --entry Leaklab.Tests.OwnTypeLeak:Run --iterations 12 --quiet \
    -o own.jsonl
"$leaklab" analyze own.jsonl >own.out 2>own.err
row=$(type_row own.out Leaklab.Tests.OrderListener)
case $row in "+1 "*" leak") pass "a type of its own: OrderListener $row per call" ;;
    *) fail "OrderListener row is '$row'" ;; esac

check run-steady 0 "" "$leaklab" run steady-state --iterations 20 --quiet -o steady.jsonl
check steady 0 "" "$leaklab" analyze steady.jsonl
grep -q "^  no type grows" steady.out && pass "steady-state: no type grows" || fail "steady-state: a type grows"

check run-off 0 "" "$leaklab" run managed-leak --iterations 4 --heapshot off --quiet -o off.jsonl
[ "$(grep -c '"dumpheap"' off.jsonl)" -eq 0 ] && pass "--heapshot off: no dumpheap rows" || fail "--heapshot off wrote rows"
check run-k 0 "" "$leaklab" run managed-leak --iterations 7 --heapshot 3 --retainers off --quiet -o k.jsonl
# Snapshots 0..7: heap-shots at 0, 3, 6 and the last (7).
[ "$(grep -c '"dumpheap"' k.jsonl)" -eq 4 ] && pass "--heapshot 3: snapshots 0, 3, 6 and the last" ||
    fail "--heapshot 3: $(grep -c '"dumpheap"' k.jsonl) heap-shots"
# With retention paths (first-last), their first capture, after warm-up
# (iteration 2), is a heap-shot too: 0, 2, 3, 6 and 7.
check run-k-retainers 0 "" "$leaklab" run managed-leak --iterations 7 --heapshot 3 --quiet -o kr.jsonl
[ "$(grep '"dumpheap"' kr.jsonl | sed -n 's/.*"seq":\([0-9]*\).*/\1/p' | tr '\n' ' ')" = "0 2 3 6 7 " ] &&
    pass "--heapshot 3 with retainers: the first capture's heap-shot at 2 besides 0, 3, 6, 7" ||
    fail "--heapshot 3 with retainers: seqs $(grep '"dumpheap"' kr.jsonl | sed -n 's/.*"seq":\([0-9]*\).*/\1/p' | tr '\n' ' ')"
check bad-k 2 "--heapshot must be every, off or a positive whole number" "$leaklab" run managed-leak --heapshot 0

# The customer's run: every snapshot line under 64 kB.
check run-proxy 0 "" "$leaklab" run proxy-per-call --iterations 30 --quiet -o proxy.jsonl
longest=$(grep '"type":"snapshot"' proxy.jsonl | grep -v '"retainers":{' |
    awk '{ if (length($0) > n) n = length($0) } END { print n }')
[ "$longest" -lt 65536 ] && pass "proxy-per-call: longest snapshot $longest bytes" ||
    fail "proxy-per-call: a snapshot of $longest bytes"
# The two that capture who keeps what grew (8 types, 3 paths each) stay
# under 128 kB.
longest=$(grep '"retainers":{' proxy.jsonl | awk '{ if (length($0) > n) n = length($0) } END { print n }')
[ "$longest" -lt 131072 ] && pass "proxy-per-call: longest capturing snapshot $longest bytes" ||
    fail "proxy-per-call: a capturing snapshot of $longest bytes"
maps=$(grep '"type":"snapshot"' proxy.jsonl | grep -c '"anonymous"')
[ "$maps" -ge 2 ] && [ "$maps" -lt 31 ] && pass "the memory map walked at $maps of 31 snapshots" ||
    fail "the memory map walked at $maps of 31 snapshots"
finish
