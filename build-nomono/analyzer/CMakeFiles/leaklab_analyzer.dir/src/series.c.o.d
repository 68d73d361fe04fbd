analyzer/CMakeFiles/leaklab_analyzer.dir/src/series.c.o: \
 /work/main/analyzer/src/series.c /usr/include/stdc-predef.h \
 /work/main/analyzer/src/series.h \
 /usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h
