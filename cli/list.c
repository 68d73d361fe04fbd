/* `leaklab list`: the built-in scenarios (scenarios/scenarios.tsv). */
#include "commands.h"

#include "leaklab/host.h"

#include <stdio.h>

int cli_list(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    char why[1024];
    if (ll_host_list_scenarios(stdout, why, sizeof why) < 0) {
        fprintf(stderr, "leaklab list: %s\n", why);
        return 2;
    }
    return 0;
}
