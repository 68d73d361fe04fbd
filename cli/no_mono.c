/* The commands that need Mono, in a build configured with
 * -DLEAKLAB_WITH_MONO=OFF: they say so and exit 2, so that scripts see a
 * clear error rather than an unknown command. */
#include "commands.h"

#include "leaklab/report.h"

#include <stdio.h>

static int built_without_mono(const char *command)
{
    ll_text_printf(stderr, "leaklab %s: built without Mono (cmake -DLEAKLAB_WITH_MONO=OFF): this build has analyze, "
                    "import, summary, compare and corpus check only\n",
            command);
    return 2;
}

int cli_list(int argc, char **argv)
{
    (void)argc;
    return built_without_mono(argv[0]);
}

int cli_run(int argc, char **argv)
{
    (void)argc;
    return built_without_mono(argv[0]);
}

int cli_serve(int argc, char **argv)
{
    (void)argc;
    return built_without_mono(argv[0]);
}

int cli_sweep(int argc, char **argv)
{
    (void)argc;
    return built_without_mono(argv[0]);
}

int cli_native_sites(int argc, char **argv)
{
    (void)argc;
    return built_without_mono(argv[0]);
}
