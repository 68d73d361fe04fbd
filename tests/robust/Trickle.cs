// A hostile WSDL server for tests/robust/round3_run.sh and round4_run.sh,
// on loopback only: `trickle` answers with one byte every half second (a
// download that never ends unless the client keeps a deadline), `big` with
// 17 MiB (more than a WSDL may be), `hugehead` with a 100 MB header line
// (a head no client should hold). Prints its port, serves until killed.
using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

public static class Trickle
{
    public static void Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "trickle";
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Console.WriteLine(((IPEndPoint)listener.LocalEndpoint).Port);
        Console.Out.Flush();
        while (true) {
            TcpClient client = listener.AcceptTcpClient();
            new Thread(() => Serve(client, mode)) { IsBackground = true }.Start();
        }
    }

    static void Serve(TcpClient client, string mode)
    {
        bool big = mode == "big";
        try {
            using (client)
            using (NetworkStream stream = client.GetStream()) {
                var buffer = new byte[4096];
                stream.Read(buffer, 0, buffer.Length);
                if (mode == "hugehead") {
                    SendHugeHead(stream);
                    return;
                }
                int length = big ? 17 << 20 : 100000;
                byte[] head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " +
                                                      length + "\r\n\r\n");
                stream.Write(head, 0, head.Length);
                var chunk = new byte[65536];
                for (int i = 0; i < chunk.Length; i++)
                    chunk[i] = (byte)' ';
                for (int sent = 0; sent < length;) {
                    int n = big ? Math.Min(chunk.Length, length - sent) : 1;
                    stream.Write(chunk, 0, n);
                    sent += n;
                    if (!big)
                        Thread.Sleep(500);
                }
            }
        } catch (Exception) {
            // the client gave up: what the test wants
        }
    }

    static void SendHugeHead(NetworkStream stream)
    {
        byte[] start = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nX-Padding: ");
        stream.Write(start, 0, start.Length);
        var chunk = new byte[65536];
        for (int i = 0; i < chunk.Length; i++)
            chunk[i] = (byte)'a';
        for (int sent = 0; sent < 100000000; sent += chunk.Length)
            stream.Write(chunk, 0, chunk.Length);
        byte[] rest = Encoding.ASCII.GetBytes("\r\nContent-Length: 0\r\n\r\n");
        stream.Write(rest, 0, rest.Length);
    }
}
