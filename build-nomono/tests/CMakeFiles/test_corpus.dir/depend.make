# Empty dependencies file for test_corpus.
# This may be replaced when dependencies are built.
