// The CoreCLR backend's assemblies: every load, in any context, reported to
// the C inventory as it happens (AppDomain.AssemblyLoad also sees
// Reflection.Emit and Assembly.Load(byte[]) assemblies), each under an id
// that C keeps as the assembly's handle. Only a weak reference is kept, so
// watching an assembly never keeps its context alive; one found dead after
// a collection is reported unloaded. An assembly is described from its
// metadata tables (System.Reflection.Metadata), as the Mono backend does,
// so that taking an inventory loads no type; only an emitted assembly,
// which has no tables, is described through GetTypes().
using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Metadata;
using System.Runtime.Loader;

namespace Leaklab.CoreClr
{
    static unsafe class Assemblies
    {
        static readonly object Lock = new object();
        static readonly Dictionary<long, WeakReference<Assembly>> Watched = new Dictionary<long, WeakReference<Assembly>>();
        static long lastId;
        static delegate* unmanaged<long, int, void> loaded;
        static delegate* unmanaged<long, void> unloading;

        public static void Watch(delegate* unmanaged<long, int, void> onLoaded, delegate* unmanaged<long, void> onUnloading)
        {
            loaded = onLoaded;
            unloading = onUnloading;
            AppDomain.CurrentDomain.AssemblyLoad += (sender, args) => Report(args.LoadedAssembly);
            foreach (Assembly a in AppDomain.CurrentDomain.GetAssemblies())
                Report(a);
        }

        static void Report(Assembly assembly)
        {
            long id;
            lock (Lock) {
                id = ++lastId;
                Watched.Add(id, new WeakReference<Assembly>(assembly));
            }
            loaded(id, Contexts.IdOf(AssemblyLoadContext.GetLoadContext(assembly)));
        }

        // After a full collection: the assemblies collected since the last call.
        public static void ReportCollected()
        {
            var gone = new List<long>();
            lock (Lock) {
                foreach (var pair in Watched)
                    if (!pair.Value.TryGetTarget(out _))
                        gone.Add(pair.Key);
                foreach (long id in gone)
                    Watched.Remove(id);
            }
            foreach (long id in gone)
                unloading(id);
        }

        public static Assembly Find(long id)
        {
            lock (Lock)
                return Watched.TryGetValue(id, out var weak) && weak.TryGetTarget(out var a) ? a : null;
        }

        public static void Describe(Assembly a, AssemblySink* sink)
        {
            AssemblyName name = a.GetName();
            string origin = a.IsDynamic ? "emit" : string.IsNullOrEmpty(a.Location) ? "bytes" : "file";
            sink->Identity(name.Name, (name.Version ?? new Version(0, 0, 0, 0)).ToString(), origin,
                           origin == "file" ? a.Location : null);
            if (a.TryGetRawMetadata(out byte* blob, out int length))
                DescribeTables(new MetadataReader(blob, length), sink);
            else
                DescribeEmitted(a, sink);
        }

        static void DescribeTables(MetadataReader md, AssemblySink* sink)
        {
            foreach (TypeDefinitionHandle handle in md.TypeDefinitions) {
                TypeDefinition type = md.GetTypeDefinition(handle);
                string typeName = Qualified(md, type.Namespace, type.Name);
                if (typeName == "<Module>")
                    continue;
                sink->Type(typeName, BaseName(md, type.BaseType));
            }
            foreach (TypeReferenceHandle handle in md.TypeReferences) {
                TypeReference reference = md.GetTypeReference(handle);
                sink->Reference(Qualified(md, reference.Namespace, reference.Name));
            }
        }

        static string Qualified(MetadataReader md, StringHandle ns, StringHandle name)
        {
            string space = md.GetString(ns);
            return space.Length == 0 ? md.GetString(name) : space + "." + md.GetString(name);
        }

        static string BaseName(MetadataReader md, EntityHandle handle)
        {
            if (handle.IsNil)
                return null;
            switch (handle.Kind) {
            case HandleKind.TypeDefinition:
                TypeDefinition def = md.GetTypeDefinition((TypeDefinitionHandle)handle);
                return Qualified(md, def.Namespace, def.Name);
            case HandleKind.TypeReference:
                TypeReference reference = md.GetTypeReference((TypeReferenceHandle)handle);
                return Qualified(md, reference.Namespace, reference.Name);
            default:
                return "(generic instance)";
            }
        }

        static void DescribeEmitted(Assembly a, AssemblySink* sink)
        {
            Type[] types;
            try {
                types = a.GetTypes();
            } catch (ReflectionTypeLoadException e) {
                types = e.Types;
            }
            foreach (Type t in types)
                if (t != null)
                    sink->Type(t.Namespace == null ? t.Name : t.Namespace + "." + t.Name,
                               t.BaseType == null ? null : t.BaseType.Namespace + "." + t.BaseType.Name);
        }
    }
}
