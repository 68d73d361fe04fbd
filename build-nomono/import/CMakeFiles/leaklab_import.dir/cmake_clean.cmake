file(REMOVE_RECURSE
  "CMakeFiles/leaklab_import.dir/src/counters.c.o"
  "CMakeFiles/leaklab_import.dir/src/counters.c.o.d"
  "CMakeFiles/leaklab_import.dir/src/import.c.o"
  "CMakeFiles/leaklab_import.dir/src/import.c.o.d"
  "CMakeFiles/leaklab_import.dir/src/key_table.c.o"
  "CMakeFiles/leaklab_import.dir/src/key_table.c.o.d"
  "CMakeFiles/leaklab_import.dir/src/text_clean.c.o"
  "CMakeFiles/leaklab_import.dir/src/text_clean.c.o.d"
  "CMakeFiles/leaklab_import.dir/src/text_scan.c.o"
  "CMakeFiles/leaklab_import.dir/src/text_scan.c.o.d"
  "CMakeFiles/leaklab_import.dir/src/windbg_dump.c.o"
  "CMakeFiles/leaklab_import.dir/src/windbg_dump.c.o.d"
  "CMakeFiles/leaklab_import.dir/src/windbg_log.c.o"
  "CMakeFiles/leaklab_import.dir/src/windbg_log.c.o.d"
  "libleaklab_import.a"
  "libleaklab_import.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/leaklab_import.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
