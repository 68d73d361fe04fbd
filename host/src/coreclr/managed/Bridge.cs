// The entry points coreclr_runtime.c calls, one per function of the C
// runtime interface (host/src/runtime.h) that needs managed code. Each is
// [UnmanagedCallersOnly], takes and fills memory that C owns, and catches
// everything: no managed exception ever crosses into C.
using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Leaklab.CoreClr
{
    // coreclr_runtime.c's bridge_callbacks.
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct HostCallbacks
    {
        public delegate* unmanaged<long, int, void> AssemblyLoaded;
        public delegate* unmanaged<long, void> AssemblyUnloading;
        public delegate* unmanaged<int, void> ExitRequested;
    }

    // host/src/runtime.h's ll_assembly_sink.
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct AssemblySink
    {
        void* data;
        delegate* unmanaged<void*, byte*, byte*, byte*, byte*, void> identity;
        delegate* unmanaged<void*, byte*, byte*, void> type;
        delegate* unmanaged<void*, byte*, void> reference;

        public void Identity(string name, string version, string origin, string path)
        {
            fixed (byte* n = Utf8.Terminated(name), v = Utf8.Terminated(version), o = Utf8.Terminated(origin),
                   p = Utf8.Terminated(path))
                identity(data, n, v, o, p);
        }

        public void Type(string name, string baseName)
        {
            fixed (byte* n = Utf8.Terminated(name), b = Utf8.Terminated(baseName))
                type(data, n, b);
        }

        public void Reference(string name)
        {
            fixed (byte* n = Utf8.Terminated(name))
                reference(data, n);
        }
    }

    // host/include/leaklab/host.h's ll_exception_text.
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct ExceptionText
    {
        public fixed byte Type[256];
        public fixed byte Message[1024];
        public fixed byte Stack[4096];

        public void Fill(Exception e)
        {
            fixed (byte* t = Type, m = Message, s = Stack) {
                Utf8.Write(e.GetType().FullName, t, 256);
                Utf8.Write(e.Message, m, 1024);
                Utf8.Write(e.StackTrace, s, 4096);
            }
        }
    }

    public static unsafe class Bridge
    {
        sealed class Entry
        {
            public MethodInfo Method;
            public int Context;
            public bool TakesIteration;
        }

        static readonly Dictionary<long, Entry> Entries = new Dictionary<long, Entry>();
        static long lastEntry;

        [UnmanagedCallersOnly]
        public static int Start(HostCallbacks* callbacks, byte* libDir, byte* error, int errorSize)
        {
            try {
                Contexts.Start(Utf8.Read(libDir));
                var exit = callbacks->ExitRequested;
                AppDomain.CurrentDomain.ProcessExit += (sender, args) => exit(Environment.ExitCode);
                Assemblies.Watch(callbacks->AssemblyLoaded, callbacks->AssemblyUnloading);
                return 0;
            } catch (Exception e) {
                Utf8.Write(e.Message, error, errorSize);
                return -1;
            }
        }

        // ".NET 10.0.12 (CoreCLR)" as RuntimeInformation says it.
        [UnmanagedCallersOnly]
        public static void Version(byte* buffer, int size)
        {
            try {
                Utf8.Write(RuntimeInformation.FrameworkDescription, buffer, size);
            } catch (Exception e) {
                Utf8.Write("unknown (" + e.Message + ")", buffer, size);
            }
        }

        [UnmanagedCallersOnly]
        public static int ContextCreate(byte* name)
        {
            try {
                return Contexts.Create(Utf8.Read(name));
            } catch (Exception) {
                return 0;
            }
        }

        [UnmanagedCallersOnly]
        public static void ContextUnload(int id)
        {
            try {
                lock (Entries) {
                    var stale = new List<long>();
                    foreach (var pair in Entries)
                        if (pair.Value.Context == id)
                            stale.Add(pair.Key);
                    foreach (long key in stale)
                        Entries.Remove(key);
                }
                Contexts.Unload(id);
            } catch (Exception) {
                // An unload that threw leaves the context alive, which the
                // next snapshot's "unloaded but alive" count shows.
            }
        }

        // ENTRY ("Namespace.Type:Method") of the assembly at PATH loaded into
        // context ID: its handle, or 0 with ERROR filled.
        [UnmanagedCallersOnly]
        public static long EntryResolve(int id, byte* path, byte* entry, int* takesIteration, byte* error, int errorSize)
        {
            try {
                AssemblyLoadContext context = Contexts.Find(id);
                if (context == null)
                    throw new InvalidOperationException("no context " + id);
                Entry found = Resolve(context.LoadFromAssemblyPath(Utf8.Read(path)), Utf8.Read(entry));
                found.Context = id;
                *takesIteration = found.TakesIteration ? 1 : 0;
                lock (Entries) {
                    Entries.Add(++lastEntry, found);
                    return lastEntry;
                }
            } catch (Exception e) {
                Utf8.Write(e is BadImageFormatException || e is System.IO.FileLoadException
                               ? "cannot load " + Utf8.Read(path) + ": " + e.Message : e.Message,
                           error, errorSize);
                return 0;
            }
        }

        static Entry Resolve(Assembly assembly, string entry)
        {
            int colon = entry.LastIndexOf(':');
            if (colon <= 0)
                throw new ArgumentException("entry point '" + entry + "' is not Namespace.Type:Method");
            string typeName = entry.Substring(0, colon), methodName = entry.Substring(colon + 1);
            Type type = assembly.GetType(typeName);
            if (type == null)
                throw new ArgumentException("no type " + typeName + " in " + assembly.Location);
            foreach (MethodInfo m in type.GetMethods(BindingFlags.Public | BindingFlags.Static)) {
                if (m.Name != methodName)
                    continue;
                ParameterInfo[] p = m.GetParameters();
                if (p.Length == 0 || (p.Length == 1 && p[0].ParameterType == typeof(int)))
                    return new Entry { Method = m, TakesIteration = p.Length == 1 };
            }
            throw new ArgumentException("no public static " + typeName + "." + methodName + "() or (int)");
        }

        // Calls entry HANDLE within its context's contextual reflection;
        // a returned string goes to TAKE_RESULT, cut at MAX_BYTES. Returns
        // 0, 1 with EXC filled when it threw, -1 for an unknown handle.
        [UnmanagedCallersOnly]
        public static int Invoke(long handle, int iteration, ExceptionText* exc,
                                 delegate* unmanaged<void*, byte*, long, long, void> takeResult, void* data, long maxBytes)
        {
            try {
                Entry entry;
                lock (Entries)
                    if (!Entries.TryGetValue(handle, out entry))
                        return -1;
                AssemblyLoadContext context = Contexts.Find(entry.Context);
                object result;
                using (context.EnterContextualReflection())
                    result = entry.Method.Invoke(null, BindingFlags.DoNotWrapExceptions, null,
                                                 entry.TakesIteration ? new object[] { iteration } : null, null);
                if (result is string text)
                    GiveResult(text, takeResult, data, maxBytes);
                return 0;
            } catch (Exception e) {
                try {
                    exc->Fill(e);
                } catch (Exception) {
                    // Formatting the exception failed too: its type is still empty, which C reports.
                }
                return 1;
            }
        }

        static void GiveResult(string text, delegate* unmanaged<void*, byte*, long, long, void> takeResult, void* data,
                               long maxBytes)
        {
            byte[] bytes = Utf8.Terminated(text);
            long full = bytes.Length - 1, n = Math.Min(full, maxBytes);
            while (n > 0 && n < full && (bytes[n] & 0xC0) == 0x80)
                n--;
            fixed (byte* p = bytes)
                takeResult(data, p, n, full);
        }

        // A full, blocking collection of every generation, its finalizers
        // run and what they freed collected, then the assemblies collected.
        [UnmanagedCallersOnly]
        public static void Collect()
        {
            try {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                Assemblies.ReportCollected();
            } catch (Exception) {
                // Out of memory while listing the collected: reported next time.
            }
        }

        // Waits, at most TIMEOUT_MS, until a gen2 collection other than the
        // first BEFORE has run (a heap dump's, made by the runtime on a
        // request from outside): 1 when one has, else 0. Seen from managed
        // code, a collection that was counted has ended.
        [UnmanagedCallersOnly]
        public static int WaitForCollection(int before, int timeoutMs)
        {
            try {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (GC.CollectionCount(GC.MaxGeneration) <= before) {
                    if (clock.ElapsedMilliseconds > timeoutMs)
                        return 0;
                    System.Threading.Thread.Sleep(1);
                }
                return 1;
            } catch (Exception) {
                return 0;
            }
        }

        // OUT: committed heap, live bytes, gen0 collections, gen2 collections.
        [UnmanagedCallersOnly]
        public static void GcFigures(long* output)
        {
            GCMemoryInfo info = GC.GetGCMemoryInfo();
            output[0] = info.TotalCommittedBytes;
            output[1] = GC.GetTotalMemory(false);
            output[2] = GC.CollectionCount(0);
            output[3] = GC.CollectionCount(GC.MaxGeneration);
        }

        [UnmanagedCallersOnly]
        public static void Counters(delegate* unmanaged<void*, byte*, long, void> add, void* data)
        {
            try {
                foreach (var (name, value) in RuntimeCounters.Sample())
                    fixed (byte* n = Utf8.Terminated(name))
                        add(data, n, value);
            } catch (Exception) {
                // A counter that cannot be read is left out of this snapshot.
            }
        }

        [UnmanagedCallersOnly]
        public static void AssemblyDescribe(long id, AssemblySink* sink)
        {
            try {
                Assembly a = Assemblies.Find(id);
                if (a != null)
                    Assemblies.Describe(a, sink);
            } catch (Exception) {
                // Described in part: the inventory writes what it was given.
            }
        }
    }
}
