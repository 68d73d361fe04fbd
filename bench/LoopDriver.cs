// The embedding-overhead baseline: the same loop `leaklab run` performs
// (load the scenario assembly, call its entry point N times), under the
// plain `mono` command, with no snapshots.
// usage: mono leaklab-loop-driver.exe ASSEMBLY Namespace.Type:Method N
using System;
using System.Reflection;

static class LoopDriver
{
    static int Main(string[] args)
    {
        if (args.Length != 3) {
            Console.Error.WriteLine("usage: leaklab-loop-driver.exe ASSEMBLY Namespace.Type:Method N");
            return 2;
        }
        string[] entry = args[1].Split(':');
        MethodInfo method = Assembly.LoadFrom(args[0]).GetType(entry[0], true).GetMethod(entry[1]);
        bool takesIteration = method.GetParameters().Length == 1;
        int iterations = int.Parse(args[2]);
        for (int i = 1; i <= iterations; i++)
            method.Invoke(null, takesIteration ? new object[] { i } : null);
        return 0;
    }
}
