#!/bin/sh
# The reports stay the same: every cell of the recorded corpus (runs and
# imports) analysed as JSON and as text, rendered as HTML from the series
# and from its saved JSON result, two comparisons and a page of several
# runs, with each command's exit code. Their SHA-256 sums must match
# tests/report/unchanged.sha256, recorded before the analyzer returned a
# typed result (the architecture issue's "decide, then present"), so a
# change of any byte of any report, or of an exit code, fails here.
# After a change that means to alter the reports, record the sums again
# (--record) and say why in the commit.
# usage: unchanged.sh LEAKLAB CORPUS_DIR SUMS WORKDIR [--record]
set -u
leaklab=$1 corpus=$2 sums=$3 dir=$4 record=${5:-}
rm -rf "$dir" && mkdir -p "$dir/out" || exit 2
cd "$corpus" || exit 2

# run NAME COMMAND...: the command's output in out/NAME, its exit code in out/NAME.rc.
run() {
    out=$dir/out/$1
    shift
    "$leaklab" "$@" -o "$out" 2>"$out.err"
    echo $? >"$out.rc" || { echo "FAIL: cannot write $out.rc"; exit 2; }
}

grep -v '^#' labels.tsv | cut -f1 | while read -r input; do
    case $input in
    import:*)
        files=$(echo "${input#import:}" | tr '+' ' ')
        name=import-$(echo "$files" | tr ' /' '__' | sed 's/^\.\._import_sos-samples_//')
        # A cell of several long file names: its first 120 characters and a digest of the rest.
        [ "${#name}" -gt 200 ] && name=$(echo "$name" | cut -c1-120)-$(echo "$name" | sha256sum | cut -c1-12)
        # shellcheck disable=SC2086 # one word per file
        run "$name.json" analyze --import $files --format json
        # shellcheck disable=SC2086
        run "$name.txt" analyze --import $files
        run "$name.from-json.html" report "$dir/out/$name.json" --title "$name"
        ;;
    *)
        name=$(basename "$input" .jsonl.gz)
        run "$name.json" analyze "$input" --format json
        run "$name.txt" analyze "$input"
        run "$name.html" report "$input" --title "$name"
        run "$name.from-json.html" report "$dir/out/$name.json" --title "$name"
        ;;
    esac
done

r=recorded
run compare-proxy.txt compare $r/proxy-per-call-default.jsonl.gz $r/proxy-cached-default.jsonl.gz
run compare-proxy.json compare $r/proxy-per-call-default.jsonl.gz $r/proxy-cached-default.jsonl.gz --format json
run compare-native.txt compare $r/steady-state-default.jsonl.gz $r/native-leak-default.jsonl.gz
run budget.txt analyze $r/small-native-leak-default.jsonl.gz --budget native=8kB
run several-runs.html report $r/proxy-per-call-default.jsonl.gz $r/proxy-per-call-collectible.jsonl.gz \
    $r/proxy-cached-default.jsonl.gz $r/proxy-static-default.jsonl.gz --title "several runs"
run sweep.html report ../report/sweep-proxy-per-call-file.json --title sweep

cd "$dir/out" || exit 2
sha256sum -- * | LC_ALL=C sort -k2 >"$dir/now.sha256"
if [ "$record" = --record ]; then
    cp "$dir/now.sha256" "$sums" && echo "recorded $(wc -l <"$sums") sums in $sums"
    exit 0
fi
if ! diff "$sums" "$dir/now.sha256" >"$dir/sums.diff"; then
    echo "FAIL: reports changed (outputs in $dir/out):"
    grep '^[<>]' "$dir/sums.diff" | awk '{ print $3 }' | sort -u | sed 's/^/  /'
    exit 1
fi
echo "ok: $(wc -l <"$sums") reports and exit codes unchanged"
