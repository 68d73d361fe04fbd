// The WSDL read into a ServiceDescription, on both runtimes (Mono's
// System.Web.Services, and the System.Web.Services.Description package on
// .NET), a WSDL that does not read named with where it came from.
using System;
using System.IO;
using System.Web.Services.Description;

namespace Leaklab.Scenarios
{
    public static class WsdlReader
    {
        // WSDL_TEXT as a ServiceDescription; SOURCE names it in errors.
        public static ServiceDescription Read(string wsdlText, string source)
        {
            try {
                using (var reader = new StringReader(wsdlText))
                    return ServiceDescription.Read(reader);
            } catch (InvalidOperationException e) {
                string detail = e.InnerException != null ? " (" + e.InnerException.Message + ")" : "";
                throw new InvalidOperationException("the WSDL at " + source + " does not import: " + e.Message + detail, e);
            }
        }
    }
}
