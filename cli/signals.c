/* See signals.h. */
#include "signals.h"

#include "child.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
    pid_t child = cli_running_child();
    if (child > 0)
        kill(child, sig);
}

void cli_catch_stop(void)
{
    cli_catch(SIGINT, on_stop);
    cli_catch(SIGTERM, on_stop);
    cli_catch(SIGHUP, on_stop);
}

int cli_stop_signal(void)
{
    return stop_signal;
}

void cli_catch(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = handler;
    sigaction(sig, &sa, NULL);
}
