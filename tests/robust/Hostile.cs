// Scenarios that misbehave on purpose, for tests/robust/run.sh: a
// scenario that ends the process, one that sleeps (to be interrupted),
// and one that leaves files in the temporary folder as CodeDom does.
using System;
using System.IO;
using System.Threading;

public static class Hostile
{
    public static void ExitOnSecond(int iteration)
    {
        if (iteration == 2)
            Environment.Exit(3);
    }

    public static void Sleep(int iteration)
    {
        Thread.Sleep(300);
    }

    public static void SleepForever(int iteration)
    {
        Thread.Sleep(Timeout.Infinite);
    }

    public static void LitterTemp(int iteration)
    {
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "litter" + iteration + ".0.cs"), "// generated");
        Thread.Sleep(200);
    }
}
