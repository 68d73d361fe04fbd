#!/bin/sh
# Records every row of recordings.tsv with `leaklab corpus record` into
# OUT_DIR (NAME.jsonl.gz each, see recordings.tsv) and gathers the labels
# files it writes into OUT_DIR/recorded-labels.tsv (verdicts TODO).
# usage: record.sh LEAKLAB RECORDINGS.tsv OUT_DIR
set -eu
leaklab=$1 recordings=$2 out=$3
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/leaklab-record-XXXXXX")
trap 'rm -rf "$work"' EXIT
tab=$(printf '\t')
: >"$out/recorded-labels.tsv"
i=0
grep -v '^#' "$recordings" | while IFS="$tab" read -r scenario context every iterations; do
    [ -n "$scenario" ] || continue
    i=$((i + 1))
    spec=$scenario:$context
    [ "$every" != "-" ] && spec=$spec:$every
    "$leaklab" corpus record "$spec" --iterations "$iterations" -o "$work/$i"
    mv "$work/$i"/*.jsonl.gz "$out/"
    grep -v '^#' "$work/$i/labels.tsv" >>"$out/recorded-labels.tsv"
done
