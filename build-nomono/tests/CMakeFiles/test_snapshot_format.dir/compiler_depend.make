# Empty compiler generated dependencies file for test_snapshot_format.
# This may be replaced when dependencies are built.
