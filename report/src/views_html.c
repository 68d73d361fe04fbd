/* The HTML report's SOS-like views of a run (html_sections.h): the address
 * summary at the first and last snapshot, the runtime counters that moved,
 * the domains' repeated assembly groups, a module per suspect group. */
#include "html_sections.h"

#include "html_writer.h"
#include "svg_chart.h"
#include "text_format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void address_summary_table(const ll_views *v, FILE *out)
{
    ll__html_printf(out, "<details><summary>SOS-like views</summary><h4>Address summary (first, last)</h4><table><tr>"
                 "<th>kind</th><th>size first</th><th>rss first</th><th>size last</th><th>rss last</th></tr>\n");
    for (size_t i = 0; i < v->address_row_count; i++) {
        const ll_recorded_figures *f = &v->address_rows[i].first, *l = &v->address_rows[i].last;
        char a[32], b[32], c[32], d[32];
        ll__html_printf(out, "<tr><td>");
        ll__html_text(out, v->address_rows[i].kind);
        ll__html_printf(out, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                ll__bytes_text(ll_recorded_number(f, LL_FIELD_REGION_SIZE), a, 32, 0),
                ll__bytes_text(ll_recorded_number(f, LL_FIELD_REGION_RSS), b, 32, 0),
                ll__bytes_text(ll_recorded_number(l, LL_FIELD_REGION_SIZE), c, 32, 0),
                ll__bytes_text(ll_recorded_number(l, LL_FIELD_REGION_RSS), d, 32, 0));
    }
    ll__html_printf(out, "</table>");
}

/* Each name of LIST in a <code>, after a space. */
static void code_list(char *const *names, size_t count, FILE *out)
{
    for (size_t i = 0; i < count; i++) {
        ll__html_printf(out, " <code>");
        ll__html_text(out, names[i]);
        ll__html_printf(out, "</code>");
    }
}

static void modules_cards(const ll_views *v, FILE *out)
{
    for (size_t i = 0; i < v->module_count; i++) {
        const ll_module *m = &v->modules[i];
        ll__html_printf(out, "<div class=\"card\"><code>");
        ll__html_text(out, m->name ? m->name : "-");
        ll__html_printf(out, "</code><br>Types defined:");
        for (size_t k = 0; k < m->type_count; k++) {
            ll__html_printf(out, " <code>");
            ll__html_text(out, m->types[k].name ? m->types[k].name : "?");
            ll__html_printf(out, "</code>");
        }
        ll__html_printf(out, "<br>Types referenced:");
        code_list(m->refs, m->ref_count, out);
        ll__html_printf(out, "</div>\n");
    }
}

void ll__html_views(const ll_report *j, FILE *out)
{
    if (!j->has_views)
        return;
    const ll_views *v = &j->views;
    address_summary_table(v, out);
    ll__html_printf(out, "<h4>Runtime counters that moved</h4><table><tr><th>counter</th><th>first</th><th>last</th>"
                 "</tr>\n");
    for (size_t i = 0; i < v->counter_move_count; i++) {
        ll__html_printf(out, "<tr><td>");
        ll__html_text(out, v->counters_moved[i].counter);
        ll__html_printf(out, "</td><td>%lld</td><td>%lld</td></tr>\n", (long long)v->counters_moved[i].first,
                (long long)v->counters_moved[i].last);
    }
    ll__html_printf(out, "</table><h4>Domains: repeated assembly groups</h4><table><tr><th>name pattern</th><th>origin</th>"
                 "<th>loaded</th></tr>\n");
    for (size_t i = 0; i < v->repeated_group_count; i++) {
        ll__html_printf(out, "<tr><td>");
        ll__html_text(out, v->repeated_groups[i].name_pattern);
        ll__html_printf(out, "</td><td>");
        ll__html_text(out, v->repeated_groups[i].origin);
        ll__html_printf(out, "</td><td>%ld</td></tr>\n", v->repeated_groups[i].loaded);
    }
    ll__html_printf(out, "</table><h4>dumpmodule -mt of one assembly per suspect group</h4>\n");
    modules_cards(v, out);
    ll__html_printf(out, "</details>\n");
}
