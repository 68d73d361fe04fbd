/* The typed result (result.h): its names, and making and freeing one. */
#include "leaklab/result.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name, *unit, *meaning, *field;
} series_names[LL_SERIES_COUNT] = {
    [LL_SERIES_RSS] = {"rss", "bytes", "resident memory of the whole process", LL_PATH_RSS},
    [LL_SERIES_MANAGED] = {"managed", "bytes", "GC heap in use after a full collection", LL_PATH_GC_USED},
    [LL_SERIES_NATIVE] = {"native", "bytes", "malloc'd memory in use (the runtime's own metadata included)",
                          LL_PATH_MALLOC_IN_USE},
    [LL_SERIES_ASSEMBLIES] = {"assemblies", "assemblies", "assemblies loaded", LL_PATH_ASSEMBLIES_LOADED},
};

const char *ll_verdict_name(ll_verdict v)
{
    return v == LL_LEAK ? "leak" : v == LL_NO_LEAK ? "no-leak" : "inconclusive";
}

const char *ll_leak_kind_name(ll_leak_kind kind)
{
    static const char *const names[] = {"none", "assembly", "managed", "native", "mixed"};
    return names[kind];
}

const char *ll_basis_name(ll_basis basis)
{
    static const char *const names[] = {"trend", "composition", "dump-diff", "survival"};
    return names[basis];
}

const char *ll_series_name(ll_series_id series)
{
    return series_names[series].name;
}

const char *ll_series_field(ll_series_id series)
{
    return series_names[series].field;
}

const char *ll_series_unit(ll_series_id series)
{
    return series_names[series].unit;
}

const char *ll_series_meaning(ll_series_id series)
{
    return series_names[series].meaning;
}

int ll_series_index(const char *name)
{
    for (int k = 0; k < LL_SERIES_COUNT; k++)
        if (strcmp(series_names[k].name, name) == 0)
            return k;
    return -1;
}

const char *ll_grade_name(ll_grade grade)
{
    static const char *const names[] = {"tiny", "minor", "major"};
    return names[grade];
}

const char *ll_plot_series_name(ll_plot_series_id series)
{
    static const char *const names[] = {"rss", "gc_heap", "malloc", "managed_images", "assemblies"};
    return names[series];
}

int ll_result_fails_budget(const ll_report *r)
{
    if (r->basis != LL_BASIS_TREND)
        return r->verdict == LL_LEAK;
    for (int k = 0; k < LL_SERIES_COUNT; k++)
        if (r->growth[k].verdict == LL_LEAK && (!r->budget[k].present || r->budget[k].exceeded))
            return 1;
    return 0;
}

ll_report *ll_result_new(void)
{
    ll_report *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->verdict = LL_INCONCLUSIVE;
    r->input.ms_per_call = NAN;
    r->native_sites_of_malloc = NAN;
    return r;
}

