#!/bin/sh
# A collectible context that cannot be unloaded (field triage, round 2,
# point 4), from the .NET documentation's unloadability guide as published:
# `!dumpheap -type LoaderAllocator` and `!gcroot -all` of its
# LoaderAllocator. A suspected assembly leak, each root named by the
# application type its authors named (test.Test held by a strong handle,
# example.TestInfo by a static), each with the fix its kind of root calls for.
# usage: gcroot.sh LEAKLAB FIXTURES_DIR WORKDIR
set -u
leaklab=$(realpath "$1") fixtures=$(realpath "$2") dir=$3 here=$(dirname "$(realpath "$0")")
. "$here/../robust/checks.sh"
work_in "$dir"
guide=$fixtures/gcroot/dotnet-docs-unloadability-loaderallocator.txt

check guide 1 "" "$leaklab" analyze --import "$guide"
head -1 guide.out | grep -q '^verdict: leak (kind: assembly)' && grep -q '^basis:   SUSPECTED' guide.out &&
    pass "a rooted LoaderAllocator: a suspected assembly leak" || fail "guide: $(head -3 guide.out)"
grep -q '^  2. test.Test, held by a strong handle$' guide.out && grep -q 'free the GCHandle that holds test.Test' guide.out &&
    pass "test.Test held by a strong handle: free the GCHandle" || fail "guide: no test.Test root"
grep -q '^  3. example.TestInfo, held by a pinned handle$' guide.out &&
    grep -q 'clear the static field that holds example.TestInfo' guide.out &&
    pass "example.TestInfo held by a static: clear it" || fail "guide: no example.TestInfo root"
grep -q 'held by a local of example.Program.Main' guide.out && pass "the local in example.Program.Main" ||
    fail "guide: no stack root"
"$leaklab" analyze --import "$guide" --format json -o guide.json 2>/dev/null
check guide-html 0 "" "$leaklab" report guide.json -o guide.html
grep -q '<code>test.Test</code>, held by a strong handle' guide.html && pass "HTML: the roots as cards" ||
    fail "HTML lacks the roots"
finish
