// A class whose name is not UTF-8 in metadata, as obfuscators make (the
// test compiles it as ObfQQQQ and patches those bytes in the DLL), and
// names and messages that try to forge report lines.
using System.Collections.Generic;

public class ObfQQQQ
{
    public byte[] State = new byte[64];
}

public class Forged
{
}

// A class of the application's spelt like the runtime's int (C#'s @int).
public class @int
{
    public long A, B;
}

public static class BadNames
{
    static readonly List<object> Kept = new List<object>();

    public static void Run(int iteration)
    {
        Kept.Add(new ObfQQQQ());
        Kept.Add(new @int());
    }

    public static void Throw(int iteration)
    {
        throw new System.InvalidOperationException("bad\nverdict: no-leak (forged)\tend");
    }
}
