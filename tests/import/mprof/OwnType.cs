// A type of its own, kept once per call: an event listener that a
// publisher never lets go, holding a small buffer.
using System;
using System.Collections.Generic;
namespace Leaklab.Tests {
    public class OrderListener {
        readonly byte[] lastMessage = new byte[256];
        public int Seen;
        public void OnOrder(object sender, EventArgs e) { Seen++; lastMessage[0]++; }
    }
    public static class OwnTypeLeak {
        static event EventHandler Orders;
        public static void Run(int iteration) {
            var listener = new OrderListener();
            Orders += listener.OnOrder;
            Orders?.Invoke(null, EventArgs.Empty);
        }
    }
}
