// The customer's bug and its three fixes, one class per scenario. Each
// public static Run(int) is one "WebService call" and is invoked by the host
// once per iteration. Against a live service (--wsdl http://...) each call
// also invokes an operation and checks the answer; Run then returns the
// call's outcome as JSON, which the host records with the iteration.
using System;
using System.Collections.Generic;
using System.Web.Services.Protocols;

namespace Leaklab.Scenarios
{
    // The bug: a proxy is generated, compiled and loaded on every call.
    public static class ProxyPerCall
    {
        public static string Run(int iteration)
        {
            Type proxy = ProxyFactory.CompileProxyType(ProxyFactory.ReadWsdl());
            using (SoapHttpClientProtocol client = ProxyFactory.CreateClient(proxy))
                return LiveService.CallIfLive(client, iteration);
        }
    }

    // Fix 1: compile once per WSDL, keyed by its content, and reuse the type.
    public static class ProxyCached
    {
        static readonly Dictionary<string, Type> ProxyByWsdl = new Dictionary<string, Type>();

        public static string Run(int iteration)
        {
            string wsdl = ProxyFactory.ReadWsdl();
            Type proxy;
            lock (ProxyByWsdl) {
                if (!ProxyByWsdl.TryGetValue(wsdl, out proxy)) {
                    proxy = ProxyFactory.CompileProxyType(wsdl);
                    ProxyByWsdl.Add(wsdl, proxy);
                }
            }
            using (SoapHttpClientProtocol client = ProxyFactory.CreateClient(proxy))
                return LiveService.CallIfLive(client, iteration);
        }
    }

    // Fix 2: the proxy was generated at build time by the `wsdl` tool and is
    // compiled into this assembly; nothing is generated at run time.
    public static class ProxyStatic
    {
        public static string Run(int iteration)
        {
            using (var client = new ServiceBase.WebService.DynamicWebLoad.OrderImplService())
                return LiveService.CallIfLive(LiveService.PointAtService(client), iteration);
        }
    }
}
