/* The embedded Mono runtime: start-up, AppDomains, resolving and invoking a
 * scenario's entry point, and turning a managed exception into text. */
#ifndef LEAKLAB_RUNTIME_H
#define LEAKLAB_RUNTIME_H

#include "leaklab/host.h"

#include <mono/jit/jit.h>

/* Starts Mono. CONFIG_DIR holds leaklab.config, given to every domain
 * (System.Web.Services needs a configuration file). Returns the root domain. */
MonoDomain *ll__runtime_start(const char *config_dir);
const char *ll__runtime_version(void);

/* A fresh AppDomain for the collectible context, and its unloading. */
MonoDomain *ll__runtime_create_domain(const char *friendly_name);
void ll__runtime_unload_domain(MonoDomain *domain);
void ll__runtime_enter_domain(MonoDomain *domain);

/* Before unloading DOMAIN: closes its connections to the run's service
 * and waits, bounded, for the thread pool to be idle (domain_quiesce.c).
 * Returns -1 when the pool was still busy at the deadline. */
int ll__runtime_quiesce_domain(MonoDomain *domain);

/* A public static method taking an int (the iteration) or nothing. */
typedef struct ll_entry_point {
    MonoMethod *method;
    int takes_iteration;
} ll_entry_point;

/* Loads ASSEMBLY_PATH into DOMAIN and finds ENTRY ("Namespace.Type:Method").
 * Returns 0, or -1 with a one-line reason in WHY. */
int ll__runtime_resolve_entry(MonoDomain *domain, const char *assembly_path, const char *entry,
                             ll_entry_point *out, ll_error *err);
/* Returns 0, or -1 with EXC filled when the method threw. When the method
 * returns a string and RESULT is not NULL, *RESULT is a malloc'd UTF-8
 * copy of it, cut to LL_RESULT_MAX_BYTES, and *RESULT_FULL_LEN its whole
 * length (else NULL). */
int ll__runtime_invoke(const ll_entry_point *entry, int iteration, ll_exception_text *exc, char **result,
                      size_t *result_full_len);


#endif
