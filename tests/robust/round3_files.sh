#!/bin/sh
# Regression tests of the hardening issue, round 3, that need no Mono:
# bounded imports and reads (/dev/zero, one-line giants, gzip bombs, huge
# documents), inputs read once, -o that keeps modes and refuses what the
# shell's > would, temporary files removed on SIGINT, write errors, labels
# files that name files elsewhere or hold secrets, names with terminal
# escapes, and values that must be refused where they enter.
# usage: round3_files.sh LEAKLAB WORKDIR
set -u
leaklab=$1 dir=$2 here=$(dirname "$(realpath "$0")")
rm -rf "$dir" && mkdir -p "$dir/tmp" && cd "$dir" || exit 2
. "$here/checks.sh"
# bounded KB COMMAND...: COMMAND with its address space held to KB.
bounded() {
    kb=$1
    shift
    sh -c 'ulimit -v "$0" && exec "$@"' "$kb" "$@"
}

H='{"type":"header","format":"leaklab-snapshots","version":1,"context":"default"}'
snap() { printf '{"type":"snapshot","seq":%s,"iteration":%s,"memory":{"total":{"rss":%s}}}\n' "$1" "$1" "$2"; }
{ echo "$H"; for i in 0 1 2 3 4 5 6 7 8 9 10 11; do snap $i $((1000000 + i * 100)); done;
  echo '{"type":"end","status":"completed","iterations":11,"failed_iterations":0,"elapsed_ms":1}'; } >good.jsonl

# Unbounded memory and time: the 64 MiB line limit holds on every path, in
# well under a gigabyte of address space; binary input (/dev/zero) is refused
# at its first NUL, before it is read whole.
check import-dev-zero 2 "/dev/zero:1: not a text file (it holds NUL bytes)" bounded 1000000 "$leaklab" import /dev/zero -o z.jsonl
check analyze-import-dev-zero 2 "/dev/zero:1: not a text file (it holds NUL bytes)" bounded 1000000 "$leaklab" analyze --import /dev/zero
printf 'import:/dev/zero\tinconclusive\t-\t-\t-\n' >zero-labels.tsv
check labels-dev-zero 1 "" bounded 1000000 "$leaklab" corpus check --allow-outside zero-labels.tsv
grep -q "not a text file" labels-dev-zero.out && pass "labels cell import:/dev/zero: refused as binary" ||
    fail "labels cell import:/dev/zero: $(cat labels-dev-zero.out)"
head -c 80000000 /dev/zero | tr '\0' 'a' >one-line.txt
check import-one-line 2 "one-line.txt:1: line longer than" bounded 1000000 "$leaklab" import one-line.txt -o o.jsonl
check report-one-line 2 "one-line.txt:1: line longer than" bounded 1000000 "$leaklab" report one-line.txt -o o.html
rm -f one-line.txt

# A gzip bomb is read as it decompresses: no temporary file, the line limit
# holds; a valid .gz needs no temporary folder at all.
head -c 300000000 /dev/zero | gzip -1 >bomb.jsonl.gz
check gzip-bomb 2 "line longer than" bounded 1000000 env TMPDIR="$dir/tmp" "$leaklab" analyze bomb.jsonl.gz
[ -z "$(ls -A tmp)" ] && pass "gzip bomb: nothing written to TMPDIR" || fail "gzip bomb: TMPDIR holds $(ls tmp)"
gzip -c good.jsonl >good.jsonl.gz
check gzip-no-tmp 0 "" env TMPDIR=/nonexistent "$leaklab" analyze good.jsonl.gz
grep -q '^verdict: no-leak' gzip-no-tmp.out && pass "a .gz is read without a temporary folder" || fail "gzip-no-tmp: no verdict"

# A saved document is read whole only up to 16 MiB.
awk 'BEGIN { printf "{\"scenario\":\"x\",\"points\":[\n"; for (i = 0; i < 400000; i++) printf "{\"recycle_every\":%d,\"ms_per_call\":1.5,\"kept_bytes_per_call\":10,\"verdict\":\"leak\"},\n", i; print "{}]}" }' >huge-sweep.json
check huge-document 2 "one JSON document of more than 16 MiB" bounded 1000000 "$leaklab" report huge-sweep.json -o h.html
rm -f huge-sweep.json
# The Pareto front of many points is no wait (it was quadratic).
awk 'BEGIN { kept = "\"kept_per_call\":{\"rss\":{\"value\":null},\"managed\":{\"value\":null},\"native\":{\"value\":null},\"assemblies\":{\"value\":null}}"
  printf "{\"scenario\":\"x\",\"iterations\":60,\"points\":[\n"
  for (i = 0; i <= 60000; i++) printf "%s{\"recycle_every\":%d,\"ms_per_call\":%d,%s,\"kept_bytes_per_call\":%d,\"verdict\":\"leak\",\"kind\":\"native\",\"severity\":null,\"iterations\":60,\"pareto\":true}\n", i ? "," : "", i, i % 60000, kept, 60000 - i
  print "]}" }' >wide-sweep.json
