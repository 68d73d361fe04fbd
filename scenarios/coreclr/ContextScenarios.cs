// Control scenarios that exist only on CoreCLR: what leaks there besides
// the proxies, as .NET users report it. A scripting engine that compiles
// per call, XmlSerializer constructors the framework does not cache, and a
// collectible AssemblyLoadContext kept alive after Unload() by a handler
// the default context holds (the unloadability guide's first cause).
using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using System.Xml.Serialization;
using Microsoft.CodeAnalysis.CSharp.Scripting;

namespace Leaklab.Scenarios
{
    // CSharpScript.EvaluateAsync per call: each evaluation compiles and
    // loads a new script assembly, which is never unloaded.
    public static class ScriptPerCall
    {
        public static string Run(int iteration)
        {
            object answer = CSharpScript.EvaluateAsync("6 * " + iteration).GetAwaiter().GetResult();
            if (!(answer is int n) || n != 6 * iteration)
                throw new InvalidOperationException("the script answered " + answer + ", expected " + 6 * iteration);
            return null;
        }
    }

    public class Order
    {
        public string Customer { get; set; }
        public int Quantity { get; set; }
    }

    // new XmlSerializer(Type, XmlRootAttribute) per call: unlike
    // XmlSerializer(Type), this constructor is not cached by the framework,
    // so every call generates and loads a serialization assembly.
    public static class XmlSerializerPerCall
    {
        public static void Run(int iteration)
        {
            var serializer = new XmlSerializer(typeof(Order), new XmlRootAttribute("order"));
            var text = new StringWriter();
            serializer.Serialize(text, new Order { Customer = "customer" + iteration, Quantity = iteration });
            var back = (Order)serializer.Deserialize(new StringReader(text.ToString()));
            if (back.Quantity != iteration)
                throw new InvalidOperationException("the order came back with quantity " + back.Quantity);
        }
    }

    // The default context's event that outlives the contexts.
    public static class ProcessEvents
    {
        public static event EventHandler Tick;

        public static void Raise() => Tick?.Invoke(null, EventArgs.Empty);
    }

    // A collectible context per call, loaded with a copy of this assembly;
    // a handler of the copy is subscribed to the default context's event,
    // and the context unloaded: Unload() is called, but the event keeps
    // the context alive, with its assemblies.
    public static class ContextKeptByEvent
    {
        public static void Run(int iteration)
        {
            var context = new AssemblyLoadContext("kept-by-event-" + iteration, isCollectible: true);
            Assembly copy = context.LoadFromAssemblyPath(typeof(ContextKeptByEvent).Assembly.Location);
            MethodInfo make = copy.GetType(typeof(Subscriber).FullName).GetMethod(nameof(Subscriber.Handler));
            ProcessEvents.Tick += (EventHandler)make.Invoke(null, null);
            context.Unload();
        }
    }

    public static class Subscriber
    {
        static readonly byte[] State = new byte[8192];

        public static EventHandler Handler() => (sender, args) => State[0]++;
    }
}
