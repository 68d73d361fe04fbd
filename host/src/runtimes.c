/* The runtimes leaklab knows, the backends this build has (a backend is
 * compiled in when its runtime's development files were found:
 * host/CMakeLists.txt defines LEAKLAB_HAVE_<RUNTIME>), and the one the
 * host started, which every neutral file calls through ll__runtime(). */
#include "runtime.h"

#include <string.h>

#ifdef LEAKLAB_HAVE_MONO
extern const ll_runtime ll__mono_runtime;
#endif
#ifdef LEAKLAB_HAVE_CORECLR
extern const ll_runtime ll__coreclr_runtime;
#endif

static const ll_runtime *const built_in[] = {
#ifdef LEAKLAB_HAVE_MONO
    &ll__mono_runtime,
#endif
#ifdef LEAKLAB_HAVE_CORECLR
    &ll__coreclr_runtime,
#endif
    NULL,
};

static const char *const known[] = {"mono", "coreclr"};

const ll_runtime *ll__runtime_find(const char *name)
{
    for (size_t i = 0; built_in[i]; i++)
        if (strcmp(built_in[i]->name, name) == 0)
            return built_in[i];
    return NULL;
}

int ll__runtime_known(const char *name)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(known[i], name) == 0)
            return 1;
    return 0;
}

static const ll_runtime *started;

const ll_runtime *ll__runtime(void)
{
    return started;
}

void ll__runtime_set(const ll_runtime *runtime)
{
    started = runtime;
}
