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

# Any other chain (round 3, point 1) names what keeps its object: the root
# and the holder read off the chain. A 2016 blog post's session (code
# blocks indented, a tab on the !gcroot prompt): AgileSlot.Core.GameMachine
# kept by a static through AutoMapper's list of TypeMaps and a lambda's
# closure, the AutoMapper mapping its author blamed.
automapper=$fixtures/gcroot/zh-windbg-check-gcroot-automapper-net45-x64.txt
check automapper 0 "" "$leaklab" analyze --import "$automapper"
grep -q "^what keeps the objects !gcroot was asked about" automapper.out &&
    grep -q "^  1. AgileSlot.Core.GameMachine, held by a pinned handle$" automapper.out &&
    grep -q "through System.Collections.Generic.List\`1\[\[AutoMapper.TypeMap, AutoMapper\]\], held by AutoMapper.ThreadSafeList" automapper.out &&
    grep -q "closure AutoMapper.MappingExpression\`2+<>c__DisplayClass12" automapper.out &&
    pass "AutoMapper: GameMachine kept by a static, through List<TypeMap> and a lambda's closure" ||
    fail "AutoMapper: $(sed -n '/^what keeps/,/fix:/p' automapper.out)"
grep -q "removed the indentation every line shared" automapper.out && pass "a web page's code block: its indentation said" ||
    fail "AutoMapper: the indentation removal is not said"
# CLR 2's layout, from the .NET docs' GC performance page ("ebx:Root:..."
# a link a line, "... [omitted]" as an ellipsis, "**!gcroot X**" in bold).
clr2=$fixtures/web-text/dotnet-docs-gc-performance-gcroot-clr2.txt
check clr2 0 "" "$leaklab" analyze --import "$clr2"
grep -q "^  1. System.Double\[\], held by a local (ebx) of a thread's stack$" clr2.out &&
    grep -q "through System.Collections.Hashtable, held by DemoApp.FormDemoApp" clr2.out &&
    pass "CLR 2 layout: System.Double[] kept from a register through the form's Hashtable" ||
    fail "CLR 2 layout: $(sed -n '/^what keeps/,/fix:/p' clr2.out)"
# dotnet-dump's chains without addresses ("-> Type").
sed 's/^\(    -> \)[0-9a-f]* /\1/' "$automapper" >no-addresses.txt
check no-addresses 0 "" "$leaklab" analyze --import no-addresses.txt
grep -q "^  1. AgileSlot.Core.GameMachine, held by a pinned handle$" no-addresses.out &&
    pass "chains printed without addresses read the same" || fail "no addresses: $(sed -n '/^what keeps/,+2p' no-addresses.out)"
finish
