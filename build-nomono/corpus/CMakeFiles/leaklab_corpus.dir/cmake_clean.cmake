file(REMOVE_RECURSE
  "CMakeFiles/leaklab_corpus.dir/src/corpus_output.c.o"
  "CMakeFiles/leaklab_corpus.dir/src/corpus_output.c.o.d"
  "CMakeFiles/leaklab_corpus.dir/src/labels.c.o"
  "CMakeFiles/leaklab_corpus.dir/src/labels.c.o.d"
  "CMakeFiles/leaklab_corpus.dir/src/scoring.c.o"
  "CMakeFiles/leaklab_corpus.dir/src/scoring.c.o.d"
  "libleaklab_corpus.a"
  "libleaklab_corpus.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/leaklab_corpus.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
