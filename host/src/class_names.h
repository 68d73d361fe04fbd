/* Class names as SOS prints them (class_names.c). */
#ifndef LEAKLAB_CLASS_NAMES_H
#define LEAKLAB_CLASS_NAMES_H

#include <stddef.h>

/* The names are stale: a context was unloaded, its classes freed, and their
 * handles may come back as other classes (runtime.h's classes_freed). */
void ll__class_names_stale(void);
/* The id of KLASS's name (classes of one name share it; ids count from 0
 * and stay until a context is unloaded), or -1 when out of memory. Not
 * while the world is stopped: it allocates. */
long ll__class_name_id(const void *klass);
/* The id TEXT has, or -1 if no class of that name was named. */
long ll__class_name_find(const char *text);
/* How many names have an id, and the name of ID. */
long ll__class_name_count(void);
const char *ll__class_name_text(long id);

#endif
