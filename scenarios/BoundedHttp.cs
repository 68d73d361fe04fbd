// The WSDL download's HTTP GET, bounded in every part a server controls:
// the answer's head (at most MaxHeadBytes), its body (at most the caller's
// limit, by Content-Length, chunks or the end of the connection), and the
// whole exchange (one deadline, however slowly the bytes come). Mono 6.8's
// HttpWebRequest reads a head of any size (it ignores
// MaximumResponseHeadersLength: a 100 MB header cost `leaklab run` about
// 100 MB until the call's timeout, measured), so the download reads its
// own. http and https, up to MaxRedirects redirects; failures are the
// WebExceptions HttpWebRequest throws, with its messages, so a series
// reads the same.
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Leaklab.Scenarios
{
    static class BoundedHttp
    {
        public const int MaxHeadBytes = 64 << 10;
        const int MaxRedirects = 5;
        const int MaxChunkLine = 4096;

        // URL's body, within TIMEOUT_MS for everything and MAX_BODY bytes;
        // SHOWN is URL as messages may show it.
        public static byte[] Get(string url, int timeoutMs, int maxBody, string shown)
        {
            var clock = Stopwatch.StartNew();
            var uri = new Uri(url);
            for (int redirects = 0;; redirects++) {
                string location;
                byte[] body = GetOnce(uri, clock, timeoutMs, maxBody, shown, out location);
                if (body != null)
                    return body;
                if (redirects == MaxRedirects)
                    throw new WebException("Too many automatic redirections were attempted.",
                                           WebExceptionStatus.ProtocolError);
                uri = new Uri(uri, location);
            }
        }

        // The body, or null with LOCATION for a redirect.
        static byte[] GetOnce(Uri uri, Stopwatch clock, int timeoutMs, int maxBody, string shown, out string location)
        {
            location = null;
            if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                throw new WebException("The URI prefix is not recognized: " + uri.Scheme, WebExceptionStatus.NameResolutionFailure);
            using (var client = new TcpClient()) {
                try {
                    if (!client.ConnectAsync(uri.Host, uri.Port).Wait(Left(clock, timeoutMs)))
                        throw TimedOut(timeoutMs);
                } catch (AggregateException e) when (e.InnerException is SocketException) {
                    throw new WebException("Error: ConnectFailure (" + e.InnerException.Message + ")", e.InnerException,
                                           WebExceptionStatus.ConnectFailure, null);
                }
                Stream stream = client.GetStream();
                if (uri.Scheme == Uri.UriSchemeHttps) {
                    var tls = new SslStream(stream);
                    tls.AuthenticateAsClient(uri.Host);
                    stream = tls;
                }
                var reader = new Reader(stream, client.Client, clock, timeoutMs);
                byte[] request = Encoding.ASCII.GetBytes("GET " + uri.PathAndQuery + " HTTP/1.1\r\nHost: " + uri.Authority +
                                                         "\r\nAccept: */*\r\nConnection: close\r\n\r\n");
                stream.Write(request, 0, request.Length);
                string head = reader.Head(shown);
                string[] lines = head.Split('\n');
                string[] status = lines[0].Trim().Split(new[] { ' ' }, 3);
                int code;
                if (status.Length < 2 || !status[0].StartsWith("HTTP/", StringComparison.Ordinal) ||
                    !int.TryParse(status[1], out code))
                    throw new WebException("The server committed a protocol violation. Section=ResponseStatusLine",
                                           WebExceptionStatus.ServerProtocolViolation);
                string length = Field(lines, "Content-Length"), encoding = Field(lines, "Transfer-Encoding");
                location = Field(lines, "Location");
                if (code >= 300 && code < 400 && location != null)
                    return null;
                if (code != 200)
                    throw new WebException("The remote server returned an error: (" + code + ") " +
                                           (status.Length > 2 ? status[2].Trim() : "") + ".", WebExceptionStatus.ProtocolError);
                if (encoding != null && encoding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
                    return reader.Chunked(maxBody, shown);
                long declared = -1; // none: up to the end of the connection
                if (length != null && !long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out declared))
                    throw new WebException("The server committed a protocol violation. Section=ResponseHeader Detail=" +
                                           "Content-Length", WebExceptionStatus.ServerProtocolViolation);
                return reader.Body(declared, maxBody, shown);
            }
        }

        static string Field(string[] lines, string name)
        {
            for (int i = 1; i < lines.Length; i++) {
                int colon = lines[i].IndexOf(':');
                if (colon > 0 && lines[i].Substring(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                    return lines[i].Substring(colon + 1).Trim();
            }
            return null;
        }

        static int Left(Stopwatch clock, int timeoutMs)
        {
            long left = timeoutMs - clock.ElapsedMilliseconds;
            if (left <= 0)
                throw TimedOut(timeoutMs);
            return (int)left;
        }

        static WebException TimedOut(int timeoutMs)
        {
            return new WebException("The operation has timed out: the WSDL download took longer than " + timeoutMs +
                                    " ms", WebExceptionStatus.Timeout);
        }

        static Exception TooLarge(string shown, int maxBody)
        {
            return new InvalidOperationException("the WSDL at " + shown + " is larger than " + (maxBody >> 20) + " MiB");
        }

        // The answer's bytes, read with the deadline.
        sealed class Reader
        {
            readonly Stream stream;
            readonly Socket socket;
            readonly Stopwatch clock;
            readonly int timeoutMs;
            readonly byte[] buffer = new byte[65536];
            int start, end;

            public Reader(Stream stream, Socket socket, Stopwatch clock, int timeoutMs)
            {
                this.stream = stream;
                this.socket = socket;
                this.clock = clock;
                this.timeoutMs = timeoutMs;
            }

            bool Fill()
            {
                socket.ReceiveTimeout = Left(clock, timeoutMs);
                int n;
                try {
                    n = stream.Read(buffer, 0, buffer.Length);
                } catch (IOException) when (clock.ElapsedMilliseconds >= timeoutMs) {
                    throw TimedOut(timeoutMs);
                }
                start = 0;
                end = n;
                Left(clock, timeoutMs);
                return n > 0;
            }

            int Next()
            {
                return start < end || Fill() ? buffer[start++] : -1;
            }

            // The head up to its blank line (CRLF or LF ends), in Latin-1.
            public string Head(string shown)
            {
                var head = new StringBuilder();
                while (true) {
                    int b = Next();
                    if (b < 0)
                        throw new WebException("The server committed a protocol violation. Section=ResponseStatusLine",
                                               WebExceptionStatus.ServerProtocolViolation);
                    if (head.Length == MaxHeadBytes)
                        throw new InvalidOperationException("the answer of the WSDL server at " + shown + " has a head " +
                                                            "longer than " + (MaxHeadBytes >> 10) + " KiB");
                    head.Append((char)b);
                    int n = head.Length;
                    if (b == '\n' && n >= 2 && (head[n - 2] == '\n' || (n >= 3 && head[n - 2] == '\r' && head[n - 3] == '\n')))
                        return head.ToString();
                }
            }

            // COUNT bytes (-1: up to the end of the connection).
            public byte[] Body(long count, int maxBody, string shown)
            {
                if (count > maxBody)
                    throw TooLarge(shown, maxBody);
                var body = new MemoryStream();
                while (count < 0 || body.Length < count) {
                    if (start == end && !Fill()) {
                        if (count < 0)
                            break;
                        throw new WebException("The connection was closed before the WSDL was complete",
                                               WebExceptionStatus.ReceiveFailure);
                    }
                    int n = (int)(count < 0 ? end - start : Math.Min(end - start, count - body.Length));
                    body.Write(buffer, start, n);
                    start += n;
                    if (body.Length > maxBody)
                        throw TooLarge(shown, maxBody);
                }
                return body.ToArray();
            }

            string Line()
            {
                var line = new StringBuilder();
                for (int b; (b = Next()) != '\n';) {
                    if (b < 0 || line.Length == MaxChunkLine)
                        throw new WebException("The server committed a protocol violation. Section=ResponseBody " +
                                               "Detail=chunk", WebExceptionStatus.ServerProtocolViolation);
                    line.Append((char)b);
                }
                return line.ToString().TrimEnd('\r');
            }

            public byte[] Chunked(int maxBody, string shown)
            {
                var body = new MemoryStream();
                while (true) {
                    string line = Line();
                    int semicolon = line.IndexOf(';');
                    long size;
                    if (!long.TryParse(semicolon < 0 ? line : line.Substring(0, semicolon), NumberStyles.AllowHexSpecifier,
                                       CultureInfo.InvariantCulture, out size) || size < 0)
                        throw new WebException("The server committed a protocol violation. Section=ResponseBody " +
                                               "Detail=chunk size", WebExceptionStatus.ServerProtocolViolation);
                    if (size == 0)
                        return body.ToArray();
                    if (body.Length + size > maxBody)
                        throw TooLarge(shown, maxBody);
                    byte[] chunk = Body(size, maxBody, shown);
                    body.Write(chunk, 0, chunk.Length);
                    Line();
                }
            }
        }
    }
}
