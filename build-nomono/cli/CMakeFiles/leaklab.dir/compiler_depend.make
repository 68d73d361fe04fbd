# Empty compiler generated dependencies file for leaklab.
# This may be replaced when dependencies are built.
