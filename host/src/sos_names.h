/* Class names as SOS prints them (sos_names.c). */
#ifndef LEAKLAB_SOS_NAMES_H
#define LEAKLAB_SOS_NAMES_H

/* NAME as mono_type_full_name writes it ("Outer/Inner", "List`1<string>",
 * "byte[]") as SOS does ("Outer+Inner", "List<System.String>",
 * "System.Byte[]"), malloc'd; NULL when out of memory. */
char *ll__sos_class_name(const char *name);
/* Whether NAME is one of C#'s words for a built-in type ("int", "string"). */
int ll__sos_builtin_word(const char *name);

#endif
