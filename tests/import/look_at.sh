#!/bin/sh
# "Inconclusive" with something to look at (field triage, round 2, point
# 5): one dump's !dumpheap -stat names the application's own largest type
# (the Microsoft docs' leak tutorial: testwebapi.Controllers.Customer,
# which its authors found leaking), and hundreds of thousands of event
# handlers (the same sample with a row changed the way that case differs),
# each with its evidence and the command that would confirm it.
# usage: look_at.sh LEAKLAB FIXTURES_DIR WORKDIR
set -u
leaklab=$(realpath "$1") fixtures=$(realpath "$2") dir=$3 here=$(dirname "$(realpath "$0")")
. "$here/../robust/checks.sh"
work_in "$dir"
docs=$fixtures/dotnet-dump-analyze/dotnet-docs-debug-memory-leak-dumpheap-stat.txt

check customer 0 "" "$leaklab" analyze --import "$docs"
head -1 customer.out | grep -q '^verdict: inconclusive' && grep -q '^what to look at' customer.out &&
    grep -q '^  1. testwebapi.Controllers.Customer: 200000 objects, 4800000 bytes, 16.4 %' customer.out &&
    grep -q 'to confirm: !dumpheap -mt MT' customer.out &&
    pass "one dump: inconclusive, and Customer is the first thing to look at" ||
    fail "one dump: $(sed -n '/^what to look at/,+2p' customer.out)"
"$leaklab" analyze --import "$docs" --format json -o customer.json 2>/dev/null
grep -q '"source": "look_at"' customer.json && pass "JSON: suspects with source look_at" || fail "no look_at suspect in JSON"
check customer-html 0 "" "$leaklab" report customer.json -o customer.html
grep -q 'What to look at: <code>testwebapi.Controllers.Customer</code>' customer.html &&
    pass "HTML: what to look at" || fail "HTML lacks what to look at"

sed 's/^00007f6c1dbf5510      217       133504 System.Object\[\]$/00007f6c1dbf5510   312405     19993920 System.EventHandler/' \
    "$docs" >handlers.txt
grep -q 'System.EventHandler' handlers.txt || fail "the handlers variant was not made"
check handlers 0 "" "$leaklab" analyze --import handlers.txt
grep -q '^  [0-9]. System.EventHandler: 312405 objects' handlers.out && grep -q 'event subscriptions never removed' handlers.out &&
    pass "312,405 event handlers are something to look at" || fail "handlers: $(sed -n '/^what to look at/,+6p' handlers.out)"
# The SpaghettiSort post: its author's culprits, the two Okanshi types.
check okanshi 0 "" "$leaklab" analyze --import "$fixtures/threads/spaghettisort-okanshi-net4-x86.txt"
grep -q '^  1. Okanshi.MonitorMessage+Time: 20606519 objects' okanshi.out &&
    grep -q '^  2. Okanshi.MonitorMessage+IncrementSuccess: 20606535 objects' okanshi.out &&
    pass "the Okanshi messages its author found are what to look at" || fail "okanshi: $(sed -n '/^what to look at/,+6p' okanshi.out)"

# A native heap's busy bytes in one allocation size, with the stack that
# allocates them: the MysteryApp6 write-up, whose authors found
# FileSystemWatcher.StartRaisingEvents() allocating them.
check native 0 "" "$leaklab" analyze --import "$fixtures/native-heap/mysteryapp6-filesystemwatcher-net5-x64.txt"
grep -q '^  1. native blocks of 40 bytes (heap 0000015d85bb0000): 84800 blocks, 3392000 bytes, 38.6 %' native.out &&
    grep -q 'allocated by System.IO.FileSystemWatcher.StartRaisingEvents()' native.out &&
    grep -q 'to confirm: the allocating stack above names the code' native.out &&
    pass "native: 40-byte blocks allocated by FileSystemWatcher.StartRaisingEvents(), the stack not asked for again" ||
    fail "native: $(sed -n '/^what to look at/,+3p' native.out)"
# The same session with its stack cut above the runtime (round 3, point 2):
# every frame the OS's or the runtime's names the runtime component.
grep -v 'System_IO_FileSystem_Watcher!\|+0x00007ffb54f18807' "$fixtures/native-heap/mysteryapp6-filesystemwatcher-net5-x64.txt" >runtime-stack.txt
check runtime-stack 0 "" "$leaklab" analyze --import runtime-stack.txt
grep -q 'allocated by coreclr!AllocateNativeOverlapped (a runtime component' runtime-stack.out &&
    pass "a stack inside the runtime: coreclr!AllocateNativeOverlapped named" ||
    fail "runtime stack: $(sed -n '/^what to look at/,+3p' runtime-stack.out)"

