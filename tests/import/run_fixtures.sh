#!/bin/sh
# Imports every fixture listed in fixtures.tsv, checks the figures parsed
# from it and, where the table says so, the analyzer's verdict (and kind).
# usage: run_fixtures.sh LEAKLAB CHECKER FIXTURES_DIR fixtures.tsv WORKDIR
set -u
leaklab=$1 checker=$2 fixtures=$3 table=$4 dir=$5
mkdir -p "$dir"
tab=$(printf '\t')
failures=0 n=0
while IFS="$tab" read -r fixture expected checks; do
    case $fixture in ''|\#*) continue ;; esac
    n=$((n + 1))
    out="$dir/$n.jsonl"
    if ! "$leaklab" import "$fixtures/$fixture" -o "$out" 2>"$dir/$n.err"; then
        echo "FAIL: $fixture: import failed: $(cat "$dir/$n.err")"
        failures=$((failures + 1))
        continue
    fi
    set -f
    old_ifs=$IFS
    IFS=';'
    # shellcheck disable=SC2086
    set -- $checks
    IFS=$old_ifs
    set +f
    if ! "$checker" "$out" "$@" >/dev/null 2>"$dir/$n.check"; then
        echo "FAIL: $fixture: $(cat "$dir/$n.check")"
        failures=$((failures + 1))
        continue
    fi
    headline=$("$leaklab" analyze "$out" | head -1)
    found=$(echo "$headline" | sed -n 's/^verdict: \([a-z-]*\)\( (kind: \([a-z]*\)[,)]\)\{0,1\}.*/\1 \3/p' | sed 's/ $//')
    if [ "$expected" != "-" ] && [ "$found" != "$expected" ]; then
        echo "FAIL: $fixture: verdict '$found', expected '$expected'"
        failures=$((failures + 1))
        continue
    fi
    warnings=$(grep -c "warning" "$dir/$n.err")
    echo "ok: $fixture: $(grep -o 'wrote [0-9]* snapshots' "$dir/$n.err"), $warnings warnings, $headline"
done <"$table"
echo "$n fixtures, $failures failed"
[ "$failures" -eq 0 ]
