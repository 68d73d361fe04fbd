# Empty dependencies file for leaklab_analyzer.
# This may be replaced when dependencies are built.
