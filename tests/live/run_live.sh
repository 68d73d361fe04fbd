#!/bin/sh
# run_and_check.sh against the fixture's live service: adds --wsdl URL.
# usage: run_live.sh URLFILE LEAKLAB CHECKER OUT.jsonl EXPECTED_EXIT RUN-ARGS... -- CHECK-ARGS...
set -u
url=$(cat "$1") || exit 1
shift
leaklab=$1 checker=$2 out=$3 expected=$4
shift 4
exec "$(dirname "$0")/../e2e/run_and_check.sh" "$leaklab" "$checker" "$out" "$expected" --wsdl "$url" "$@"