check wide-sweep 0 "" timeout 20 "$leaklab" report wide-sweep.json -o wide.html
# A saved sweep is read field by field: a point's mistyped verdict is named.
sed '2s/"verdict":"leak"/"verdict":7/' wide-sweep.json >bad-sweep.json
check bad-sweep 2 "bad-sweep.json: field 'points[0].verdict': expected a string" "$leaklab" report bad-sweep.json -o bad.html
[ ! -e bad.html ] && pass "bad sweep: no page written" || fail "bad sweep: a page was written"
rm -f wide-sweep.json bad-sweep.json

# Inputs are read once: a pipe, and a process substitution, work.
check report-pipe 0 "" sh -c "cat good.jsonl | '$leaklab' report /dev/stdin -o pipe.html"
grep -q 'data-verdict="no-leak"' pipe.html 2>/dev/null && pass "report of a pipe has its verdict" || fail "report of a pipe"
check import-directory 2 "/: is a directory" "$leaklab" import / -o d.jsonl
# A saved result on one line (as `jq -c` leaves it) is still a document.
"$leaklab" analyze good.jsonl --format json -o saved.json 2>/dev/null
tr -d '\n' <saved.json >saved-one-line.json
check report-one-line-result 0 "" "$leaklab" report saved-one-line.json -o one-line-result.html

# -o keeps the mode of the file it replaces (a private series stays private).
printf 'old\n' >private.txt && chmod 600 private.txt
check o-keeps-mode 0 "" "$leaklab" analyze good.jsonl -o private.txt
[ "$(stat -c %a private.txt)" = 600 ] && pass "-o kept mode 600" || fail "-o made it $(stat -c %a private.txt)"
# -o refuses what the shell's > would: another user's read-only file in a
# folder anyone may write (checked as an unprivileged user where we can).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
    mkdir -p shared && chmod 777 shared && printf 'root says\n' >shared/rootfile && chmod 644 shared/rootfile
    cp good.jsonl shared/in.jsonl && chmod 644 shared/in.jsonl
    check o-not-writable 2 "shared/rootfile: cannot write: Permission denied" \
        setpriv --reuid=65534 --regid=65534 --clear-groups "$leaklab" analyze shared/in.jsonl -o shared/rootfile
    [ "$(cat shared/rootfile)" = "root says" ] && pass "another user's file untouched" || fail "rootfile replaced"
else
    echo "note: not root (or no setpriv): the other-user -o check needs both"
fi

# SIGINT while a report is being written: the temporary file is removed,
# the target left as it was. strace holds every write(2) for 3 s, so that
# the signal lands while the temporary file exists.
if command -v strace >/dev/null; then
    printf 'old page\n' >page.html
    strace -f -qq -o /dev/null -e trace=write -e inject=write:delay_enter=3000000 \
        "$leaklab" report good.jsonl -o page.html 2>/dev/null &
    tracer=$!
    for _ in $(seq 1 200); do ls page.html.tmp-* >/dev/null 2>&1 && break; sleep 0.05; done
    pid=$(pgrep -f -- "report good.jsonl -o page.html" | grep -v "^$tracer\$" | head -n 1)
    [ -n "$pid" ] && ls page.html.tmp-* >/dev/null 2>&1 && kill -INT "$pid"
    wait "$tracer"
    [ -z "$(ls page.html.tmp-* 2>/dev/null)" ] && pass "SIGINT: no temporary file left" ||
        fail "SIGINT: left $(ls page.html.tmp-*)"
    [ "$(cat page.html)" = "old page" ] && pass "SIGINT: the target is as it was" || fail "SIGINT: target changed"
else
    fail "strace is not installed (scripts/setup installs it)"
fi

# Write errors: summary (like every command) fails when stdout cannot be written.
check summary-full 2 "standard output: cannot write: No space left on device" sh -c "'$leaklab' summary good.jsonl >/dev/full"

# corpus check -o one of its cells is refused, the cell intact.
cp good.jsonl cell.jsonl && before=$(cksum <cell.jsonl)
printf 'cell.jsonl\tno-leak\t-\t-\t-\n' >cell-labels.tsv
check corpus-o-cell 2 "the output is also an input" "$leaklab" corpus check cell-labels.tsv -o cell.jsonl
[ "$(cksum <cell.jsonl)" = "$before" ] && pass "the cell is intact" || fail "corpus check overwrote its cell"
# A labels file names files under its folder only (unless --allow-outside),
# and its errors never quote the file.
printf '/etc/passwd\tno-leak\t-\t-\t-\n' >outside.tsv
check labels-outside 2 "outside.tsv:1: field 'input': names a file outside the labels file's folder" \
    "$leaklab" corpus check outside.tsv
