/* Class names as SOS prints them (class_names.c). */
#ifndef LEAKLAB_CLASS_NAMES_H
#define LEAKLAB_CLASS_NAMES_H

#include <mono/metadata/profiler.h>

#include <stddef.h>

/* Forgets the names when a domain is unloaded (its classes are freed). */
void ll__class_names_install(MonoProfilerHandle handle);
/* The id of KLASS's name (classes of one name share it; ids count from 0
 * and stay until a domain is unloaded), or -1 when out of memory. Not
 * while the world is stopped: it allocates. */
long ll__class_name_id(MonoClass *klass);
/* How many names have an id, and the name of ID. */
long ll__class_name_count(void);
const char *ll__class_name_text(long id);

#endif
