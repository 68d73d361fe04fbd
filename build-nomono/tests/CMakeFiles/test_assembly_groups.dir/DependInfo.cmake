
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/tests/unit/test_assembly_groups.c" "tests/CMakeFiles/test_assembly_groups.dir/unit/test_assembly_groups.c.o" "gcc" "tests/CMakeFiles/test_assembly_groups.dir/unit/test_assembly_groups.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-nomono/analyzer/CMakeFiles/leaklab_analyzer.dir/DependInfo.cmake"
  "/work/main/build-nomono/snapshot/CMakeFiles/leaklab_snapshot.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
