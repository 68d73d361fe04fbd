# Empty dependencies file for leaklab_corpus.
# This may be replaced when dependencies are built.
