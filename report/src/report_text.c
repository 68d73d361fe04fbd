/* The report for people: the verdict first, then the evidence, the
 * suspects with their fix, and SOS-like views. Rendered from the typed
 * result, like the JSON and HTML reports, so all three say the same
 * thing. */
#include "leaklab/report.h"
#include "text_format.h"

#include <math.h>
#include <string.h>

static void write_headline(const ll_report *r, FILE *out)
{
    char n1[COUNT_TEXT_LEN], n2[COUNT_TEXT_LEN], n3[COUNT_TEXT_LEN];
    char headline[256];
    const char *x_unit = ll__x_unit_text(r);
    ll_text_printf(out, "verdict: %s", ll__verdict_headline(r, headline, sizeof headline));
    /* "default", or "default, coreclr" for a runtime other than Mono. */
    char context[128];
    snprintf(context, sizeof context, "%s%s%s", r->run.context ? r->run.context : "-",
             r->run.runtime && strcmp(r->run.runtime, "mono") != 0 ? ", " : "",
             r->run.runtime && strcmp(r->run.runtime, "mono") != 0 ? r->run.runtime : "");
    if (strcmp(x_unit, "iteration") == 0)
        ll_text_printf(out, "\nrun:     %s [%s], %s iterations, %s snapshots, warm-up %s iterations discarded\n",
                r->run.scenario ? r->run.scenario : r->run.entry ? r->run.entry : "-",
                context, ll__count_text((double)r->input.iterations, n1),
                ll__count_text((double)r->input.snapshots, n2), ll__count_text(r->input.warmup_iterations, n3));
    else
        ll_text_printf(out, "\ninput:   %s, %s snapshots (one per %s)\n", r->run.entry ? r->run.entry : "-",
                ll__count_text((double)r->input.snapshots, n2), x_unit);
    if (r->basis == LL_BASIS_DUMP_DIFF) {
        const char *pattern = r->diff ? r->diff->pattern : NULL;
        ll_text_printf(out, "basis:   SUSPECTED from what grew between %s dumps, not from a trend test: %s\n",
                ll__count_text(r->diff ? (double)r->diff->dumps : NAN, n1), pattern ? pattern : "-");
    } else if (r->basis == LL_BASIS_SURVIVAL) {
        ll_text_printf(out, "basis:   survival: each of the last %d snapshot intervals left assemblies of the same "
                            "group loaded (the trend test alone does not show it, or not yet)\n", LL_SURVIVAL_INTERVALS);
    } else if (r->suspected) {
        ll_text_printf(out, "basis:   SUSPECTED from the composition of a single snapshot, not from a trend\n");
    } else if (r->basis == LL_BASIS_COMPOSITION) {
        ll_text_printf(out, "basis:   too few snapshots for a trend; composition of the last one shown below\n");
    }
    if (r->input.failed_iterations > 0) {
        const ll_failure *f = &r->input.first_failure;
        ll_text_printf(out, "failed:  %s iterations; first at %s: %s\n", ll__count_text((double)r->input.failed_iterations, n1),
                r->input.has_first_failure ? ll__count_text((double)f->iteration, n2) : "-",
                f->exception_message ? f->exception_message : "-");
    }
    if (r->verdict_note)
        ll_text_printf(out, "held:    %s\n", r->verdict_note);
    else if (r->more_iterations_needed)
        ll_text_printf(out, "         about %ld more %ss would settle it\n", r->more_iterations_needed, x_unit);
    if (r->has_shares)
        ll_text_printf(out, "shares:  assembly %.0f %%, managed %.0f %%, native %.0f %%\n", 100 * r->share_assembly,
                100 * r->share_managed, 100 * r->share_native);
    if (r->has_memory_split)
        ll_text_printf(out, "where:   %.0f %% in the GC heap, %.0f %% outside it (runtime, malloc, mappings)\n",
                100 * r->split_gc_heap, 100 * r->split_outside_gc_heap);
    if (r->has_projection)
        ll_text_printf(out, "projection: at this rate, +1 GB after %s more %ss\n",
                ll__count_text(ceil(1073741824.0 / r->projection_bytes_per_iteration), n1),
                strcmp(x_unit, "iteration") == 0 ? "call" : x_unit);
    for (size_t i = 0; i < r->warning_count; i++)
        ll_text_printf(out, "warning: %s\n", r->warnings[i]);
}

