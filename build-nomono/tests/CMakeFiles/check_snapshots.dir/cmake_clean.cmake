file(REMOVE_RECURSE
  "../bin/check_snapshots"
  "../bin/check_snapshots.pdb"
  "CMakeFiles/check_snapshots.dir/e2e/check_snapshots.c.o"
  "CMakeFiles/check_snapshots.dir/e2e/check_snapshots.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/check_snapshots.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
