# Empty dependencies file for leaklab_import.
# This may be replaced when dependencies are built.
