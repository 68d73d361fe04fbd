file(REMOVE_RECURSE
  "libleaklab_import.a"
)
