// The SOAP client base the proxies derive from on CoreCLR, where
// SoapHttpClientProtocol does not exist: document/literal SOAP 1.1 over
// HTTP, each operation's request and answer serialized by XmlSerializer
// from mappings of the proxy's method, as SoapHttpClientProtocol did. Like
// it, it keeps those serializers per proxy type in a static cache, so a
// proxy type compiled per call keeps one serialization assembly per call
// too: the customer's leak, as .NET Framework had it.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Xml;
using System.Xml.Serialization;

namespace Leaklab.Scenarios
{
    // What the generated proxy says of one of its methods (wsdl.exe's
    // SoapDocumentMethodAttribute, reduced to document/literal/wrapped).
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class SoapOperationAttribute : Attribute
    {
        public SoapOperationAttribute(string action, string ns, string request, string response, string result)
        {
            Action = action;
            Namespace = ns;
            Request = request;
            Response = response;
            Result = result;
        }

        public string Action { get; }
        public string Namespace { get; }
        public string Request { get; }
        public string Response { get; }
        public string Result { get; }
    }

    public sealed class SoapFaultException : Exception
    {
        public SoapFaultException(string message) : base(message) { }
    }

    public abstract class SoapClient : IDisposable
    {
        const string EnvelopeNs = "http://schemas.xmlsoap.org/soap/envelope/";
        // The largest answer a call reads: the service's are under 1 kB.
        const int MaxAnswerBytes = 1 << 20;

        sealed class Operation
        {
            public SoapOperationAttribute Soap;
            public XmlSerializer Request, Response;
        }

        static readonly Dictionary<Type, Dictionary<string, Operation>> OperationsByType =
            new Dictionary<Type, Dictionary<string, Operation>>();

        public string Url { get; set; }
        public int Timeout { get; set; } = 100000;

        protected object[] Invoke(string methodName, object[] parameters)
        {
            Operation op = OperationOf(methodName);
            using (var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(Timeout) })
            using (var request = new HttpRequestMessage(HttpMethod.Post, Url)) {
                request.Content = new ByteArrayContent(Envelope(op, parameters));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
                request.Headers.Add("SOAPAction", "\"" + op.Soap.Action + "\"");
                using (HttpResponseMessage answer = http.Send(request))
                    return ReadAnswer(op, answer);
            }
        }

        Operation OperationOf(string methodName)
        {
            lock (OperationsByType) {
                if (!OperationsByType.TryGetValue(GetType(), out var operations)) {
                    operations = Import(GetType());
                    OperationsByType.Add(GetType(), operations);
                }
                if (!operations.TryGetValue(methodName, out Operation op))
                    throw new InvalidOperationException(GetType().FullName + " has no SOAP operation " + methodName);
                return op;
            }
        }

        // Every operation of PROXY, its serializers made in one go, as
        // SoapHttpClientProtocol's type cache made them.
        static Dictionary<string, Operation> Import(Type proxy)
        {
            var importer = new XmlReflectionImporter();
            var operations = new List<(MethodInfo, SoapOperationAttribute)>();
            var mappings = new List<XmlMapping>();
            foreach (MethodInfo method in proxy.GetMethods()) {
                var soap = method.GetCustomAttribute<SoapOperationAttribute>();
                if (soap == null)
                    continue;
                var inputs = new List<XmlReflectionMember>();
                foreach (ParameterInfo p in method.GetParameters())
                    inputs.Add(Member(p.Name, p.ParameterType, soap.Namespace));
                var outputs = new[] { Member(soap.Result, method.ReturnType, soap.Namespace) };
                mappings.Add(Mapping(importer, proxy, soap.Request, soap.Namespace, inputs.ToArray()));
                mappings.Add(Mapping(importer, proxy, soap.Response, soap.Namespace, outputs));
                operations.Add((method, soap));
            }
            XmlSerializer[] serializers = XmlSerializer.FromMappings(mappings.ToArray(), proxy);
            var byName = new Dictionary<string, Operation>();
            for (int i = 0; i < operations.Count; i++)
                byName[operations[i].Item1.Name] = new Operation {
                    Soap = operations[i].Item2, Request = serializers[2 * i], Response = serializers[2 * i + 1]
                };
            return byName;
        }

        // A members mapping keyed by its element: the key XmlSerializer
        // makes from the members alone is the same for GetOrderStatus (one
        // int in) and PlaceOrderResponse (one int out), which FromMappings
        // refuses as a duplicate.
        static XmlMembersMapping Mapping(XmlReflectionImporter importer, Type proxy, string element, string ns,
                                         XmlReflectionMember[] members)
        {
            XmlMembersMapping mapping = importer.ImportMembersMapping(element, ns, members, true);
            mapping.SetKey(proxy.FullName + ":" + ns + ":" + element);
            return mapping;
        }

        static XmlReflectionMember Member(string name, Type type, string ns)
        {
            var attributes = new XmlAttributes();
            attributes.XmlElements.Add(new XmlElementAttribute(name) { Namespace = ns });
            return new XmlReflectionMember { MemberName = name, MemberType = type, XmlAttributes = attributes };
        }

        static byte[] Envelope(Operation op, object[] parameters)
        {
            var body = new MemoryStream();
            using (XmlWriter w = XmlWriter.Create(body, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) })) {
                w.WriteStartElement("soap", "Envelope", EnvelopeNs);
                w.WriteStartElement("soap", "Body", EnvelopeNs);
                op.Request.Serialize(w, parameters);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            return body.ToArray();
        }

        static object[] ReadAnswer(Operation op, HttpResponseMessage answer)
        {
            long? length = answer.Content.Headers.ContentLength;
            if (length > MaxAnswerBytes)
                throw new InvalidOperationException("the SOAP answer is " + length + " bytes, more than " + MaxAnswerBytes);
            byte[] bytes = answer.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            using (XmlReader reader = XmlReader.Create(new MemoryStream(bytes, 0, Math.Min(bytes.Length, MaxAnswerBytes)))) {
                if (!reader.ReadToFollowing("Body", EnvelopeNs) || !reader.Read())
                    throw new InvalidOperationException("HTTP " + (int)answer.StatusCode + ": the answer has no SOAP body");
                reader.MoveToContent();
                if (reader.LocalName == "Fault" && reader.NamespaceURI == EnvelopeNs)
                    throw new SoapFaultException(reader.ReadToFollowing("faultstring") ? reader.ReadElementContentAsString()
                                                                                         : "a SOAP fault");
                return (object[])op.Response.Deserialize(reader);
            }
        }

        public void Dispose() { }
    }
}