static void write_growth(const ll_report *r, FILE *out)
{
    char per[48];
    snprintf(per, sizeof per, "per %s", ll__x_unit_text(r));
    ll_text_printf(out, "\ngrowth %s (Theil-Sen slope, 95 %% interval; Mann-Kendall one-sided p)\n", per);
    ll_text_printf(out, "  %-11s %14s %29s %10s %7s %14s  %s\n", "series", per, "95% interval", "p", "tau", "floor", "verdict");
    for (int k = 0; k < LL_SERIES_COUNT; k++) {
        const ll_growth *g = &r->growth[k];
        const char *name = ll_series_name(k);
        int bytes = strcmp(ll_series_unit(k), "bytes") == 0;
        if (g->points == 0) {
            ll_text_printf(out, "  %-11s %14s %29s %10s %7s %14s  %s\n", name, "-", "-", "-", "-", "-",
                    g->measured ? ll_verdict_name(g->verdict) : "not measured");
            continue;
        }
        char a[32], b[32], c[32], t[32], interval[72];
        if (bytes) {
            ll__bytes_text(g->per_iteration, a, sizeof a, 1);
            snprintf(interval, sizeof interval, "[%s, %s]", ll__bytes_text(g->ci95[0], b, sizeof b, 1),
                     ll__bytes_text(g->ci95[1], c, sizeof c, 1));
            ll__bytes_text(g->floor, t, sizeof t, 0);
        } else {
            snprintf(a, sizeof a, "%+.3f", g->per_iteration);
            snprintf(interval, sizeof interval, "[%+.3f, %+.3f]", g->ci95[0], g->ci95[1]);
            snprintf(t, sizeof t, "%.3f", g->floor);
        }
        char below[96] = "";
        if (g->small == LL_SMALL_GROWTH_BELOW_RESOLUTION)
            snprintf(below, sizeof below, " (below resolution: at most %s)",
                     ll__growth_text(g->small_at_most, bytes, c, sizeof c));
        else if (g->small == LL_SMALL_GROWTH_LEVELLED_OFF)
            snprintf(below, sizeof below, " (levelled off: last half at most %s)",
                     ll__growth_text(g->small_at_most, bytes, c, sizeof c));
        ll_text_printf(out, "  %-11s %14s %29s %10.2g %7.2f %14s  %s%s\n", name, a, interval, g->p_value, g->tau, t,
                ll_verdict_name(g->verdict), below);
    }
}

/* Each path of R with its share of the instances, indented. */
static void write_paths(const ll_retention *r, FILE *out)
{
    char chain[2048], share[COUNT_TEXT_LEN], retained[32];
    for (size_t k = 0; k < r->path_count; k++) {
        const ll_retention_path *p = &r->paths[k];
        ll_text_printf(out, "       %s of them: %s %s", isnan(p->share) ? "-" : ll__percent_text(p->share, share),
                       p->root_kind, ll__chain_text(p, chain, sizeof chain));
        if (!isnan(p->owner_retained))
            ll_text_printf(out, " (its root's object keeps %s)", ll__bytes_text(p->owner_retained, retained,
                                                                               sizeof retained, 0));
        ll_text_printf(out, "\n");
    }
    if (r->unreachable_count > 0)
        ll_text_printf(out, "       %.0f of them reached from no root the capture saw\n", r->unreachable_count);
}

/* Who keeps the types that grew, at the run's last heap capture. */
static void write_retention_of_types(const ll_report *r, FILE *out)
{
    size_t shown = 0;
    for (size_t i = 0; i < r->growth_by_type_count; i++) {
        const ll_type_growth *g = &r->growth_by_type[i];
        if (!g->retention || g->retention->path_count == 0)
            continue;
        if (shown++ == 0)
            ll_text_printf(out, "\nkept by (the shortest paths from a GC root, at the last heap capture)\n");
        ll_text_printf(out, "  %s (%.0f objects)\n", g->type, g->retention->instances);
        write_paths(g->retention, out);
    }
}

