#include "leaklab/analyzer_cli.h"
#include <stdio.h>
int ll_analyze_main(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "TODO\n"); return 2; }
