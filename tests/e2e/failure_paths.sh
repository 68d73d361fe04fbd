#!/bin/sh
# The host's failure paths: bad arguments, a missing assembly or entry point
# (one line, exit 2), a scenario that throws (exception reported, exit 1, a
# valid file), and a run killed mid-way (every complete line readable).
# usage: failure_paths.sh LEAKLAB CHECKER WORKDIR
set -u
leaklab=$1 checker=$2 dir=$3
mkdir -p "$dir"
failures=0

expect_usage_error() { # DESCRIPTION PATTERN ARGS...
    what=$1 pattern=$2
    shift 2
    "$leaklab" "$@" >"$dir/out" 2>"$dir/err"
    status=$?
    lines=$(wc -l <"$dir/err")
    if [ "$status" -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -q -- "$pattern" "$dir/err"; then
        echo "FAIL: $what: exit $status, $lines lines on stderr:" >&2
        cat "$dir/err" >&2
        failures=$((failures + 1))
    else
        echo "ok: $what: $(cat "$dir/err")"
    fi
}

expect_usage_error "unknown option" "unknown or incomplete option" run proxy-per-call --bogus
expect_usage_error "bad iteration count" "--iterations needs a positive whole number" run proxy-per-call --iterations -3
expect_usage_error "bad context" "--context must be default or collectible" run proxy-per-call --context sometimes
expect_usage_error "unknown scenario" "unknown scenario 'nope'" run nope
expect_usage_error "missing assembly" "cannot read assembly /nonexistent/x.dll" run --assembly /nonexistent/x.dll --entry A.B:C
expect_usage_error "missing entry point" "no type Leaklab.Scenarios.Missing" \
    run --assembly "$(dirname "$leaklab")/../lib/leaklab/leaklab-scenarios.dll" --entry Leaklab.Scenarios.Missing:Run \
    --quiet -o "$dir/missing.jsonl"
expect_usage_error "missing method" "no public static method Nope(int) or Nope()" \
    run --assembly "$(dirname "$leaklab")/../lib/leaklab/leaklab-scenarios.dll" --entry Leaklab.Scenarios.ProxyStatic:Nope \
    --quiet -o "$dir/missing.jsonl"
expect_usage_error "missing WSDL" "cannot read WSDL file /nonexistent.wsdl" run proxy-per-call --wsdl /nonexistent.wsdl

# A scenario that throws: exception on stderr, exit 1, recorded in the file.
"$leaklab" run throws --iterations 10 --quiet -o "$dir/throws.jsonl" 2>"$dir/err"
status=$?
if [ "$status" -ne 1 ] || ! grep -q "System.InvalidOperationException: scenario failed on purpose at iteration 3" "$dir/err" \
    || ! grep -q "at Leaklab.Scenarios.Throws.Run" "$dir/err" \
    || ! "$checker" "$dir/throws.jsonl" --status failed --failed-iteration 3; then
    echo "FAIL: a throwing scenario (exit $status)" >&2
    cat "$dir/err" >&2
    failures=$((failures + 1))
else
    echo "ok: a throwing scenario is reported and recorded"
fi

# A run killed mid-way (kill -9, as the OOM killer does) leaves every
# complete line readable, in the temporary file it said it records into.
"$leaklab" run proxy-per-call --iterations 1000 -o "$dir/killed.jsonl" 2>"$dir/killed.err" &
pid=$!
sleep 4
kill -KILL "$pid"
wait "$pid" 2>/dev/null
partial=$(sed -n 's/^leaklab: recording into \(.*\) (renamed to .* when the run ends)$/\1/p' "$dir/killed.err")
[ -n "$partial" ] && cp "$partial" "$dir/killed.jsonl"
"$leaklab" analyze "$dir/killed.jsonl" >"$dir/killed.report" 2>"$dir/err"
status=$?
if [ -z "$partial" ] || [ "$status" -eq 2 ] || ! "$checker" "$dir/killed.jsonl" --status ""; then
    echo "FAIL: the file of a killed run is not readable (analyze exit $status)" >&2
    cat "$dir/err" >&2
    failures=$((failures + 1))
else
    echo "ok: a killed run leaves a readable file ($(grep -c . "$dir/killed.jsonl") lines; $(head -1 "$dir/killed.report"))"
fi

exit $((failures > 0))
