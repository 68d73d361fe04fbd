
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/snapshot/src/assembly_name.c" "snapshot/CMakeFiles/leaklab_snapshot.dir/src/assembly_name.c.o" "gcc" "snapshot/CMakeFiles/leaklab_snapshot.dir/src/assembly_name.c.o.d"
  "/work/main/snapshot/src/flat_record.c" "snapshot/CMakeFiles/leaklab_snapshot.dir/src/flat_record.c.o" "gcc" "snapshot/CMakeFiles/leaklab_snapshot.dir/src/flat_record.c.o.d"
  "/work/main/snapshot/src/output_file.c" "snapshot/CMakeFiles/leaklab_snapshot.dir/src/output_file.c.o" "gcc" "snapshot/CMakeFiles/leaklab_snapshot.dir/src/output_file.c.o.d"
  "/work/main/snapshot/src/record_fields.c" "snapshot/CMakeFiles/leaklab_snapshot.dir/src/record_fields.c.o" "gcc" "snapshot/CMakeFiles/leaklab_snapshot.dir/src/record_fields.c.o.d"
  "/work/main/snapshot/src/snapshot_reader.c" "snapshot/CMakeFiles/leaklab_snapshot.dir/src/snapshot_reader.c.o" "gcc" "snapshot/CMakeFiles/leaklab_snapshot.dir/src/snapshot_reader.c.o.d"
  "/work/main/snapshot/src/snapshot_writer.c" "snapshot/CMakeFiles/leaklab_snapshot.dir/src/snapshot_writer.c.o" "gcc" "snapshot/CMakeFiles/leaklab_snapshot.dir/src/snapshot_writer.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
