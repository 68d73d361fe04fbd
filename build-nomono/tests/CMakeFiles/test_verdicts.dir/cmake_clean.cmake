file(REMOVE_RECURSE
  "../bin/test_verdicts"
  "../bin/test_verdicts.pdb"
  "CMakeFiles/test_verdicts.dir/unit/test_verdicts.c.o"
  "CMakeFiles/test_verdicts.dir/unit/test_verdicts.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_verdicts.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
