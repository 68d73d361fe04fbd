/* Who keeps it, on the HTML page: each path drawn as a chain, from its GC
 * root to the instances, with the share of them it keeps and what its
 * root's object keeps (html_sections.h). */
#include "html_sections.h"

#include "html_writer.h"
#include "text_format.h"

#include <math.h>

static void chain(const ll_retention_path *p, FILE *out)
{
    char share[COUNT_TEXT_LEN], retained[32];
    ll__html_printf(out, "<li class=\"chain\"><span class=\"share\">%s</span> <span class=\"root\">%s %s</span>",
                    isnan(p->share) ? "-" : ll__percent_text(p->share, share), p->root_kind, p->root);
    if (p->cut)
        ll__html_printf(out, " &rarr; &hellip;");
    for (size_t k = 0; k < p->chain_length; k++) {
        const ll_chain_link *link = &p->chain[k];
        ll__html_printf(out, " &rarr; <code>%s</code>", link->type);
        if (link->field)
            ll__html_printf(out, ".<code>%s</code>", link->field);
        if (link->repeat > 1)
            ll__html_printf(out, " <span class=\"muted\">&times;%ld</span>", link->repeat);
    }
    if (isfinite(p->owner_retained))
        ll__html_printf(out, " <span class=\"muted\">(its root's object keeps %s)</span>",
                        ll__bytes_text(p->owner_retained, retained, sizeof retained, 0));
    ll__html_printf(out, "</li>\n");
}

void ll__html_retention(const ll_retention *r, FILE *out)
{
    ll__html_printf(out, "<ol class=\"chains\">\n");
    for (size_t k = 0; k < r->path_count; k++)
        chain(&r->paths[k], out);
    if (r->unreachable_count > 0)
        ll__html_printf(out, "<li class=\"muted\">%.0f reached from no root the capture saw</li>\n",
                        r->unreachable_count);
    ll__html_printf(out, "</ol>\n");
}
