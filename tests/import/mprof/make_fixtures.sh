#!/bin/sh
# Makes the fixtures of sos-samples/mprof-report-heapshot/ and sgen-log/ (see
# SOURCES.md there): scenarios run under Mono's log profiler with a heap shot
# at every major collection, the driver collecting after every call, and
# the log read back with mprof-report (Debian's mono-utils).
# usage: make_fixtures.sh BUILD_LIB_DIR OUT_DIR     (BUILD_LIB_DIR: build/lib/leaklab)
set -eu
lib=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mcs -nologo -out:"$work/driver.exe" "$here/CollectingDriver.cs"
mcs -nologo -target:library -out:"$work/OwnType.dll" "$here/OwnType.cs"
profile() { # NAME ASSEMBLY ENTRY
    mono --profile=log:heapshot,output="$work/$1.mlpd" "$work/driver.exe" "$2" "$3" 12
}
profile managed-leak "$lib/leaklab-scenarios.dll" Leaklab.Scenarios.ManagedLeak:Run
profile steady-state "$lib/leaklab-scenarios.dll" Leaklab.Scenarios.SteadyState:Run
profile own-type "$work/OwnType.dll" Leaklab.Tests.OwnTypeLeak:Run
profile event-leak "$lib/leaklab-scenarios.dll" Leaklab.Scenarios.EventLeak:Run
(cd "$lib" && profile proxy-per-call "$lib/leaklab-scenarios.dll" Leaklab.Scenarios.ProxyPerCall:Run)
mprof-report --reports=heapshot "$work/managed-leak.mlpd" >"$out/managed-leak-12-calls.txt"
mprof-report "$work/managed-leak.mlpd" >"$out/managed-leak-12-calls-all-reports.txt"
mprof-report --reports=heapshot --verbose "$work/steady-state.mlpd" >"$out/steady-state-12-calls-verbose.txt"
mprof-report --reports=heapshot --traces "$work/own-type.mlpd" >"$out/own-type-listener-12-calls-traces.txt"
mprof-report --reports=heapshot --traces "$work/event-leak.mlpd" >"$out/event-leak-12-calls-traces.txt"
mprof-report --reports=heapshot "$work/proxy-per-call.mlpd" >"$out/proxy-per-call-12-calls.txt"
# One heap shot as a user pastes it from the middle of a report (its rows
# carry their changes), and a calls-only profile (no heap shot at all).
{ printf '\nHeap shot summary\n\n'
  mprof-report --reports=heapshot "$work/managed-leak.mlpd" | awk '/^\tHeap shot 8 at/ { p = 1 } /^\tHeap shot 9 at/ { p = 0 } p'
} >"$out/managed-leak-12-calls-shot8-only.txt"
mono --profile=log:calls,output="$work/calls.mlpd" "$work/driver.exe" "$lib/leaklab-scenarios.dll" \
    Leaklab.Scenarios.ManagedLeak:Run 12
mprof-report "$work/calls.mlpd" >"$out/managed-leak-12-calls-calls-profile.txt"
# Mono's GC log of the same runs (sgen-log/), and of a program that never
# asks for a collection (minor collections only).
sgen_out=$(dirname "$out")/sgen-log
mkdir -p "$sgen_out"
mcs -nologo -out:"$work/minor.exe" "$here/MinorCollections.cs"
MONO_LOG_LEVEL=debug MONO_LOG_MASK=gc mono "$work/driver.exe" "$lib/leaklab-scenarios.dll" \
    Leaklab.Scenarios.ManagedLeak:Run 12 >"$sgen_out/managed-leak-12-calls.txt" 2>&1
MONO_LOG_LEVEL=debug MONO_LOG_MASK=gc mono "$work/driver.exe" "$lib/leaklab-scenarios.dll" \
    Leaklab.Scenarios.SteadyState:Run 12 >"$sgen_out/steady-state-12-calls.txt" 2>&1
MONO_LOG_LEVEL=debug MONO_LOG_MASK=gc mono "$work/minor.exe" >"$sgen_out/minor-only-alloc.txt" 2>&1
