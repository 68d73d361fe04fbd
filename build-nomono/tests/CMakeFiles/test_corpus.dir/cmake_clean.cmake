file(REMOVE_RECURSE
  "../bin/test_corpus"
  "../bin/test_corpus.pdb"
  "CMakeFiles/test_corpus.dir/unit/test_corpus.c.o"
  "CMakeFiles/test_corpus.dir/unit/test_corpus.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_corpus.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
