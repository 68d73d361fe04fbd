/* `leaklab serve`: checks its options, then becomes the live SOAP service
 * (mono leaklab-service.exe, service/). */
#include "commands.h"

#include "leaklab/report.h"
#include "leaklab/host.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char serve_usage_text[] =
    "usage: leaklab serve [--port P] [--delay-ms N] [--fault]\n"
    "\n"
    "Serves OrderImplService.asmx (the operations of the shipped WSDL, answering from their\n"
    "arguments) with Mono's ASP.NET on 127.0.0.1. Once it answers, the first line on stdout is\n"
    "\"listening http://127.0.0.1:PORT/\" and the second \"wsdl URL\" (the ...asmx?wsdl address\n"
    "to give to leaklab run --wsdl). SIGTERM or SIGINT stops it and removes its temporary\n"
    "folder.\n"
    "\n"
    "options:\n"
    "  --port P       the port (default: an ephemeral one)\n"
    "  --delay-ms N   answer every call N ms late (to test client timeouts)\n"
    "  --fault        answer every call with a SOAP fault (to test fault handling)\n";

/* Checks the arguments here, so that a mistake is one line and exit 2 like
 * every other command, then becomes the service: `mono leaklab-service.exe`
 * takes over this process, so that SIGTERM reaches it directly. */
int cli_serve(int argc, char **argv)
{
    long value;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(serve_usage_text, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--fault") == 0)
            continue;
        int takes_value = strcmp(argv[i], "--port") == 0 || strcmp(argv[i], "--delay-ms") == 0;
        if (!takes_value) {
            ll_text_printf(stderr, "leaklab serve: unknown option '%s' (see leaklab serve --help)\n", argv[i]);
            return 2;
        }
        if (i + 1 == argc || cli_parse_count(argv[i + 1], &value) < 0 || (argv[i][2] == 'p' && value > 65535)) {
            ll_text_printf(stderr, "leaklab serve: %s needs a positive whole number%s\n", argv[i],
                    argv[i][2] == 'p' ? " up to 65535" : "");
            return 2;
        }
        i++;
    }
    char service[4200], root[4200];
    const char *tmp = getenv("TMPDIR");
    snprintf(service, sizeof service, "%s/leaklab-service.exe", ll_host_lib_dir());
    snprintf(root, sizeof root, "%s/leaklab-serve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root)) {
        ll_text_printf(stderr, "leaklab serve: cannot create a temporary folder: %s\n", strerror(errno));
        return 2;
    }
    setenv("LEAKLAB_SERVE_ROOT", root, 1);
    setenv("TMPDIR", root, 1);
    char **args = calloc((size_t)argc + 2, sizeof *args);
    if (!args)
        return 2;
    args[0] = "mono";
    args[1] = service;
    for (int i = 1; i < argc; i++)
        args[i + 1] = argv[i];
    execvp("mono", args);
    ll_text_printf(stderr, "leaklab serve: cannot run mono: %s\n", strerror(errno));
    rmdir(root);
    free(args);
    return 2;
}

