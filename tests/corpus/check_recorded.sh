#!/bin/sh
# The recorded corpus: `leaklab corpus check` passes with its matrix, the
# JSON result holds every cell, --baseline reports no change against
# itself, the JUnit XML is well-formed with one testcase per cell (checked
# with System.Xml where Mono is installed), and a wrong label is caught
# (exit 1, named in text and JUnit).
# usage: check_recorded.sh LEAKLAB LABELS.tsv WORKDIR
set -u
leaklab=$1 labels=$2 dir=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 2
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$leaklab" corpus check --allow-outside "$labels" >text.out 2>err.out || fail "corpus check exit $?: $(cat err.out)"
cat text.out
grep -q '^verdicts (rows: allowed, columns: found)' text.out || fail "no verdict matrix"
cells=$(grep -v '^#' "$labels" | grep -c .)
grep -q "^corpus .*: $cells cells, $cells right, 0 wrong" text.out || fail "not $cells cells right"

"$leaklab" corpus check --allow-outside "$labels" --format json -o result.json || fail "json exit $?"
[ "$(grep -c '"input":' result.json)" -eq "$cells" ] || fail "result.json does not hold $cells cells"
"$leaklab" corpus check --allow-outside "$labels" --baseline result.json >baseline.out || fail "baseline exit $?"
grep -q '^changed since the baseline: 0 (0 worse)' baseline.out || fail "changes against itself"

"$leaklab" corpus check --allow-outside "$labels" --format junit -o junit.xml || fail "junit exit $?"
head -c 38 junit.xml | grep -q '^<?xml version="1.0" encoding="UTF-8"?>' || fail "no XML declaration"
if command -v mcs >/dev/null && command -v mono >/dev/null; then
    mcs -nologo -r:System.Xml.dll -out:JunitCheck.exe "$here/JunitCheck.cs" && mono JunitCheck.exe junit.xml "$cells" ||
        fail "junit.xml is not valid JUnit XML"
else
    echo "note: no Mono here: the JUnit XML is checked for its declaration only"
fi

# A wrong label: the first leak cell relabelled no-leak fails, by name,
# and against the right labels' result as baseline it is one cell worse.
sed "s#^recorded/#$(dirname "$labels")/recorded/#; s#^import:\.\./#import:$(dirname "$labels")/../#; s#+\.\./#+$(dirname "$labels")/../#g" \
    "$labels" >right.tsv
awk -F'\t' 'BEGIN { OFS = "\t" } !done && $2 == "leak" { $2 = "no-leak"; $3 = "-"; $5 = "-"; done = 1 } { print }' \
    right.tsv >wrong.tsv
"$leaklab" corpus check --allow-outside right.tsv --format json -o right.json || fail "the relocated labels fail"
"$leaklab" corpus check --allow-outside wrong.tsv >wrong.out
status=$?
[ "$status" -eq 1 ] || fail "a wrong label exits $status, not 1"
grep -q 'expected no-leak, found leak' wrong.out || fail "the wrong cell is not named"
"$leaklab" corpus check --allow-outside wrong.tsv --format junit >wrong.xml
grep -c '<failure ' wrong.xml | grep -qx 1 || fail "JUnit does not hold exactly one failure"
"$leaklab" corpus check --allow-outside wrong.tsv --baseline right.json >worse.out
grep -q '^changed since the baseline: 1 (1 worse)' worse.out || fail "the baseline does not see the worse cell"

[ "$failures" -eq 0 ] && echo "corpus.recorded: all checks passed"
[ "$failures" -eq 0 ]
