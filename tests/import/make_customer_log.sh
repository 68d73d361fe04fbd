#!/bin/sh
# Writes a synthetic WinDbg session log shaped like the customer's dump in
# CASE.md: its !address -summary, !eeheap -gc and !eeheap -loader figures,
# a !dumpdomain listing the framework and N in-memory assemblies with random
# 8-character names (Version 0.0.0.0), and !dumpmodule -mt of two of them:
# one type, ServiceBase.WebService.DynamicWebLoad.<X>ImplService, and the
# references CASE.md lists. Deterministic (a fixed pseudo-random sequence).
# The loader heap and committed memory grow with N (CASE.md's figures at
# N = 3000, about 470 kB of loader heap per assembly), so that two logs of
# different N are two dumps of a process whose leak grew.
# usage: make_customer_log.sh OUT.log [N]      (default N: 3000)
set -eu
out=$1
n=${2:-3000}
awk -v n="$n" '
function hexbt(v,   hi, lo) { hi = int(v / 4294967296); lo = v - hi * 4294967296; return sprintf("%x`%08x", hi, lo) }
function hexplain(v,   hi, lo) { hi = int(v / 4294967296); lo = v - hi * 4294967296; return hi ? sprintf("%x%08x", hi, lo) : sprintf("%x", lo) }
function hex16(v,   s, d) { s = ""; for (d = 0; d < 16; d++) { s = substr("0123456789abcdef", v % 16 + 1, 1) s; v = int(v / 16) } return s }
function name8(   s, i) { s = ""; for (i = 0; i < 8; i++) { seed = (seed * 1103515245 + 12345) % 2147483648; s = s substr("abcdefghijklmnopqrstuvwxyz0123456789", int(seed / 65536) % 36 + 1, 1) } return s }
BEGIN {
    seed = 7
    print "0:000> !address -summary"
    print ""
    print "--- Usage Summary ---------------- RgnCount ----------- Total Size -------- %ofBusy %ofTotal"
    print "Free                                   3210      7ef4`5c000000 ( 123.954 TB)           96.84%"
    extra = (n - 3000) * 486047
    loader = 1458141397 + extra
    printf "<unknown>                             %5d     %14s (%8.3f GB)  74.52%%    0.01%%\n", 77531, hexbt(9794940928 + extra), (9794940928 + extra) / 1073741824
    print "Heap                                  16406        0`a45a1000 (   2.568 GB)  20.98%    0.00%"
    print "Image                                  2116        0`15ad3000 ( 346.824 MB)   2.77%    0.00%"
    print "Stack                                  2286        0`0d166000 ( 209.398 MB)   1.67%    0.00%"
    print "Other                                   254        0`00300000 (   3.000 MB)   0.02%    0.00%"
    print "TEB                                     547        0`00500000 (   5.000 MB)   0.04%    0.00%"
    print "PEB                                       1        0`00001000 (   4.000 kB)   0.00%    0.00%"
    print ""
    print "--- State Summary ---------------- RgnCount ----------- Total Size -------- %ofBusy %ofTotal"
    print "MEM_FREE                               3210      7ef4`5c000000 ( 123.954 TB)           96.84%"
    printf "MEM_COMMIT                            86575     %14s (%8.3f GB)  61.96%%    0.01%%\n", hexbt(8147013632 + extra), (8147013632 + extra) / 1073741824
    print "MEM_RESERVE                           12566        1`2a0c5000 (   4.656 GB)  38.04%    0.00%"
    print ""
    print "0:000> !eeheap -gc"
    print "Number of GC Heaps: 1"
    print "generation 0 starts at 0x000000017e510000"
    print "ephemeral segment allocation context: none"
    print "GC Heap Size:    Size: 0xb851eb85 (3092376453) bytes."
    print ""
    print "0:000> !eeheap -loader"
    print "Loader Heap:"
    print "--------------------------------------"
    print "System Domain:     00007ffc206d04d0"
    print "LowFrequencyHeap:  00007FFC1F2A0000(3000:3000) Size: 0x3000 (12288) bytes."
    print "--------------------------------------"
    printf "Total LoaderHeap size:   Size: 0x%s (%.0f) bytes total, 0x3180000 (51904512) bytes wasted.\n", hexplain(loader), loader
    print ""
    print "0:000> !dumpdomain"
    print "--------------------------------------"
    print "Domain 1:           0000000000e3f2a0"
    print "Name:               ServiceBase.Host.exe"
    split("mscorlib System System.Xml System.Web.Services System.Data System.Configuration", fw, " ")
    for (i = 1; i <= 6; i++) {
        print "Assembly:           00000000" hex16(4096 + i) " [C:\\Windows\\Microsoft.Net\\assembly\\GAC_MSIL\\" fw[i] "\\" fw[i] ".dll]"
        print "  Module Name"
        print hex16(8192 + i) "            C:\\Windows\\Microsoft.Net\\assembly\\GAC_MSIL\\" fw[i] "\\" fw[i] ".dll"
        print ""
    }
    for (i = 1; i <= n; i++) {
        nm = name8()
        if (i <= 2) sample[i] = hex16(1048576 + i)
        print "Assembly:           00000001" hex16(65536 + i) " [" nm ", Version=0.0.0.0, Culture=neutral, PublicKeyToken=null]"
        print "  Module Name"
        print hex16(1048576 + i) "            " nm ", Version=0.0.0.0, Culture=neutral, PublicKeyToken=null"
        print ""
    }
    split("Order Customer", svc, " ")
    for (k = 1; k <= 2; k++) {
        print "0:000> !dumpmodule -mt " sample[k]
        print "Name:       " "Unknown Module"
        print "Attributes: Reflection SupportsUpdateableMethods IsDynamic"
        print ""
        print "Types defined in this module"
        print ""
        print "              MT          TypeDef Name"
        print "------------------------------------------------------------------------------"
        print "00007ffbc0a1" sprintf("%04d", k) " 0x02000002 ServiceBase.WebService.DynamicWebLoad." svc[k] "ImplService"
        print ""
        print "Types referenced in this module"
        print ""
        print "              MT            TypeRef Name"
        print "------------------------------------------------------------------------------"
        m = split("System.Web.Services.Protocols.SoapHttpClientProtocol System.IAsyncResult System.AsyncCallback System.Xml.Serialization.XmlElementAttribute System.CodeDom.Compiler.GeneratedCodeAttribute System.Diagnostics.DebuggerStepThroughAttribute System.ComponentModel.DesignerCategoryAttribute System.Web.Services.WebServiceBindingAttribute System.Web.Services.Protocols.WebClientProtocol System.Web.Services.Protocols.SoapDocumentMethodAttribute System.Object System.String", refs, " ")
        for (r = 1; r <= m; r++)
            print "00007ffbdf4d" sprintf("%04d", r) " 0x0100" sprintf("%04d", r) " " refs[r]
        print ""
    }
}' >"$out"
