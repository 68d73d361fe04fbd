// The driver of the mprof-report fixtures (make_fixtures.sh): calls a
// scenario N times and collects after each call, so that the log profiler
// takes a heap shot per call (it takes one at every major collection).
// usage: mono driver.exe ASSEMBLY Namespace.Type:Method N
using System;
using System.Reflection;
static class Drv {
    static int Main(string[] args) {
        string[] entry = args[1].Split(':');
        MethodInfo method = Assembly.LoadFrom(args[0]).GetType(entry[0], true).GetMethod(entry[1]);
        bool takesIteration = method.GetParameters().Length == 1;
        int iterations = int.Parse(args[2]);
        for (int i = 1; i <= iterations; i++) {
            method.Invoke(null, takesIteration ? new object[] { i } : null);
            GC.Collect();
        }
        return 0;
    }
}