/* "what grows, by type", under the growth table. */
static void write_growth_by_type(const ll_report *r, FILE *out)
{
    if (!r->has_growth_by_type)
        return;
    const char *x_unit = ll__x_unit_text(r);
    const char *source = strcmp(x_unit, "dump") == 0 ? "dump's !dumpheap -stat" : "heap-shot";
    if (r->growth_by_type_by_trend)
        ll_text_printf(out, "\nwhat grows, by type (live objects at each %s, after warm-up)\n", source);
    else
        ll_text_printf(out, "\nwhat grows, by type (live objects at each %s, from the first to the last: too few "
                            "for a trend)\n", source);
    if (r->growth_by_type_count == 0) {
        ll_text_printf(out, "  no type grows\n");
        return;
    }
    ll_text_printf(out, "  %12s %12s %27s %6s  %-10s %s\n", "objects", "bytes", "95% interval", "share", "verdict",
                   "type");
    for (size_t i = 0; i < r->growth_by_type_count; i++) {
        const ll_type_growth *g = &r->growth_by_type[i];
        char a[32], b[32], c[32], interval[72], share[COUNT_TEXT_LEN], objects[32];
        snprintf(objects, sizeof objects, fabs(g->count_per_iteration) >= 100 ? "%+.0f" : "%+.3g",
                 g->count_per_iteration);
        if (isnan(g->ci95[0]))
            snprintf(interval, sizeof interval, "-");
        else
            snprintf(interval, sizeof interval, "[%s, %s]", ll__bytes_text(g->ci95[0], b, sizeof b, 1),
                     ll__bytes_text(g->ci95[1], c, sizeof c, 1));
        ll_text_printf(out, "  %12s %12s %27s %6s  %-10s %s\n", objects, ll__bytes_text(g->bytes_per_iteration, a, sizeof a, 1),
                       interval, isnan(g->share) ? "-" : ll__percent_text(g->share, share), ll_verdict_name(g->verdict),
                       g->type);
    }
    ll_text_printf(out, "  (objects and bytes per %s; share: of the growth of all the types together)\n", x_unit);
    write_retention_of_types(r, out);
}

/* "native allocation sites", after what grows by type. */
static void write_native_sites(const ll_report *r, FILE *out)
{
    if (!r->has_native_sites)
        return;
    const char *x_unit = ll__x_unit_text(r);
    ll_text_printf(out, "\nnative allocation sites (heaptrack's leaked bytes by allocating function, %s)\n",
                   r->native_sites_by_trend ? "after warm-up" : "from the first to the last: too few for a trend");
    if (r->native_site_count == 0) {
        ll_text_printf(out, "  no site grows\n");
        return;
    }
    ll_text_printf(out, "  %12s %6s %12s  %-12s %s\n", "bytes", "share", "leaked", "verdict", "site < called from");
    for (size_t i = 0; i < r->native_site_count; i++) {
        const ll_type_growth *g = &r->native_sites[i];
        char a[32], b[32], share[COUNT_TEXT_LEN];
        ll_text_printf(out, "  %12s %6s %12s  %-12s %s%s%s\n", ll__bytes_text(g->bytes_per_iteration, a, sizeof a, 1),
                       isnan(g->share) ? "-" : ll__percent_text(g->share, share),
                       ll__bytes_text(g->last_bytes, b, sizeof b, 0), ll_verdict_name(g->verdict), g->type,
                       g->callers ? " < " : "", g->callers ? g->callers : "");
    }
    ll_text_printf(out, "  (bytes per %s; share: of all the sites' growth; leaked: at the last point)\n", x_unit);
    if (!isnan(r->native_sites_of_malloc))
        ll_text_printf(out, "  together: %.0f%% of malloc's slope in the same series\n", r->native_sites_of_malloc * 100);
}

