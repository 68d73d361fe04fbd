#!/bin/sh
# `leaklab analyze` on bad input: a clear message naming file, line and
# field, exit 2; a truncated last line is only a warning.
# usage: analyzer_bad_input.sh LEAKLAB GOOD.jsonl WORKDIR
set -u
leaklab=$1 good=$2 dir=$3
mkdir -p "$dir"
failures=0

expect_error() { # NAME PATTERN (the file is $dir/NAME.jsonl)
    "$leaklab" analyze "$dir/$1.jsonl" >/dev/null 2>"$dir/err"
    status=$?
    if [ "$status" -ne 2 ] || ! grep -q -- "$2" "$dir/err"; then
        echo "FAIL: $1: exit $status: $(cat "$dir/err")" >&2
        failures=$((failures + 1))
    else
        echo "ok: $1: $(cat "$dir/err")"
    fi
}

: >"$dir/empty.jsonl"
expect_error empty "empty.jsonl: empty file"

sed '1s/"version":1/"version":9/' "$good" >"$dir/version.jsonl"
expect_error version "version.jsonl:1: field 'version': format version 9 is not supported"

sed '3s/.*/{"type":"snapshot",/' "$good" >"$dir/malformed.jsonl"
expect_error malformed "malformed.jsonl:3: column"

awk 'NR>1 && /"type":"snapshot"/ && !done { sub(/"used_size":[0-9]+/, "\"used_size\":\"lots\""); done=1 } { print }' \
    "$good" >"$dir/wrongtype.jsonl"
expect_error wrongtype "wrongtype.jsonl:[0-9]*: field 'gc.used_size': expected a number"

# Truncated last line: a warning, and the complete lines are analysed.
head -c $(( $(wc -c <"$good") - 40 )) "$good" >"$dir/truncated.jsonl"
"$leaklab" analyze "$dir/truncated.jsonl" >"$dir/report" 2>"$dir/err"
status=$?
if [ "$status" -eq 2 ] || ! grep -q "warning: .*truncated.jsonl:[0-9]*: last line is truncated" "$dir/report"; then
    echo "FAIL: truncated: exit $status" >&2
    cat "$dir/err" "$dir/report" >&2
    failures=$((failures + 1))
else
    echo "ok: truncated: $(grep warning "$dir/report")"
fi

# The report is written atomically to -o, and only there.
"$leaklab" analyze "$good" --format json -o "$dir/report.json" >"$dir/stdout"
if [ ! -s "$dir/report.json" ] || [ -s "$dir/stdout" ] || ls "$dir"/report.json.tmp.* >/dev/null 2>&1 \
    || ! grep -q '"verdict"' "$dir/report.json"; then
    echo "FAIL: -o did not write the report atomically" >&2
    failures=$((failures + 1))
else
    echo "ok: -o writes the report"
fi
exit $((failures > 0))
