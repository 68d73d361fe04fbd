/* `leaklab analyze`: the analyzer's command line, callable from any program. */
#ifndef LEAKLAB_ANALYZER_CLI_H
#define LEAKLAB_ANALYZER_CLI_H

/* ARGV[0] is "analyze". Returns the exit status: 0 no leak, 1 leak,
 * 2 error (or inconclusive with --strict). */
int ll_analyze_main(int argc, char **argv);

/* `leaklab summary FILE...`: a side-by-side table of runs. */
int ll_summary_main(int argc, char **argv);

#endif
