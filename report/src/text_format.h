/* Text formatting shared by the analyzer's text reports (text_format.c). */
#ifndef LEAKLAB_TEXT_FORMAT_H
#define LEAKLAB_TEXT_FORMAT_H

#include "leaklab/comparison.h"
#include "leaklab/result.h"

#include <stddef.h>

#define COUNT_TEXT_LEN 32

const char *ll__count_text(double v, char buf[COUNT_TEXT_LEN]);
const char *ll__percent_text(double share, char buf[COUNT_TEXT_LEN]);
/* Bytes as "12.3 MB", signed when SIGN; "-" when unknown. */
const char *ll__bytes_text(double bytes, char *buf, size_t len, int sign);
/* A signed growth: bytes in human units, or a count with three decimals. */
const char *ll__growth_text(double value, int bytes, char *buf, size_t len);

/* How a sweep's failed attempt ended: "died of SIGABRT", "exited with
 * status 2". Returns BUF. */
const char *ll__failure_text(const ll_sweep_failure *f, char *buf, size_t len);
/* The verdict as the report's first line says it: "leak (kind: native,
 * minor: +39.1 kB/call, +1 GB after 27k calls)". */
const char *ll__verdict_headline(const ll_report *report, char *buf, size_t len);
/* What the series is measured per: "iteration", "dump", "second"... */
const char *ll__x_unit_text(const ll_report *report);
/* A retention path as "ROOT -> Type.field -> ... -> Type", a repeated
 * link with its count; cut to LEN. Returns BUF. */
const char *ll__chain_text(const ll_retention_path *p, char *buf, size_t len);
/* Whether R is measured per iteration (a run, not dumps or samples). */
int ll__report_per_iteration(const ll_report *r);

#endif
