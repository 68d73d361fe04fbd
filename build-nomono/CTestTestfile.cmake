# CMake generated Testfile for 
# Source directory: /work/main
# Build directory: /work/main/build-nomono
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
subdirs("snapshot")
subdirs("import")
subdirs("analyzer")
subdirs("report")
subdirs("corpus")
subdirs("cli")
subdirs("tests")
