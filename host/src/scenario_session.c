/* A scenario's entry point and the AppDomain it runs in: the collectible
 * context creates a domain on the first call after each recycle and
 * unloads it every M calls, after the inventory has described what the
 * domain loaded (an unloaded assembly can no longer be described). */
#include "leaklab/host.h"

#include "inventory.h"
#include "runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ll_scenario_session {
    char *assembly, *entry_name;
    int collectible;
    long recycle_every;
    MonoDomain *domain;
    ll_entry_point entry;
};

ll_scenario_session *ll_scenario_session_open(const char *assembly, const char *entry, int collectible,
                                              long recycle_every)
{
    ll_scenario_session *s = calloc(1, sizeof *s);
    if (!s || !(s->assembly = strdup(assembly)) || !(s->entry_name = strdup(entry))) {
        ll_scenario_session_close(s);
        return NULL;
    }
    s->collectible = collectible;
    s->recycle_every = recycle_every > 0 ? recycle_every : 1;
    return s;
}

static int load_entry(ll_scenario_session *s, int iteration, ll_error *err)
{
    MonoDomain *domain = mono_get_root_domain();
    if (s->collectible) {
        char name[64];
        snprintf(name, sizeof name, "leaklab-iteration-%d", iteration);
        if (!(domain = ll__runtime_create_domain(name))) {
            ll_error_set(err, "cannot create an AppDomain");
            return -1;
        }
        ll__runtime_enter_domain(domain);
    }
    if (ll__runtime_resolve_entry(domain, s->assembly, s->entry_name, &s->entry, err) < 0) {
        if (s->collectible)
            ll__runtime_unload_domain(domain);
        return -1;
    }
    s->domain = domain;
    return 0;
}

int ll_scenario_session_call(ll_scenario_session *s, int iteration, ll_exception_text *exc, char **result,
                             size_t *result_full_len, ll_error *err)
{
    if (result)
        *result = NULL;
    if (!s->domain && load_entry(s, iteration, err) < 0)
        return -1;
    return ll__runtime_invoke(&s->entry, iteration, exc, result, result_full_len) < 0 ? 1 : 0;
}

static void unload(ll_scenario_session *s)
{
    if (s->collectible && s->domain)
        ll__runtime_unload_domain(s->domain);
    s->domain = NULL;
}

void ll_scenario_session_finish_call(ll_scenario_session *s, int iteration, int force_recycle, json_t *records)
{
    ll_host_inventory_events(iteration, records);
    if (s->collectible && (force_recycle || iteration % s->recycle_every == 0)) {
        unload(s);
        ll_host_inventory_events(iteration, records);
    }
}

void ll_scenario_session_close(ll_scenario_session *s)
{
    if (!s)
        return;
    if (s->domain && s->collectible) {
        unload(s);
        ll_host_inventory_events(0, NULL); /* the unloads are nobody's to record: drop them */
    }
    free(s->assembly);
    free(s->entry_name);
    free(s);
}
