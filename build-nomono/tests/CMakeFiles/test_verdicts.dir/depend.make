# Empty dependencies file for test_verdicts.
# This may be replaced when dependencies are built.
