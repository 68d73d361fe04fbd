
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/cli/analyze.c" "cli/CMakeFiles/leaklab.dir/analyze.c.o" "gcc" "cli/CMakeFiles/leaklab.dir/analyze.c.o.d"
  "/work/main/cli/child.c" "cli/CMakeFiles/leaklab.dir/child.c.o" "gcc" "cli/CMakeFiles/leaklab.dir/child.c.o.d"
  "/work/main/cli/compare.c" "cli/CMakeFiles/leaklab.dir/compare.c.o" "gcc" "cli/CMakeFiles/leaklab.dir/compare.c.o.d"
  "/work/main/cli/corpus.c" "cli/CMakeFiles/leaklab.dir/corpus.c.o" "gcc" "cli/CMakeFiles/leaklab.dir/corpus.c.o.d"
  "/work/main/cli/import.c" "cli/CMakeFiles/leaklab.dir/import.c.o" "gcc" "cli/CMakeFiles/leaklab.dir/import.c.o.d"
  "/work/main/cli/inputs.c" "cli/CMakeFiles/leaklab.dir/inputs.c.o" "gcc" "cli/CMakeFiles/leaklab.dir/inputs.c.o.d"
  "/work/main/cli/main.c" "cli/CMakeFiles/leaklab.dir/main.c.o" "gcc" "cli/CMakeFiles/leaklab.dir/main.c.o.d"
  "/work/main/cli/no_mono.c" "cli/CMakeFiles/leaklab.dir/no_mono.c.o" "gcc" "cli/CMakeFiles/leaklab.dir/no_mono.c.o.d"
  "/work/main/cli/options.c" "cli/CMakeFiles/leaklab.dir/options.c.o" "gcc" "cli/CMakeFiles/leaklab.dir/options.c.o.d"
  "/work/main/cli/output.c" "cli/CMakeFiles/leaklab.dir/output.c.o" "gcc" "cli/CMakeFiles/leaklab.dir/output.c.o.d"
  "/work/main/cli/report.c" "cli/CMakeFiles/leaklab.dir/report.c.o" "gcc" "cli/CMakeFiles/leaklab.dir/report.c.o.d"
  "/work/main/cli/summary.c" "cli/CMakeFiles/leaklab.dir/summary.c.o" "gcc" "cli/CMakeFiles/leaklab.dir/summary.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-nomono/snapshot/CMakeFiles/leaklab_snapshot.dir/DependInfo.cmake"
  "/work/main/build-nomono/import/CMakeFiles/leaklab_import.dir/DependInfo.cmake"
  "/work/main/build-nomono/analyzer/CMakeFiles/leaklab_analyzer.dir/DependInfo.cmake"
  "/work/main/build-nomono/report/CMakeFiles/leaklab_report.dir/DependInfo.cmake"
  "/work/main/build-nomono/corpus/CMakeFiles/leaklab_corpus.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
