#!/bin/sh
# The recorded corpus cut short: every recorded cell of labels.tsv, cut
# after each of its first k snapshots for every k from 3 to its length,
# analysed again, must stay within its labels:
#   - a no-leak cell is never called a leak (at any k: the warm-up is the
#     analyzer's to discard, and too few points is inconclusive);
#   - a leak cell is a leak of its kind, never of a kind it must never
#     have, or inconclusive;
#   - a cache that fills (bounded-cache, slow-cache) may be called a leak
#     while it is filling: until twice the calls it takes to fill.
# usage: truncated_grid.sh LEAKLAB LABELS.tsv WORKDIR
set -u
leaklab=$(realpath "$1") labels=$(realpath "$2") dir=$3
here=$(dirname "$labels")
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 2
tab=$(printf '\t')

# Calls a cache takes to fill (scenarios/ControlScenarios.cs).
fill_calls() {
    case $1 in *bounded-cache*) echo 20 ;; *slow-cache*) echo 60 ;; *) echo 0 ;; esac
}

grep -v '^#' "$labels" | grep '^recorded/' | while IFS="$tab" read -r input verdicts kind never rest; do
    gzip -dc "$here/$input" >whole.jsonl || exit 2
    total=$(grep -c '"type":"snapshot"' whole.jsonl)
    fill=$(fill_calls "$input")
    k=3
    while [ "$k" -le "$total" ]; do
        # The records up to and including the k-th snapshot.
        awk -v k="$k" '{ print } /"type":"snapshot"/ && ++n == k { exit }' whole.jsonl >cut.jsonl
        last=$(grep '"type":"snapshot"' cut.jsonl | tail -1 | sed 's/.*"iteration":\([0-9]*\).*/\1/')
        headline=$("$leaklab" analyze cut.jsonl 2>/dev/null | head -1)
        found=$(echo "$headline" | sed -n 's/^verdict: \([a-z-]*\).*/\1/p')
        found_kind=$(echo "$headline" | sed -n 's/^verdict: leak (kind: \([a-z]*\).*/\1/p')
        bad=""
        case $found in
        leak)
            if [ "$last" -lt $((2 * fill)) ]; then :
            elif ! echo ",$verdicts," | grep -q ',leak,'; then bad="called a leak"
            elif [ "$kind" != "-" ] && [ "$found_kind" != "$kind" ]; then bad="a $found_kind leak, not $kind"
            elif echo ",$never," | grep -q ",$found_kind,"; then bad="named $found_kind"
            fi ;;
        no-leak) echo ",$verdicts," | grep -q ',no-leak,' || bad="called no-leak" ;;
        inconclusive) ;;
        *) bad="no verdict ($headline)" ;;
        esac
        if [ -n "$bad" ]; then
            echo "FAIL: $input cut at snapshot $k (iteration $last): $bad: $headline"
            echo x >>failed
        fi
        k=$((k + 1))
        echo x >>cuts
    done
done
cuts=0 failures=0
[ -f cuts ] && cuts=$(wc -l <cuts)
[ -f failed ] && failures=$(wc -l <failed)
echo "$cuts cuts, $failures outside their labels"
[ "$failures" -eq 0 ]
