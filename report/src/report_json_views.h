/* The report's SOS-like views as JSON, both ways (report_json_views.c):
 * the "views" member of `leaklab analyze --format json` (README.md, "The
 * JSON report"). */
#ifndef LEAKLAB_REPORT_JSON_VIEWS_H
#define LEAKLAB_REPORT_JSON_VIEWS_H

#include "json_reader.h"

#include "leaklab/result.h"

json_t *ll__views_json(const ll_views *v);
/* The "views" object V read back into VIEWS; RD fails, naming the field,
 * on a missing or mistyped one. */
void ll__views_read(jr_reader *rd, const json_t *v, ll_views *views);

#endif
