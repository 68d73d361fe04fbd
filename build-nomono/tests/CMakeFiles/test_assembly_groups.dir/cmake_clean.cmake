file(REMOVE_RECURSE
  "../bin/test_assembly_groups"
  "../bin/test_assembly_groups.pdb"
  "CMakeFiles/test_assembly_groups.dir/unit/test_assembly_groups.c.o"
  "CMakeFiles/test_assembly_groups.dir/unit/test_assembly_groups.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_assembly_groups.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