# !dumpobj (field triage, round 2, point 2): a dotnet-dump session of three
# objects (a published Linux, .NET Core 3.1 one) is read, each object with
# its type and size and the List its item count; 42 items is nothing to look
# at, the same List holding 250,000 is. WinDbg's "!do" and lldb's
# "sos DumpObj" prompts read the same, and a module's "Name:" (no
# MethodTable) is never taken for an object.
dumpobj=$fixtures/dumpobj/zh-dotnet-dump-notes-netcore31-linux.txt
check dumpobj 0 "" "$leaklab" import "$dumpobj" -o dumpobj.jsonl
grep -q '"objects":\[{"type":"Hyd.CDC.DataAccessLayer.efoscollectdata.HistoryDeviceParameterDataDAL","size":24},{"type":"System.Collections.Generic.List`1\[\[Hyd.CDC.DataAccessLayer.efoscollectdata.Models.DeviceParams, Hyd.CDC.DataAccessLayer\]\]","size":32,"items":42},{"type":"Hyd.CDC.ComputeServices.ObjectHistory.BLL.ProjectDeviceCache","size":32}\]' dumpobj.jsonl &&
    pass "dumpobj: three objects, the List's 42 items" || fail "dumpobj: $(grep snapshot dumpobj.jsonl | cut -c1-400)"
check dumpobj-small 0 "" "$leaklab" analyze dumpobj.jsonl
grep -q '^what to look at' dumpobj-small.out && fail "dumpobj: a 42-item List is something to look at"
sed 's/^\(00007f6f0036a0e8  4001b11 .*instance\)               42 _size$/\1           250000 _size/' "$dumpobj" >bigger.txt
for prompt in '0:000> !do' '(lldb) sos DumpObj'; do
    sed "s/^> dumpobj/$prompt/" bigger.txt >prompt.txt
    check dumpobj-big 0 "" "$leaklab" analyze --import prompt.txt
    grep -q '^  1. System.Collections.Generic.List`1\[\[Hyd.CDC.DataAccessLayer.efoscollectdata.Models.DeviceParams, Hyd.CDC.DataAccessLayer\]\]: one collection of 250000 items' dumpobj-big.out &&
        grep -q 'to confirm: !gcroot on the object' dumpobj-big.out &&
        pass "dumpobj under '$prompt': a List of 250,000 items is what to look at" ||
        fail "dumpobj under '$prompt': $(sed -n '/^what to look at/,+3p' dumpobj-big.out)"
done
# One type under several MethodTables (round 3, point 3): the same
# XmlSerializer-generated contract from five temporary assemblies "and
# more", a lower bound, is what to look at; the same table with 25 of them,
# uncut (the sample's own rows, their MethodTables renumbered), is an
# assembly leak naming the type and XmlSerializer.
pfleger=$fixtures/dumpheap-stat/pfleger-xmlserializer-contracts-net2-x64-cut.txt
check contracts 0 "" "$leaklab" analyze --import "$pfleger"
grep -q '^  1. Microsoft.Xml.Serialization.GeneratedAssembly.XmlSerializerContract: listed under at least 5 MethodTables (the listing was cut' contracts.out &&
    pass "five MethodTables of one type, cut: at least 5, what to look at" ||
    fail "repeated type: $(sed -n '/^what to look at/,+2p' contracts.out)"
{ sed '/^\.\.\./d' "$pfleger"; i=10; while [ $i -lt 30 ]; do
    echo "000007ff004a${i}98        1           40 Microsoft.Xml.Serialization.GeneratedAssembly.XmlSerializerContract"
    i=$((i + 1)); done; } >contracts25.txt
check contracts25 1 "" "$leaklab" analyze --import contracts25.txt
head -1 contracts25.out | grep -q '^verdict: leak (kind: assembly' &&
    grep -q '^  1. Microsoft.Xml.Serialization.GeneratedAssembly.XmlSerializerContract (!dumpheap -stat)' contracts25.out &&
    grep -q '25 MethodTables of one type: the same type loaded from 25 assemblies' contracts25.out &&
    grep -q 'XmlSerializer-generated serialization assembly' contracts25.out &&
    pass "25 MethodTables of one type, uncut: an assembly leak, XmlSerializer named" ||
    fail "25 MethodTables: $(head -1 contracts25.out); $(grep -n MethodTables contracts25.out)"
