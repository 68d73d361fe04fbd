# Shared by the test scripts (sourced): a fresh work folder, counting
# failures, and `check`, which runs a command and holds it to an exit
# status and a line on its stderr.

# work_in DIR: DIR emptied and entered, with its own TMPDIR.
work_in() {
    rm -rf "$1" && mkdir -p "$1/tmp" && cd "$1" || exit 2
    TMPDIR=$(pwd)/tmp
    export TMPDIR
}

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# check NAME EXPECTED_EXIT PATTERN COMMAND...: exit status and a stderr line
# (PATTERN "" for none); the output in NAME.out, the errors in NAME.err.
check() {
    name=$1 want=$2 pattern=$3
    shift 3
    "$@" >"$name.out" 2>"$name.err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        fail "$name: exit $got, expected $want"; cat "$name.err" >&2
    elif [ -n "$pattern" ] && ! grep -qF -- "$pattern" "$name.err"; then
        fail "$name: stderr lacks '$pattern'"; cat "$name.err" >&2
    else
        pass "$name"
    fi
}

# The peak RSS in kB of the process PID (its VmHWM, which only grows),
# read until it ends; the caller then waits for its status.
peak_kb() {
    peak=0
    while kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$1/status" 2>/dev/null) && [ -n "$kb" ]; do
        peak=$kb; sleep 0.05
    done
    echo "$peak"
}

# The end of a script: the count, and its exit status.
finish() {
    echo "$failures failure(s)"
    [ "$failures" -eq 0 ]
}
