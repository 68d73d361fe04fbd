#!/bin/sh
# The HTML report in a real browser (headless Chromium): each kind of
# report is opened; any console message fails (the page has no script, so
# any is an error: a malformed SVG path, say); the DOM (--dump-dom) must
# hold the verdict and one SVG per chart with the expected series and
# points. Saves a screenshot of the several-runs report as report.png in
# WORKDIR (scripts/demo saves the demo's under out/).
# usage: browser.sh LEAKLAB TESTS_DIR WORKDIR
set -u
leaklab=$1 tests=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir" || exit 2
command -v chromium >/dev/null || { echo "FAIL: chromium is not installed (scripts/setup installs it)"; exit 1; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
recorded=$tests/corpus/recorded

# open NAME: loads $dir/NAME.html, keeps the DOM in $dir/NAME.dom.
open_page() {
    chromium --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 --dump-dom \
        "file://$dir/$1.html" >"$dir/$1.dom" 2>"$dir/$1.log"
    grep -q '</html>' "$dir/$1.dom" || fail "$1: the page did not load: $(tail -3 "$dir/$1.log")"
    if grep 'CONSOLE' "$dir/$1.log"; then fail "$1: console messages"; fi
}

# svg NAME CLASS: the DOM of the chart's <svg class="CLASS">.
svg() {
    awk -v cls="<svg class=\"$2\"" 'index($0, cls) { on = 1 } on { print } on && /<\/svg>/ { on = 0; exit }' \
        "$dir/$1.dom" | tr '>' '\n'
}

# expect_series NAME CLASS SERIES POINTS: the chart has that series with that many points.
expect_series() {
    svg "$1" "$2" | grep -q "data-series=\"$3\" data-points=\"$4\"" ||
        fail "$1: chart $2 has no series '$3' of $4 points"
}

# 1. One run: the customer's code (21 snapshots).
"$leaklab" report "$recorded/proxy-per-call-default.jsonl.gz" -o "$dir/one.html" || fail "one: report failed"
open_page one
grep -q 'data-verdict="leak"' "$dir/one.dom" || fail "one: no leak verdict"
grep -q 'verdict: leak (kind: assembly, major' "$dir/one.dom" || fail "one: no headline"
for series in "GC heap in use" "malloc in use" "managed images" "rest of RSS" "RSS (max)"; do
    expect_series one chart-memory "$series" 21
done
expect_series one chart-assemblies "assemblies loaded" 21
expect_series one chart-assemblies "random 8-character" 21
expect_series one chart-assemblies "Theil-Sen slope" 2
grep -q 'class="card suspect"' "$dir/one.dom" || fail "one: no suspect card"
grep -q 'CodeDom-compiled SOAP client proxy' "$dir/one.dom" || fail "one: the generator is not named"

# 2. Several runs: the customer's code, the cached fix, a recycled run.
"$leaklab" report "$recorded/proxy-per-call-default.jsonl.gz" "$recorded/proxy-cached-default.jsonl.gz" \
    "$recorded/proxy-per-call-collectible10.jsonl.gz" -o "$dir/several.html" --title "three runs" ||
    fail "several: report failed"
open_page several
[ "$(grep -c '<svg class="chart-compare-kept"' "$dir/several.dom")" -eq 3 ] || fail "several: not 3 kept-bytes charts"
[ "$(svg several chart-compare-time | grep -c 'class="series bar"')" -eq 3 ] || fail "several: not 3 time bars"
[ "$(grep -c 'data-verdict=' "$dir/several.dom")" -eq 3 ] || fail "several: not 3 run sections"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,2400 \
    --screenshot="$dir/report.png" "file://$dir/several.html" >/dev/null 2>&1
[ -s "$dir/report.png" ] || fail "several: no screenshot"

# 3. A sweep: 8 points, 3 on the Pareto front.
"$leaklab" report "$tests/report/sweep-proxy-per-call-file.json" -o "$dir/sweep.html" || fail "sweep: report failed"
open_page sweep
[ "$(svg sweep chart-pareto | grep -c 'class="dot"')" -eq 8 ] || fail "sweep: not 8 points"
expect_series sweep chart-pareto "Pareto front" 3

# 4. Imports: two dumps of the customer's service; a dotnet-counters trace.
sh "$tests/import/make_customer_log.sh" "$dir/early.log" 1000
sh "$tests/import/make_customer_log.sh" "$dir/late.log" 3000
"$leaklab" import "$dir/early.log" "$dir/late.log" -o "$dir/dumps.jsonl" 2>/dev/null || fail "dumps: import failed"
"$leaklab" report "$dir/dumps.jsonl" -o "$dir/dumps.html" || fail "dumps: report failed"
open_page dumps
[ "$(svg dumps chart-dumps | grep -c 'class="series area"')" -eq 10 ] || fail "dumps: not 5 parts x 2 dumps"
grep -q 'Growth between dumps' "$dir/dumps.dom" || fail "dumps: no growth between dumps"
"$leaklab" import "$tests/import/sos-samples/dotnet-counters-collect-csv/tomaszek92-masstransit-heap-growth-full.txt" \
    -o "$dir/counters.jsonl" 2>/dev/null || fail "counters: import failed"
"$leaklab" report "$dir/counters.jsonl" -o "$dir/counters.html" || fail "counters: report failed"
open_page counters
# One point per sample that has a working set (dotnet-counters' first samples may lack it).
samples=$(grep '"type":"snapshot"' "$dir/counters.jsonl" | grep -c '"total":{"rss"')
expect_series counters chart-memory "GC heap in use" "$samples"

# 5. Marks: a failed iteration (with its exception) and AppDomain unloads.
"$leaklab" report "$recorded/throws-default.jsonl.gz" "$recorded/steady-state-collectible10.jsonl.gz" \
    -o "$dir/marks.html" || fail "marks: report failed"
open_page marks
grep -q 'data-series="failed iterations"' "$dir/marks.dom" || fail "marks: the failed iteration is not marked"
grep -q 'failed: System.InvalidOperationException' "$dir/marks.dom" || fail "marks: no exception on the mark"
grep -q 'data-series="AppDomain unloads" data-points="15"' "$dir/marks.dom" || fail "marks: not 15 unload marks"

[ "$failures" -eq 0 ] && echo "report.browser: every page loads cleanly, with its charts"
[ "$failures" -eq 0 ]
