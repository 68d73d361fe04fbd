/* The corpus library's own types, shared by labels.c (reading them),
 * scoring.c (judging against them) and corpus_output.c (presenting). */
#ifndef LEAKLAB_CORPUS_INTERNAL_H
#define LEAKLAB_CORPUS_INTERNAL_H

#include "leaklab/corpus.h"

#include <jansson.h>

struct ll_corpus_labels {
    json_t *verdicts;     /* allowed verdicts, strings */
    char *kind;           /* the kind a leak must have, or NULL */
    json_t *never;        /* kinds that must not be named, strings */
    char *generator_word; /* or NULL */
    char *notes;
    json_t *names; /* type names some suspect must name, strings (often empty) */
};

struct ll_corpus_result {
    char *labels;     /* the labels file's path */
    json_t *outcomes; /* each cell's, in order */
    json_t *doc;      /* the whole result, once finished or read back */
};

#endif
