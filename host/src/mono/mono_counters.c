/* The Mono backend's counters: mono_counters enumerated at run time, so
 * that whatever this Mono build registers is recorded. Timing counters are left out: they
 * describe how long things took, not memory kept. Which counters move with
 * loaded assemblies is documented in README.md ("Runtime counters"). */
#include "mono_backend.h"

#include <mono/utils/mono-counters.h>
#include <stdint.h>
#include <string.h>

#define RECORDED_SECTIONS                                                                   \
    (MONO_COUNTER_JIT | MONO_COUNTER_GC | MONO_COUNTER_METADATA | MONO_COUNTER_GENERICS |   \
     MONO_COUNTER_RUNTIME)

void ll__mono_counters_enable(void)
{
    mono_counters_enable(-1);
}

static int is_recorded(MonoCounter *counter)
{
    int type = mono_counter_get_type(counter) & MONO_COUNTER_TYPE_MASK;
    int unit = mono_counter_get_unit(counter);
    if (!(mono_counter_get_section(counter) & RECORDED_SECTIONS))
        return 0;
    if (unit == MONO_COUNTER_TIME || type == MONO_COUNTER_TIME_INTERVAL)
        return 0;
    return type == MONO_COUNTER_INT || type == MONO_COUNTER_UINT || type == MONO_COUNTER_WORD ||
           type == MONO_COUNTER_LONG || type == MONO_COUNTER_ULONG;
}

static long long sample_integer(MonoCounter *counter)
{
    union {
        int32_t i32;
        uint32_t u32;
        int64_t i64;
        char bytes[64];
    } value;
    memset(&value, 0, sizeof value);
    int size = mono_counters_sample(counter, value.bytes, sizeof value.bytes);
    switch (mono_counter_get_type(counter) & MONO_COUNTER_TYPE_MASK) {
    case MONO_COUNTER_INT:
        return value.i32;
    case MONO_COUNTER_UINT:
        return value.u32;
    default:
        return size == 4 ? value.i32 : value.i64;
    }
}

struct counter_sink {
    void (*add)(void *data, const char *name, long long value);
    void *data;
};

static int add_counter(MonoCounter *counter, void *user_data)
{
    struct counter_sink *sink = user_data;
    if (is_recorded(counter))
        sink->add(sink->data, mono_counter_get_name(counter), sample_integer(counter));
    return 1;
}

void ll__mono_counters_sample(void (*add)(void *data, const char *name, long long value), void *data)
{
    struct counter_sink sink = {add, data};
    mono_counters_foreach(add_counter, &sink);
}
