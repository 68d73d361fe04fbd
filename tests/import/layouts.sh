#!/bin/sh
# Every SOS layout variant of README.md's "SOS layouts" table that is not a
# shared fixture of its own, built from a real sample (sos-samples/) the way
# the variant differs, and imported: the records must be the same as the
# sample's (file names aside), or, where the variant adds something, hold it.
# usage: layouts.sh LEAKLAB SAMPLES_DIR WORKDIR
set -u
leaklab=$1 samples=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir" || exit 2
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# records FILE...: the imported records, with the file names made equal.
records() {
    out="$dir/records.$$.jsonl"
    "$leaklab" import "$@" -o "$out" 2>"$dir/last.err" || { cat "$dir/last.err"; return 1; }
    grep -v '"type":"header"' "$out" | sed 's/"source":"[^"]*"/"source":"F"/; s/"sources":\[[^]]*\]/"sources":["F"]/'
}

# same NAME ORIGINAL VARIANT: the variant imports to the same records.
same() {
    records "$2" >"$dir/$1.expected" || { fail "$1: the original does not import"; return; }
    records "$3" >"$dir/$1.found" || { fail "$1: the variant does not import"; return; }
    if cmp -s "$dir/$1.expected" "$dir/$1.found"; then
        echo "ok: $1"
    else
        fail "$1: records differ from the original's"
        diff "$dir/$1.expected" "$dir/$1.found" | head -5
    fi
}

domain=$samples/dumpdomain/tysmithnet-triage-net4x-x64-test-fixture.txt
heap=$samples/dotnet-dump-analyze/dotnet-docs-debug-memory-leak-dumpheap-stat.txt
address=$samples/address-summary/ja-akira-managedmemoryleak-net5-x64.txt
module=$samples/dumpmodule-mt/debug-training-parameter-net4-x64.txt
monitor=$samples/dotnet-counters-monitor/dotnet-docs-debug-memory-leak-netcore3.txt
loader=$samples/eeheap-loader/dotnet-runtime-issue72067-linux-dotnet-dump-excerpt.txt

# .NET Core SOS prints "  Module" and indented module lines (strike.cpp, AssemblyInfo).
sed 's/^  Module Name$/  Module/; s/^\([0-9a-f]\{16\}\)            /  \1    /' "$domain" >"$dir/module-lines.txt"
same dumpdomain-module-lines "$domain" "$dir/module-lines.txt"

# lldb with the SOS plugin: "(lldb) sos DumpHeap -stat".
sed 's/^> dumpheap -stat$/(lldb) sos DumpHeap -stat/' "$heap" >"$dir/lldb.txt"
same dumpheap-lldb-prompt "$heap" "$dir/lldb.txt"

# SOS 8 and later print counts and sizes with thousands separators.
awk '$1 ~ /^[0-9a-f]+$/ && NF >= 4 {
        for (k = 2; k <= 3; k++) { v = $k; r = ""; while (length(v) > 3) { r = "," substr(v, length(v) - 2) r; v = substr(v, 1, length(v) - 3) } $k = v r } } { print }' \
    "$heap" >"$dir/separators.txt"
grep -q '19,494,060' "$dir/separators.txt" || fail "dumpheap-separators: not generated"
same dumpheap-thousands-separators "$heap" "$dir/separators.txt"

# A table copied from the middle: no prompt, no header, "..." where cut.
grep -v -e '^> ' -e '^Statistics:' -e '^ *MT ' "$heap" >"$dir/headerless.txt"
same dumpheap-headerless "$heap" "$dir/headerless.txt"

# Line endings, byte-order marks and encodings.
sed 's/$/\r/' "$domain" >"$dir/crlf.txt"
same crlf "$domain" "$dir/crlf.txt"
{ printf '\357\273\277'; cat "$address"; } >"$dir/bom.txt"
same utf8-bom "$address" "$dir/bom.txt"
iconv -f UTF-8 -t UTF-16 "$module" >"$dir/utf16.txt"
same utf16-logopen-u "$module" "$dir/utf16.txt"
grep -q 'decoded from UTF-16' "$dir/last.err" || fail "utf16: no warning"

# Tabs where the sample has runs of spaces.
sed 's/   */\t/g' "$domain" >"$dir/tabs.txt"
same tabs "$domain" "$dir/tabs.txt"

# Through a web page or a chat: quote markers, entities, doubled lines.
sed 's/^/> /; s/\\/\&#92;/g; s/ /\&nbsp;/; G' "$domain" >"$dir/web.txt"
same web-paste "$domain" "$dir/web.txt"
grep -q 'quote markers' "$dir/last.err" || fail "web-paste: no warning"

# A Latin-1 path in !dumpdomain: decoded as Windows-1252, with a warning.
sed 's/TestApplications.Console.exe\]/TestApplications.Fran\xe7ais.exe]/' "$domain" >"$dir/latin1.txt"
records "$dir/latin1.txt" >"$dir/latin1.found" || fail "latin1: does not import"
grep -q 'TestApplications.Français' "$dir/latin1.found" && grep -q 'decoded as Windows-1252' "$dir/last.err" &&
    echo "ok: windows-1252" || fail "windows-1252: the path is not decoded with a warning"

