// The front door of `leaklab serve`: a TCP listener on the public port that
// reads each request's head before HttpListener (on a private loopback
// port) sees it, and refuses a request whose framing is ambiguous: two
// differing Content-Length headers, or one beside Transfer-Encoding (RFC
// 7230 3.3.3, the stuff of request smuggling), or whose body is over the
// service's limit (413, before the body is read; a chunked one is gathered
// up to the limit first). HttpListener itself keeps only the last
// Content-Length it reads, so it cannot tell. Everything else is passed
// through unchanged, keep-alive and 100-continue included; responses flow
// back as they are. Heads end at a blank line whether their lines end in
// CRLF or, as RFC 9112 lets a server accept, a bare LF. Bounded: at most
// MaxConnections at once (503 beyond), a request head must arrive whole
// within HeadDeadlineMs (408), and a head past MaxHeadBytes is answered 431.
using System;
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
        readonly SemaphoreSlim slots = new SemaphoreSlim(MaxConnections);
        static readonly string TooLarge = "413 request body larger than " + ServiceHost.MaxBodyBytes + " bytes";

        readonly TcpListener listener;
        readonly int backendPort;

        public HttpFront(int publicPort, int backendPort)
        {
            listener = new TcpListener(IPAddress.Loopback, publicPort);
            this.backendPort = backendPort;
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

        // One client connection: requests checked and passed on in order,
        // responses copied back by a second thread.
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
                    NetworkStream toBackend = backend.GetStream(), toClient = client.GetStream();
                    var responses = new Thread(() => CopyResponses(toBackend, toClient, client)) { IsBackground = true };
                    responses.Start();
                    string refusal = null;
                    while (refusal == null && PassRequest(fromClient, toBackend, out refusal)) { }
                    backend.Client.Shutdown(SocketShutdown.Send);
                    responses.Join(IdleTimeoutMs);
                    if (refusal != null)
                        WriteRefusal(toClient, refusal);
                }
            } catch (Exception) {
                // a client or the backend went away: nothing to answer
            }
        }

        // Until the backend closes (after a Connection: close answer, or
        // when told no more requests come); then a client still sending
        // is cut off, so that Relay does not wait for it.
        static void CopyResponses(NetworkStream from, NetworkStream to, TcpClient client)
        {
            try {
                from.CopyTo(to);
                client.Client.Shutdown(SocketShutdown.Receive);
            } catch (Exception) {
            }
        }

        // TEXT starts with its status code ("400 bad request: ...").
        static void WriteRefusal(Stream to, string text)
        {
            byte[] body = Encoding.UTF8.GetBytes(text + "\n");
            string code = text.Substring(0, 3);
            string status = code == "413" ? "413 Payload Too Large"
                            : code == "408" ? "408 Request Timeout"
                            : code == "431" ? "431 Request Header Fields Too Large"
                            : code == "503" ? "503 Service Unavailable"
                                            : "400 Bad Request";
            byte[] head = Encoding.ASCII.GetBytes("HTTP/1.1 " + status + "\r\nContent-Type: text/plain; charset=utf-8\r\n" +
                                                  "Connection: close\r\nContent-Length: " + body.Length + "\r\n\r\n");
            to.Write(head, 0, head.Length);
            to.Write(body, 0, body.Length);
        }

        // Passes one request on; false at the end of the connection, or
        // with REFUSAL set when the request must not be.
        static bool PassRequest(RequestReader from, Stream to, out string refusal)
        {
            refusal = null;
            byte[] head;
            try {
                head = from.ReadHead(MaxHeadBytes, HeadDeadlineMs);
            } catch (HeadException e) {
                refusal = e.Message;
                return false;
            }
            if (head == null)
                return false;
            long length;
            bool chunked;
            refusal = Framing(Encoding.ASCII.GetString(head), out length, out chunked);
            if (refusal == null && length > ServiceHost.MaxBodyBytes)
                refusal = TooLarge;
            if (refusal != null)
                return false;
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
                to.Write(head, 0, head.Length);
                body.WriteTo(to);
                return true;
            }
            to.Write(head, 0, head.Length);
            from.CopyExactly(length, to);
            return true;
        }

        // The body's framing from the head's lines (CRLF or LF), or why it is
        // ambiguous: a Transfer-Encoding is exactly "chunked", once.
        static string Framing(string head, out long length, out bool chunked)
        {
            length = 0;
            chunked = false;
            string seen = null;
            foreach (string raw in head.Split('\n')) {
                string line = raw.TrimEnd('\r');
                int colon = line.IndexOf(':');
                if (colon <= 0)
                    continue;
                string name = line.Substring(0, colon).Trim(), value = line.Substring(colon + 1).Trim();
                if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) {
                    if (chunked || !value.Equals("chunked", StringComparison.OrdinalIgnoreCase))
                        return "400 bad request: a Transfer-Encoding other than one \"chunked\"";
                    chunked = true;
                } else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    foreach (string part in value.Split(',')) {
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
