// The front door of `leaklab serve`: a TCP listener on the public port that
// reads each request's head before HttpListener (on a private loopback
// port) sees it, and refuses a request whose framing is ambiguous: two
// differing Content-Length headers, or one beside Transfer-Encoding (RFC
// 7230 3.3.3, the stuff of request smuggling), a malformed request line or
// header line, or whose body is over the service's limit (413, before the
// body is read; a chunked one is gathered up to the limit first).
// HttpListener itself keeps only the last Content-Length it reads, so it
// cannot tell. Heads end at a blank line whether their lines end in CRLF or,
// as RFC 9112 lets a server accept, a bare LF; they go on in CRLF.
//
// Requests go to HttpListener one at a time, each answered before the next
// is passed on: Mono's HttpListener drops what follows the first request in
// its buffer, so pipelined requests would go unanswered. The front answers
// "100 Continue" itself. Every request carries the front's token, which the
// service checks: the private port answers nothing to anyone else. Answers
// go back without the versions (Server, X-AspNet-Version), and an error page
// of HttpListener's own (HTML) becomes a one-line text answer.
//
// Bounded: at most MaxConnections at once (503 beyond), a request head must
// arrive whole within HeadDeadlineMs (408), and a head past MaxHeadBytes is
// answered 431.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Leaklab.Service
{
    sealed class HttpFront
    {
        const int MaxHeadBytes = 64 << 10;
        const int IdleTimeoutMs = 30000;
        const int HeadDeadlineMs = 10000;
        const int MaxConnections = 64;
        const int AnswerDeadlineMs = 120000;
        public const string TokenHeader = "X-Leaklab-Front";
        readonly SemaphoreSlim slots = new SemaphoreSlim(MaxConnections);
        static readonly string TooLarge = "413 request body larger than " + ServiceHost.MaxBodyBytes + " bytes";

        readonly TcpListener listener;
        readonly int backendPort;
        readonly string token;

        public HttpFront(int publicPort, int backendPort, string token)
        {
            listener = new TcpListener(IPAddress.Loopback, publicPort);
            this.backendPort = backendPort;
            this.token = token;
        }

        public void Start()
        {
            listener.Start();
            new Thread(AcceptLoop) { IsBackground = true }.Start();
        }

        public void Stop()
        {
            listener.Stop();
        }

        void AcceptLoop()
        {
            while (true) {
                TcpClient client;
                try {
                    client = listener.AcceptTcpClient();
                } catch (Exception) {
                    return;
                }
                if (!slots.Wait(0)) {
                    Refuse(client, "503 too many connections (" + MaxConnections + " at once)");
                    continue;
                }
                new Thread(() => {
                    try {
                        Relay(client);
                    } finally {
                        slots.Release();
                    }
                }) { IsBackground = true }.Start();
            }
        }

        static void Refuse(TcpClient client, string text)
        {
            try {
                using (client)
                    WriteRefusal(client.GetStream(), text);
            } catch (Exception) {
            }
        }

        // One client connection: each request checked, passed on, and
        // answered before the next is read.
        void Relay(TcpClient client)
        {
            try {
                using (client)
                using (var backend = new TcpClient("127.0.0.1", backendPort)) {
                    client.ReceiveTimeout = IdleTimeoutMs;
                    // A head and its body go out as two writes: without
                    // this, Nagle holds the second for the peer's delayed
                    // ACK, about 40 ms a call on loopback.
                    client.NoDelay = backend.NoDelay = true;
                    var fromClient = new RequestReader(client.GetStream(), client.Client);
                    var fromBackend = new RequestReader(backend.GetStream(), backend.Client);
                    NetworkStream toBackend = backend.GetStream(), toClient = client.GetStream();
                    string refusal = null;
                    bool isHead, close;
                    while (PassRequest(fromClient, toBackend, toClient, out refusal, out isHead, out close) &&
                           PassAnswer(fromBackend, toClient, isHead) && !close) { }
                    if (refusal != null)
                        WriteRefusal(toClient, refusal);
                }
            } catch (Exception) {
                // a client or the backend went away: nothing to answer
            }
        }

        // TEXT starts with its status code ("400 bad request: ...").
        static void WriteRefusal(Stream to, string text)
        {
            string code = text.Substring(0, 3);
            string reason = code == "413" ? "Payload Too Large"
                            : code == "408" ? "Request Timeout"
                            : code == "431" ? "Request Header Fields Too Large"
                            : code == "503" ? "Service Unavailable"
                                            : "Bad Request";
            WriteRefusal(to, text, int.Parse(code), reason);
        }

        static void WriteRefusal(Stream to, string text, int status, string reason)
        {
            byte[] body = Encoding.UTF8.GetBytes(text + "\n");
            byte[] head = Encoding.ASCII.GetBytes("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain; " +
                                                  "charset=utf-8\r\nConnection: close\r\nContent-Length: " + body.Length +
                                                  "\r\n\r\n");
            to.Write(head, 0, head.Length);
            to.Write(body, 0, body.Length);
        }

        // Passes one request on; false at the end of the connection, or
        // with REFUSAL set when the request must not be. ISHEAD: a HEAD
        // request (its answer has no body); CLOSE: the client's last.
        bool PassRequest(RequestReader from, Stream to, Stream toClient, out string refusal, out bool isHead,
                         out bool close)
        {
            refusal = null;
            isHead = close = false;
            byte[] bytes;
            try {
                bytes = from.ReadHead(MaxHeadBytes, HeadDeadlineMs);
            } catch (HeadException e) {
                refusal = e.Message;
                return false;
            }
            if (bytes == null)
                return false;
            var head = new MessageHead(bytes);
            long length = 0;
            bool chunked = false;
            refusal = head.RequestProblem() ?? Framing(head, out length, out chunked);
            if (refusal == null && length > ServiceHost.MaxBodyBytes)
                refusal = TooLarge;
            if (refusal != null)
                return false;
            isHead = head.StartLine.StartsWith("HEAD ", StringComparison.Ordinal);
            close = head.Closes();
            bool continues = (head.Value("Expect") ?? "").Equals("100-continue", StringComparison.OrdinalIgnoreCase);
            head.Remove("Expect");
            head.Remove(TokenHeader);
            head.Add(TokenHeader, token);
            if (continues && (chunked || length > 0))
                WriteHead(toClient, "HTTP/1.1 100 Continue\r\n\r\n");
            if (chunked) {
                // A chunked body has no length to check first: gathered, up
                // to the limit, before anything is passed on.
                var body = new MemoryStream();
                bool whole;
                try {
                    whole = from.CopyChunked(body, ServiceHost.MaxBodyBytes);
                } catch (HeadException e) {
                    refusal = e.Message;
                    return false;
                }
                if (!whole) {
                    refusal = TooLarge;
                    return false;
                }
                head.WriteTo(to);
                body.WriteTo(to);
                return true;
            }
            head.WriteTo(to);
            from.CopyExactly(length, to);
            return true;
        }

        static void WriteHead(Stream to, string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            to.Write(bytes, 0, bytes.Length);
        }

        // Passes the backend's answer to one request back (and the interim
        // 1xx answers before it); false when the connection ends with it.
        static bool PassAnswer(RequestReader from, Stream to, bool isHead)
        {
            while (true) {
                byte[] bytes = from.ReadHead(MaxHeadBytes, AnswerDeadlineMs);
                if (bytes == null)
                    return false;
                var head = new MessageHead(bytes);
                string[] parts = head.StartLine.Split(' ');
                int status;
                if (parts.Length < 2 || !int.TryParse(parts[1], out status))
                    return false;
                head.Remove("Server");
                head.Remove("X-AspNet-Version");
                head.Remove("X-Powered-By");
                if (status < 200) {
                    head.WriteTo(to);
                    continue;
                }
                long length;
                bool chunked;
                if (Framing(head, out length, out chunked) != null)
                    return false;
                bool bodyless = isHead || status == 204 || status == 304;
                bool delimited = bodyless || chunked || head.Value("Content-Length") != null;
                if (status >= 400 && (head.Value("Content-Type") ?? "").IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0) {
                    // HttpListener's own error page: the status, in a line.
                    if (!bodyless)
                        CopyBody(from, Stream.Null, chunked, length, delimited);
                    WriteRefusal(to, status + " " + (status >= 500 ? "internal error" : "request refused"), status,
                                 parts.Length > 2 ? string.Join(" ", parts, 2, parts.Length - 2) : "");
                    return false;
                }
                head.WriteTo(to);
                if (!bodyless)
                    CopyBody(from, to, chunked, length, delimited);
                return delimited && !head.Closes();
            }
        }

        static void CopyBody(RequestReader from, Stream to, bool chunked, long length, bool delimited)
        {
            if (chunked)
                from.CopyChunked(to, long.MaxValue);
            else if (delimited)
                from.CopyExactly(length, to);
            else
                from.CopyToEnd(to);
        }

        // The body's framing from the head's header lines, or why it is
        // ambiguous: a Transfer-Encoding is exactly "chunked", once.
        static string Framing(MessageHead head, out long length, out bool chunked)
        {
            length = 0;
            chunked = false;
            string seen = null;
            foreach (var field in head.Fields) {
                if (field.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) {
                    if (chunked || !field.Value.Equals("chunked", StringComparison.OrdinalIgnoreCase))
                        return "400 bad request: a Transfer-Encoding other than one \"chunked\"";
                    chunked = true;
                } else if (field.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    foreach (string part in field.Value.Split(',')) {
                        if (seen != null && part.Trim() != seen)
                            return "400 bad request: conflicting Content-Length headers";
                        seen = part.Trim();
                    }
            }
            if (seen != null && chunked)
                return "400 bad request: conflicting Content-Length headers";
            if (seen != null && (!long.TryParse(seen, out length) || length < 0))
                return "400 bad request: a Content-Length that is not a length";
            return null;
        }
    }

    // A message's head as its lines, read and rewritten: the start line,
    // then its header fields in order. Bytes go through Latin-1, which
    // keeps every byte as it came.
    sealed class MessageHead
    {
        static readonly Encoding Bytes = Encoding.GetEncoding(28591);
        public string StartLine;
        public readonly List<KeyValuePair<string, string>> Fields = new List<KeyValuePair<string, string>>();
        readonly List<string> malformed = new List<string>();

        public MessageHead(byte[] head)
        {
            string[] lines = Bytes.GetString(head).Split('\n');
            StartLine = lines[0].TrimEnd('\r');
            for (int i = 1; i < lines.Length; i++) {
                string line = lines[i].TrimEnd('\r');
                if (line.Length == 0)
                    continue;
                int colon = line.IndexOf(':');
                string name = colon > 0 ? line.Substring(0, colon) : "";
                if (colon <= 0 || line[0] == ' ' || line[0] == '\t' || !IsToken(name))
                    malformed.Add(line); // no name, a name with spaces, or an obsolete folded line
                else
                    Fields.Add(new KeyValuePair<string, string>(name, line.Substring(colon + 1).Trim(' ', '\t')));
            }
        }

        static bool IsToken(string name)
        {
            foreach (char c in name)
                if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".IndexOf(c) >= 0)
                    return false;
            return name.Length > 0;
        }

        // Why this head is no request HttpListener should see, or null.
        public string RequestProblem()
        {
            string[] parts = StartLine.Split(' ');
            if (parts.Length != 3 || !IsToken(parts[0]) || parts[1].Length == 0 ||
                (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0"))
                return "400 bad request: a request line that is not METHOD TARGET HTTP/1.x";
            if (malformed.Count > 0)
                return "400 bad request: a header line that is not NAME: VALUE";
            return null;
        }

        public string Value(string name)
        {
            foreach (var field in Fields)
                if (field.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
                    return field.Value;
            return null;
        }

        public void Remove(string name)
        {
            Fields.RemoveAll(field => field.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        }

        public void Add(string name, string value)
        {
            Fields.Add(new KeyValuePair<string, string>(name, value));
        }

        // The last message of its connection: "Connection: close", or
        // HTTP/1.0 without keep-alive.
        public bool Closes()
        {
            string connection = (Value("Connection") ?? "").ToLowerInvariant();
            bool old = StartLine.StartsWith("HTTP/1.0", StringComparison.Ordinal) ||
                       StartLine.EndsWith("HTTP/1.0", StringComparison.Ordinal);
            return connection.Contains("close") || (old && !connection.Contains("keep-alive"));
        }

        public void WriteTo(Stream to)
        {
            var text = new StringBuilder(StartLine).Append("\r\n");
            foreach (var field in Fields)
                text.Append(field.Key).Append(": ").Append(field.Value).Append("\r\n");
            byte[] bytes = Bytes.GetBytes(text.Append("\r\n").ToString());
            to.Write(bytes, 0, bytes.Length);
        }
    }

    // Why a request cannot be passed on, with the status that answers it.
    sealed class HeadException : Exception
    {
        public HeadException(string refusal) : base(refusal)
        {
        }
    }

    // Reads a client's bytes with the look-ahead that finding a request's
    // head and its chunk sizes needs.
    sealed class RequestReader
    {
        readonly Stream stream;
        readonly Socket socket;
        readonly byte[] buffer = new byte[65536];
        int start, end;

        public RequestReader(Stream stream, Socket socket)
        {
            this.stream = stream;
            this.socket = socket;
        }

        bool Fill()
        {
            if (start == end)
                start = end = 0;
            if (end == buffer.Length) {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            int n = stream.Read(buffer, end, buffer.Length - end);
            end += n;
            return n > 0;
        }

        // The head up to its blank line (CRLF CRLF, or a bare LF's), that
        // line included; null at the end of the connection before any of
        // it; a HeadException past MAX bytes or DEADLINE_MS (a client that
        // trickles a head, a byte at a time, holds a thread no longer).
        public byte[] ReadHead(int max, int deadlineMs)
        {
            var head = new MemoryStream();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int idle = socket.ReceiveTimeout;
            try {
                while (true) {
                    for (int i = start; i < end; i++) {
                        head.WriteByte(buffer[i]);
                        long n = head.Length;
                        if (n > max)
                            throw new HeadException("431 request head longer than " + max + " bytes");
                        byte[] h = head.GetBuffer();
                        if (h[n - 1] == '\n' && ((n >= 2 && h[n - 2] == '\n') || (n >= 3 && h[n - 2] == '\r' && h[n - 3] == '\n'))) {
                            start = i + 1;
                            return head.ToArray();
                        }
                    }
                    start = end;
                    long left = deadlineMs - clock.ElapsedMilliseconds;
                    if (left <= 0)
                        throw new HeadException("408 request head not received within " + deadlineMs + " ms");
                    socket.ReceiveTimeout = (int)Math.Min(left, idle > 0 ? idle : left);
                    bool more;
                    try {
                        more = Fill();
                    } catch (IOException) when (head.Length > 0 && clock.ElapsedMilliseconds >= deadlineMs) {
                        throw new HeadException("408 request head not received within " + deadlineMs + " ms");
                    }
                    if (!more)
                        return null;
                }
            } finally {
                socket.ReceiveTimeout = idle;
            }
        }

        public void CopyExactly(long count, Stream to)
        {
            while (count > 0) {
                if (start == end && !Fill())
                    throw new IOException("the body ended early");
                int n = (int)Math.Min(count, end - start);
                to.Write(buffer, start, n);
                start += n;
                count -= n;
            }
        }

        public void CopyToEnd(Stream to)
        {
            while (true) {
                to.Write(buffer, start, end - start);
                start = end;
                if (!Fill())
                    return;
            }
        }

        string ReadLine(Stream to)
        {
            var line = new StringBuilder();
            while (true) {
                if (start == end && !Fill())
                    throw new IOException("the body ended early");
                byte b = buffer[start++];
                to.WriteByte(b);
                if (b == '\n')
                    return line.ToString().TrimEnd('\r');
                if (line.Length > 4096)
                    throw new HeadException("400 bad request: a chunk line longer than 4096 bytes");
                line.Append((char)b);
            }
        }

        // Chunks as they come (size line, data, CRLF), then the trailer;
        // false, with the rest unread, once their data passes LIMIT bytes.
        public bool CopyChunked(Stream to, long limit)
        {
            long total = 0;
            while (true) {
                string sizeLine = ReadLine(to);
                int semicolon = sizeLine.IndexOf(';');
                long size;
                if (!long.TryParse(semicolon < 0 ? sizeLine : sizeLine.Substring(0, semicolon),
                                   System.Globalization.NumberStyles.HexNumber, null, out size) || size < 0)
                    throw new HeadException("400 bad request: a chunk size that is not a size");
                if (size == 0)
                    break;
                if ((total += size) > limit)
                    return false;
                CopyExactly(size, to);
                ReadLine(to);
            }
            while (ReadLine(to).Length > 0) { }
            return true;
        }
    }
}