static void write_type_suspect(size_t i, const ll_suspect *s, FILE *out)
{
    ll_text_printf(out, "  %zu. %s\n     %s\n     kept by: %s\n", i + 1, s->name_pattern, s->signature,
                   s->kept_by ? s->kept_by : s->generator);
    if (s->retention)
        write_paths(s->retention, out);
    ll_text_printf(out, "     fix: %s\n", s->fix);
}

static void write_suspect(size_t i, const ll_suspect *s, FILE *out)
{
    char loaded[COUNT_TEXT_LEN];
    if (s->source == LL_SUSPECT_GCROOT) {
        ll_text_printf(out, "  %zu. %s, held by %s\n     %s\n     what: %s\n     fix: %s\n", i + 1, s->name_pattern,
                       s->origin, s->signature, s->generator, s->fix);
        return;
    }
    if (s->source == LL_SUSPECT_GROWING_TYPE) {
        write_type_suspect(i, s, out);
        return;
    }
    if (s->source == LL_SUSPECT_HEAP_TABLE) {
        if (strcmp(s->name_pattern, "-") != 0) /* one type, named */
            ll_text_printf(out, "  %zu. %s (%s)\n     %s", i + 1, s->name_pattern, s->origin, s->signature);
        else
            ll_text_printf(out, "  %zu. %s objects on the GC heap (%s)\n     %s", i + 1,
                           ll__count_text((double)s->loaded, loaded), s->origin, s->signature);
        ll_text_printf(out, "\n     generated by: %s\n", s->generator);
        if (s->kept_by)
            ll_text_printf(out, "     kept by: %s\n", s->kept_by);
        ll_text_printf(out, "     fix: %s\n", s->fix);
        return;
    }
    char per[32] = "";
    if (!isnan(s->bytes_per_assembly))
        ll__bytes_text(s->bytes_per_assembly, per, sizeof per, 0);
    char growth[48] = "";
    if (!isnan(s->per_iteration))
        snprintf(growth, sizeof growth, " (%+.2f per call)", s->per_iteration);
    ll_text_printf(out, "  %zu. %s loaded%s, %s names, version %s, loaded from %s%s%s\n", i + 1,
            ll__count_text((double)s->loaded, loaded), growth, s->name_pattern, s->version, s->origin,
            per[0] ? ", about " : "", per);
    ll_text_printf(out, "     e.g. ");
    for (size_t k = 0; k < s->example_count; k++)
        ll_text_printf(out, "%s%s", k ? ", " : "", s->examples[k]);
    ll_text_printf(out, "\n     %s\n     generated by: %s\n", s->signature, s->generator);
    if (s->kept_by)
        ll_text_printf(out, "     kept by: %s\n", s->kept_by);
    ll_text_printf(out, "     fix: %s\n", s->fix);
}

/* The suspects, then what to look at (an inconclusive single snapshot's
 * types) under a heading of its own. */
static void write_suspects(const ll_report *r, FILE *out)
{
    size_t shown = 0, look_at = 0;
    for (size_t i = 0; i < r->suspect_count; i++) {
        if (r->suspects[i].source == LL_SUSPECT_LOOK_AT)
            continue;
        if (shown++ == 0)
            ll_text_printf(out, r->suspects[i].source == LL_SUSPECT_GCROOT && r->verdict == LL_LEAK
                                  ? "\nwhat keeps a collectible context from being unloaded (the roots !gcroot shows)\n"
                              : r->suspects[i].source == LL_SUSPECT_GCROOT
                                  ? "\nwhat keeps the objects !gcroot was asked about (its roots, and what holds them on "
                                    "the way)\n"
                              : r->basis == LL_BASIS_COMPOSITION
                                  ? "\nwhat the snapshot points at (generated-looking assembly groups of two or more; "
                                    "!dumpheap -stat)\n"
                              : r->suspects[i].source == LL_SUSPECT_GROWING_TYPE
                                  ? "\nsuspect types (whose live objects keep growing)\n"
                                  : "\nsuspect assemblies (groups whose loaded count keeps rising)\n");
        write_suspect(shown - 1, &r->suspects[i], out);
    }
    for (size_t i = 0; i < r->suspect_count; i++) {
        const ll_suspect *s = &r->suspects[i];
        if (s->source != LL_SUSPECT_LOOK_AT)
            continue;
        if (look_at++ == 0)
            ll_text_printf(out, "\nwhat to look at (too few snapshots to prove growth; from %s)\n", s->origin);
        ll_text_printf(out, "  %zu. %s: %s\n     why: %s\n     to confirm: %s\n", look_at, s->name_pattern, s->signature,
                       s->generator, s->fix);
    }
}

