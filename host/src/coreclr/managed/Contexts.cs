// The contexts scenarios run in on CoreCLR: the default AssemblyLoadContext,
// and the collectible ones the host creates and unloads. Every context a
// record names gets an id (the default one 1; a per-image context made by
// Assembly.Load(byte[]) its own). Every collectible context the host sees,
// its own or one a scenario made, is watched once Unload() is called, by a
// weak reference only: one still alive after a snapshot's collections is
// "unloaded but alive", the fact the .NET unloadability guide's method is
// built to find.
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Leaklab.CoreClr
{
    // A collectible context: an assembly it already holds answers for its
    // name (so a proxy compiled against the scenarios resolves to the copy
    // in this context); everything else comes from the default context,
    // which shares the compiler and the framework, as a service would.
    sealed class ScenarioContext : AssemblyLoadContext
    {
        public ScenarioContext(string name) : base(name, isCollectible: true) { }

        protected override Assembly Load(AssemblyName name)
        {
            foreach (Assembly a in Assemblies)
                if (AssemblyName.ReferenceMatchesDefinition(name, a.GetName()))
                    return a;
            return null;
        }
    }

    static class Contexts
    {
        public const int DefaultId = 1;
        // The most collections an unload waits for its context to go (the guide's loop).
        const int UnloadCollections = 10;

        static readonly object Lock = new object();
        static readonly ConditionalWeakTable<AssemblyLoadContext, object> Ids = new ConditionalWeakTable<AssemblyLoadContext, object>();
        static readonly Dictionary<int, ScenarioContext> Live = new Dictionary<int, ScenarioContext>();
        // Unloaded contexts not yet seen gone; those seen gone are only
        // counted, so that watching leaves nothing per context in the heap.
        static readonly List<WeakReference> Unloaded = new List<WeakReference>();
        static int unloadedGone;
        static int lastId = DefaultId;
        static string libDir;

        // Assemblies the default context cannot find come from LIB_DIR,
        // where the build put the scenarios' dependencies (Roslyn, CodeDom).
        public static void Start(string dir)
        {
            libDir = dir;
            AssemblyLoadContext.Default.Resolving += (context, name) => {
                string path = Path.Combine(libDir, name.Name + ".dll");
                return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
            };
        }

        public static int IdOf(AssemblyLoadContext context)
        {
            if (context == null || context == AssemblyLoadContext.Default)
                return DefaultId;
            lock (Lock) {
                if (Ids.TryGetValue(context, out object id))
                    return (int)id;
                int fresh = ++lastId;
                Ids.Add(context, fresh);
                if (context.IsCollectible)
                    context.Unloading += Watch;
                return fresh;
            }
        }

        public static int Create(string name)
        {
            var context = new ScenarioContext(name);
            int id = IdOf(context);
            lock (Lock)
                Live.Add(id, context);
            return id;
        }

        // The context ID names (DefaultId: the default one), or null.
        public static AssemblyLoadContext Find(int id)
        {
            if (id == DefaultId)
                return AssemblyLoadContext.Default;
            lock (Lock)
                return Live.TryGetValue(id, out var context) ? context : null;
        }

        // Unloads context ID as the unloadability guide does: Unload(),
        // then collections until it is gone, at most UnloadCollections.
        public static void Unload(int id)
        {
            WeakReference gone = StartUnload(id);
            for (int i = 0; gone != null && gone.IsAlive && i < UnloadCollections; i++) {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }

        // Not inlined, so that no local of the caller keeps the context.
        [MethodImpl(MethodImplOptions.NoInlining)]
        static WeakReference StartUnload(int id)
        {
            ScenarioContext context;
            lock (Lock) {
                if (!Live.Remove(id, out context))
                    return null;
            }
            context.Unload();
            return new WeakReference(context);
        }

        // Every collectible context, the host's or a scenario's, once its
        // Unload() is called.
        static void Watch(AssemblyLoadContext context)
        {
            lock (Lock)
                Unloaded.Add(new WeakReference(context));
        }

        public static int UnloadedCount()
        {
            lock (Lock)
                return unloadedGone + Unloaded.Count;
        }

        // The unloaded contexts still alive; the others are forgotten (a
        // collectible context that is gone never comes back).
        public static int UnloadedAlive()
        {
            lock (Lock) {
                unloadedGone += Unloaded.RemoveAll(weak => !weak.IsAlive);
                return Unloaded.Count;
            }
        }

        public static int CollectibleAlive()
        {
            lock (Lock)
                return Live.Count;
        }
    }
}
