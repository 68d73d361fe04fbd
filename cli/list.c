/* `leaklab list`: the built-in scenarios (scenarios/scenarios.tsv). */
#include "commands.h"
#include "output.h"

#include "leaklab/report.h"
#include "leaklab/host.h"

#include <stdio.h>

int cli_list(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ll_error err;
    if (ll_host_list_scenarios(stdout, &err) < 0) {
        ll_text_printf(stderr, "leaklab list: %s\n", err.message);
        return 2;
    }
    return cli_flush_stdout("list") < 0 ? 2 : 0;
}