int ll_string_list_add(char ***list, size_t *count, const char *text)
{
    char **grown = realloc(*list, (*count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    *list = grown;
    if (!(grown[*count] = strdup(text)))
        return -1;
    (*count)++;
    return 0;
}

ll_suspect *ll_result_add_suspect(ll_report *r)
{
    ll_suspect *grown = realloc(r->suspects, (r->suspect_count + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    r->suspects = grown;
    ll_suspect *s = &grown[r->suspect_count++];
    memset(s, 0, sizeof *s);
    s->per_iteration = s->p_value = s->bytes_per_assembly = NAN;
    return s;
}

ll_suspect *ll_result_add_suspect_text(ll_report *r, ll_suspect_source source, const char *name, const char *origin,
                                       long loaded, const char *signature, const char *generator, const char *fix)
{
    ll_suspect *s = ll_result_add_suspect(r);
    if (!s)
        return NULL;
    s->source = source;
    s->name_pattern = strdup(name);
    s->origin = strdup(origin);
    s->version = strdup("-");
    s->loaded = loaded;
    s->signature = strdup(signature);
    s->generator = strdup(generator);
    s->fix = strdup(fix);
    return s;
}

static void free_strings(char **list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(list[i]);
    free(list);
}

static void free_failure(ll_failure *f)
{
    free(f->exception_type);
    free(f->exception_message);
    free(f->exception_stack);
}

static void free_plot(ll_plot *p)
{
    for (int s = 0; s < LL_PLOT_SERIES_COUNT; s++)
        free(p->series[s].buckets);
    free(p->unloads);
    for (size_t i = 0; i < p->failure_count; i++)
        free_failure(&p->failures[i]);
    free(p->failures);
    for (size_t i = 0; i < p->group_count; i++) {
        free(p->groups[i].name_pattern);
        free(p->groups[i].origin);
        free(p->groups[i].generator);
        free(p->groups[i].points);
    }
    free(p->groups);
}

double ll_recorded_value(const ll_recorded_figure *x)
{
    return x->kind == LL_RECORDED_INTEGER ? (double)x->integer : x->kind == LL_RECORDED_REAL ? x->real : NAN;
}

double ll_recorded_number(const ll_recorded_figures *f, const char *name)
{
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->items[i].name, name) == 0)
            return ll_recorded_value(&f->items[i]);
    return NAN;
}

int ll_recorded_add(ll_recorded_figures *f, const char *name, const ll_value *value)
{
    static const ll_recorded_kind kinds[] = {
        [LL_VALUE_INTEGER] = LL_RECORDED_INTEGER, [LL_VALUE_REAL] = LL_RECORDED_REAL,
        [LL_VALUE_BOOLEAN] = LL_RECORDED_BOOLEAN, [LL_VALUE_STRING] = LL_RECORDED_STRING,
        [LL_VALUE_NULL] = LL_RECORDED_NULL};
    if (value->kind == LL_VALUE_ABSENT || value->kind == LL_VALUE_OBJECT || value->kind == LL_VALUE_ARRAY)
        return 1;
    ll_recorded_figure *grown = realloc(f->items, (f->count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    f->items = grown;
    ll_recorded_figure x = {.kind = kinds[value->kind], .integer = value->integer, .real = value->number};
    x.name = strdup(name);
    x.text = value->kind == LL_VALUE_STRING ? strdup(value->string) : NULL;
    if (!x.name || (value->kind == LL_VALUE_STRING && !x.text)) {
        free(x.name);
        free(x.text);
        return -1;
    }
    f->items[f->count++] = x;
    return 0;
}

static void free_recorded(ll_recorded_figures *f)
{
    for (size_t i = 0; i < f->count; i++) {
        free(f->items[i].name);
        free(f->items[i].text);
    }
    free(f->items);
}

void ll_module_clear(ll_module *m)
{
    free(m->name);
    free(m->version);
    free(m->origin);
    for (size_t i = 0; i < m->type_count; i++) {
        free(m->types[i].name);
        free(m->types[i].base);
    }
    free(m->types);
    free_strings(m->refs, m->ref_count);
    memset(m, 0, sizeof *m);
}

static char *copy_or_null(const char *s, int *failed)
{
    char *copy = s ? strdup(s) : NULL;
    *failed |= s && !copy;
    return copy;
}

int ll_module_copy(ll_module *to, const ll_module *from)
{
    int failed = 0;
    *to = (ll_module){copy_or_null(from->name, &failed), copy_or_null(from->version, &failed),
                      copy_or_null(from->origin, &failed), NULL, 0, NULL, 0};
    to->types = from->type_count ? calloc(from->type_count, sizeof *to->types) : NULL;
    failed |= from->type_count && !to->types;
    for (size_t i = 0; to->types && i < from->type_count; i++, to->type_count++)
        to->types[i] = (ll_module_type){copy_or_null(from->types[i].name, &failed),
                                        copy_or_null(from->types[i].base, &failed)};
    for (size_t i = 0; i < from->ref_count; i++)
        failed |= ll_string_list_add(&to->refs, &to->ref_count, from->refs[i]) < 0;
    if (failed)
        ll_module_clear(to);
    return failed ? -1 : 0;
}

static void free_views(ll_views *v)
{
    for (size_t i = 0; i < v->address_row_count; i++) {
        free(v->address_rows[i].kind);
        free_recorded(&v->address_rows[i].first);
        free_recorded(&v->address_rows[i].last);
    }
    free(v->address_rows);
    for (int i = 0; i < 2; i++) {
        free_recorded(&v->gc[i]);
        free_recorded(&v->malloc[i]);
    }
    free_recorded(&v->assemblies_by_domain);
    for (size_t i = 0; i < v->counter_move_count; i++)
        free(v->counters_moved[i].counter);
    free(v->counters_moved);
    for (size_t i = 0; i < v->repeated_group_count; i++) {
        free(v->repeated_groups[i].name_pattern);
        free(v->repeated_groups[i].origin);
        free_strings(v->repeated_groups[i].examples, v->repeated_groups[i].example_count);
    }
    free(v->repeated_groups);
    for (size_t i = 0; i < v->module_count; i++)
        ll_module_clear(&v->modules[i]);
    free(v->modules);
    for (size_t i = 0; i < v->dumpheap_count; i++)
        free(v->dumpheap[i].type);
    free(v->dumpheap);
}

static void free_growth(ll_type_growth *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(list[i].type);
        free(list[i].points);
        free(list[i].callers);
        ll_retention_free(list[i].retention);
    }
    free(list);
}

static void clear_suspect(ll_suspect *s)
{
    free(s->name_pattern);
    free(s->origin);
    free(s->version);
    free(s->signature);
    free(s->generator);
    free(s->fix);
    free(s->kept_by);
    ll_retention_free(s->retention);
    free_strings(s->examples, s->example_count);
}

void ll_result_remove_suspect(ll_report *r, size_t i)
{
    clear_suspect(&r->suspects[i]);
    memmove(r->suspects + i, r->suspects + i + 1, (r->suspect_count - i - 1) * sizeof *r->suspects);
    r->suspect_count--;
}

void ll_result_free(ll_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->suspect_count; i++)
        clear_suspect(&r->suspects[i]);
    free(r->suspects);
    free(r->verdict_note);
    free_growth(r->growth_by_type, r->growth_by_type_count);
    free_growth(r->native_sites, r->native_site_count);
    for (int i = 0; i < LL_COMPOSITION_RULES; i++)
        free(r->composition.rules[i].rule);
    free_strings(r->composition.notes, r->composition.note_count);
    free(r->composition.heap.repeated_type);
    free(r->composition.confirm_with);
    ll_dump_growth_free(r->diff);
    free_plot(&r->plot);
    free(r->input.file);
    free_failure(&r->input.first_failure);
    free(r->run.scenario);
    free(r->run.context);
    free(r->run.entry);
    free(r->run.mono_version);
    free(r->run.runtime);
    free(r->run.runtime_version);
    free(r->run.x_unit);
    free_views(&r->views);
    free_strings(r->warnings, r->warning_count);
    free(r);
}

const ll_diff_figure *ll_diff_span_figure(const ll_diff_span *span, const char *name)
{
    for (size_t i = 0; span && i < span->figure_count; i++)
        if (strcmp(span->figures[i].name, name) == 0)
            return &span->figures[i];
    return NULL;
}

void ll_diff_span_free(ll_diff_span *span)
{
    free(span->sources[0]);
    free(span->sources[1]);
    for (size_t i = 0; i < span->figure_count; i++)
        free(span->figures[i].name);
    free(span->figures);
    for (size_t i = 0; i < span->type_count; i++)
        free(span->types[i].type);
    free(span->types);
    memset(span, 0, sizeof *span);
}

void ll_dump_growth_free(ll_dump_growth *g)
{
    if (!g)
        return;
    ll_diff_span_free(&g->whole);
    for (size_t i = 0; i < g->group_count; i++) {
        ll_diff_group *d = &g->groups[i];
        free(d->name_pattern);
        free(d->origin);
        free(d->version);
        free(d->generator);
        free_strings(d->examples, d->example_count);
    }
    free(g->groups);
    for (size_t i = 0; i < g->interval_count; i++)
        ll_diff_span_free(&g->intervals[i]);
    free(g->intervals);
    free(g->pattern);
    free(g);
}
