file(REMOVE_RECURSE
  "../bin/test_snapshot_format"
  "../bin/test_snapshot_format.pdb"
  "CMakeFiles/test_snapshot_format.dir/unit/test_snapshot_format.c.o"
  "CMakeFiles/test_snapshot_format.dir/unit/test_snapshot_format.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_snapshot_format.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
