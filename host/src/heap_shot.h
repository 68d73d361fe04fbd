/* The heap-shot (heap_shot.c): objects and bytes per class, counted while
 * the world is stopped for a snapshot's full collection. */
#ifndef LEAKLAB_HEAP_SHOT_H
#define LEAKLAB_HEAP_SHOT_H

#include <jansson.h>
#include <stdint.h>

/* Maps the walk's table; call once, before the runtime starts. Returns 0,
 * or -1 if it could not be mapped (no heap-shots then). */
int ll__heap_shot_init(void);
/* A full, blocking collection of every generation, walking the heap at its
 * end when WALK is set, and then also capturing its references and roots
 * when CAPTURE is (retention.h). */
void ll__heap_shot_collect(int walk, int capture);
/* The last walk as "dumpheap" rows ({type, count, size}, most bytes
 * first), or NULL if the last collection was not walked or its counts are
 * partial (the table could not grow, or out of memory). */
json_t *ll__heap_shot_rows(void);
/* Objects the last walk counted. */
uint64_t ll__heap_shot_objects(void);

#endif
