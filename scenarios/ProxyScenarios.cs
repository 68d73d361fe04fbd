// The customer's bug and its three fixes, one class per scenario. Each
// public static Run(int) is one "WebService call" and is invoked by the host
// once per iteration.
using System;
using System.Collections.Generic;
using System.Web.Services.Protocols;

namespace Leaklab.Scenarios
{
    // The bug: a proxy is generated, compiled and loaded on every call.
    public static class ProxyPerCall
    {
        public static void Run(int iteration)
        {
            Type proxy = ProxyFactory.CompileProxyType(ProxyFactory.ReadWsdl());
            using (SoapHttpClientProtocol client = ProxyFactory.CreateClient(proxy)) { }
        }
    }

    // Fix 1: compile once per WSDL, keyed by its content, and reuse the type.
    public static class ProxyCached
    {
        static readonly Dictionary<string, Type> ProxyByWsdl = new Dictionary<string, Type>();

        public static void Run(int iteration)
        {
            string wsdl = ProxyFactory.ReadWsdl();
            Type proxy;
            lock (ProxyByWsdl) {
                if (!ProxyByWsdl.TryGetValue(wsdl, out proxy)) {
                    proxy = ProxyFactory.CompileProxyType(wsdl);
                    ProxyByWsdl.Add(wsdl, proxy);
                }
            }
            using (SoapHttpClientProtocol client = ProxyFactory.CreateClient(proxy)) { }
        }
    }

    // Fix 2: the proxy was generated at build time by the `wsdl` tool and is
    // compiled into this assembly; nothing is generated at run time.
    public static class ProxyStatic
    {
        public static void Run(int iteration)
        {
            using (var client = new ServiceBase.WebService.DynamicWebLoad.OrderImplService()) {
                client.Timeout = 10000;
            }
        }
    }
}
