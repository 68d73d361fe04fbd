#!/bin/sh
# The live path's failures, each a clear error recorded per iteration: the
# server down, a timeout, a SOAP fault, a WSDL that does not import; and
# --keep-going (run on, exit 1) against the default (stop at the first).
# usage: failure_paths.sh LEAKLAB CHECKER DIR URLFILE
set -u
leaklab=$1 checker=$2 dir=$3 url=$(cat "$4")
here=$(dirname "$0")
mkdir -p "$dir"
failures=0

# expect NAME EXPECTED_EXIT EXCEPTION_PATTERN CHECK-ARGS -- RUN-ARGS...
expect() {
    name=$1 expected=$2 pattern=$3 checks=$4
    shift 5
    "$leaklab" run "$@" --quiet -o "$dir/$name.jsonl" 2>"$dir/$name.err"
    status=$?
    # shellcheck disable=SC2086
    if [ "$status" -ne "$expected" ] || ! grep -q -- "$pattern" "$dir/$name.jsonl" \
        || ! "$checker" "$dir/$name.jsonl" $checks >/dev/null; then
        echo "FAIL: $name: exit $status (expected $expected)" >&2
        grep -o '"exception":{"type":"[^"]*","message":"[^"]*"' "$dir/$name.jsonl" | head -2 >&2
        failures=$((failures + 1))
    else
        echo "ok: $name: $(grep -o '"exception":{"type":"[^"]*","message":"[^"]*"' "$dir/$name.jsonl" | head -1 | cut -c1-200)"
    fi
}

expect server-down 1 '"type":"System.Net.WebException","message":"Error: ConnectFailure' \
    "--status failed --failed-iterations 1" -- \
    proxy-per-call --wsdl "http://127.0.0.1:1/OrderImplService.asmx?wsdl" --iterations 3
expect wsdl-does-not-import 1 '"message":"the WSDL at http://[^ ]* does not import' \
    "--status failed --failed-iterations 1" -- \
    proxy-per-call --wsdl "${url%%\?wsdl}" --iterations 3
expect keep-going 1 'ConnectFailure' "--status completed --failed-iterations 3" -- \
    proxy-static --wsdl "http://127.0.0.1:1/OrderImplService.asmx?wsdl" --iterations 3 --keep-going

"$here/service.sh" start "$leaklab" "$dir" faulty --fault >/dev/null || exit 1
expect soap-fault 1 '"type":"System.Web.Services.Protocols.SoapException","message":"[^"]*failing on purpose' \
    "--status failed --failed-iterations 1" -- proxy-cached --wsdl "$(cat "$dir/faulty.url")" --iterations 3
"$here/service.sh" stop "$dir" faulty >/dev/null || failures=$((failures + 1))

"$here/service.sh" start "$leaklab" "$dir" slow --delay-ms 3000 >/dev/null || exit 1
expect timeout 1 '"type":"System.Net.WebException","message":"The operation has timed out' \
    "--status failed --failed-iterations 1" -- \
    proxy-static --wsdl "$(cat "$dir/slow.url")" --iterations 3 --call-timeout-ms 500
"$here/service.sh" stop "$dir" slow >/dev/null || failures=$((failures + 1))

exit $((failures > 0))
