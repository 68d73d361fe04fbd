// Classes with 1 MiB names (generated code can make such), one instance
// of each kept per call.
using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;

public static class LongNames
{
    static readonly List<object> Kept = new List<object>();

    public static void Run(int iteration)
    {
        AssemblyBuilder ab = AppDomain.CurrentDomain.DefineDynamicAssembly(new AssemblyName("long" + iteration),
                                                                           AssemblyBuilderAccess.Run);
        string name = new string('L', 1 << 20) + iteration;
        TypeBuilder tb = ab.DefineDynamicModule("m").DefineType(name, TypeAttributes.Public);
        Kept.Add(Activator.CreateInstance(tb.CreateType()));
    }
}
