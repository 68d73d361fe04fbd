#!/bin/sh
# The live corpus: records every row of recordings.tsv afresh through Mono
# (record.sh, which uses `leaklab corpus record`), then checks the fresh
# series against the labels of their recorded twins in labels.tsv. A fresh
# series that disagrees with its label is named (WARNING) and fails the test.
# usage: check_live.sh LEAKLAB CORPUS_DIR WORKDIR
set -u
leaklab=$1 corpus=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir" || exit 2
sh "$corpus/record.sh" "$leaklab" "$corpus/recordings.tsv" "$dir/fresh" 2>"$dir/record.err" || {
    cat "$dir/record.err"
    exit 2
}
# The labels of the recorded cells, pointing at the fresh files (the long
# live runs of the fixes, recorded by record_live.sh, are not re-recorded).
grep '^recorded/' "$corpus/labels.tsv" | grep -v '^recorded/[^	]*-live\.jsonl\.gz' |
    sed "s#^recorded/#$dir/fresh/#" >"$dir/labels.tsv"
[ "$(wc -l <"$dir/labels.tsv")" -eq "$(grep -v '^#' "$corpus/recordings.tsv" | grep -c .)" ] || {
    echo "FAIL: labels.tsv and recordings.tsv do not list the same recorded series"
    exit 1
}
"$leaklab" corpus check "$dir/labels.tsv" >"$dir/check.out"
status=$?
cat "$dir/check.out"
if [ "$status" -ne 0 ]; then
    sed -n 's/^  line [0-9]*: \(.*\)/WARNING: the fresh series \1 disagrees with its recorded label/p' "$dir/check.out"
fi
exit "$status"
