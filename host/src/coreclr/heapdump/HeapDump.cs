// A heap-shot of another .NET process, as dotnet-gcdump takes it: an
// EventPipe session on the process's diagnostics socket (no ptrace) with
// the GCHeapSnapshot keywords, whose start makes its runtime run a blocking
// gen2 collection that walks the heap, sending GCBulkNode (objects: size,
// type) and GCBulkType (a type's id and name) events, read with TraceEvent
// and counted by type. The events of an idle process stay in the runtime's
// buffers until the session ends, so the dump ends when its parent, which
// sees its own collections, says the dump's has run; ending it flushes the
// events (the runtime's flush takes about 100 ms).
using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Leaklab.HeapDump
{
    sealed class HeapDumper
    {
        // The session's buffer: a heap of millions of objects fits, as in dotnet-gcdump.
        const int BufferMB = 1024;
        // The most the events may take to arrive once the session ends.
        static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

        readonly int pid;
        readonly string socketDir;
        // Names outlive a session: the runtime names a type once per session
        // it is in, and an id reused by a later context's type is renamed.
        readonly Dictionary<ulong, string> names = new Dictionary<ulong, string>();
        EventPipeSession session;
        EventPipeEventSource source;
        Task reading;
        Dictionary<ulong, (long Objects, long Bytes)> counts;
        bool dumped;

        public HeapDumper(int pid, string socketDir)
        {
            this.pid = pid;
            this.socketDir = socketDir;
        }

        public void Start(TextWriter output)
        {
            try {
                End();
                var provider = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose,
                                                     (long)ClrTraceEventParser.Keywords.GCHeapSnapshot);
                session = Client().StartEventPipeSession(new[] { provider }, false, BufferMB);
                source = new EventPipeEventSource(session.EventStream);
                Count(source);
                var events = source;
                reading = Task.Run(() => events.Process());
                output.WriteLine("started");
            } catch (Exception e) {
                End();
                output.WriteLine("error\t" + Clean(e.GetType().Name + ": " + e.Message));
            }
        }

        // The process's diagnostics socket, in the folder its parent says:
        // this program's TMPDIR is the run's own, and DiagnosticsClient(pid)
        // would look in the one the process was started with.
        DiagnosticsClient Client()
        {
            string[] sockets = Directory.GetFiles(socketDir, "dotnet-diagnostic-" + pid + "-*-socket");
            if (sockets.Length == 0)
                throw new IOException("no diagnostics socket of process " + pid + " in " + socketDir);
            Array.Sort(sockets, (a, b) => File.GetLastWriteTimeUtc(b).CompareTo(File.GetLastWriteTimeUtc(a)));
            using var connecting = new CancellationTokenSource(Deadline);
            return DiagnosticsClientConnector.FromDiagnosticPort(sockets[0] + ",connect", connecting.Token)
                .GetAwaiter().GetResult().Instance;
        }

        // Counts the nodes of the session's first blocking gen2 collection:
        // the dump's (its parent collected before asking, and waits).
        void Count(EventPipeEventSource events)
        {
            var counted = new Dictionary<ulong, (long, long)>();
            counts = counted;
            dumped = false;
            int dumpGc = -1;
            events.Clr.GCStart += e => {
                if (dumpGc < 0 && e.Depth == 2 && e.Type != GCType.BackgroundGC)
                    dumpGc = e.Count;
            };
            events.Clr.GCStop += e => dumped |= e.Count == dumpGc;
            events.Clr.TypeBulkType += e => {
                for (int i = 0; i < e.Count; i++)
                    names[e.Values(i).TypeID] = e.Values(i).TypeName;
            };
            events.Clr.GCBulkNode += e => {
                for (int i = 0; i < e.Count && !dumped; i++) {
                    GCBulkNodeValues node = e.Values(i);
                    counted.TryGetValue(node.TypeID, out var total);
                    counted[node.TypeID] = (total.Item1 + 1, total.Item2 + (long)node.Size);
                }
            };
        }

        public void Stop(TextWriter output)
        {
            if (session == null) {
                output.WriteLine("error\tno dump started");
                return;
            }
            try {
                session.Stop();
                bool drained = reading.Wait(Deadline);
                foreach (var (id, total) in counts) {
                    output.WriteLine("type\t" + id.ToString("x") + "\t" + Clean(names.GetValueOrDefault(id)));
                    output.WriteLine("count\t" + id.ToString("x") + "\t" + total.Objects + "\t" + total.Bytes);
                }
                output.WriteLine(drained && dumped ? "end\twhole" : "end\tcut");
            } catch (Exception e) {
                output.WriteLine("error\t" + Clean(e.GetType().Name + ": " + e.Message));
            } finally {
                End();
            }
        }

        void End()
        {
            source?.Dispose();
            session?.Dispose();
            source = null;
            session = null;
        }

        // TEXT on one protocol field: no tab, no line break.
        static string Clean(string text)
        {
            return (text ?? "").Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
        }
    }
}
