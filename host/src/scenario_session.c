/* A scenario's entry point and the context it runs in: the collectible
 * context creates one on the first call after each recycle and unloads it
 * every M calls, after the inventory has described what the context
 * loaded (an unloaded assembly can no longer be described). */
#include "leaklab/host.h"

#include "inventory.h"
#include "runtime.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ll_scenario_session {
    char *assembly, *entry_name, *service_url;
    int collectible;
    long recycle_every;
    int loaded;
    ll_runtime_context *context; /* the collectible one; NULL: the default */
    ll_runtime_entry entry;
};

ll_scenario_session *ll_scenario_session_open(const char *assembly, const char *entry, int collectible,
                                              long recycle_every, const char *service_url)
{
    ll_scenario_session *s = calloc(1, sizeof *s);
    if (!s || !(s->assembly = strdup(assembly)) || !(s->entry_name = strdup(entry)) ||
        (service_url && !(s->service_url = strdup(service_url)))) {
        ll_scenario_session_close(s);
        return NULL;
    }
    s->collectible = collectible;
    s->recycle_every = recycle_every > 0 ? recycle_every : 1;
    return s;
}

static int load_entry(ll_scenario_session *s, int iteration, ll_error *err)
{
    const ll_runtime *rt = ll__runtime();
    ll_runtime_context *context = NULL;
    if (s->collectible) {
        char name[64];
        snprintf(name, sizeof name, "leaklab-iteration-%d", iteration);
        if (!(context = rt->context_create(name, err)))
            return -1;
    }
    if (rt->entry_resolve(context, s->assembly, s->entry_name, &s->entry, err) < 0) {
        if (context)
            rt->context_unload(context, s->service_url);
        return -1;
    }
    s->context = context;
    s->loaded = 1;
    return 0;
}

int ll_scenario_session_call(ll_scenario_session *s, int iteration, ll_exception_text *exc, char **result,
                             size_t *result_full_len, ll_error *err)
{
    if (result)
        *result = NULL;
    if (!s->loaded && load_entry(s, iteration, err) < 0)
        return -1;
    return ll__runtime()->invoke(&s->entry, iteration, exc, result, result_full_len) < 0 ? 1 : 0;
}

static void unload(ll_scenario_session *s)
{
    if (s->context)
        ll__runtime()->context_unload(s->context, s->service_url);
    s->context = NULL;
    s->loaded = 0;
}

void ll__scenario_session_after_call(ll_scenario_session *s, int iteration, int force_recycle, json_t *records)
{
    ll__inventory_collect_events(iteration, records);
    if (s->collectible && (force_recycle || iteration % s->recycle_every == 0)) {
        unload(s);
        ll__inventory_collect_events(iteration, records);
    }
}

void ll_scenario_session_finish_call(ll_scenario_session *s, int iteration, int force_recycle)
{
    ll__scenario_session_after_call(s, iteration, force_recycle, NULL);
}

void ll_scenario_session_close(ll_scenario_session *s)
{
    if (!s)
        return;
    if (s->context) {
        unload(s);
        ll__inventory_collect_events(0, NULL); /* the unloads are nobody's to record */
    }
    free(s->assembly);
    free(s->entry_name);
    free(s->service_url);
    free(s);
}
