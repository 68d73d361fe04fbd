/* The analyzer's calibrated figures, per runtime, each with the runs it
 * was derived from. A new runtime gets its own row once its controls have
 * been measured with the same scripts (ARCHITECTURE.md, "A new
 * runtime"); until then it is judged with "none".
 *
 * Mono 6.8 (Debian 12, 6.8.0.105):
 *   floors    scripts/measure-floors (README.md, "Resolution floors"):
 *             about twice the largest growth the no-leak control scenarios
 *             showed, over short (20-iteration) and long (150) runs,
 *             rounded up. The native and RSS floors are set by the
 *             runtime's own leftovers of an AppDomain unloaded every call
 *             (up to about 1.6 kB per unload in a short run), RSS's also
 *             by its 4 kB pages.
 *   warm-up   scripts/measure-warmup: Mono's first unloads leave more
 *             malloc'd memory behind than the later ones (22, 13, 6, 5 kB
 *             for the second to the fifth, then about 1 kB); the per-call
 *             growth of the recorded no-leak controls settled under the
 *             floors after 4 to 7 unloads of a domain per call, and after
 *             one of a domain recycled every 10 calls: 8 calls.
 *   live hold each HttpWebRequest arms Task.Delay timers for its Timeout
 *             and ReadWriteTimeout, kept until they fire (live_calls.c):
 *             measured with heap-shots, the fixes' GC-heap growth levels
 *             off once the run spans its timeout; 2 timeouts with
 *             headroom. The scenarios' default timeout is LiveService.cs's.
 *
 * CoreCLR (.NET 10.0.12, Debian 12, 2026-12-06):
 *   floors    LEAKLAB_RUNTIME=coreclr scripts/measure-floors (3 repeats of
 *             20 and 150 calls, heap-shots on CoreCLR's default schedule):
 *             in the default context the largest growth a no-leak control
 *             could have had was 8.4 kB of RSS (garbage-churn: its 8 MB of
 *             garbage a call moves the GC's committed memory), 1.1 kB
 *             native, 56 B managed; twice that, rounded up, with Mono's
 *             native and managed floors kept where they are higher.
 *   unloads   with a collectible context unloaded every call, the controls
 *             grew up to 15.6 kB of RSS and 7.4 kB of malloc a call (every
 *             10 calls: under 0.3 kB): what an unloaded AssemblyLoadContext
 *             leaves behind; 600 unloads of steady-state kept 6.5 kB of RSS
 *             and 0.8 kB of malloc each. The unload floors are twice the
 *             largest, over the recycle period.
 *   warm-up   scripts/measure-warmup: no early excess like Mono's; a context
 *             recycled every 10 calls settles after its first period.
 *   live hold none: .NET's HttpClient disposes the timer of a call's
 *             timeout when the call ends. proxy-cached against the live
 *             service, 3,000 calls in 34 s, with a 1 s and a 60 s call
 *             timeout: the GC heap +0 B a call both ways, no-leak, where
 *             Mono's fixes keep 2.2 kB a call until their timers fire.
 *
 * "none" (an import that names no runtime: WinDbg/SOS, dotnet-dump,
 * dotnet-counters output): the only measured figures are Mono's, and the
 * recorded corpus's imported cells are judged right with them, so they
 * are used until a runtime of its own is measured. */
#include "calibration.h"

#include <string.h>

#define MONO_6_8_FIGURES                                                                                 \
    .floor = {[LL_SERIES_RSS] = 4096, [LL_SERIES_MANAGED] = 1024, [LL_SERIES_NATIVE] = 3072,               \
              [LL_SERIES_ASSEMBLIES] = 0.05},                                                              \
    .collectible_warmup_calls = 8, .live_hold_timeouts = 2, .default_call_timeout_ms = 10000

#define CORECLR_10_FIGURES                                                                               \
    .floor = {[LL_SERIES_RSS] = 17408, [LL_SERIES_MANAGED] = 1024, [LL_SERIES_NATIVE] = 3072,              \
              [LL_SERIES_ASSEMBLIES] = 0.05},                                                              \
    .unload_floor = {[LL_SERIES_RSS] = 32768, [LL_SERIES_NATIVE] = 15360}, .collectible_warmup_calls = 2,  \
    .live_hold_timeouts = 0, .default_call_timeout_ms = 10000

static const ll_calibration calibrations[] = {
    {.runtime = "mono", MONO_6_8_FIGURES},
    {.runtime = "coreclr", CORECLR_10_FIGURES},
    {.runtime = "none", MONO_6_8_FIGURES},
};

static const ll_calibration *named(const char *runtime)
{
    for (size_t i = 0; i < sizeof calibrations / sizeof calibrations[0]; i++)
        if (strcmp(calibrations[i].runtime, runtime) == 0)
            return &calibrations[i];
    return named("none");
}

const ll_calibration *ll__calibration_for(const ll_record *header)
{
    const char *runtime = ll_record_string(header, LL_FIELD_RUNTIME_INFO "." LL_FIELD_RUNTIME_NAME);
    if (runtime)
        return named(runtime);
    const char *context = ll_record_string(header, LL_FIELD_CONTEXT);
    return named(context && strcmp(context, "imported") == 0 ? "none" : "mono");
}
