// leaklab-heapdump PID SOCKET_DIR: takes heap-shots of process PID, whose
// diagnostics socket is in SOCKET_DIR (HeapDump.cs), as
// its standard input asks, answering on its standard output, and exits
// when its input ends (its parent, `leaklab run`, has gone). The protocol,
// one record a line, tab-separated:
//   dump [graph]             (asked) start a heap dump's session; with
//                            graph, for retention paths: every object
//                            with its references, and the roots
//   started                  the session is on: its start makes the
//                            runtime run the dump's collection
//   stop                     (asked, once that collection has run) end it
//   type  ID  NAME           a type (ID: its MethodTable, hexadecimal)
//   count ID  OBJECTS BYTES  the live objects of a type (not graph)
//   object ADDRESS ID BYTES  a live object (graph, hexadecimal ADDRESS, ID)
//   refs TARGET...           references of the object just before,
//                            space-separated hexadecimal addresses; an
//                            object may have several such records
//   root ADDRESS KIND NAME   a root (graph, after the objects): KIND is
//                            static, handle, other, stack or finalizer
//   end   whole|cut          the dump's end: whole, or cut short
//   error MESSAGE            the dump could not be taken
using System;
using System.IO;
using System.Text;
using Leaklab.HeapDump;

if (args.Length != 2 || !int.TryParse(args[0], out int pid)) {
    Console.Error.WriteLine("usage: leaklab-heapdump PID SOCKET_DIR");
    return 2;
}
var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { NewLine = "\n" };
var dumper = new HeapDumper(pid, args[1]);
string request;
while ((request = Console.In.ReadLine()) != null) {
    if (request == "dump" || request == "dump graph")
        dumper.Start(output, request == "dump graph");
    else if (request == "stop")
        dumper.Stop(output);
    else
        output.WriteLine("error\tunknown request");
    output.Flush();
}
return 0;
