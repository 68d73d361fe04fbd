
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/analyzer/src/analysis.c" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/analysis.c.o" "gcc" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/analysis.c.o.d"
  "/work/main/analyzer/src/assembly_groups.c" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/assembly_groups.c.o" "gcc" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/assembly_groups.c.o.d"
  "/work/main/analyzer/src/comparison.c" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/comparison.c.o" "gcc" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/comparison.c.o.d"
  "/work/main/analyzer/src/composition.c" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/composition.c.o" "gcc" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/composition.c.o.d"
  "/work/main/analyzer/src/dump_diff.c" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/dump_diff.c.o" "gcc" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/dump_diff.c.o.d"
  "/work/main/analyzer/src/envelope.c" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/envelope.c.o" "gcc" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/envelope.c.o.d"
  "/work/main/analyzer/src/heap_evidence.c" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/heap_evidence.c.o" "gcc" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/heap_evidence.c.o.d"
  "/work/main/analyzer/src/int_map.c" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/int_map.c.o" "gcc" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/int_map.c.o.d"
  "/work/main/analyzer/src/series.c" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/series.c.o" "gcc" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/series.c.o.d"
  "/work/main/analyzer/src/string_index.c" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/string_index.c.o" "gcc" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/string_index.c.o.d"
  "/work/main/analyzer/src/sweep.c" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/sweep.c.o" "gcc" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/sweep.c.o.d"
  "/work/main/analyzer/src/trend.c" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/trend.c.o" "gcc" "analyzer/CMakeFiles/leaklab_analyzer.dir/src/trend.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-nomono/snapshot/CMakeFiles/leaklab_snapshot.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
