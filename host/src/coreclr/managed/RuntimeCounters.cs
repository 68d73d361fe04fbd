// The counters CoreCLR keeps of its own memory and work, as a snapshot's
// "runtime" object records them (README.md, "Runtime counters"): the GC's
// per-generation sizes after the last collection, its fragmentation and
// pinned objects, the JIT's output, the thread pool, and the contexts:
// alive, unloaded, and unloaded but still alive.
using System;
using System.Collections.Generic;
using System.Runtime;
using System.Runtime.Loader;
using System.Threading;

namespace Leaklab.CoreClr
{
    static class RuntimeCounters
    {
        static readonly string[] Generations = { "gen0", "gen1", "gen2", "loh", "poh" };

        public static IEnumerable<(string, long)> Sample()
        {
            GCMemoryInfo gc = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            ReadOnlySpan<GCGenerationInfo> generations = gc.GenerationInfo;
            var counters = new List<(string, long)>();
            for (int i = 0; i < generations.Length && i < Generations.Length; i++)
                counters.Add(("gc_" + Generations[i] + "_bytes", generations[i].SizeAfterBytes));
            counters.Add(("gc_fragmented_bytes", gc.FragmentedBytes));
            counters.Add(("gc_committed_bytes", gc.TotalCommittedBytes));
            counters.Add(("gc_pinned_objects", gc.PinnedObjectsCount));
            counters.Add(("gc_finalization_pending", gc.FinalizationPendingCount));
            counters.Add(("jit_methods", System.Runtime.JitInfo.GetCompiledMethodCount()));
            counters.Add(("jit_il_bytes", System.Runtime.JitInfo.GetCompiledILBytes()));
            counters.Add(("threadpool_threads", ThreadPool.ThreadCount));
            counters.Add(("contexts_alive", Count(AssemblyLoadContext.All)));
            counters.Add(("contexts_collectible_alive", Contexts.CollectibleAlive()));
            counters.Add(("contexts_unloaded", Contexts.UnloadedCount()));
            counters.Add(("contexts_unloaded_alive", Contexts.UnloadedAlive()));
            return counters;
        }

        static long Count(IEnumerable<AssemblyLoadContext> contexts)
        {
            long n = 0;
            foreach (AssemblyLoadContext unused in contexts)
                n++;
            return n;
        }
    }
}
