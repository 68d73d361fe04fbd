// `leaklab serve`: hosts OrderImplService.asmx with Mono's ASP.NET
// (System.Web.Hosting.ApplicationHost) behind an HttpListener on
// 127.0.0.1. Debian's xsp4 does not start on Mono 6.8, hence this.
//
// Start-up: a private temporary folder (made by `leaklab serve`) gets app/ (the .asmx, a web.config
// and bin/ with this assembly) and aspnet/ (ASP.NET's compilation folder);
// the ASP.NET domain is created on app/; once a request for the WSDL succeeds the
// first stdout line is "listening http://127.0.0.1:PORT/" and the second
// "wsdl http://127.0.0.1:PORT/OrderImplService.asmx?wsdl". SIGTERM or
// SIGINT stops it cleanly and removes the folder.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Web;
using System.Web.Hosting;
using Mono.Unix;
using Mono.Unix.Native;

namespace Leaklab.Service
{
    [Serializable]
    public class RequestData
    {
        public string Verb, Path, Query, HttpVersion, RemoteAddress;
        public int RemotePort, LocalPort;
        public Dictionary<string, string> Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public byte[] Body;
    }

    [Serializable]
    public class ResponseData
    {
        public int Status = 200;
        public string StatusDescription = "OK";
        public List<KeyValuePair<string, string>> Headers = new List<KeyValuePair<string, string>>();
        public MemoryStream Body = new MemoryStream();
    }

    // Lives in the ASP.NET domain; the listener hands it each request.
    public class AspNetBridge : MarshalByRefObject
    {
        public override object InitializeLifetimeService() { return null; }

        public void Configure(ServiceBehaviour behaviour)
        {
            ServiceBehaviour.Current = behaviour;
            // Mono's ASP.NET prints notices ("Change: web.config") on
            // stdout, whose first two lines are the service's addresses.
            Console.SetOut(Console.Error);
        }

        public ResponseData Process(RequestData request)
        {
            var response = new ResponseData();
            HttpRuntime.ProcessRequest(new ListenerWorkerRequest(request, response));
            return response;
        }
    }

    // ASP.NET's view of one HttpListener request: the parts of
    // SimpleWorkerRequest it lacks (request headers, a POST body, response
    // status and headers), filled from RequestData and into ResponseData.
    class ListenerWorkerRequest : SimpleWorkerRequest
    {
        readonly RequestData request;
        readonly ResponseData response;
        readonly ManualResetEvent ended = new ManualResetEvent(false);

        public ListenerWorkerRequest(RequestData request, ResponseData response)
            : base(request.Path.TrimStart('/'), request.Query ?? "", TextWriter.Null)
        {
            this.request = request;
            this.response = response;
        }

        public void WaitForEnd() { ended.WaitOne(); }

        public override string GetHttpVerbName() { return request.Verb; }
        public override string GetHttpVersion() { return request.HttpVersion; }
        public override string GetRemoteAddress() { return request.RemoteAddress; }
        public override int GetRemotePort() { return request.RemotePort; }
        public override string GetLocalAddress() { return "127.0.0.1"; }
        public override int GetLocalPort() { return request.LocalPort; }
        public override string GetServerName() { return "127.0.0.1"; }

        public override string GetKnownRequestHeader(int index)
        {
            string value;
            return request.Headers.TryGetValue(GetKnownRequestHeaderName(index), out value) ? value : null;
        }

        public override string GetUnknownRequestHeader(string name)
        {
            string value;
            return request.Headers.TryGetValue(name, out value) ? value : null;
        }

        public override string[][] GetUnknownRequestHeaders()
        {
            var unknown = new List<string[]>();
            foreach (var h in request.Headers)
                if (GetKnownRequestHeaderIndex(h.Key) < 0)
                    unknown.Add(new[] { h.Key, h.Value });
            return unknown.ToArray();
        }

        public override byte[] GetPreloadedEntityBody() { return request.Body; }
        public override bool IsEntireEntityBodyIsPreloaded() { return true; }
        public override int ReadEntityBody(byte[] buffer, int size) { return 0; }

