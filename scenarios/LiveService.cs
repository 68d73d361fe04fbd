// The live-service half of the proxy scenarios, on both runtimes: download
// the WSDL over HTTP, call one of the service's operations on a proxy
// through reflection (as the customer's code did) and check the answer
// against Leaklab.Service.Answers. Each runtime's ProxyFactory points the
// proxy at the service. Failures surface as exceptions — an I/O or HTTP
// error (server down, timeout), a SOAP fault, InvalidOperationException (a
// wrong answer, a WSDL that does not import) — which the host records with
// the iteration.
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Leaklab.Service;

namespace Leaklab.Scenarios
{
    public static class LiveService
    {
        public static bool IsLive
        {
            get {
                string source = ProxyFactory.WsdlPath();
                return source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
                       source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            }
        }

        // LEAKLAB_CALL_TIMEOUT_MS is set by `leaklab run --call-timeout-ms`.
        public static int TimeoutMs
        {
            get {
                int ms;
                string text = Environment.GetEnvironmentVariable("LEAKLAB_CALL_TIMEOUT_MS");
                return int.TryParse(text, out ms) && ms > 0 ? ms : 10000;
            }
        }

        // The service's address: the WSDL URL without its query.
        public static string ServiceUrl
        {
            get { return new Uri(ProxyFactory.WsdlPath()).GetLeftPart(UriPartial.Path); }
        }

        // The largest WSDL a call downloads: the service's is 6 kB.
        public const int MaxWsdlBytes = 16 << 20;

        // The WSDL, within TimeoutMs for the whole download (a server that
        // trickles a byte at a time meets the deadline too, not only one
        // that stops), within MaxWsdlBytes, its answer's head within
        // BoundedHttp.MaxHeadBytes.
        public static string Download(string url)
        {
            byte[] body = BoundedHttp.Get(url, TimeoutMs, MaxWsdlBytes, ShownUrl(url));
            using (var reader = new StreamReader(new MemoryStream(body)))
                return reader.ReadToEnd();
        }

        // URL as messages show it: any user name and password replaced.
        public static string ShownUrl(string url)
        {
            Uri uri;
            if (!Uri.TryCreate(url, UriKind.Absolute, out uri) || String.IsNullOrEmpty(uri.UserInfo))
                return url;
            return new UriBuilder(uri) { UserName = "***", Password = "" }.Uri.ToString();
        }

        // Null when the WSDL came from a file (there is no service to call).
        public static string CallIfLive(object client, int iteration)
        {
            return IsLive ? CallAndCheck(client, iteration) : null;
        }

        // One of the three operations, by iteration, through reflection.
        static string CallAndCheck(object client, int iteration)
        {
            string operation;
            object[] arguments;
            object expected;
            switch (iteration % 3) {
            case 0:
                operation = "GetOrderStatus";
                arguments = new object[] { iteration };
                expected = Answers.OrderStatus(iteration);
                break;
            case 1:
                operation = "PlaceOrder";
                arguments = new object[] { "customer" + iteration, iteration };
                expected = Answers.OrderNumber("customer" + iteration, iteration);
                break;
            default:
                operation = "OrderTotal";
                arguments = new object[] { iteration, 2.5m };
                expected = Answers.Total(iteration, 2.5m);
                break;
            }
            MethodInfo method = client.GetType().GetMethod(operation);
            if (method == null)
                throw new InvalidOperationException("the proxy has no operation " + operation);
            var clock = Stopwatch.StartNew();
            object answer;
            try {
                answer = method.Invoke(client, arguments);
            } catch (TargetInvocationException e) {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
            double latencyMs = clock.Elapsed.TotalMilliseconds;
            if (!expected.Equals(answer))
                throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                    "{0} answered '{1}', expected '{2}'", operation, answer, expected));
            return string.Format(CultureInfo.InvariantCulture,
                "{{\"operation\":\"{0}\",\"latency_ms\":{1:0.###},\"answer\":\"{2}\"}}",
                operation, latencyMs, Convert.ToString(answer, CultureInfo.InvariantCulture));
        }
    }
}
