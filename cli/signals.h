/* Catching signals in a command (signals.c): `leaklab run` and `leaklab
 * sweep` stop cleanly on SIGINT and SIGTERM. */
#ifndef LEAKLAB_CLI_SIGNALS_H
#define LEAKLAB_CLI_SIGNALS_H

/* HANDLER for SIG, with no signal blocked while it runs and no flag. */
void cli_catch(int sig, void (*handler)(int));

#endif
