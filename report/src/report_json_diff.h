/* The report's dump-to-dump growth as JSON, both ways (report_json_diff.c):
 * the "diff" member of `leaklab analyze --format json`. */
#ifndef LEAKLAB_REPORT_JSON_DIFF_H
#define LEAKLAB_REPORT_JSON_DIFF_H

#include "json_reader.h"

#include "leaklab/result.h"

/* G as the "diff" object; null when G is NULL. */
json_t *ll__dump_growth_json(const ll_dump_growth *g);
/* The "diff" object J read back, or NULL (out of memory); RD fails,
 * naming the field, on a missing or mistyped one. */
ll_dump_growth *ll__dump_growth_read(jr_reader *rd, const json_t *j);

#endif
