// Managed leaks that keep their objects through a path of their own, for
// "who keeps it" (README.md): a listener subscribed to a static event and
// never unsubscribed, and a singleton's cache that is never bounded.
using System;
using System.Collections.Generic;

namespace Leaklab.Scenarios
{
    public class Ticker
    {
        public static event EventHandler Tick;

        public static void Raise()
        {
            EventHandler handler = Tick;
            if (handler != null)
                handler(null, EventArgs.Empty);
        }
    }

    // One listener per call, each with 8 kB of state, subscribed to
    // Ticker.Tick and never removed: the event's invocation list keeps them.
    public static class EventLeak
    {
        class Listener
        {
            readonly byte[] state = new byte[8192];
            public int Seen;

            public void OnTick(object sender, EventArgs e)
            {
                Seen += state.Length > 0 ? 1 : 0;
            }
        }

        public static void Run(int iteration)
        {
            Ticker.Tick += new Listener().OnTick;
            Ticker.Raise();
        }
    }

    // A lazily made singleton whose lookup cache keys on something new each
    // call: 4 entries of 4 kB per call, never evicted.
    public sealed class ReportCache
    {
        static ReportCache instance;
        readonly Dictionary<string, byte[]> reports = new Dictionary<string, byte[]>();

        public static ReportCache Instance
        {
            get { return instance ?? (instance = new ReportCache()); }
        }

        public byte[] Get(string key)
        {
            byte[] report;
            if (!reports.TryGetValue(key, out report))
                reports[key] = report = new byte[4096];
            return report;
        }
    }

    public static class SingletonCache
    {
        public static void Run(int iteration)
        {
            for (int i = 0; i < 4; i++)
                ReportCache.Instance.Get("report-" + iteration + "-" + i);
        }
    }
}
