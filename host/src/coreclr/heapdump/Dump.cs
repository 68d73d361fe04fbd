// One heap dump's events, kept until the session ends and then written
// for the parent (Program.cs has the records): objects and bytes per type,
// or, for a graph dump (retention paths), every object with its
// references, and the roots.
//
// Only the first blocking gen2 collection of the session is the dump's
// (its parent collected before asking, and waits). A node's references
// are the next EdgeCount edges of the edge stream, as the runtime sends
// nodes and edges in the same order (PerfView's DotNetHeapDumpGraphReader
// reads them so); a count that does not add up is a dump cut short. A
// ConditionalWeakTable's value is kept by its key: that pair is written
// as one more reference of the key. Weak handles keep nothing. Statics:
// AddStatics.
using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Leaklab.HeapDump
{
    sealed class Dump
    {
        // References a "refs" record carries, so that a large array's make several short lines.
        const int RefsPerRecord = 256;

        readonly bool graph;
        readonly Dictionary<ulong, string> names;
        readonly Dictionary<ulong, (long Objects, long Bytes)> counts = new Dictionary<ulong, (long, long)>();
        readonly List<(ulong Address, ulong Type, ulong Bytes, int Edges)> objects =
            new List<(ulong, ulong, ulong, int)>();
        readonly List<ulong> edges = new List<ulong>();
        readonly Dictionary<ulong, List<ulong>> dependents = new Dictionary<ulong, List<ulong>>();
        readonly List<(ulong Object, string Kind, string Name)> roots = new List<(ulong, string, string)>();
        readonly List<(ulong Slot, ulong Object, string Field)> statics = new List<(ulong, ulong, string)>();
        long edgesPromised;
        int dumpGc = -1;
        bool dumped;

        public Dump(bool graph, Dictionary<ulong, string> names)
        {
            this.graph = graph;
            this.names = names;
        }

        public void Listen(ClrTraceEventParser clr)
        {
            clr.GCStart += e => {
                if (dumpGc < 0 && e.Depth == 2 && e.Type != GCType.BackgroundGC)
                    dumpGc = e.Count;
            };
            clr.GCStop += e => dumped |= e.Count == dumpGc;
            clr.TypeBulkType += e => {
                for (int i = 0; i < e.Count; i++)
                    names[e.Values(i).TypeID] = e.Values(i).TypeName;
            };
            clr.GCBulkNode += e => {
                for (int i = 0; i < e.Count && !dumped; i++)
                    AddObject(e.Values(i));
            };
            if (!graph)
                return;
            clr.GCBulkEdge += e => {
                for (int i = 0; i < e.Count && !dumped; i++)
                    edges.Add(e.Values(i).Target);
            };
            clr.GCBulkRootEdge += e => {
                for (int i = 0; i < e.Count && !dumped; i++)
                    AddRoot(e.Values(i));
            };
            clr.GCBulkRootStaticVar += e => {
                for (int i = 0; i < e.Count && !dumped; i++) {
                    GCBulkRootStaticVarValues v = e.Values(i);
                    statics.Add((v.GCRootID, v.ObjectID, v.FieldName));
                }
            };
            clr.GCBulkRootConditionalWeakTableElementEdge += e => {
                for (int i = 0; i < e.Count && !dumped; i++)
                    Depend(e.Values(i).GCKeyNodeID, e.Values(i).GCValueNodeID);
            };
        }

        void AddObject(GCBulkNodeValues node)
        {
            counts.TryGetValue(node.TypeID, out var total);
            counts[node.TypeID] = (total.Objects + 1, total.Bytes + (long)node.Size);
            if (!graph)
                return;
            objects.Add((node.Address, node.TypeID, node.Size, checked((int)node.EdgeCount)));
            edgesPromised += node.EdgeCount;
        }

        // A root as runtime.h's kinds say, named for a reader.
        void AddRoot(GCBulkRootEdgeValues root)
        {
            if ((root.GCRootFlag & GCRootFlags.WeakRef) != 0)
                return;
            bool pinned = (root.GCRootFlag & GCRootFlags.Pinning) != 0;
            switch (root.GCRootKind) {
            case GCRootKind.Stack:
                roots.Add((root.RootedNodeAddress, "stack", "thread stack"));
                break;
            case GCRootKind.Finalizer:
                roots.Add((root.RootedNodeAddress, "finalizer", "finalizer queue"));
                break;
            case GCRootKind.Handle:
                roots.Add((root.RootedNodeAddress, "handle", pinned ? "pinned GC handle" : "strong GC handle"));
                break;
            default: // CoreCLR's "other" (kEtwGCRootKindOther): the runtime's own
                roots.Add((root.RootedNodeAddress, "other", "runtime"));
                break;
            }
        }

        // The statics: each static's slot is in an array of the runtime's;
        // the default context's arrays are held by strong handles, and then
        // the static is a root, named by its field (the event names no
        // class), while a collectible context's are held by its
        // LoaderAllocator, so that its statics keep their objects only as
        // long as the context lives: a reference of that array, not a root.
        void AddStatics()
        {
            var byAddress = new List<int>(objects.Count);
            for (int i = 0; i < objects.Count; i++)
                byAddress.Add(i);
            byAddress.Sort((a, b) => objects[a].Address.CompareTo(objects[b].Address));
            var held = new HashSet<ulong>();
            foreach (var r in roots)
                if (r.Kind == "handle")
                    held.Add(r.Object);
            foreach (var s in statics) {
                ulong array = Container(byAddress, s.Slot);
                if (array == 0 || held.Contains(array))
                    roots.Add((s.Object, "static", s.Field));
                else
                    Depend(array, s.Object);
            }
        }

        // The object whose bytes hold ADDRESS, or 0.
        ulong Container(List<int> byAddress, ulong address)
        {
            int lo = 0, hi = byAddress.Count;
            while (lo < hi) {
                int mid = lo + (hi - lo) / 2;
                if (objects[byAddress[mid]].Address <= address)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo == 0)
                return 0;
            var o = objects[byAddress[lo - 1]];
            return address < o.Address + o.Bytes ? o.Address : 0;
        }

        void Depend(ulong holder, ulong held)
        {
            if (!dependents.TryGetValue(holder, out var values))
                dependents[holder] = values = new List<ulong>();
            values.Add(held);
        }

        // Writes the dump with CLEAN making each text one protocol field;
        // whether it is whole.
        public bool Write(TextWriter output, Func<string, string> clean)
        {
            foreach (ulong id in counts.Keys)
                output.WriteLine("type\t" + id.ToString("x") + "\t" + clean(names.GetValueOrDefault(id)));
            if (!graph) {
                foreach (var (id, total) in counts)
                    output.WriteLine("count\t" + id.ToString("x") + "\t" + total.Objects + "\t" + total.Bytes);
                return dumped;
            }
            if (edgesPromised != edges.Count)
                return false;
            AddStatics();
            int next = 0;
            foreach (var o in objects) {
                output.WriteLine("object\t" + o.Address.ToString("x") + "\t" + o.Type.ToString("x") + "\t" + o.Bytes);
                WriteRefs(output, edges.GetRange(next, o.Edges));
                next += o.Edges;
                if (dependents.TryGetValue(o.Address, out var values))
                    WriteRefs(output, values);
            }
            foreach (var r in roots)
                output.WriteLine("root\t" + r.Object.ToString("x") + "\t" + r.Kind + "\t" + clean(r.Name));
            return dumped;
        }

        static void WriteRefs(TextWriter output, List<ulong> targets)
        {
            for (int at = 0; at < targets.Count; at += RefsPerRecord) {
                int n = Math.Min(RefsPerRecord, targets.Count - at);
                output.WriteLine("refs\t" + string.Join(" ", targets.GetRange(at, n).ConvertAll(t => t.ToString("x"))));
            }
        }
    }
}
