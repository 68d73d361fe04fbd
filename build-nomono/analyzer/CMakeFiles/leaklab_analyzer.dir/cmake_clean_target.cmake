file(REMOVE_RECURSE
  "libleaklab_analyzer.a"
)
