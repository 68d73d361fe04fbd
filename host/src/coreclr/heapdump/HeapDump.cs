// A heap-shot of another .NET process, as dotnet-gcdump takes it: an
// EventPipe session on the process's diagnostics socket (no ptrace) with
// the GCHeapSnapshot keywords, whose start makes its runtime run a blocking
// gen2 collection that walks the heap, sending GCBulkNode (objects: size,
// type, how many references), GCBulkEdge (the references, in the nodes'
// order), GCBulkRoot* (roots: handles, stacks, the finalizer queue,
// statics by field) and GCBulkType (a type's id and name) events, read
// with TraceEvent (Dump.cs keeps them). The events of an idle process stay
// in the runtime's buffers until the session ends, so the dump ends when
// its parent, which sees its own collections, says the dump's has run;
// ending it flushes the events (the runtime's flush takes about 100 ms).
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
        Dump dump;
        bool primed;

        public HeapDumper(int pid, string socketDir)
        {
            this.pid = pid;
            this.socketDir = socketDir;
        }

        // GRAPH: keep every object with its references, and the roots.
        public void Start(TextWriter output, bool graph)
        {
            try {
                End();
                Prime();
                var provider = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose,
                                                     (long)ClrTraceEventParser.Keywords.GCHeapSnapshot);
                session = Client().StartEventPipeSession(new[] { provider }, false, BufferMB);
                source = new EventPipeEventSource(session.EventStream);
                dump = new Dump(graph, names);
                dump.Listen(source.Clr);
                var events = source;
                reading = Task.Run(() => events.Process());
                output.WriteLine("started");
            } catch (Exception e) {
                End();
                output.WriteLine("error\t" + Clean(e.GetType().Name + ": " + e.Message));
            }
        }

        // The runtime's first session on its provider makes the process
        // build that EventSource's metadata (NativeRuntimeEventSource: a few
        // hundred reflection objects, after the dump's collection): in the
        // measured heap, between a run's first heap-shot and the next. A
        // first session of the provider alone, without the heap dump's
        // collection, ended at once, builds it before the first dump.
        void Prime()
        {
            if (primed)
                return;
            var provider = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational,
                                                 (long)ClrTraceEventParser.Keywords.GC);
            using (EventPipeSession first = Client().StartEventPipeSession(new[] { provider }, false, 1)) {
                first.Stop();
            }
            primed = true;
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

        public void Stop(TextWriter output)
        {
            if (session == null) {
                output.WriteLine("error\tno dump started");
                return;
            }
            try {
                session.Stop();
                bool drained = reading.Wait(Deadline);
                bool whole = dump.Write(output, Clean);
                output.WriteLine(drained && whole ? "end\twhole" : "end\tcut");
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
            dump = null;
        }

        // TEXT on one protocol field: no tab, no line break.
        static string Clean(string text)
        {
            return (text ?? "").Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
        }
    }
}
