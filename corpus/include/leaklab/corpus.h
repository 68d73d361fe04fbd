/* The detector's regression corpus: a labels file says, for each input (a
 * snapshot series, or debugger/counters outputs to import), which verdicts
 * are right, which kind a leak must have, which kinds must never be named,
 * a word the suspect's generator must mention and the type names the
 * suspects must name. This library reads the
 * labels, scores reports against them and presents the result; it runs no
 * analysis itself (cli/corpus.c does).
 *
 *   ll_corpus *c = ll_corpus_load("labels.tsv", &err);
 *   ll_corpus_result *r = ll_corpus_result_new(c);
 *   for each cell: ll_corpus_score(r, cell, report_json_text, NULL, seconds);
 *   ll_corpus_finish(r, baseline, seconds);
 *   ll_corpus_write_text(r, stdout);  or  ll_corpus_write_junit(r, out);
 *
 * The labels format is in README.md ("Regression-testing the detector"). */
#ifndef LEAKLAB_CORPUS_H
#define LEAKLAB_CORPUS_H

#include "leaklab/error.h"

#include <stddef.h>
#include <stdio.h>

/* What a cell expects (verdicts, kind, never, generator, notes, names):
 * read by the scoring alone. */
typedef struct ll_corpus_labels ll_corpus_labels;

typedef struct ll_corpus_cell {
    long line;    /* in the labels file */
    char *input;  /* as written in the labels file */
    int imported; /* "import:A+B": debugger/counters outputs */
    char **files; /* resolved against the labels file's folder */
    int file_count;
    ll_corpus_labels *labels;
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

/* A check's result: each cell's outcome, then (ll_corpus_finish) the
 * confusion matrices of verdicts and kinds, the counts and the changes
 * since a baseline; or a saved one read back, to be a baseline. */
typedef struct ll_corpus_result ll_corpus_result;

ll_corpus_result *ll_corpus_result_new(const ll_corpus *c);
/* Scores CELL: what the analyzer's JSON report (REPORT_JSON, its text)
 * found, or ERROR when the input could not be analysed (REPORT_JSON
 * NULL), against what the cell expects, with "right" and, when wrong,
 * "why". Returns 0, or -1 when out of memory. */
int ll_corpus_score(ll_corpus_result *r, const ll_corpus_cell *cell, const char *report_json, const char *error,
                    double seconds);
/* Adds the matrices and counts, and with a BASELINE (or NULL) the cells
 * whose outcome changed since and how many got worse. */
void ll_corpus_finish(ll_corpus_result *r, const ll_corpus_result *baseline, double seconds);
/* A saved result (`corpus check --format json`), checked to be one; NULL
 * with ERR naming PATH (and the line, or the field) otherwise. */
ll_corpus_result *ll_corpus_result_load(const char *path, ll_error *err);
/* The same from TEXT, named NAME in errors. */
ll_corpus_result *ll_corpus_result_parse(const char *text, const char *name, ll_error *err);
void ll_corpus_result_free(ll_corpus_result *r);

/* 1 when the result should fail: a cell is wrong or worse than the
 * baseline. */
int ll_corpus_failed(const ll_corpus_result *r);
/* Cells worse than the baseline. */
long ll_corpus_worse_than_baseline(const ll_corpus_result *r);

/* The text report, JUnit XML (one testcase per cell) and the JSON
 * document; 0, or -1 on a write error. */
int ll_corpus_write_text(const ll_corpus_result *r, FILE *out);
int ll_corpus_write_junit(const ll_corpus_result *r, FILE *out);
int ll_corpus_write_json(const ll_corpus_result *r, FILE *out);

#endif
