
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/import/src/counters.c" "import/CMakeFiles/leaklab_import.dir/src/counters.c.o" "gcc" "import/CMakeFiles/leaklab_import.dir/src/counters.c.o.d"
  "/work/main/import/src/import.c" "import/CMakeFiles/leaklab_import.dir/src/import.c.o" "gcc" "import/CMakeFiles/leaklab_import.dir/src/import.c.o.d"
  "/work/main/import/src/key_table.c" "import/CMakeFiles/leaklab_import.dir/src/key_table.c.o" "gcc" "import/CMakeFiles/leaklab_import.dir/src/key_table.c.o.d"
  "/work/main/import/src/text_clean.c" "import/CMakeFiles/leaklab_import.dir/src/text_clean.c.o" "gcc" "import/CMakeFiles/leaklab_import.dir/src/text_clean.c.o.d"
  "/work/main/import/src/text_scan.c" "import/CMakeFiles/leaklab_import.dir/src/text_scan.c.o" "gcc" "import/CMakeFiles/leaklab_import.dir/src/text_scan.c.o.d"
  "/work/main/import/src/windbg_dump.c" "import/CMakeFiles/leaklab_import.dir/src/windbg_dump.c.o" "gcc" "import/CMakeFiles/leaklab_import.dir/src/windbg_dump.c.o.d"
  "/work/main/import/src/windbg_log.c" "import/CMakeFiles/leaklab_import.dir/src/windbg_log.c.o" "gcc" "import/CMakeFiles/leaklab_import.dir/src/windbg_log.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-nomono/snapshot/CMakeFiles/leaklab_snapshot.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