printf '../../../etc/passwd\tno-leak\t-\t-\t-\n' >dotdot.tsv
check labels-dotdot 2 "field 'input': names a file outside" "$leaklab" corpus check dotdot.tsv
printf 'TOPSECRET1\tTOPSECRET2\tTOPSECRET3\tx\ty\n' >secret.tsv
check labels-secret 2 "secret.tsv:1: field 'verdicts'" "$leaklab" corpus check secret.tsv --format junit
grep -q TOPSECRET labels-secret.err labels-secret.out && fail "a labels error quotes the file" ||
    pass "labels errors quote nothing of the file"
printf 'root:TOPSECRET4:0:0\n' >secret-cell.txt
printf 'secret-cell.txt\tleak\t-\t-\t-\n' >secret-cell.tsv
check secret-cell 1 "" "$leaklab" corpus check secret-cell.tsv --format junit
check secret-cell-analyze 2 "secret-cell.txt:1: column" "$leaklab" analyze secret-cell.txt
grep -q TOPSECRET4 secret-cell.out secret-cell.err secret-cell-analyze.err && fail "a parse error quotes the file" ||
    pass "parse errors quote nothing of the file"

# Names from a series reach a terminal with their control characters escaped.
esc=$(printf '\033')
{ printf '{"type":"header","format":"leaklab-snapshots","version":1,"context":"default","scenario":"evil\\u001b]0;pwned\\u0007","entry":"x"}\n'
  echo '{"type":"typeset","id":1,"types":[{"name":"T\u001b[2J","base":null}],"refs":[]}'
  for i in 0 1 2 3 4 5 6 7 8 9 10 11; do
      printf '{"type":"assembly","id":%d,"domain":0,"iteration":%d,"name":"a\\u001b[2J%d","version":"1.0","origin":"bytes","path":null,"typeset":1}\n' $((i + 1)) "$i" "$i"
      printf '{"type":"snapshot","seq":%d,"iteration":%d,"memory":{"total":{"rss":%d}},"assemblies":{"loaded":%d}}\n' "$i" "$i" $((1000000 + i * 100000)) $((i + 1))
  done; } >escapes.jsonl
check escapes-analyze 1 "" "$leaklab" analyze escapes.jsonl
check escapes-summary 0 "" "$leaklab" summary escapes.jsonl
if grep -q "$esc" escapes-analyze.out escapes-summary.out; then fail "a raw ESC reached the terminal"
elif grep -qF '\x1b' escapes-analyze.out && grep -qF '\x1b' escapes-summary.out; then pass "control characters shown as \\x1b"
else fail "the escaped names are missing"; fi

# Values refused where they enter.
printf 'Timestamp,Provider,Counter Name,Counter Type,Mean/Increment\n09.12.2024 14:07:26,P,Working Set (MB),Metric,20\n09.12.2024 14:07:27,P,Working Set (MB),Metric,-1\n' >negative.csv
check import-negative 0 "negative.csv:3" "$leaklab" import negative.csv -o negative.jsonl
check import-negative-analyze 0 "" "$leaklab" analyze negative.jsonl
{ echo "$H"; snap 0 5; echo '{"type":"iteration","iteration":1,"outcome":"ok","wall_ms":-1e300}'; } >wall.jsonl
check wall-ms 2 "wall.jsonl:3: field 'wall_ms'" "$leaklab" analyze wall.jsonl
{ echo "$H"; snap 0 5; echo '{"type":"snapshot","seq":0,"iteration":1,"memory":{"total":{"rss":5}}}'; } >dup-seq.jsonl
check duplicate-seq 2 "dup-seq.jsonl:3: field 'seq'" "$leaklab" analyze dup-seq.jsonl

# summary reads an imported series.
printf 'Timestamp,Provider,Counter Name,Counter Type,Mean/Increment\n09.12.2024 14:07:26,P,Working Set (MB),Metric,20\n09.12.2024 14:07:27,P,Working Set (MB),Metric,21\n09.12.2024 14:07:28,P,Working Set (MB),Metric,22\n' >three.csv
"$leaklab" import three.csv -o three.jsonl 2>/dev/null
check summary-imported 0 "" "$leaklab" summary three.jsonl
grep -q 'imported' summary-imported.out && pass "summary shows the imported series" || fail "summary-imported: no row"

finish
