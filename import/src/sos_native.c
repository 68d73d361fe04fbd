/* The native heap's commands (WinDbg's !heap), for a leak outside the GC
 * heap:
 *   !heap -s            one row per heap: Heap, Flags, Reserv(k), Commit(k), ...
 *   !heap -stat -h H    " heap @ H", then "SIZE BLOCKS - TOTAL  (PCT)" rows, in hex
 *   !heap -p -a ADDR    a block's HEAP_ENTRY line (its UserSize), then the
 *                       stack that allocated it (with gflags +ust)
 * into the snapshot's native_heaps, heap_sizes and allocation_stacks, which
 * the analyzer reads to say what to look at. See sos_parsers.h. */
#include "sos_parsers.h"
#include "leaklab/text.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "0000015d85bb0000 08000002    8376   6816 ..." (kB, within what bytes
 * can count) */
static void heap_summary(ll_windbg_dump *d, const char *line)
{
    char heap[64], flags[32];
    long long reserve, commit;
    if (sscanf(line, "%63s %31s %lld %lld", heap, flags, &reserve, &commit) == 4 && ll__parse_hex(heap) >= 0 &&
        ll__parse_hex(flags) >= 0 && reserve >= 0 && commit >= 0 && reserve <= LLONG_MAX / 1024 &&
        commit <= LLONG_MAX / 1024)
        json_array_append_new(d->native_heaps, json_pack("{ss sI sI}", "heap", heap, "reserve",
                                                         (json_int_t)(reserve * 1024), "commit",
                                                         (json_int_t)(commit * 1024)));
}

/* "28 14b40 - 33c200  (38.60)" */
static void size_row(ll_windbg_dump *d, const char *heap, const char *line)
{
    char size[32], blocks[32], total[32];
    double percent;
    if (sscanf(line, "%31s %31s - %31s (%lf)", size, blocks, total, &percent) != 4)
        return;
    long long s = ll__parse_hex(size), b = ll__parse_hex(blocks), t = ll__parse_hex(total);
    if (s < 0 || b < 0 || t < 0 || percent < 0 || percent > 100)
        return;
    json_array_append_new(d->heap_sizes, json_pack("{ss sI sI sI sf}", "heap", heap, "size", (json_int_t)s, "blocks",
                                                   (json_int_t)b, "total", (json_int_t)t, "share", percent / 100));
}

/* "ADDR module!symbol+0x...": a frame of an allocation stack. */
static int frame_line(const char *line, const char **frame)
{
    char address[64];
    int end = 0;
    if (sscanf(line, "%63s %n", address, &end) != 1 || !end || ll__parse_hex(address) < 0 || !strchr(line + end, '!'))
        return 0;
    *frame = line + end;
    return 1;
}

/* "ADDR SIZE - (busy ...)": !heap -p -a's block line; the size is the word before the mark. */
static const char *busy_mark(const char *line)
{
    const char *mark = strstr(line, " - (busy");
    return mark && mark > line && mark[-1] != ' ' ? mark : NULL;
}

void ll__sos_parse_native(const ll_sos_output *o, const char *command, ll_sos_whose whose)
{
    if (whose != LL_SOS_MINE)
        return;
    char buf[LINE_MAX_LEN], heap[64] = "";
    int summary = ll__contains(command, "-s") && !ll__contains(command, "-stat"), stat = ll__contains(command, "-stat"),
        stack = ll__contains(command, "-p");
    int in_table = 0;
    long long user_size = -1;
    json_t *frames = NULL;
    for (size_t i = o->from; i < o->to; i++) {
        char *line = ll__trim(ll__line_copy(o->lines, i, buf, sizeof buf));
        const char *frame;
        if (summary && ll__starts_with(line, "----")) {
            in_table = !in_table && i > o->from;
        } else if (summary && in_table) {
            if (ll__sos_room(o, o->dump->native_heaps, LL_SOS_BOUND_HEAPS, i + 1))
                heap_summary(o->dump, line);
        } else if (stat && ll__starts_with(line, "heap @ ")) {
            ll__copy_cut(heap, sizeof heap, line + 7, strlen(line + 7));
        } else if (stat && heap[0]) {
            if (ll__sos_room(o, o->dump->heap_sizes, LL_SOS_BOUND_SIZE_ROWS, i + 1))
                size_row(o->dump, heap, line);
        } else if (stack && user_size < 0 && busy_mark(line)) {
            char size[32];
            const char *dash = busy_mark(line);
            const char *start = dash;
            while (start > line && start[-1] != ' ')
                start--;
            ll__copy_cut(size, sizeof size, start, (size_t)(dash - start));
            user_size = ll__parse_hex(size);
            if (user_size >= 0)
                frames = json_array();
        } else if (stack && frames && frame_line(line, &frame)) {
            if (ll__sos_room(o, frames, LL_SOS_BOUND_FRAMES, i + 1))
                json_array_append_new(frames, ll_json_text(frame));
        }
    }
    if (frames && json_array_size(frames) && user_size >= 0 &&
        ll__sos_room(o, o->dump->allocation_stacks, LL_SOS_BOUND_STACKS, o->from + 1))
        json_array_append_new(o->dump->allocation_stacks,
                              json_pack("{sI so}", "size", (json_int_t)user_size, "frames", json_incref(frames)));
    json_decref(frames);
    if (json_array_size(o->dump->native_heaps) || json_array_size(o->dump->heap_sizes) ||
        json_array_size(o->dump->allocation_stacks))
        o->dump->commands |= LL_SOS_NATIVE_HEAP;
}
