#!/bin/sh
# Records the long live runs of the two fixes into OUT_DIR (labels.tsv's
# recorded/proxy-cached-live.jsonl.gz and proxy-static-live.jsonl.gz):
# 12,000 calls each against `leaklab serve` with the default 10 s call
# timeout, about 25 s, long enough for the timeout timers each call leaves
# (Mono's HttpWebRequest) to fire and the GC heap to level off; a snapshot
# every 100 calls, a heap-shot every fifth. Their labels come from the
# whole run: no-leak.
# usage: record_live.sh LEAKLAB OUT_DIR
set -eu
leaklab=$1 out=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/leaklab-record-live-XXXXXX")
"$leaklab" serve >"$work/serve.out" 2>"$work/serve.err" &
service=$!
trap 'kill -TERM "$service" 2>/dev/null; wait "$service" 2>/dev/null; rm -rf "$work"' EXIT
tries=0
until [ "$(grep -c . "$work/serve.out")" -ge 2 ]; do
    tries=$((tries + 1))
    [ "$tries" -le 120 ] && kill -0 "$service" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
    sleep 0.5
done
url=$(sed -n 's/^wsdl //p' "$work/serve.out")
for scenario in proxy-cached proxy-static; do
    "$leaklab" run "$scenario" --wsdl "$url" --iterations 12000 --snapshot-every 100 --heapshot 5 --quiet \
        -o "$work/$scenario-live.jsonl"
    gzip -9 -c "$work/$scenario-live.jsonl" >"$out/$scenario-live.jsonl.gz"
done
