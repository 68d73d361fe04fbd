// The customer's code path on CoreCLR: the proxy's C# from ProxySource,
// compiled with Roslyn (CSharpCompilation.Emit to memory, under a random
// 8-character name, as CodeDom's GenerateInMemory named its assemblies)
// and loaded the way a straight port does: Assembly.Load(byte[]) in the
// default context, which on .NET gives each image a non-collectible context
// of its own; or, when the scenarios run in a collectible
// AssemblyLoadContext, into that context, unloaded with it. Mono's half is
// ../ProxyFactory.cs.
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Leaklab.Scenarios
{
    public static class ProxyFactory
    {
        // The framework assemblies a proxy is compiled against, with this one.
        static readonly string[] FrameworkReferences = {
            "System.Private.CoreLib", "System.Runtime", "netstandard", "System.Xml.XmlSerializer", "System.Private.Xml"
        };
        static MetadataReference[] references;

        // LEAKLAB_WSDL is set by `leaklab run --wsdl PATH|URL`; otherwise the
        // WSDL shipped next to this assembly is used.
        public static string WsdlPath()
        {
            string fromHost = Environment.GetEnvironmentVariable("LEAKLAB_WSDL");
            if (!String.IsNullOrEmpty(fromHost))
                return fromHost;
            return Path.Combine(Path.GetDirectoryName(typeof(ProxyFactory).Assembly.Location), "..", "OrderImplService.wsdl");
        }

        public static string ReadWsdl()
        {
            return LiveService.IsLive ? LiveService.Download(WsdlPath()) : File.ReadAllText(WsdlPath());
        }

        public static Type CompileProxyType(string wsdlText)
        {
            return FindProxyType(Load(CompileProxyImage(wsdlText)));
        }

        public static byte[] CompileProxyImage(string wsdlText)
        {
            string source = ProxySource.Generate(wsdlText, LiveService.ShownUrl(WsdlPath()));
            var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(Path.GetRandomFileName()),
                new[] { CSharpSyntaxTree.ParseText(source) }, References(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var image = new MemoryStream();
            var emitted = compilation.Emit(image);
            if (!emitted.Success)
                foreach (Diagnostic d in emitted.Diagnostics)
                    if (d.Severity == DiagnosticSeverity.Error)
                        throw new InvalidOperationException("the generated proxy does not compile: " + d);
            return image.ToArray();
        }

        static MetadataReference[] References()
        {
            if (references != null)
                return references;
            var found = new List<MetadataReference> { MetadataReference.CreateFromFile(typeof(SoapClient).Assembly.Location) };
            string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")).Split(Path.PathSeparator);
            foreach (string path in platform)
                if (Array.IndexOf(FrameworkReferences, Path.GetFileNameWithoutExtension(path)) >= 0)
                    found.Add(MetadataReference.CreateFromFile(path));
            return references = found.ToArray();
        }

        static Assembly Load(byte[] image)
        {
            AssemblyLoadContext own = AssemblyLoadContext.GetLoadContext(typeof(ProxyFactory).Assembly);
            return own.IsCollectible ? own.LoadFromStream(new MemoryStream(image)) : Assembly.Load(image);
        }

        public static Type FindProxyType(Assembly assembly)
        {
            foreach (Type type in assembly.GetTypes())
                if (typeof(SoapClient).IsAssignableFrom(type))
                    return type;
            throw new InvalidOperationException("no SoapClient subclass in " + assembly.FullName);
        }

        public static SoapClient CreateClient(Type proxyType)
        {
            return PointAtService((SoapClient)Activator.CreateInstance(proxyType));
        }

        public static SoapClient PointAtService(SoapClient client)
        {
            client.Timeout = LiveService.TimeoutMs;
            if (LiveService.IsLive)
                client.Url = LiveService.ServiceUrl;
            return client;
        }
    }
}
