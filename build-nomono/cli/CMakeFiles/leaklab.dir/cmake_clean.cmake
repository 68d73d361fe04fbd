file(REMOVE_RECURSE
  "../bin/leaklab"
  "../bin/leaklab.pdb"
  "CMakeFiles/leaklab.dir/analyze.c.o"
  "CMakeFiles/leaklab.dir/analyze.c.o.d"
  "CMakeFiles/leaklab.dir/child.c.o"
  "CMakeFiles/leaklab.dir/child.c.o.d"
  "CMakeFiles/leaklab.dir/compare.c.o"
  "CMakeFiles/leaklab.dir/compare.c.o.d"
  "CMakeFiles/leaklab.dir/corpus.c.o"
  "CMakeFiles/leaklab.dir/corpus.c.o.d"
  "CMakeFiles/leaklab.dir/import.c.o"
  "CMakeFiles/leaklab.dir/import.c.o.d"
  "CMakeFiles/leaklab.dir/inputs.c.o"
  "CMakeFiles/leaklab.dir/inputs.c.o.d"
  "CMakeFiles/leaklab.dir/main.c.o"
  "CMakeFiles/leaklab.dir/main.c.o.d"
  "CMakeFiles/leaklab.dir/no_mono.c.o"
  "CMakeFiles/leaklab.dir/no_mono.c.o.d"
  "CMakeFiles/leaklab.dir/options.c.o"
  "CMakeFiles/leaklab.dir/options.c.o.d"
  "CMakeFiles/leaklab.dir/output.c.o"
  "CMakeFiles/leaklab.dir/output.c.o.d"
  "CMakeFiles/leaklab.dir/report.c.o"
  "CMakeFiles/leaklab.dir/report.c.o.d"
  "CMakeFiles/leaklab.dir/summary.c.o"
  "CMakeFiles/leaklab.dir/summary.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/leaklab.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
