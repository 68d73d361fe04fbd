/* See signals.h. */
#include "signals.h"

#include <signal.h>
#include <string.h>

void cli_catch(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = handler;
    sigaction(sig, &sa, NULL);
}
