// The customer's bug and its three fixes, one class per scenario, on both
// runtimes (each has its own ProxyFactory and build-time proxy). Each
// public static Run(int) is one "WebService call" and is invoked by the host
// once per iteration. Against a live service (--wsdl http://...) each call
// also invokes an operation and checks the answer; Run then returns the
// call's outcome as JSON, which the host records with the iteration.
using System;
using System.Collections.Generic;

namespace Leaklab.Scenarios
{
    // The bug: a proxy is generated, compiled and loaded on every call.
    public static class ProxyPerCall
    {
        public static string Run(int iteration)
        {
            Type proxy = ProxyFactory.CompileProxyType(ProxyFactory.ReadWsdl());
            using (var client = ProxyFactory.CreateClient(proxy))
                return LiveService.CallIfLive(client, iteration);
        }
    }

    // Fix 1: compile once per WSDL and reuse the type. A WSDL file is keyed
    // by its content (re-read on every call, so an edit is picked up); a
    // live service by its URL, downloaded once: downloading it on every
    // call, as the customer did, costs a request per call, and on Mono 6.8
    // each HttpWebRequest keeps ~8 kB of managed memory (see README.md).
    public static class ProxyCached
    {
        static readonly Dictionary<string, Type> ProxyByWsdl = new Dictionary<string, Type>();

        public static string Run(int iteration)
        {
            Type proxy;
            lock (ProxyByWsdl) {
                string key = LiveService.IsLive ? ProxyFactory.WsdlPath() : ProxyFactory.ReadWsdl();
                if (!ProxyByWsdl.TryGetValue(key, out proxy)) {
                    proxy = ProxyFactory.CompileProxyType(LiveService.IsLive ? ProxyFactory.ReadWsdl() : key);
                    ProxyByWsdl.Add(key, proxy);
                }
            }
            using (var client = ProxyFactory.CreateClient(proxy))
                return LiveService.CallIfLive(client, iteration);
        }
    }

    // Fix 2: the proxy was generated at build time (by Mono's `wsdl` tool,
    // or by coreclr/wsdl-port) and is compiled into this assembly; nothing
    // is generated at run time.
    public static class ProxyStatic
    {
        public static string Run(int iteration)
        {
            using (var client = new ServiceBase.WebService.DynamicWebLoad.OrderImplService())
                return LiveService.CallIfLive(ProxyFactory.PointAtService(client), iteration);
        }
    }
}
