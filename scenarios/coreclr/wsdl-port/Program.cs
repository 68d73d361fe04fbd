// wsdl-port WSDL OUT.cs: the proxy of WSDL as C#, written to OUT.cs through
// a temporary file, as Mono's `wsdl -out:` does for proxy-static.
using System;
using System.IO;
using Leaklab.Scenarios;

try {
    if (args.Length != 2) {
        Console.Error.WriteLine("usage: wsdl-port WSDL OUT.cs");
        return 2;
    }
    string source = ProxySource.Generate(File.ReadAllText(args[0]), args[0]);
    string temporary = args[1] + ".tmp";
    File.WriteAllText(temporary, source);
    File.Move(temporary, args[1], overwrite: true);
    return 0;
} catch (Exception e) when (e is IOException || e is InvalidOperationException || e is UnauthorizedAccessException) {
    Console.Error.WriteLine("wsdl-port: " + e.Message);
    return 1;
}
