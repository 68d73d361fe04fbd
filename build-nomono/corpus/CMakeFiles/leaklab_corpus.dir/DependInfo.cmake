
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/corpus/src/corpus_output.c" "corpus/CMakeFiles/leaklab_corpus.dir/src/corpus_output.c.o" "gcc" "corpus/CMakeFiles/leaklab_corpus.dir/src/corpus_output.c.o.d"
  "/work/main/corpus/src/labels.c" "corpus/CMakeFiles/leaklab_corpus.dir/src/labels.c.o" "gcc" "corpus/CMakeFiles/leaklab_corpus.dir/src/labels.c.o.d"
  "/work/main/corpus/src/scoring.c" "corpus/CMakeFiles/leaklab_corpus.dir/src/scoring.c.o" "gcc" "corpus/CMakeFiles/leaklab_corpus.dir/src/scoring.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-nomono/snapshot/CMakeFiles/leaklab_snapshot.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
