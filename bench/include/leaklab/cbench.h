/* A small C API over Google Benchmark, so that benchmark bodies are written
 * in C. It covers what leaklab's benchmarks need: registering a function
 * with a user pointer and arguments, the keep-running loop, pausing the
 * timer, skipping with an error, labels, items/bytes processed, user
 * counters, and a main that passes every Google Benchmark flag through.
 *
 *   static void bm_sum(llb_state *st, void *user) {
 *       while (llb_keep_running(st)) ...;
 *       llb_set_items_processed(st, llb_iterations(st) * llb_arg(st, 0));
 *   }
 *   llb_benchmark *b = llb_register("sum", bm_sum, NULL);
 *   llb_add_args(b, 1000);
 *   return llb_main(argc, argv);
 */
#ifndef LEAKLAB_CBENCH_H
#define LEAKLAB_CBENCH_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct llb_state llb_state;
typedef struct llb_benchmark llb_benchmark;
typedef void (*llb_function)(llb_state *state, void *user);

/* Registers FN under NAME; USER is handed to every run. */
llb_benchmark *llb_register(const char *name, llb_function fn, void *user);
/* One run per call, with the given argument (read with llb_arg(st, 0)). */
llb_benchmark *llb_add_arg(llb_benchmark *b, int64_t arg);
/* Runs for LO, LO*8, ..., HI (Google Benchmark's Range). */
llb_benchmark *llb_add_range(llb_benchmark *b, int64_t lo, int64_t hi);
/* Fixes the iteration count instead of letting the library choose. */
llb_benchmark *llb_set_iterations(llb_benchmark *b, int64_t iterations);
/* Reports wall-clock time instead of CPU time (for work in other threads
 * or processes). */
llb_benchmark *llb_use_real_time(llb_benchmark *b);
typedef enum { LLB_NANOSECOND, LLB_MICROSECOND, LLB_MILLISECOND, LLB_SECOND } llb_time_unit;
llb_benchmark *llb_set_time_unit(llb_benchmark *b, llb_time_unit unit);

/* The loop: while (llb_keep_running(st)) { ...one iteration... } */
int llb_keep_running(llb_state *st);
int64_t llb_iterations(const llb_state *st);
int64_t llb_arg(const llb_state *st, int index);
void llb_pause_timing(llb_state *st);
void llb_resume_timing(llb_state *st);
/* Marks the run as failed with MESSAGE; return without looping further. */
void llb_skip_with_error(llb_state *st, const char *message);
void llb_set_label(llb_state *st, const char *label);
void llb_set_items_processed(llb_state *st, int64_t items);
void llb_set_bytes_processed(llb_state *st, int64_t bytes);

typedef enum {
    LLB_COUNTER_PLAIN = 0,
    LLB_COUNTER_RATE = 1,           /* value per second */
    LLB_COUNTER_PER_ITERATION = 2,  /* value divided by the iterations */
} llb_counter_kind;
void llb_set_counter(llb_state *st, const char *name, double value, llb_counter_kind kind);

/* Initialises Google Benchmark with ARGV (all its --benchmark_* flags),
 * rejects unknown flags, runs the selected benchmarks. Returns the exit
 * status: 0, or 1 on an unknown flag. */
int llb_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif
