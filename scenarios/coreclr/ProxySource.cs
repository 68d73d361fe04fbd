// The customer's proxy generation, ported to .NET, where
// ServiceDescriptionImporter does not exist: the WSDL is read with
// System.Web.Services.Description, each SOAP operation of its first port
// becomes a method of a CodeDom class deriving from SoapClient, and
// System.CodeDom's CSharpCodeProvider writes it as C# (on .NET, CodeDom
// generates but cannot compile: ProxyFactory compiles with Roslyn).
// Shared by the scenarios and by wsdl-port, which generates proxy-static's
// proxy at build time.
using System;
using System.CodeDom;
using System.CodeDom.Compiler;
using System.IO;
using System.Web.Services.Description;
using System.Xml;
using System.Xml.Schema;
using Microsoft.CSharp;

namespace Leaklab.Scenarios
{
    public static class ProxySource
    {
        public const string ProxyNamespace = "ServiceBase.WebService.DynamicWebLoad";

        // The C# of the proxy of WSDL_TEXT; SOURCE names it in errors.
        public static string Generate(string wsdlText, string source)
        {
            ServiceDescription description = WsdlReader.Read(wsdlText, source);
            var unit = new CodeCompileUnit();
            var ns = new CodeNamespace(ProxyNamespace);
            unit.Namespaces.Add(ns);
            ns.Types.Add(ProxyClass(description, source));
            var text = new StringWriter();
            using (var provider = new CSharpCodeProvider())
                provider.GenerateCodeFromCompileUnit(unit, text, new CodeGeneratorOptions { BracingStyle = "C" });
            return text.ToString();
        }

        static CodeTypeDeclaration ProxyClass(ServiceDescription description, string source)
        {
            if (description.Services.Count == 0 || description.Services[0].Ports.Count == 0)
                throw new InvalidOperationException("the WSDL at " + source + " has no service port");
            System.Web.Services.Description.Service service = description.Services[0];
            Port port = service.Ports[0];
            Binding binding = description.Bindings[port.Binding.Name];
            if (binding == null)
                throw new InvalidOperationException("the WSDL at " + source + " has no binding " + port.Binding.Name);
            var proxy = new CodeTypeDeclaration(service.Name) { IsClass = true, IsPartial = true };
            proxy.BaseTypes.Add(new CodeTypeReference(typeof(SoapClient)));
            proxy.CustomAttributes.Add(new CodeAttributeDeclaration(new CodeTypeReference(typeof(GeneratedCodeAttribute)),
                new CodeAttributeArgument(new CodePrimitiveExpression("leaklab-wsdl-port")),
                new CodeAttributeArgument(new CodePrimitiveExpression("1.0"))));
            var address = (SoapAddressBinding)port.Extensions.Find(typeof(SoapAddressBinding));
            var constructor = new CodeConstructor { Attributes = MemberAttributes.Public };
            if (address != null)
                constructor.Statements.Add(new CodeAssignStatement(
                    new CodePropertyReferenceExpression(new CodeThisReferenceExpression(), "Url"),
                    new CodePrimitiveExpression(address.Location)));
            proxy.Members.Add(constructor);
            var schemas = new XmlSchemaSet();
            foreach (XmlSchema schema in description.Types.Schemas)
                schemas.Add(schema);
            schemas.Compile();
            PortType portType = description.PortTypes[binding.Type.Name];
            foreach (OperationBinding operation in binding.Operations)
                proxy.Members.Add(OperationMethod(description, schemas, portType, operation, source));
            return proxy;
        }

