# Empty dependencies file for test_assembly_groups.
# This may be replaced when dependencies are built.
