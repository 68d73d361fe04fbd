/* What produced an assembly group, and the fix (generators.c). */
#ifndef LEAKLAB_GENERATORS_H
#define LEAKLAB_GENERATORS_H

#include "assembly_groups.h"

/* What produced a group's assemblies, and the fix, in the user's terms. */
typedef struct ll_generator {
    const char *what;
    const char *fix;
} ll_generator;

/* The generators leaklab recognises, for evidence that is not a group
 * (a !dumpheap -stat table, heap_evidence.h). */
typedef enum ll_generator_kind {
    LL_GENERATOR_CODEDOM_SOAP_PROXY,
    LL_GENERATOR_RUNTIME_SOAP_PROXY,
    LL_GENERATOR_XML_SERIALIZER,
    LL_GENERATOR_REFLECTION_EMIT,
    LL_GENERATOR_CODEDOM_IN_MEMORY,
    LL_GENERATOR_LOAD_BYTES,
    LL_GENERATOR_LOAD_FILE,
    LL_GENERATOR_ASSEMBLIES_LOADED,
} ll_generator_kind;

ll_generator ll__generator_named(ll_generator_kind kind);
ll_generator ll__group_generator(const ll_group *group);
/* "defines X : Base; references A, B" for a report line. */
char *ll__group_signature(const ll_group *group);
/* Fills S, a suspect of the report, with the group's pattern, origin,
 * version, counts, examples, signature, generator and fix (growth is the
 * caller's). 0, or -1 out of memory. */
int ll__group_suspect(const ll_group *group, ll_suspect *s);
/* Whether the group's assemblies look generated: CodeDom's random names,
 * loaded from bytes, or Reflection.Emit. */
int ll__group_looks_generated(const ll_group *group);

/* Appends S to BUF (CAP bytes, *LEN used), cut to fit. */
void ll__text_append(char *buf, size_t cap, size_t *len, const char *s);

#endif
