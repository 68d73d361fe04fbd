/* Catching signals in a command (signals.c): `leaklab run` and `leaklab
 * sweep` stop cleanly on SIGINT and SIGTERM. */
#ifndef LEAKLAB_CLI_SIGNALS_H
#define LEAKLAB_CLI_SIGNALS_H

/* HANDLER for SIG, with no signal blocked while it runs and no flag. */
void cli_catch(int sig, void (*handler)(int));

/* For a command that runs others (sweep, native-sites): SIGINT, SIGTERM
 * and SIGHUP ask it to stop. The child being waited for hears the signal
 * too (a terminal's Ctrl-C reaches it anyway; a kill of the command alone
 * would not), and the command sees it in cli_stop_signal between runs. */
void cli_catch_stop(void);
/* The signal that asked to stop, or 0. */
int cli_stop_signal(void);

#endif