check module 0 "" "$leaklab" import "$fixtures/dumpmodule-mt/debug-training-parameter-net4-x64.txt" -o module.jsonl
grep -q '"objects"' module.jsonl && fail "a module's Name: was read as an object" || pass "a module's Name: is no object"
# Two counters samples (round 3, point 8): the growth of each figure per
# second between them, most first, and whether a gen-2 collection ran.
two=$fixtures/dotnet-counters-collect-csv/dotnet10-meters-two-samples-excerpt.txt
check two-samples 0 "" "$leaklab" analyze --import "$two"
grep -q "note: between the two samples, 1 s apart (too few for a trend; most growth first): assemblies +40.0 (+40/s), resident memory +4976.6 kB" two-samples.out &&
    grep -q "a gen-2 collection in the refresh before the second: none" two-samples.out &&
    pass "two samples: assemblies +40/s first, no gen-2 between" || fail "two samples: $(grep note two-samples.out)"
# dumpalc and !dumpmt (round 3, point 7): two dotnet-dump 10 sessions made
# here of the .NET 10 program keeping one object of each unloaded
# collectible AssemblyLoadContext. dumpalc on one shows its context
# unloading (_state 1) and 90 contexts made (s_nextId), with SOS 10's
# "Yes"/"No" value-type column; three !dumpmt of the kept type show three
# LoaderAllocators: what to look at. Twenty-four of them are 24 contexts
# alive with one type: an assembly leak.
alc=$fixtures/dotnet-dump-analyze/dotnet10-collectible-alc-kept-dumpalc-dumpmt-4s.txt
check dumpalc 0 "" "$leaklab" import "$alc" -o dumpalc.jsonl
grep -q '"objects":\[{"type":"System.Runtime.Loader.AssemblyLoadContext","size":80,"context_state":"unloading","contexts_made":90}\]' dumpalc.jsonl &&
    grep -q '"collectible_types":\[{"type":"Payload","loader_allocator":"7f08650000f0"},' dumpalc.jsonl &&
    pass "dumpalc: the context unloading, 90 made; dumpmt: Payload's LoaderAllocator" ||
    fail "dumpalc: $(grep snapshot dumpalc.jsonl | cut -c1-600)"
check dumpalc-look 0 "" "$leaklab" analyze dumpalc.jsonl
head -1 dumpalc-look.out | grep -q '^verdict: inconclusive' &&
    grep -q '^  1. System.Runtime.Loader.AssemblyLoadContext: a collectible context whose Unload() was called, still in the dump; the process made 90 contexts' dumpalc-look.out &&
    grep -q '^  2. Payload: loaded in 3 collectible contexts (its LoaderAllocator rows)' dumpalc-look.out &&
    pass "one dump: the unloaded context and the type in 3 contexts are what to look at" ||
    fail "dumpalc look: $(sed -n '/^what to look at/,+8p' dumpalc-look.out)"
sed 's/_state$/_unused/' "$alc" >alive.txt
grep -q '_unused$' alive.txt || fail "the variant without _state was not made"
check alive 0 "" "$leaklab" import alive.txt -o alive.jsonl
grep -q '"context_state"' alive.jsonl && fail "a context without _state was given a state" ||
    pass "no _state row: no state"
sed 's/\(Yes instance  *\)1 _state$/\10 _state/' "$alc" >alive.txt
check alive-look 0 "" "$leaklab" analyze --import alive.txt
grep -q 'whose Unload() was called' alive-look.out && fail "a context alive (_state 0) was called unloaded" ||
    pass "a context whose _state is 0 is not called unloaded"
check dumpmt24 1 "" "$leaklab" analyze --import "$fixtures/dotnet-dump-analyze/dotnet10-collectible-alc-kept-dumpmt-24-types-9s.txt"
head -1 dumpmt24.out | grep -q '^verdict: leak (kind: assembly' &&
    grep -q '^  1. Payload (!dumpmt)' dumpmt24.out &&
    grep -q '24 LoaderAllocators of one type: the same type loaded in 24 collectible contexts, all alive at the dump' dumpmt24.out &&
    pass "24 LoaderAllocators of one type: an assembly leak, the contexts named" ||
    fail "dumpmt 24: $(head -1 dumpmt24.out); $(grep -n LoaderAllocators dumpmt24.out)"
# The same !dumpmt shown twice adds one context, not two.
{ cat "$alc"; sed -n '/^> dumpmt/,/^<END_COMMAND_OUTPUT>/p' "$alc"; } >twice.txt
check twice 0 "" "$leaklab" analyze --import twice.txt
grep -q '^  2. Payload: loaded in 3 collectible contexts' twice.out && pass "a !dumpmt shown twice counts once" ||
    fail "twice: $(grep Payload twice.out)"
finish
