#!/bin/sh
# leaklab native-sites end to end (issue 31, point 4): the native-leak
# control's 64 kB a call named at its site, all of malloc's slope; the
# customer's proxy in a collectible AppDomain: the Mono functions that keep
# native memory per unload, with bytes per call, together within 30 % of
# the malloc slope the same series measures; its usage errors, and
# heaptrack missing said as such; a run that refuses its options is not
# tried again; SIGTERM stops it, its temporary folder removed.
# usage: native_sites.sh LEAKLAB WORKDIR
set -u
leaklab=$(realpath "$1") dir=$2 here=$(dirname "$(realpath "$0")")
. "$here/../robust/checks.sh"
work_in "$dir"

# "BYTES SITE" of each row of "native allocation sites".
site_rows() { # REPORT
    awk '/^native allocation sites/ { on = 1; next } on && /^$/ { on = 0 }
        on && $1 ~ /^\+/ { print $1 $2, $8 }' "$1"
}
# The sites' share of malloc's slope, in percent.
together() { # REPORT
    sed -n 's/^  together: \([0-9]*\)% of malloc.*/\1/p' "$1"
}

check control 1 "" "$leaklab" native-sites native-leak --iterations 4,20 -o control.jsonl
case $(site_rows control.out | head -1) in "+64.0kB mono_runtime_invoke") pass "native-leak: +64.0 kB a call at mono_runtime_invoke (AllocHGlobal from managed code)" ;;
    *) fail "native-leak: sites are '$(site_rows control.out)'" ;; esac
share=$(together control.out)
[ -n "$share" ] && [ "$share" -ge 90 ] && [ "$share" -le 110 ] && pass "native-leak: the sites are $share % of malloc's slope" ||
    fail "native-leak: the sites are '$share' % of malloc's slope"
grep -q '"native_sites"' control.jsonl && grep -q '"native_sites"' control.jsonl && pass "the series holds the sites" ||
    fail "no native_sites in the series"

# 4 and 16 calls: 16 is the least that leaves the plain run's malloc series
# enough points past the collectible warm-up (8) for a slope.
check proxy 1 "" "$leaklab" native-sites proxy-per-call --context collectible --iterations 4,16 -o proxy.jsonl
rows=$(site_rows proxy.out)
echo "$rows" | grep -q "kB mono_mempool_alloc$" && echo "$rows" | grep -q " mono_runtime_invoke$" &&
    pass "collectible proxy: mono_mempool_alloc and mono_runtime_invoke keep native memory per unload" ||
    fail "collectible proxy: sites are '$rows'"
share=$(together proxy.out)
[ -n "$share" ] && [ "$share" -ge 70 ] && [ "$share" -le 130 ] && pass "collectible proxy: the sites are $share % of malloc's slope" ||
    fail "collectible proxy: the sites are '$share' % of malloc's slope"

check no-scenario 2 "a scenario is needed" "$leaklab" native-sites
check one-count 2 "--iterations: expected two to eight increasing counts" "$leaklab" native-sites native-leak --iterations 5
check stdout 2 "-o -: the series must be a file" "$leaklab" native-sites native-leak -o -
check heapshot 2 "--heapshot: not under heaptrack" "$leaklab" native-sites native-leak --heapshot every
check missing 2 "heaptrack is not installed" env PATH=/nonexistent "$leaklab" native-sites native-leak
# A run that fails for its options (an unknown scenario: exit 2) is not
# tried again: only a crash under heaptrack is.
check unknown 2 "the run of 4 iterations failed (exit status 2)" "$leaklab" native-sites no-such-scenario
grep -q 'once more' unknown.err && fail "unknown scenario: tried again" || pass "unknown scenario: tried once"
# SIGTERM stops it: exit 143, nothing written, no temporary folder left.
before=$(ls -d /tmp/leaklab-native-sites-* 2>/dev/null | wc -l)
"$leaklab" native-sites steady-state --iterations 4000,8000 -o stopped.jsonl 2>stopped.err &
sites=$!
for _ in $(seq 1 100); do [ "$(ls -d /tmp/leaklab-native-sites-* 2>/dev/null | wc -l)" -gt "$before" ] && break; sleep 0.1; done
sleep 2
kill -TERM "$sites"
wait "$sites"
status=$?
after=$(ls -d /tmp/leaklab-native-sites-* 2>/dev/null | wc -l)
[ "$status" -eq 143 ] && [ "$after" -eq "$before" ] && [ ! -e stopped.jsonl ] &&
    grep -q 'stopped by SIGTERM: nothing written, its temporary folder removed' stopped.err &&
    pass "SIGTERM: exit 143, nothing written, the temporary folder removed" ||
    fail "SIGTERM: exit $status, folders $before -> $after: $(tail -2 stopped.err)"
finish
