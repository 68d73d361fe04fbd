#!/bin/sh
# `leaklab import` on bad input: what is sound is imported, what is not is a
# warning with file and line, and exit 2 only when nothing usable is left.
# usage: bad_input.sh LEAKLAB WORKDIR
set -u
leaklab=$1 dir=$2
mkdir -p "$dir"
failures=0

# expect NAME EXIT PATTERN: runs `leaklab import $dir/NAME -o ...`
expect() {
    "$leaklab" import "$dir/$1" -o "$dir/$1.jsonl" 2>"$dir/$1.err"
    status=$?
    if [ "$status" -ne "$2" ] || ! grep -q -- "$3" "$dir/$1.err"; then
        echo "FAIL: $1: exit $status (expected $2), stderr:" >&2
        cat "$dir/$1.err" >&2
        failures=$((failures + 1))
    else
        echo "ok: $1: $(grep -- "$3" "$dir/$1.err" | head -1)"
    fi
}

printf 'Microsoft (R) Windows Debugger\n0:000> k\nChild-SP RetAddr Call Site\n' >"$dir/no-command.log"
expect no-command.log 2 "no-command.log: no known debugger output"

printf '0:000> !address -summary\n\n--- Usage Summary ---------------- RgnCount ----------- Total Size -------- %%ofBusy %%ofTotal\nHeap      340     3c876000 ( 968.461 Mb)  48.38%%   47.29%%\n<unknown>    2001    2c3b\n' >"$dir/truncated-table.log"
expect truncated-table.log 0 "truncated-table.log:5: !address -summary: cannot read this row"

printf '[System.Runtime]\n    GC Heap Size (MB)                       1.234,5\n    Number of Assemblies Loaded             157\n' >"$dir/locale.txt"
expect locale.txt 0 "locale.txt:2: counter 'GC Heap Size (MB)': \"1.234,5\" is not a number in this file"

printf 'Timestamp,Provider,Counter Type,Mean/Increment\n12.08.2022 15:58:38,System.Runtime,Metric,0\n' >"$dir/missing-column.csv"
expect missing-column.csv 2 "missing-column.csv:1: the CSV header lacks the column 'Counter Name'"

printf 'Timestamp,Provider,Counter Name,Counter Type,Mean/Increment\n12.08.2022 15:58:38,System.Runtime,GC Heap Size (MB),Metric,12\n12.08.2022 15:58:39,System.Runtime,GC Heap Size (MB)\n' >"$dir/short-row.csv"
expect short-row.csv 0 "short-row.csv:3: expected 5 fields; row skipped"

: >"$dir/empty.log"
expect empty.log 2 "empty.log: empty file"

exit $((failures > 0))