        static CodeMemberMethod OperationMethod(ServiceDescription description, XmlSchemaSet schemas, PortType portType,
                                                OperationBinding binding, string source)
        {
            Operation operation = FindOperation(portType, binding.Name, source);
            XmlSchemaElement request = PartElement(description, schemas, operation.Messages.Input.Message, source);
            XmlSchemaElement response = PartElement(description, schemas, operation.Messages.Output.Message, source);
            XmlSchemaElement[] inputs = Sequence(request, source), outputs = Sequence(response, source);
            if (outputs.Length != 1)
                throw new InvalidOperationException("the WSDL at " + source + ": " + binding.Name + " must answer one value");
            var soap = (SoapOperationBinding)binding.Extensions.Find(typeof(SoapOperationBinding));
            var method = new CodeMemberMethod {
                Name = binding.Name, Attributes = MemberAttributes.Public | MemberAttributes.Final,
                ReturnType = new CodeTypeReference(ClrType(outputs[0], source))
            };
            method.CustomAttributes.Add(new CodeAttributeDeclaration(new CodeTypeReference(typeof(SoapOperationAttribute)),
                Argument(soap != null ? soap.SoapAction : ""), Argument(request.QualifiedName.Namespace),
                Argument(request.QualifiedName.Name), Argument(response.QualifiedName.Name), Argument(outputs[0].Name)));
            var arguments = new CodeArrayCreateExpression(typeof(object));
            foreach (XmlSchemaElement input in inputs) {
                method.Parameters.Add(new CodeParameterDeclarationExpression(ClrType(input, source), input.Name));
                arguments.Initializers.Add(new CodeArgumentReferenceExpression(input.Name));
            }
            method.Statements.Add(new CodeVariableDeclarationStatement(typeof(object[]), "results",
                new CodeMethodInvokeExpression(new CodeThisReferenceExpression(), "Invoke",
                                               new CodePrimitiveExpression(binding.Name), arguments)));
            method.Statements.Add(new CodeMethodReturnStatement(new CodeCastExpression(method.ReturnType,
                new CodeArrayIndexerExpression(new CodeVariableReferenceExpression("results"), new CodePrimitiveExpression(0)))));
            return method;
        }

        static CodeAttributeArgument Argument(string value)
        {
            return new CodeAttributeArgument(new CodePrimitiveExpression(value));
        }

        static Operation FindOperation(PortType portType, string name, string source)
        {
            foreach (Operation operation in portType.Operations)
                if (operation.Name == name)
                    return operation;
            throw new InvalidOperationException("the WSDL at " + source + " has no operation " + name + " in its port type");
        }

        // The schema element of MESSAGE's single part (document/literal/wrapped).
        static XmlSchemaElement PartElement(ServiceDescription description, XmlSchemaSet schemas, XmlQualifiedName message,
                                            string source)
        {
            Message m = description.Messages[message.Name];
            if (m == null || m.Parts.Count != 1 || m.Parts[0].Element.IsEmpty)
                throw new InvalidOperationException("the WSDL at " + source + ": message " + message.Name +
                                                    " is not one document/literal part");
            var element = (XmlSchemaElement)schemas.GlobalElements[m.Parts[0].Element];
            if (element == null)
                throw new InvalidOperationException("the WSDL at " + source + " has no element " + m.Parts[0].Element);
            return element;
        }

        static XmlSchemaElement[] Sequence(XmlSchemaElement wrapper, string source)
        {
            if (!(wrapper.ElementSchemaType is XmlSchemaComplexType complex) || !(complex.ContentTypeParticle is XmlSchemaSequence sequence))
                return wrapper.ElementSchemaType is XmlSchemaComplexType ? new XmlSchemaElement[0]
                       : throw new InvalidOperationException("the WSDL at " + source + ": " + wrapper.Name + " is not a sequence");
            var elements = new XmlSchemaElement[sequence.Items.Count];
            for (int i = 0; i < elements.Length; i++)
                elements[i] = sequence.Items[i] as XmlSchemaElement
                    ?? throw new InvalidOperationException("the WSDL at " + source + ": " + wrapper.Name + " holds a non-element");
            return elements;
        }

        static Type ClrType(XmlSchemaElement element, string source)
        {
            XmlSchemaDatatype datatype = element.ElementSchemaType?.Datatype;
            if (datatype == null || element.MaxOccurs > 1)
                throw new InvalidOperationException("the WSDL at " + source + ": " + element.Name +
                                                    " is not of a simple type this port supports");
            return datatype.ValueType == typeof(string[]) ? typeof(string) : datatype.ValueType;
        }
    }
}
