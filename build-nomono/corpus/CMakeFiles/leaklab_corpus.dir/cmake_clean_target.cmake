file(REMOVE_RECURSE
  "libleaklab_corpus.a"
)
