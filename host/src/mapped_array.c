/* An array in mapped memory (mapped_array.h): growing maps a region twice
 * the size and copies, with mmap and munmap alone. */
#include "mapped_array.h"

#include <string.h>
#include <sys/mman.h>

void ll__mapped_array_init(ll_mapped_array *a, size_t item_size, size_t max_bytes)
{
    *a = (ll_mapped_array){.item_size = item_size, .max_bytes = max_bytes};
}

static int grow(ll_mapped_array *a)
{
    size_t cap = a->cap ? a->cap * 2 : 4096;
    if (cap * a->item_size > a->max_bytes)
        cap = a->max_bytes / a->item_size;
    if (cap <= a->cap)
        return -1;
    void *items = mmap(NULL, cap * a->item_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (items == MAP_FAILED)
        return -1;
    if (a->items) {
        memcpy(items, a->items, a->count * a->item_size);
        munmap(a->items, a->cap * a->item_size);
    }
    a->items = items;
    a->cap = cap;
    return 0;
}

void *ll__mapped_array_push(ll_mapped_array *a)
{
    if (a->count == a->cap && grow(a) < 0)
        return NULL;
    void *item = (char *)a->items + a->count++ * a->item_size;
    memset(item, 0, a->item_size);
    return item;
}

void ll__mapped_array_clear(ll_mapped_array *a)
{
    a->count = 0;
}

void ll__mapped_array_free(ll_mapped_array *a)
{
    if (a->items)
        munmap(a->items, a->cap * a->item_size);
    a->items = NULL;
    a->count = a->cap = 0;
}

void *ll__mapped_array_at(const ll_mapped_array *a, size_t i)
{
    return (char *)a->items + i * a->item_size;
}
