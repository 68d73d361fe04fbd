# Empty dependencies file for leaklab_snapshot.
# This may be replaced when dependencies are built.
