file(REMOVE_RECURSE
  "CMakeFiles/leaklab_snapshot.dir/src/assembly_name.c.o"
  "CMakeFiles/leaklab_snapshot.dir/src/assembly_name.c.o.d"
  "CMakeFiles/leaklab_snapshot.dir/src/flat_record.c.o"
  "CMakeFiles/leaklab_snapshot.dir/src/flat_record.c.o.d"
  "CMakeFiles/leaklab_snapshot.dir/src/output_file.c.o"
  "CMakeFiles/leaklab_snapshot.dir/src/output_file.c.o.d"
  "CMakeFiles/leaklab_snapshot.dir/src/record_fields.c.o"
  "CMakeFiles/leaklab_snapshot.dir/src/record_fields.c.o.d"
  "CMakeFiles/leaklab_snapshot.dir/src/snapshot_reader.c.o"
  "CMakeFiles/leaklab_snapshot.dir/src/snapshot_reader.c.o.d"
  "CMakeFiles/leaklab_snapshot.dir/src/snapshot_writer.c.o"
  "CMakeFiles/leaklab_snapshot.dir/src/snapshot_writer.c.o.d"
  "libleaklab_snapshot.a"
  "libleaklab_snapshot.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/leaklab_snapshot.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