# The WOW64 prompt ("0:000:x86>") cuts outputs like "0:000>".
sed 's/^0:000> /0:000:x86> /' "$module" >"$dir/wow64-prompt.txt"
same wow64-prompt "$module" "$dir/wow64-prompt.txt"

# Two dotnet-counters monitor screens in one file: two samples.
cat "$monitor" "$monitor" >"$dir/twice.txt"
"$leaklab" import "$dir/twice.txt" -o "$dir/twice.jsonl" 2>"$dir/twice.err" &&
    grep -q 'wrote 2 snapshots' "$dir/twice.err" && echo "ok: counters-monitor-twice" ||
    fail "counters-monitor-twice: not two samples: $(cat "$dir/twice.err")"

# SOS 8 and later (ClrMD, EEHeapCommand.cs): each domain's "LoaderAllocator:",
# heap kinds without a colon in a 21-column field and a space, 12-digit lower-case
# addresses, a "Total size:" row closing each section (not to be counted
# twice), "No unique loader heaps found." for a domain sharing its
# allocator, 120-dash dividers, and no "Total LoaderHeap size".
awk 'function row(label, text) { printf "%-21s %s\n", label, text }
    BEGIN { divider = sprintf("%120s", ""); gsub(/ /, "-", divider) }
    /^> eeheap/ { print "> eeheap -loader"; next }
    /^System Domain:/ { domain = tolower(substr($3, 5)); row("System Domain:", domain); row("LoaderAllocator:", domain); next }
    /bytes total/ {
        kind = $1; sub(/:$/, "", kind); text = ""
        for (k = 2; k <= NF; k++) { f = $k; if (f ~ /^0000[0-9A-F]+\(/) f = tolower(substr(f, 5)); text = text (k > 2 ? " " : "") f }
        row(kind, text)
        match($0, /\([0-9]+\) bytes total/); size += substr($0, RSTART + 1, RLENGTH - 14)
        match($0, /\([0-9]+\) bytes wasted/); wasted += substr($0, RSTART + 1, RLENGTH - 15)
        next }
    END {
        row("Total size:", sprintf("Size: 0x%x (%d) bytes total, 0x%x (%d) bytes wasted.", size, size, wasted, wasted))
        print divider; row("Domain 1:", "7f88ab4f09a0"); row("LoaderAllocator:", domain)
        print "No unique loader heaps found."; print divider }' "$loader" >"$dir/sos8-loader.txt"
grep -q '^LoaderAllocator:      7f88ab5378c0$' "$dir/sos8-loader.txt" && grep -q '^Total size:           Size: 0x151000 (1380352)' \
    "$dir/sos8-loader.txt" || fail "eeheap-sos8: not generated"
same eeheap-loader-sos8 "$loader" "$dir/sos8-loader.txt"
grep -q 'summed the heaps shown' "$dir/last.err" && fail "eeheap-sos8: warned of a truncated output"

# The same with sizes for people, as some SOS 8 builds print them
# ("Size: 0x10a000 (1.04mb) bytes total", dotnet/diagnostics#3675).
awk '{ while (match($0, /\([0-9]+\) bytes/)) { v = substr($0, RSTART + 1, RLENGTH - 8)
           h = v + 0 >= 1048576 ? sprintf("%.2fmb", v / 1048576) : sprintf("%.2fkb", v / 1024)
           $0 = substr($0, 1, RSTART) h ")" substr($0, RSTART + RLENGTH - 6) } print }' \
    "$dir/sos8-loader.txt" >"$dir/sos8-loader-readable.txt"
grep -q '(660.00kb) bytes total' "$dir/sos8-loader-readable.txt" || fail "eeheap-sos8-readable: not generated"
same eeheap-loader-sos8-readable-sizes "$loader" "$dir/sos8-loader-readable.txt"

# Silent misreads (field triage, round 2, point 3).
# Two !dumpheap -stat outputs in one file, the second pasted days later
# under a date: two dumps, not one whose table is the last.
{ cat "$heap"; echo; echo "2024-03-02 14:05"; sed 's/^\(00007f6c20a67498 *\)200000 *4800000 /\1400000      9600000 /' "$heap"; } \
    >"$dir/two-dumpheaps.txt"
"$leaklab" import "$dir/two-dumpheaps.txt" -o "$dir/two-dumpheaps.jsonl" 2>"$dir/two-dumpheaps.err" &&
    [ "$(grep -c '"type":"snapshot"' "$dir/two-dumpheaps.jsonl")" -eq 2 ] &&
    grep -q 'a command this file already showed: what follows is the next dump' "$dir/two-dumpheaps.err" &&
    echo "ok: two !dumpheap -stat in one file are two dumps" || fail "two-dumpheaps: $(cat "$dir/two-dumpheaps.err")"
"$leaklab" analyze "$dir/two-dumpheaps.jsonl" >"$dir/two-dumpheaps.txt"
grep -q 'inconclusive *testwebapi.Controllers.Customer$' "$dir/two-dumpheaps.txt" &&
    echo "ok: their growth, by type, between the dumps" || fail "two-dumpheaps: Customer is not in what grows"
