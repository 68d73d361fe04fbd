/* A live call (the scenarios against `leaklab serve`, or a user's service)
 * keeps, until its timeout fires, what the timeout needs. On Mono 6.8 each
 * HttpWebRequest arms Task.Delay timers for its Timeout and
 * ReadWriteTimeout, and each holds a Timer, a Task+DelayPromise and a
 * CancellationTokenSource with its callbacks until it fires, whether or
 * not the call is long over: measured with heap-shots, 4.8 timers a call,
 * 2.2 kB, the whole GC-heap growth of the fixes (proxy-cached and
 * proxy-static) over 3,000 calls in 7 s with the default 10 s timeout,
 * which levels off at once with a 1 s timeout (README.md, "The customer's
 * leak and its fixes"). A run shorter than twice its call timeout after
 * warm-up cannot tell this from a leak: the analyzer holds such growth as
 * inconclusive and says how many more calls would show it. The figures
 * are the runtime's (calibration.c). */
#include "live_calls.h"

#include <math.h>
#include <string.h>

int ll__live_span_too_short(const ll_record *header, const ll_calibration *calibration, const ll_series *elapsed,
                            double warmup, ll_live_span *span)
{
    const char *wsdl = ll_record_string(header, LL_OPTION_WSDL);
    if (!wsdl || (strncmp(wsdl, "http://", 7) != 0 && strncmp(wsdl, "https://", 8) != 0) || elapsed->count < 2)
        return 0;
    double timeout = ll_record_number(header, LL_OPTION_CALL_TIMEOUT_MS);
    size_t first = 0, last = elapsed->count - 1;
    while (first < last && elapsed->x[first] < warmup)
        first++;
    span->timeout_ms = timeout > 0 ? timeout : calibration->default_call_timeout_ms;
    span->span_ms = elapsed->y[last] - elapsed->y[first];
    double hold_ms = calibration->live_hold_timeouts * span->timeout_ms;
    if (span->span_ms >= hold_ms)
        return 0;
    double calls = elapsed->x[last] - elapsed->x[first];
    double per_call_ms = calls > 0 && span->span_ms > 0 ? span->span_ms / calls : NAN;
    span->more_calls = isfinite(per_call_ms) ? (long)ceil((hold_ms - span->span_ms) / per_call_ms) : 0;
    return 1;
}
