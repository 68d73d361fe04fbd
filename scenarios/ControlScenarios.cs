// Control scenarios: the detector's regression corpus. Each leaks something
// other than CodeDom proxies, or nothing at all, so that the analyzer is
// tested on real runtime behaviour. Sizes are chosen so that a leak is
// material after a few dozen iterations and a non-leak is clearly flat.
using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.InteropServices;

namespace Leaklab.Scenarios
{
    // Managed leak: 64 kB of objects per call kept alive by a static list.
    public static class ManagedLeak
    {
        static readonly List<byte[]> Kept = new List<byte[]>();

        public static void Run(int iteration)
        {
            for (int i = 0; i < 16; i++)
                Kept.Add(new byte[4096]);
        }
    }

    // Native leak: 64 kB of unmanaged memory per call, never freed, and
    // touched so that it is resident.
    public static class NativeLeak
    {
        public static void Run(int iteration)
        {
            Keep(64 * 1024);
        }

        /* Allocates SIZE bytes outside the GC heap and touches every page,
         * so that they count in RSS as well as in malloc. */
        internal static void Keep(int size)
        {
            IntPtr block = Marshal.AllocHGlobal(size);
            for (int offset = 0; offset < size; offset += 4096)
                Marshal.WriteByte(block, offset, 1);
            Marshal.WriteByte(block, size - 1, 1);
        }
    }

    /* The small steady leak a materiality threshold used to hide: 6 kB of
     * native memory per call, about 6 GB per million calls. */
    public static class SmallNativeLeak
    {
        public static void Run(int iteration)
        {
            NativeLeak.Keep(6 * 1024);
        }
    }

    public static class EmitLeak
    {
        public static void Run(int iteration)
        {
            var name = new AssemblyName("Leaklab.Emitted" + iteration);
            AssemblyBuilder assembly = AssemblyBuilder.DefineDynamicAssembly(name, AssemblyBuilderAccess.Run);
            ModuleBuilder module = assembly.DefineDynamicModule(name.Name);
            TypeBuilder type = module.DefineType("Leaklab.Emitted.Handler" + iteration, TypeAttributes.Public, typeof(object));
            MethodBuilder method = type.DefineMethod("Answer", MethodAttributes.Public | MethodAttributes.Static, typeof(int), Type.EmptyTypes);
            ILGenerator il = method.GetILGenerator();
            il.Emit(OpCodes.Ldc_I4, iteration);
            il.Emit(OpCodes.Ret);
            Type created = type.CreateType();
            created.GetMethod("Answer").Invoke(null, null);
        }
    }

    // Assembly leak without a compiler in the loop: the proxy is compiled
    // once, and its image is loaded again with Assembly.Load(byte[]) on
    // every call — a new assembly each time, as with CodeDom, but cheap
    // enough to load thousands (the snapshot benchmark uses it).
    public static class BytesLeak
    {
        static byte[] image;

        public static void Run(int iteration)
        {
            if (image == null)
                image = ProxyFactory.CompileProxyImage(ProxyFactory.ReadWsdl());
            ProxyFactory.FindProxyType(Assembly.Load(image));
        }
    }

    // A bounded cache: grows by 64 kB per call until it holds 20 entries,
    // then evicts the oldest. Memory rises, then stays flat: not a leak.
    public static class BoundedCache
    {
        static readonly Queue<byte[]> Entries = new Queue<byte[]>();

        public static void Run(int iteration)
        {
            Add(Entries, 20, 64 * 1024);
        }

        /* Adds an entry of SIZE bytes, dropping the oldest once CAPACITY
         * entries are held: growth that stops. */
        internal static void Add(Queue<byte[]> entries, int capacity, int size)
        {
            if (entries.Count == capacity)
                entries.Dequeue();
            entries.Enqueue(new byte[size]);
        }
    }

    /* A cache that takes 60 calls to fill: a run shorter than about twice
     * that cannot tell it from a leak. */
    public static class SlowBoundedCache
    {
        static readonly Queue<byte[]> Entries = new Queue<byte[]>();

        public static void Run(int iteration)
        {
            BoundedCache.Add(Entries, 60, 32 * 1024);
        }
    }

    public static class GarbageChurn
    {
        public static int Checksum;

        public static void Run(int iteration)
        {
            int sum = 0;
            for (int i = 0; i < 2000; i++) {
                var chunk = new byte[4096];
                chunk[i % chunk.Length] = (byte)i;
                sum += chunk[i % chunk.Length];
            }
            Checksum = sum;
        }
    }

    // Steady state: a little work and no allocation that survives.
    public static class SteadyState
    {
        public static long Total;

        public static void Run(int iteration)
        {
            long sum = 0;
            for (int i = 0; i < 10000; i++)
                sum += i ^ iteration;
            Total = sum;
        }
    }

    // Throws on its third call (iterations count from 1): the host's failure path.
    public static class Throws
    {
        public static void Run(int iteration)
        {
            if (iteration == 3)
                throw new InvalidOperationException("scenario failed on purpose at iteration " + iteration);
        }
    }
}
