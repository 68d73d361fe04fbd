// The C++ side of cbench.h: each opaque C handle is a pointer to the
// Google Benchmark object itself, so the shim holds no state of its own.
#include "leaklab/cbench.h"

#include <benchmark/benchmark.h>

static benchmark::State &S(llb_state *st) { return *reinterpret_cast<benchmark::State *>(st); }
static const benchmark::State &S(const llb_state *st) { return *reinterpret_cast<const benchmark::State *>(st); }
static llb_benchmark *C(benchmark::internal::Benchmark *b) { return reinterpret_cast<llb_benchmark *>(b); }
static benchmark::internal::Benchmark *B(llb_benchmark *b) { return reinterpret_cast<benchmark::internal::Benchmark *>(b); }

extern "C" {

llb_benchmark *llb_register(const char *name, llb_function fn, void *user)
{
    return C(benchmark::RegisterBenchmark(name, [fn, user](benchmark::State &st) {
        fn(reinterpret_cast<llb_state *>(&st), user);
    }));
}

llb_benchmark *llb_add_arg(llb_benchmark *b, int64_t arg) { return C(B(b)->Arg(arg)); }
llb_benchmark *llb_add_range(llb_benchmark *b, int64_t lo, int64_t hi) { return C(B(b)->Range(lo, hi)); }
llb_benchmark *llb_set_iterations(llb_benchmark *b, int64_t n) { return C(B(b)->Iterations(n)); }
llb_benchmark *llb_use_real_time(llb_benchmark *b) { return C(B(b)->UseRealTime()); }

llb_benchmark *llb_set_time_unit(llb_benchmark *b, llb_time_unit unit)
{
    static const benchmark::TimeUnit units[] = {benchmark::kNanosecond, benchmark::kMicrosecond,
                                                benchmark::kMillisecond, benchmark::kSecond};
    return C(B(b)->Unit(units[unit]));
}

int llb_keep_running(llb_state *st) { return S(st).KeepRunning(); }
int64_t llb_iterations(const llb_state *st) { return static_cast<int64_t>(S(st).iterations()); }
int64_t llb_arg(const llb_state *st, int index) { return S(st).range(index); }
void llb_pause_timing(llb_state *st) { S(st).PauseTiming(); }
void llb_resume_timing(llb_state *st) { S(st).ResumeTiming(); }
void llb_skip_with_error(llb_state *st, const char *message) { S(st).SkipWithError(message); }
void llb_set_label(llb_state *st, const char *label) { S(st).SetLabel(label); }
void llb_set_items_processed(llb_state *st, int64_t items) { S(st).SetItemsProcessed(items); }
void llb_set_bytes_processed(llb_state *st, int64_t bytes) { S(st).SetBytesProcessed(bytes); }

void llb_set_counter(llb_state *st, const char *name, double value, llb_counter_kind kind)
{
    benchmark::Counter::Flags flags = benchmark::Counter::kDefaults;
    if (kind == LLB_COUNTER_RATE)
        flags = benchmark::Counter::kIsRate;
    else if (kind == LLB_COUNTER_PER_ITERATION)
        flags = benchmark::Counter::kAvgIterations;
    S(st).counters[name] = benchmark::Counter(value, flags);
}

int llb_main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

}
