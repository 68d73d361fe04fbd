/* The survival rule (survival.c): memlab's repeat-and-diff, per assembly
 * group. */
#ifndef LEAKLAB_SURVIVAL_H
#define LEAKLAB_SURVIVAL_H

#include "assembly_groups.h"

/* Adds the groups that pass the rule to REPORT's suspects (and their
 * representatives to MODULES), their gain per iteration from SPACING
 * (iterations per snapshot interval); returns how many passed. */
size_t ll__survival_suspects(const ll_groups *groups, double spacing, ll_report *report, ll_group_list *modules);

#endif
