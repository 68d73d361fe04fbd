#!/bin/sh
# No script and no attribute from the data in the HTML report: every string
# value and every object key of a series (one run, and two imported dumps
# with their memory kinds and dump diff), of a saved JSON result and of a
# saved sweep gets, one at a time, markup appended that would add an
# element, set an attribute or run script if written unescaped. Each
# variant `leaklab report` accepts goes into one page per input, opened in
# headless Chromium: the DOM must hold no element or attribute of the
# payload, the title must be unchanged, and the page must carry a
# Content-Security-Policy that forbids script.
# usage: payload.sh LEAKLAB PAYLOAD_VARIANTS TESTS_DIR WORKDIR
set -u
leaklab=$1 variants=$2 tests=$3 dir=$4
rm -rf "$dir" && mkdir -p "$dir" || exit 2
command -v chromium >/dev/null || { echo "FAIL: chromium is not installed (scripts/setup installs it)"; exit 1; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
samples=$tests/import/sos-samples/address-summary

# The inputs: a short run (header, typesets, assemblies, snapshots, end),
# two imported dumps (x_unit, memory kinds, the dump diff), the saved JSON
# result of each, and a saved sweep.
gzip -dc "$tests/corpus/recorded/proxy-per-call-default.jsonl.gz" | head -n 40 >"$dir/run.jsonl"
"$leaklab" import "$samples/zh-windbg-notes-wow64.txt" "$samples/ja-akira-managedmemoryleak-net5-x64.txt" \
    -o "$dir/dumps.jsonl" 2>/dev/null || fail "cannot import the two dumps"
"$leaklab" analyze "$dir/run.jsonl" --format json -o "$dir/run-result.json"
"$leaklab" analyze "$dir/dumps.jsonl" --format json -o "$dir/dumps-result.json"
cp "$tests/report/sweep-proxy-per-call-file.json" "$dir/sweep.json"

for input in run.jsonl dumps.jsonl run-result.json dumps-result.json sweep.json; do
    name=${input%.*}
    mkdir -p "$dir/$name"
    count=$("$variants" "$dir/$input" "$dir/$name") || { fail "$input: no variants"; continue; }
    accepted=""
    n=0
    for v in "$dir/$name"/v*; do
        if "$leaklab" report "$v" -o /dev/null 2>/dev/null; then
            accepted="$accepted $v"
            n=$((n + 1))
        fi
    done
    echo "$input: $count variants, $n rendered"
    [ "$n" -gt 0 ] || { fail "$input: no variant rendered"; continue; }
    # shellcheck disable=SC2086 # one word per variant
    "$leaklab" report $accepted --title "payload $name" -o "$dir/$name.html" 2>"$dir/$name.err" ||
        { fail "$input: the page of all variants failed: $(cat "$dir/$name.err")"; continue; }
    grep -q '<meta http-equiv="Content-Security-Policy" content="default-src '"'"'none'"'" "$dir/$name.html" ||
        fail "$input: no Content-Security-Policy forbidding script"
    # A script that runs (alert) can hold the page open: bounded.
    timeout 120 chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$dir/$name.html" >"$dir/$name.dom" 2>/dev/null
    grep -q '</html>' "$dir/$name.dom" || { fail "$input: the page did not load"; continue; }
    # An element made by the payload serialises as <img/<script, an attribute
    # as data-pwned="1"; escaped text stays &lt;img ... data-pwned=1&gt;.
    grep -q 'data-pwned="' "$dir/$name.dom" && fail "$input: the payload set an attribute"
    grep -Eq '<(img|script)' "$dir/$name.dom" && fail "$input: the payload made an element"
    grep -q '<title>payload' "$dir/$name.dom" || fail "$input: the title changed"
    grep -q 'data-pwned=1' "$dir/$name.dom" || fail "$input: the payload is not on the page at all (nothing tested)"
done
[ "$failures" -eq 0 ] && echo "payload: every variant rendered as text" || echo "payload: $failures failure(s)"
[ "$failures" -eq 0 ]
