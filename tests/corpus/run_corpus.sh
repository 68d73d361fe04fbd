#!/bin/sh
# Runs every row of corpus.tsv through `leaklab run` and `leaklab analyze`,
# prints each result and the confusion matrix (expected x found verdict),
# and fails unless every cell is right (verdict and kind).
# usage: run_corpus.sh LEAKLAB CORPUS.tsv WORKDIR
set -u
leaklab=$1 corpus=$2 dir=$3
mkdir -p "$dir"
results="$dir/results.tsv"
: >"$results"
wrong=0
tab=$(printf '\t')
grep -v '^#' "$corpus" | while IFS="$tab" read -r scenario context recycle iterations verdict kind; do
    [ -n "$scenario" ] || continue
    name="$scenario-$context${recycle#-}"
    set -- run "$scenario" --context "$context" --iterations "$iterations" --quiet -o "$dir/$name.jsonl"
    [ "$recycle" != "-" ] && set -- "$@" --recycle-every "$recycle"
    if ! "$leaklab" "$@" 2>"$dir/$name.err"; then
        echo "FAIL: leaklab $*: $(cat "$dir/$name.err")"
        printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$verdict" "$kind" "error" "-" >>"$results"
        continue
    fi
    "$leaklab" analyze "$dir/$name.jsonl" >"$dir/$name.report"
    headline=$(head -1 "$dir/$name.report")
    found_verdict=$(echo "$headline" | sed -n 's/^verdict: \([a-z-]*\).*/\1/p')
    found_kind=$(echo "$headline" | sed -n 's/.*(kind: \([a-z]*\)[,)].*/\1/p')
    [ -n "$found_kind" ] || found_kind=-
    mark=ok
    [ "$found_verdict" = "$verdict" ] && [ "$found_kind" = "$kind" ] || mark=WRONG
    printf '%-34s expected %-8s %-9s found %-13s %-9s %s\n' "$name" "$verdict" "$kind" "$found_verdict" "$found_kind" "$mark"
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$verdict" "$kind" "$found_verdict" "$found_kind" >>"$results"
done

echo
echo "confusion matrix (rows: expected verdict, columns: found verdict)"
printf '%-14s %8s %8s %13s %8s\n' "" leak no-leak inconclusive error
for expected in leak no-leak; do
    printf '%-14s' "$expected"
    for found in leak no-leak inconclusive error; do
        n=$(awk -F'\t' -v e="$expected" -v f="$found" '$2 == e && $4 == f' "$results" | wc -l)
        printf ' %8s' "$n"
    done
    echo
done
wrong=$(awk -F'\t' '$2 != $4 || $3 != $5' "$results" | wc -l)
echo "cells wrong (verdict or kind): $wrong of $(wc -l <"$results")"
[ "$wrong" -eq 0 ]
