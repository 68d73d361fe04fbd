/* Groups assemblies by what they have in common — origin, name pattern,
 * version, the types they define and their base types — and follows how
 * many of each group are loaded over the run. The analyzer's answer to
 * scrolling through `!dumpdomain` for minutes. */
#ifndef LEAKLAB_ASSEMBLY_GROUPS_H
#define LEAKLAB_ASSEMBLY_GROUPS_H

#include "leaklab/result.h"
#include "leaklab/snapshot.h"
#include "series.h"

/* The survival rule's window (analysis.c): the most recent snapshot
 * intervals whose surviving loads each group keeps. */
#define LL_SURVIVAL_WINDOW 8

#define LL_GROUP_EXAMPLES 3

typedef struct ll_group {
    char origin[8];
    char name_pattern[128]; /* "random 8-character", or the name with digits as # */
    char version[32];
    long seen;              /* assemblies ever loaded */
    long alive;             /* loaded now */
    double first_iteration, last_iteration;
    char *examples[LL_GROUP_EXAMPLES]; /* the first names */
    size_t example_count;
    ll_module representative; /* the first assembly: name, version, origin, types, refs */
    ll_series *alive_series;/* from when the group has two members */
    /* Assemblies loaded in each of the last LL_SURVIVAL_WINDOW snapshot
     * intervals (by interval % window) that are still loaded and count
     * (see ll__groups_count_domain). */
    long survivors[LL_SURVIVAL_WINDOW];
} ll_group;

typedef struct ll_groups ll_groups;

ll_groups *ll__groups_new(void);
void ll__groups_free(ll_groups *g);
/* A "typeset" record; returns 0 or -1 with ERR. */
int ll__groups_add_typeset(ll_groups *g, const ll_record *rec, ll_error *err);
/* An "assembly" record (its typeset described before); returns 0 or -1. */
int ll__groups_add(ll_groups *g, const ll_record *rec, ll_error *err);
/* An "unload" record; returns 0 or -1 with ERR (unknown id). */
int ll__groups_unload(ll_groups *g, const ll_record *rec, ll_error *err);
/* Records each group's loaded count at a snapshot, which closes a
 * snapshot interval. */
void ll__groups_sample(ll_groups *g, double iteration);
/* Which assemblies the survival rule counts: those of domain ROOT (an id),
 * or of every domain when ALL (each snapshot follows the unload of the
 * domains before it); by default, every domain. */
void ll__groups_count_domain(ll_groups *g, long root, int all);
/* Whether GROUP gained counted assemblies, still loaded, in each of the
 * last R closed snapshot intervals (R <= LL_SURVIVAL_WINDOW; the loads
 * before the first snapshot never count); their number in *GAINED. */
int ll__group_survives(const ll_groups *g, const ll_group *group, int r, long *gained);
size_t ll__groups_count(const ll_groups *g);
const ll_group *ll__groups_at(const ll_groups *g, size_t i);

/* Groups whose first assembly the views list (`dumpmodule -mt`), in the
 * order the suspects name them. */
typedef struct ll_group_list {
    const ll_group **items;
    size_t count;
} ll_group_list;
/* 0, or -1 out of memory. */
int ll__group_list_add(ll_group_list *l, const ll_group *g);

#endif