static void write_address_summary(const ll_views *v, FILE *out)
{
    ll_text_printf(out, "\naddress summary (like !address -summary; size = reserved, rss = resident)\n");
    ll_text_printf(out, "  %-14s %8s %12s %12s   %8s %12s %12s\n", "kind", "regions", "size", "rss", "regions", "size", "rss");
    ll_text_printf(out, "  %-14s %34s   %34s\n", "", "first snapshot", "last snapshot");
    for (size_t i = 0; i < v->address_row_count; i++) {
        const ll_recorded_figures *f = &v->address_rows[i].first, *l = &v->address_rows[i].last;
        char a[32], b[32], c[32], d[32], r1[COUNT_TEXT_LEN], r2[COUNT_TEXT_LEN];
        ll_text_printf(out, "  %-14s %8s %12s %12s   %8s %12s %12s\n", v->address_rows[i].kind,
                ll__count_text(ll_recorded_number(f, LL_FIELD_REGION_COUNT), r1),
                ll__bytes_text(ll_recorded_number(f, LL_FIELD_REGION_SIZE), a, sizeof a, 0),
                ll__bytes_text(ll_recorded_number(f, LL_FIELD_REGION_RSS), b, sizeof b, 0),
                ll__count_text(ll_recorded_number(l, LL_FIELD_REGION_COUNT), r2),
                ll__bytes_text(ll_recorded_number(l, LL_FIELD_REGION_SIZE), c, sizeof c, 0),
                ll__bytes_text(ll_recorded_number(l, LL_FIELD_REGION_RSS), d, sizeof d, 0));
    }
}

static void write_heaps(const ll_views *v, FILE *out)
{
    char a[32], b[32], c[32], d[32];
    ll_text_printf(out, "\nGC heap (like !eeheap -gc)\n");
    ll_text_printf(out, "  heap size %s -> %s, in use %s -> %s\n",
            ll__bytes_text(ll_recorded_number(&v->gc[0], LL_FIELD_GC_HEAP_SIZE), a, 32, 0),
            ll__bytes_text(ll_recorded_number(&v->gc[1], LL_FIELD_GC_HEAP_SIZE), b, 32, 0),
            ll__bytes_text(ll_recorded_number(&v->gc[0], LL_FIELD_GC_USED_SIZE), c, 32, 0),
            ll__bytes_text(ll_recorded_number(&v->gc[1], LL_FIELD_GC_USED_SIZE), d, 32, 0));
    ll_text_printf(out, "native heap (malloc)\n  in use %s -> %s\n",
            ll__bytes_text(ll_recorded_number(&v->malloc[0], LL_FIELD_MALLOC_IN_USE), a, 32, 0),
            ll__bytes_text(ll_recorded_number(&v->malloc[1], LL_FIELD_MALLOC_IN_USE), b, 32, 0));
    ll_text_printf(out, "runtime counters that grew most since the first call, 10 %% or more (like !eeheap -loader)\n");
    for (size_t i = 0; i < v->counter_move_count; i++)
        ll_text_printf(out, "  %-40s %14s -> %s\n", v->counters_moved[i].counter,
                ll__count_text((double)v->counters_moved[i].first, a), ll__count_text((double)v->counters_moved[i].last, b));
}

