// The customer's code path, shared by the proxy scenarios: read a WSDL,
// import it with ServiceDescriptionImporter, compile the CodeDom graph with
// CSharpCodeProvider into an in-memory assembly and find the generated
// SoapHttpClientProtocol subclass. Each call to CompileProxyType loads one
// new assembly into the current AppDomain, which is the leak being studied.
// Mono's half: coreclr/ProxyFactory.cs is the port to .NET.
using System;
using System.CodeDom;
using System.CodeDom.Compiler;
using System.IO;
using System.Net;
using System.Reflection;
using System.Web.Services.Description;
using System.Web.Services.Protocols;
using Microsoft.CSharp;

namespace Leaklab.Scenarios
{
    public static class ProxyFactory
    {
        public const string ProxyNamespace = "ServiceBase.WebService.DynamicWebLoad";

        // Without these, a SOAP POST on loopback often waits ~40 ms for
        // "100 Continue" and a delayed ACK: latency that is not the service's.
        static ProxyFactory()
        {
            ServicePointManager.Expect100Continue = false;
            ServicePointManager.UseNagleAlgorithm = false;
        }

        // The four references of the customer's code, with Linux file-name casing.
        static readonly string[] References = {
            "System.dll", "System.Xml.dll", "System.Web.Services.dll", "System.Data.dll"
        };

        // LEAKLAB_WSDL is set by `leaklab run --wsdl PATH|URL`; otherwise the
        // WSDL shipped next to this assembly is used.
        public static string WsdlPath()
        {
            string fromHost = Environment.GetEnvironmentVariable("LEAKLAB_WSDL");
            if (!String.IsNullOrEmpty(fromHost))
                return fromHost;
            string dir = Path.GetDirectoryName(typeof(ProxyFactory).Assembly.Location);
            return Path.Combine(dir, "OrderImplService.wsdl");
        }

        // From the file, or downloaded from the live service as the
        // customer's code did on every call.
        public static string ReadWsdl()
        {
            return LiveService.IsLive ? LiveService.Download(WsdlPath()) : File.ReadAllText(WsdlPath());
        }

        public static Type CompileProxyType(string wsdlText)
        {
            return FindProxyType(Compile(ImportWsdl(wsdlText), null).CompiledAssembly);
        }

        // ServiceDescriptionImporter: the WSDL as a CodeDom graph.
        static CodeCompileUnit ImportWsdl(string wsdlText)
        {
            ServiceDescription description = WsdlReader.Read(wsdlText, LiveService.ShownUrl(WsdlPath()));

            var importer = new ServiceDescriptionImporter();
            importer.ProtocolName = "Soap";
            importer.Style = ServiceDescriptionImportStyle.Client;
            importer.AddServiceDescription(description, null, null);

            var ns = new CodeNamespace(ProxyNamespace);
            var unit = new CodeCompileUnit();
            unit.Namespaces.Add(ns);
            ServiceDescriptionImportWarnings warnings = importer.Import(ns, unit);
            if ((warnings & ServiceDescriptionImportWarnings.NoCodeGenerated) != 0)
                throw new InvalidOperationException("the WSDL at " + LiveService.ShownUrl(WsdlPath()) + " generated no proxy code: " + warnings);
            return unit;
        }

        // GenerateInMemory as the customer did, or into OUTPUT_PATH.
        static CompilerResults Compile(CodeCompileUnit unit, string outputPath)
        {
            var parameters = new CompilerParameters(References);
            parameters.GenerateInMemory = outputPath == null;
            parameters.GenerateExecutable = false;
            if (outputPath != null)
                parameters.OutputAssembly = outputPath;
            CompilerResults results;
            using (var provider = new CSharpCodeProvider())
                results = provider.CompileAssemblyFromDom(parameters, unit);
            if (results.Errors.HasErrors)
                throw new InvalidOperationException("the generated proxy does not compile: " + results.Errors[0]);
            return results;
        }

        // The image of a proxy compiled once to a temporary file, for
        // scenarios that load the same bytes again and again.
        public static byte[] CompileProxyImage(string wsdlText)
        {
            string path = Path.Combine(Path.GetTempPath(), "leaklab-proxy-" + Guid.NewGuid().ToString("N") + ".dll");
            try {
                Compile(ImportWsdl(wsdlText), path);
                return File.ReadAllBytes(path);
            } finally {
                File.Delete(path);
            }
        }

        public static Type FindProxyType(Assembly assembly)
        {
            foreach (Type type in assembly.GetTypes())
                if (typeof(SoapHttpClientProtocol).IsAssignableFrom(type))
                    return type;
            throw new InvalidOperationException("no SoapHttpClientProtocol subclass in " + assembly.FullName);
        }

        // What the customer did with the type: create a client and point it
        // at the service.
        public static SoapHttpClientProtocol CreateClient(Type proxyType)
        {
            return PointAtService((SoapHttpClientProtocol)Activator.CreateInstance(proxyType));
        }

        public static SoapHttpClientProtocol PointAtService(SoapHttpClientProtocol client)
        {
            client.Timeout = LiveService.TimeoutMs;
            if (LiveService.IsLive)
                client.Url = LiveService.ServiceUrl;
            return client;
        }
    }
}