# The same two tables as users paste them from two sessions: rows only, no
# prompt, the second below a blank line (then below a date): two dumps,
# each with its own counts and heap size (29.3 and 34.1 MB), never summed.
for sep in blank date; do
    { grep '^0000' "$heap"; echo "Total 428516 objects"; echo; [ $sep = date ] && echo "2024-03-02 14:05"
      grep '^0000' "$heap" | sed 's/^\(00007f6c20a67498 *\)200000 *4800000 /\1400000      9600000 /'
      echo "Total 628516 objects"; } >"$dir/tails-$sep.txt"
    "$leaklab" import "$dir/tails-$sep.txt" -o "$dir/tails-$sep.jsonl" 2>"$dir/tails-$sep.err"
    snaps=$(grep '"type":"snapshot"' "$dir/tails-$sep.jsonl")
    [ "$(echo "$snaps" | wc -l)" -eq 2 ] && grep -q "tails-$sep.txt:11: a command this file already showed" "$dir/tails-$sep.err" &&
        echo "$snaps" | sed -n 1p | grep -q '"count":200000,"size":4800000' &&
        echo "$snaps" | sed -n 2p | grep -q '"count":400000,"size":9600000' &&
        [ "$(echo "$snaps" | grep -o '"used_size":[0-9]*' | tr '\n' ' ')" = '"used_size":29307724 "used_size":34107724 ' ] &&
        echo "ok: two prompt-less tails below a $sep are two dumps" ||
        fail "tails-$sep: $(cat "$dir/tails-$sep.err"; echo "$snaps" | cut -c1-400)"
done
# One table cut with "..." in its middle stays one table.
{ grep '^0000' "$heap" | sed -n 1,3p; echo "..."; grep '^0000' "$heap" | sed -n '4,$p'; } >"$dir/one-cut.txt"
"$leaklab" import "$dir/one-cut.txt" -o "$dir/one-cut.jsonl" 2>"$dir/one-cut.err" &&
    [ "$(grep -c '"type":"snapshot"' "$dir/one-cut.jsonl")" -eq 1 ] && echo "ok: a table cut with ... is one dump" ||
    fail "one-cut: $(cat "$dir/one-cut.err")"
# Several !dumpheap -type X -stat blocks of one dump: every block kept, and
# their sum never taken for the heap's size.
awk 'NR == 1 { print "> dumpheap -type testwebapi -stat" } /testwebapi|Statistics|MT *Count/ { print }
     END { print "> dumpheap -type System.String -stat"; print "Statistics:"; print "              MT    Count    TotalSize Class Name";
           print "00007f6c1dc00f90   206770     19494060 System.String" }' "$heap" >"$dir/type-blocks.txt"
"$leaklab" import "$dir/type-blocks.txt" -o "$dir/type-blocks.jsonl" 2>"$dir/type-blocks.err"
[ "$(grep '"type":"snapshot"' "$dir/type-blocks.jsonl" | grep -o '"count":' | wc -l)" -eq 3 ] &&
    ! grep -q '"used_size"' "$dir/type-blocks.jsonl" && echo "ok: several -type blocks are one dump's facts" ||
    fail "type-blocks: $(grep '"type":"snapshot"' "$dir/type-blocks.jsonl" | cut -c1-300)"
# A !dumpheap -stat whose columns are not MT, Count, TotalSize, Class Name
# (TotalSize before Count) is refused by line, not read with its figures swapped.
awk '/MT +Count +TotalSize/ { sub(/Count    TotalSize/, "TotalSize    Count") }
     $1 ~ /^[0-9a-f]+$/ && NF >= 4 { t = $2; $2 = $3; $3 = t } { print }' "$heap" >"$dir/swapped.txt"
"$leaklab" import "$dir/swapped.txt" -o "$dir/swapped.jsonl" 2>"$dir/swapped.err"
grep -q 'swapped.txt:4: !dumpheap -stat: columns not in the order MT, Count, TotalSize, Class Name' "$dir/swapped.err" &&
    ! grep -q '"dumpheap"' "$dir/swapped.jsonl" 2>/dev/null && echo "ok: a table with its columns swapped is refused" ||
    fail "swapped: $(cat "$dir/swapped.err")"
# !address -summary pasted with its Usage section alone: not "truncated".
sed '/State Summary/,$d' "$address" >"$dir/usage-only.txt"
"$leaklab" import "$dir/usage-only.txt" -o "$dir/usage-only.jsonl" 2>"$dir/usage-only.err"
grep -q 'its State section was not pasted' "$dir/usage-only.err" && ! grep -q 'truncated' "$dir/usage-only.err" &&
    echo "ok: a Usage section alone is said, not taken for a cut" || fail "usage-only: $(cat "$dir/usage-only.err")"

rm -f "$dir"/records.*.jsonl
[ "$failures" -eq 0 ] && echo "layouts: all variants imported"
[ "$failures" -eq 0 ]
