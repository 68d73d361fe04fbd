// A program that keeps 40 of every 2,000 byte[512] it allocates and never
// asks for a collection: its GC log (make_fixtures.sh) has minor
// collections only, but for one.
using System; using System.Collections.Generic;
static class A { static List<byte[]> kept = new List<byte[]>(); static void Main() { for (int i = 0; i < 400; i++) { for (int k = 0; k < 2000; k++) { var g = new byte[512]; if (k % 50 == 0) kept.Add(g); } } } }
