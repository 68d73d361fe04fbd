file(REMOVE_RECURSE
  "CMakeFiles/leaklab_analyzer.dir/src/analysis.c.o"
  "CMakeFiles/leaklab_analyzer.dir/src/analysis.c.o.d"
  "CMakeFiles/leaklab_analyzer.dir/src/assembly_groups.c.o"
  "CMakeFiles/leaklab_analyzer.dir/src/assembly_groups.c.o.d"
  "CMakeFiles/leaklab_analyzer.dir/src/comparison.c.o"
  "CMakeFiles/leaklab_analyzer.dir/src/comparison.c.o.d"
  "CMakeFiles/leaklab_analyzer.dir/src/composition.c.o"
  "CMakeFiles/leaklab_analyzer.dir/src/composition.c.o.d"
  "CMakeFiles/leaklab_analyzer.dir/src/dump_diff.c.o"
  "CMakeFiles/leaklab_analyzer.dir/src/dump_diff.c.o.d"
  "CMakeFiles/leaklab_analyzer.dir/src/envelope.c.o"
  "CMakeFiles/leaklab_analyzer.dir/src/envelope.c.o.d"
  "CMakeFiles/leaklab_analyzer.dir/src/heap_evidence.c.o"
  "CMakeFiles/leaklab_analyzer.dir/src/heap_evidence.c.o.d"
  "CMakeFiles/leaklab_analyzer.dir/src/int_map.c.o"
  "CMakeFiles/leaklab_analyzer.dir/src/int_map.c.o.d"
  "CMakeFiles/leaklab_analyzer.dir/src/series.c.o"
  "CMakeFiles/leaklab_analyzer.dir/src/series.c.o.d"
  "CMakeFiles/leaklab_analyzer.dir/src/string_index.c.o"
  "CMakeFiles/leaklab_analyzer.dir/src/string_index.c.o.d"
  "CMakeFiles/leaklab_analyzer.dir/src/sweep.c.o"
  "CMakeFiles/leaklab_analyzer.dir/src/sweep.c.o.d"
  "CMakeFiles/leaklab_analyzer.dir/src/trend.c.o"
  "CMakeFiles/leaklab_analyzer.dir/src/trend.c.o.d"
  "libleaklab_analyzer.a"
  "libleaklab_analyzer.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/leaklab_analyzer.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
