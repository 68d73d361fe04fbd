/* The survival rule: an assembly leak called in a few calls, before a trend
 * test has the points it needs. Like memlab's repeat-and-diff: repeat the
 * action, and look at what each repetition left that is still there. A
 * group that gained assemblies in each of the last LL_SURVIVAL_INTERVALS
 * snapshot intervals, every one still loaded at the last snapshot, is
 * leaking them: an assembly loaded into a domain that is never unloaded
 * (the root domain, or a domain already recycled) cannot go away, so each
 * interval's survivors are kept for good.
 *
 * Why five: on the recorded corpus cut short, five intervals call the
 * customer's proxy-per-call, bytes-leak and emit-leak at six calls with no
 * new false positive, while three also flag a cache of four or five
 * proxies filling up (README.md, "How the verdict is decided"). */
#include "survival.h"

#include "generators.h"
size_t ll__survival_suspects(const ll_groups *groups, double spacing, ll_report *report, ll_group_list *modules)
{
    size_t passed = 0;
    for (size_t i = 0; i < ll__groups_count(groups); i++) {
        const ll_group *g = ll__groups_at(groups, i);
        long gained;
        if (!ll__group_survives(groups, g, LL_SURVIVAL_INTERVALS, &gained))
            continue;
        passed++;
        ll_suspect *s = ll_result_add_suspect(report);
        if (!s || ll__group_suspect(g, s) < 0)
            continue;
        s->per_iteration = (double)gained / (LL_SURVIVAL_INTERVALS * spacing);
        ll__group_list_add(modules, g);
    }
    return passed;
}
