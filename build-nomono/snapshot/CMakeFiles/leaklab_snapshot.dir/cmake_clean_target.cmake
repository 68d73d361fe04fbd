file(REMOVE_RECURSE
  "libleaklab_snapshot.a"
)