        public override void SendStatus(int statusCode, string statusDescription)
        {
            response.Status = statusCode;
            response.StatusDescription = statusDescription;
        }

        public override void SendKnownResponseHeader(int index, string value)
        {
            response.Headers.Add(new KeyValuePair<string, string>(GetKnownResponseHeaderName(index), value));
        }

        public override void SendUnknownResponseHeader(string name, string value)
        {
            response.Headers.Add(new KeyValuePair<string, string>(name, value));
        }

        public override void SendResponseFromMemory(byte[] data, int length)
        {
            response.Body.Write(data, 0, length);
        }

        public override void SendResponseFromFile(string filename, long offset, long length)
        {
            using (var f = File.OpenRead(filename)) {
                f.Seek(offset, SeekOrigin.Begin);
                var buffer = new byte[length];
                int read = f.Read(buffer, 0, (int)length);
                response.Body.Write(buffer, 0, read);
            }
        }

        public override void FlushResponse(bool finalFlush) { }
        public override void EndOfRequest() { ended.Set(); }
    }

    public static class ServiceHost
    {
        const string AsmxName = "OrderImplService.asmx";

        // Ends the process at once, without the runtime's shutdown: Mono
        // 6.8 unloads the ASP.NET domain on its way out, and that unload
        // can deadlock (the "Domain unloader" thread waits forever; seen
        // under load, with the old host too), so that SIGTERM never ended
        // the service. Everything it must do is done before this.
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "_exit")]
        static extern void ExitProcess(int status);

        static int Main(string[] args)
        {
            int status = Run(args);
            Console.Out.Flush();
            Console.Error.Flush();
            ExitProcess(status);
            return status;
        }

        static int Run(string[] args)
        {
            int port = 0;
            var behaviour = new ServiceBehaviour();
            for (int i = 0; i < args.Length; i++) {
                if (args[i] == "--port" && i + 1 < args.Length && int.TryParse(args[i + 1], out port) && port >= 0 && port < 65536)
                    i++;
                else if (args[i] == "--delay-ms" && i + 1 < args.Length && int.TryParse(args[i + 1], out behaviour.DelayMs) && behaviour.DelayMs >= 0)
                    i++;
                else if (args[i] == "--fault")
                    behaviour.Fault = true;
                else {
                    Console.Error.WriteLine("leaklab serve: bad argument '" + args[i] + "' (see leaklab serve --help)");
                    return 2;
                }
            }
            // `leaklab serve` makes the folder and points TMPDIR at it, so that
            // what ASP.NET puts in the temporary folder (shadow copies,
            // compiled pages) lands in it too and goes with it.
            string root = Environment.GetEnvironmentVariable("LEAKLAB_SERVE_ROOT") ??
                          Path.Combine(Path.GetTempPath(), "leaklab-serve-" + Guid.NewGuid().ToString("N"));
            HttpListener listener = null;
            HttpFront front = null;
            try {
                AspNetBridge bridge = CreateApplication(root, behaviour);
                if (port == 0)
                    port = FreePort();
                // HttpListener on a private port, behind the front on the
                // public one (HttpFront.cs says why).
                int backendPort = FreePort();
                listener = new HttpListener();
                listener.Prefixes.Add("http://127.0.0.1:" + backendPort + "/");
                listener.Start();
                string token = Guid.NewGuid().ToString("N");
                new Thread(() => Serve(listener, bridge, port, token)) { IsBackground = true }.Start();
                front = new HttpFront(port, backendPort, token);
                front.Start();
                string baseUrl = "http://127.0.0.1:" + port + "/";
                CheckAnswers(baseUrl + AsmxName + "?wsdl");
                Console.WriteLine("listening " + baseUrl);
                Console.WriteLine("wsdl " + baseUrl + AsmxName + "?wsdl");
                Console.Out.Flush();
                UnixSignal.WaitAny(new[] { new UnixSignal(Signum.SIGTERM), new UnixSignal(Signum.SIGINT) });
                return 0;
            } catch (Exception e) {
                Console.Error.WriteLine("leaklab serve: " + e.GetType().FullName + ": " + e.Message);
                return 1;
            } finally {
                if (front != null)
                    front.Stop();
                if (listener != null)
                    listener.Close();
                if (Directory.Exists(root))
                    Directory.Delete(root, true);
            }
        }

        static AspNetBridge CreateApplication(string root, ServiceBehaviour behaviour)
        {
            string app = Path.Combine(root, "app"), bin = Path.Combine(app, "bin"), temp = Path.Combine(root, "aspnet");
            Directory.CreateDirectory(bin);
            Directory.CreateDirectory(temp);
            string self = typeof(ServiceHost).Assembly.Location;
            File.Copy(self, Path.Combine(bin, Path.GetFileNameWithoutExtension(self) + ".dll"));
            File.WriteAllText(Path.Combine(app, AsmxName),
                "<%@ WebService Language=\"C#\" Class=\"Leaklab.Service.OrderImplService\" %>\n");
            File.WriteAllText(Path.Combine(app, "web.config"),
                "<?xml version=\"1.0\"?>\n<configuration><system.web>" +
                "<compilation debug=\"false\" tempDirectory=\"" + temp + "\" />" +
                "<trace enabled=\"false\" localOnly=\"true\" />" +
                "<customErrors mode=\"On\" />" +
                "<httpRuntime maxRequestLength=\"1024\" />" +
                "</system.web></configuration>\n");
            var bridge = (AspNetBridge)ApplicationHost.CreateApplicationHost(typeof(AspNetBridge), "/", app);
            bridge.Configure(behaviour);
            return bridge;
        }

        static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        static void Serve(HttpListener listener, AspNetBridge bridge, int port, string token)
        {
            while (listener.IsListening) {
                HttpListenerContext context;
                try {
                    context = listener.GetContext();
                } catch (Exception) {
                    return;
                }
                ThreadPool.QueueUserWorkItem(_ => Answer(context, bridge, port, token));
            }
        }

        // The largest request body read (1 MiB); a larger one gets 413
        // before it is read, so no client can make the service buffer it.
        public const long MaxBodyBytes = 1 << 20;

        // No request may end the service: whatever goes wrong is answered
        // (or the connection dropped) and logged on stderr.
        static void Answer(HttpListenerContext context, AspNetBridge bridge, int port, string token)
        {
            HttpListenerResponse reply = context.Response;
            try {
                if (context.Request.Headers[HttpFront.TokenHeader] != token)
                    AnswerShort(reply, 403, "403 forbidden: this port answers only leaklab serve's front");
                else
                    AnswerRequest(context, bridge, port);
            } catch (Exception e) {
                Console.Error.WriteLine("leaklab serve: request failed: " + e.GetType().FullName + ": " + e.Message);
                try { reply.StatusCode = 500; } catch (Exception) { }
            } finally {
                try { reply.Close(); } catch (Exception) { }
            }
        }

        // Only the service's own page is served; everything else (trace.axd,
        // a mistyped path, a NUL in the path) gets a one-line answer with no
        // stack trace and no version.
        // Exact case: Mono's ASP.NET on Linux would answer a case-changed
        // path with its own 404 page, versions and all.
        static bool IsServicePath(string path)
        {
            return path.Equals("/" + AsmxName, StringComparison.Ordinal) ||
                   path.StartsWith("/" + AsmxName + "/", StringComparison.Ordinal);
        }

        static void AnswerShort(HttpListenerResponse reply, int status, string text)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text + "\n");
            reply.StatusCode = status;
            reply.ContentType = "text/plain; charset=utf-8";
            // A request refused for its form or its size may have left a
            // body unread: its connection ends. A path or a method refused
            // is an answer like another, and pipelined requests follow it.
            reply.KeepAlive = status != 400 && status != 403 && status != 413;
            reply.ContentLength64 = bytes.Length;
            reply.OutputStream.Write(bytes, 0, bytes.Length);
        }

        static void AnswerRequest(HttpListenerContext context, AspNetBridge bridge, int port)
        {
            HttpListenerRequest http = context.Request;
            HttpListenerResponse reply = context.Response;
            string path = http.Url != null ? http.Url.AbsolutePath : null;
            if (path == null || path.IndexOf('\0') >= 0 || path.IndexOf("%00", StringComparison.Ordinal) >= 0 ||
                Uri.UnescapeDataString(path).IndexOf('\0') >= 0) {
                AnswerShort(reply, 400, "400 bad request");
                return;
            }
            if (!IsServicePath(path)) {
                AnswerShort(reply, 404, "404 not found: this service answers at /" + AsmxName);
                return;
            }
            if (http.HttpMethod != "GET" && http.HttpMethod != "POST") {
                reply.AddHeader("Allow", "GET, POST");
                AnswerShort(reply, 405, "405 method not allowed: GET (the WSDL) or POST (SOAP)");
                return;
            }
            if (http.ContentLength64 > MaxBodyBytes) {
                AnswerShort(reply, 413, "413 request body larger than " + MaxBodyBytes + " bytes");
                return;
            }
            IPEndPoint remote = http.RemoteEndPoint;
            var request = new RequestData {
                Verb = http.HttpMethod,
                Path = path,
                Query = http.Url.Query.TrimStart('?'),
                HttpVersion = "HTTP/" + http.ProtocolVersion,
                RemoteAddress = remote != null ? remote.Address.ToString() : "127.0.0.1",
                RemotePort = remote != null ? remote.Port : 0,
                LocalPort = port,
            };
            foreach (string name in http.Headers.AllKeys)
                if (!name.Equals(HttpFront.TokenHeader, StringComparison.OrdinalIgnoreCase))
                    request.Headers[name] = http.Headers[name];
            request.Body = ReadBody(http);
            if (request.Body == null) {
                AnswerShort(reply, 413, "413 request body larger than " + MaxBodyBytes + " bytes");
                return;
            }
            ResponseData response = bridge.Process(request);
            byte[] bytes = response.Body.ToArray();
            if (response.Status >= 400 && !IsXml(response)) {
                // ASP.NET's error page (a stack trace, the runtime's and
                // ASP.NET's versions); a SOAP fault is XML and goes out as it is.
                Console.Error.WriteLine("leaklab serve: " + request.Verb + " " + path + ": " + response.Status);
                AnswerShort(reply, response.Status, response.Status + (response.Status >= 500 ? " internal error"
                                                                                             : " request refused"));
                return;
            }
            reply.StatusCode = response.Status;
            reply.StatusDescription = response.StatusDescription;
            foreach (var h in response.Headers)
                if (!WebHeaderCollection.IsRestricted(h.Key, true) || h.Key == "Content-Type")
                    reply.AddHeader(h.Key, h.Value);
            reply.ContentLength64 = bytes.Length;
            reply.OutputStream.Write(bytes, 0, bytes.Length);
        }

        static bool IsXml(ResponseData response)
        {
            foreach (var h in response.Headers)
                if (h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                    return h.Value.IndexOf("xml", StringComparison.OrdinalIgnoreCase) >= 0;
            return false;
        }

        // The body, at most MaxBodyBytes (a chunked body has no length to
        // check first); null when there is more.
        static byte[] ReadBody(HttpListenerRequest http)
        {
            if (!http.HasEntityBody)
                return new byte[0];
            using (var body = new MemoryStream()) {
                var buffer = new byte[65536];
                int n;
                while ((n = http.InputStream.Read(buffer, 0, buffer.Length)) > 0) {
                    if (body.Length + n > MaxBodyBytes)
                        return null;
                    body.Write(buffer, 0, n);
                }
                return body.ToArray();
            }
        }

        // The service is up when its WSDL can be fetched.
        static void CheckAnswers(string wsdlUrl)
        {
            using (var client = new WebClient()) {
                string wsdl = client.DownloadString(wsdlUrl);
                if (!wsdl.Contains("OrderImplService"))
                    throw new InvalidOperationException("the service's WSDL does not describe OrderImplService");
            }
        }
    }
}
