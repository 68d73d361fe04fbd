/* The built-in scenarios, read from scenarios.tsv in the host's lib folder:
 * name, entry point, the runtimes it has a version for, what it shows. A
 * built-in scenario is only a name for an --assembly/--entry pair: each
 * runtime's scenarios assembly (runtime.h) has the same entry points. */
#ifndef LEAKLAB_SCENARIO_TABLE_H
#define LEAKLAB_SCENARIO_TABLE_H

#include "leaklab/snapshot.h"

#include <stddef.h>
#include <stdio.h>

typedef struct ll_scenario {
    char name[64];
    char entry[256];
    char runtimes[64]; /* "mono,coreclr" */
    char summary[256];
} ll_scenario;

typedef struct ll_scenario_table {
    ll_scenario items[64];
    size_t count;
} ll_scenario_table;

/* The folder that holds the scenarios, the WSDL and leaklab.config:
 * <directory of the executable>/../lib/leaklab. */
const char *ll__scenario_lib_dir(void);
/* Returns 0, or -1 with a message in WHY. */
int ll__scenarios_load(ll_scenario_table *table, ll_error *err);
const ll_scenario *ll__scenarios_find(const ll_scenario_table *table, const char *name);
/* Whether S has a version for RUNTIME. */
int ll__scenario_runs_on(const ll_scenario *s, const char *runtime);

#endif