static void write_domains(const ll_views *v, FILE *out)
{
    ll_text_printf(out, "\ndomains (like !dumpdomain, assemblies grouped)\n");
    char n[COUNT_TEXT_LEN];
    const ll_recorded_figures *domains = &v->assemblies_by_domain;
    for (size_t i = 0; i < domains->count; i++)
        ll_text_printf(out, "  domain %s: %s assemblies loaded\n", domains->items[i].name,
                       ll__count_text(ll_recorded_value(&domains->items[i]), n));
    for (size_t i = 0; i < v->repeated_group_count; i++) {
        const ll_repeated_group *g = &v->repeated_groups[i];
        ll_text_printf(out, "  %6s x %s (%s), e.g. %s\n", ll__count_text((double)g->loaded, n), g->name_pattern, g->origin,
                g->example_count ? g->examples[0] : "-");
    }
}

static const char *or_dash(const char *s)
{
    return s ? s : "-";
}

static void write_modules(const ll_views *v, FILE *out)
{
    for (size_t i = 0; i < v->module_count; i++) {
        const ll_module *m = &v->modules[i];
        ll_text_printf(out, "\ndumpmodule -mt of %s (version %s, %s)\n  Types defined in this module\n", or_dash(m->name),
                       or_dash(m->version), or_dash(m->origin));
        for (size_t k = 0; k < m->type_count; k++)
            ll_text_printf(out, "    %s : %s\n", or_dash(m->types[k].name), or_dash(m->types[k].base));
        ll_text_printf(out, "  Types referenced in this module\n");
        for (size_t k = 0; k < m->ref_count; k++)
            ll_text_printf(out, "    %s\n", m->refs[k]);
    }
}

static void write_composition(const ll_composition *c, FILE *out)
{
    if (!c->present)
        return;
    char a[32], b[32], d[32], e[32];
    ll_text_printf(out, "\ncomposition of the last snapshot (CASE.md's questions)\n");
    ll_text_printf(out, "  committed memory           %12s\n", ll__bytes_text(c->committed_bytes, a, sizeof a, 0));
    char p1[COUNT_TEXT_LEN], p2[COUNT_TEXT_LEN], n1[COUNT_TEXT_LEN], n2[COUNT_TEXT_LEN];
    ll_text_printf(out, "  managed heap               %12s   %7s of committed\n", ll__bytes_text(c->managed_bytes, b, 32, 0),
            ll__percent_text(c->managed_share, p1));
    ll_text_printf(out, "  loader heap (runtime)      %12s   %7s of committed\n", ll__bytes_text(c->loader_heap_bytes, d, 32, 0),
            ll__percent_text(c->loader_heap_share, p2));
    ll_text_printf(out, "  native heap                %12s\n", ll__bytes_text(c->native_heap_bytes, e, 32, 0));
    ll_text_printf(out, "  assemblies loaded          %12s   %s look generated\n", ll__count_text(c->assemblies_loaded, n1),
            ll__count_text((double)c->generated_looking_assemblies, n2));
    for (int i = 0; i < LL_COMPOSITION_RULES; i++)
        ll_text_printf(out, "  [%s] %s\n", c->rules[i].fired ? "x" : " ", c->rules[i].rule);
    for (size_t i = 0; i < c->note_count; i++)
        ll_text_printf(out, "  note: %s\n", c->notes[i]);
    ll_text_printf(out, "  to confirm: %s\n", c->confirm_with);
}

static void write_change_row(const ll_diff_figure *f, FILE *out)
{
    char a[32], b[32], c[32], p[COUNT_TEXT_LEN], n1[COUNT_TEXT_LEN], n2[COUNT_TEXT_LEN];
    if (strcmp(f->name, "assemblies") == 0) {
        ll_text_printf(out, "  %-14s %12s %12s %+13.0f\n", f->name, ll__count_text(f->first, n1), ll__count_text(f->last, n2),
                f->change);
        return;
    }
    ll_text_printf(out, "  %-14s %12s %12s %13s  %s\n", f->name, ll__bytes_text(f->first, a, sizeof a, 0),
            ll__bytes_text(f->last, b, sizeof b, 0), ll__bytes_text(f->change, c, sizeof c, 1),
            f->has_share ? ll__percent_text(f->share, p) : "");
}

/* The change of figure NAME over SPAN, NAN when a dump lacks it. */
static double change_of(const ll_diff_span *span, const char *name)
{
    const ll_diff_figure *f = ll_diff_span_figure(span, name);
    return f ? f->change : NAN;
}

