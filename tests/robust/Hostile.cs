// Scenarios that misbehave on purpose, for tests/robust/: a scenario that
// ends the process, one that sleeps (to be interrupted), one that leaves
// files in the temporary folder as CodeDom does, and ones whose strings
// are hostile (a lone surrogate, a huge result, names with escapes).
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

    public static string LoneSurrogate(int iteration)
    {
        return "x\uD800y";
    }

    public static void ThrowLoneSurrogate(int iteration)
    {
        throw new InvalidOperationException("bad \uDC00 text");
    }

    public static string HugeResult(int iteration)
    {
        return new string('r', 70 << 20);
    }
}
