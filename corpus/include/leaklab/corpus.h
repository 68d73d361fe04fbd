/* The detector's regression corpus: a labels file says, for each input (a
 * snapshot series, or debugger/counters outputs to import), which verdicts
 * are right, which kind a leak must have, which kinds must never be named,
 * a word the suspect's generator must mention and the type names the
 * suspects must name. This library reads the
 * labels, scores reports against them and presents the result; it runs no
 * analysis itself (cli/corpus.c does).
 *
 *   ll_corpus *c = ll_corpus_load("labels.tsv", &err);
 *   for each cell: json_t *outcome = ll_corpus_score(cell, report_json, NULL, seconds);
 *   json_t *result = ll_corpus_result(c, outcomes, baseline, seconds);
 *   ll_corpus_write_text(result, stdout);  or  ll_corpus_write_junit(result, out);
 *
 * The labels format is in README.md ("Regression-testing the detector"). */
#ifndef LEAKLAB_CORPUS_H
#define LEAKLAB_CORPUS_H

#include "leaklab/snapshot.h"

#include <jansson.h>
#include <stdio.h>

typedef struct ll_corpus_cell {
    long line;            /* in the labels file */
    char *input;          /* as written in the labels file */
    int imported;         /* "import:A+B": debugger/counters outputs */
    char **files;         /* resolved against the labels file's folder */
    int file_count;
    json_t *verdicts;     /* allowed verdicts, strings */
    char *kind;           /* the kind a leak must have, or NULL */
    json_t *never;        /* kinds that must not be named, strings */
    char *generator_word; /* or NULL */
    char *notes;
    json_t *names;        /* type names some suspect must name, strings (often empty) */
} ll_corpus_cell;

typedef struct ll_corpus ll_corpus;

/* Reads PATH; NULL with ERR naming the file, line and field. */
ll_corpus *ll_corpus_load(const char *path, ll_error *err);
/* The same from IN (left open), named NAME in errors, its relative inputs
 * resolved against BASE_DIR. */
ll_corpus *ll_corpus_read(FILE *in, const char *name, const char *base_dir, ll_error *err);
const char *ll_corpus_path(const ll_corpus *c);
/* -1 with ERR (file, line, field) when a cell names a file outside the
 * labels file's folder: a labels file from elsewhere must not make the
 * checker read, say, /etc/shadow. */
int ll_corpus_check_inside(const ll_corpus *c, ll_error *err);
size_t ll_corpus_count(const ll_corpus *c);
const ll_corpus_cell *ll_corpus_cell_at(const ll_corpus *c, size_t i);
void ll_corpus_free(ll_corpus *c);

/* The outcome of one cell: what the analyzer's REPORT (its JSON) found, or
 * ERROR when the input could not be analysed, against what the cell
 * expects, with "right" and, when wrong, "why". */
json_t *ll_corpus_score(const ll_corpus_cell *cell, const json_t *report, const char *error, double seconds);

/* The whole result: the OUTCOMES (an array, consumed), the confusion
 * matrices of verdicts and kinds, counts, and, with a BASELINE (a previous
 * result, or NULL), the cells whose outcome changed and how many got
 * worse. */
json_t *ll_corpus_result(const ll_corpus *c, json_t *outcomes, const json_t *baseline, double seconds);

/* 1 when the result should fail: a cell is wrong or worse than the
 * baseline. */
int ll_corpus_failed(const json_t *result);

/* The text report and JUnit XML (one testcase per cell); 0 or -1 on a
 * write error. */
int ll_corpus_write_text(const json_t *result, FILE *out);
int ll_corpus_write_junit(const json_t *result, FILE *out);

/* Checks that BASELINE looks like a result of ll_corpus_result; -1 with
 * ERR (naming NAME) otherwise. */
int ll_corpus_check_baseline(const json_t *baseline, const char *name, ll_error *err);

#endif