/* What grew between the first and the last dump, then per interval; the
 * types that grew are in "what grows, by type" when it is there. */
static void write_diff(const ll_dump_growth *diff, int types_shown, FILE *out)
{
    if (!diff)
        return;
    const ll_diff_span *whole = &diff->whole;
    ll_text_printf(out, "\ngrowth between dumps (dump %ld -> dump %ld; share: of the committed growth)\n", whole->from,
            whole->to);
    ll_text_printf(out, "  %-14s %12s %12s %13s  %s\n", "", "first", "last", "change", "share");
    for (size_t i = 0; i < whole->figure_count; i++)
        write_change_row(&whole->figures[i], out);
    if (diff->group_count)
        ll_text_printf(out, "  assembly groups that appeared:\n");
    for (size_t i = 0; i < diff->group_count; i++) {
        const ll_diff_group *g = &diff->groups[i];
        char n1[COUNT_TEXT_LEN], n2[COUNT_TEXT_LEN];
        ll_text_printf(out, "    %s -> %s  %s names, version %s, from %s (%s)\n", ll__count_text(g->first, n1),
                ll__count_text(g->last, n2), g->name_pattern, g->version, g->origin, g->generator);
    }
    if (whole->type_count && !types_shown)
        ll_text_printf(out, "  !dumpheap -stat types that grew most:\n");
    for (size_t i = 0; !types_shown && i < whole->type_count; i++) {
        const ll_diff_type *t = &whole->types[i];
        char a[32], n[COUNT_TEXT_LEN];
        ll_text_printf(out, "    %12s %+12.0f objects  %s (now %s)\n", ll__bytes_text(t->size_change, a, sizeof a, 1),
                t->count_change, t->type, ll__count_text(t->count, n));
    }
    if (diff->interval_count < 2)
        return;
    ll_text_printf(out, "  per interval:\n");
    for (size_t i = 0; i < diff->interval_count; i++) {
        const ll_diff_span *span = &diff->intervals[i];
        char a[32], b[32], c[32];
        ll_text_printf(out, "    dump %ld -> %ld: committed %s, GC heap %s, loader heap %s\n", span->from, span->to,
                ll__bytes_text(change_of(span, "committed"), a, sizeof a, 1),
                ll__bytes_text(change_of(span, "gc_heap"), b, sizeof b, 1),
                ll__bytes_text(change_of(span, "loader_heap"), c, sizeof c, 1));
    }
}

/* A heap-shot lists every class (hundreds): the largest are shown. */
#define LARGEST_TYPES_SHOWN 25

static void write_dumpheap(const ll_report *r, FILE *out)
{
    const ll_views *v = &r->views;
    if (v->dumpheap_count == 0)
        return;
    ll_text_printf(out, "\nlargest managed types (from %s)\n",
                   strcmp(ll__x_unit_text(r), "iteration") == 0 ? "the last heap-shot" : "!dumpheap -stat");
    char a[32], n[COUNT_TEXT_LEN];
    for (size_t i = 0; i < v->dumpheap_count; i++) {
        if (i == LARGEST_TYPES_SHOWN) {
            ll_text_printf(out, "  ... and %s more types\n", ll__count_text((double)(v->dumpheap_count - i), n));
            break;
        }
        ll_text_printf(out, "  %12s %10s  %s\n", ll__bytes_text((double)v->dumpheap[i].size, a, sizeof a, 0),
                       ll__count_text((double)v->dumpheap[i].count, n), or_dash(v->dumpheap[i].type));
    }
}

void ll_report_write_text(const ll_report *r, FILE *out)
{
    write_headline(r, out);
    write_growth(r, out);
    write_growth_by_type(r, out);
    write_native_sites(r, out);
    write_diff(r->diff, r->has_growth_by_type, out);
    write_composition(&r->composition, out);
    write_suspects(r, out);
    if (r->has_views) {
        write_address_summary(&r->views, out);
        write_heaps(&r->views, out);
        write_domains(&r->views, out);
        write_dumpheap(r, out);
        write_modules(&r->views, out);
    }
}
