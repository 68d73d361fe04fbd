# Empty compiler generated dependencies file for check_snapshots.
# This may be replaced when dependencies are built.
