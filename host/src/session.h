/* The recorder's side of a scenario session (scenario_session.c). */
#ifndef LEAKLAB_SESSION_H
#define LEAKLAB_SESSION_H

#include "leaklab/host.h"

#include <jansson.h>

/* After a call: appends the inventory's events to RECORDS (NULL: dropped) and unloads the
 * collectible context when a recycle is due or FORCE_RECYCLE is set. */
void ll__scenario_session_after_call(ll_scenario_session *s, int iteration, int force_recycle, json_t *records);

#endif
