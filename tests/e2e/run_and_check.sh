#!/bin/sh
# Runs `leaklab run` and asserts on the snapshot file it wrote.
# usage: run_and_check.sh LEAKLAB CHECKER OUT.jsonl EXPECTED_EXIT RUN-ARGS... -- CHECK-ARGS...
set -u
leaklab=$1 checker=$2 out=$3 expected=$4
shift 4
run_args=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do run_args="$run_args $1"; shift; done
[ $# -gt 0 ] && shift
# shellcheck disable=SC2086
"$leaklab" run $run_args --quiet -o "$out"
status=$?
if [ "$status" -ne "$expected" ]; then
    echo "leaklab run$run_args exited $status, expected $expected" >&2
    exit 1
fi
exec "$checker" "$out" "$@"
