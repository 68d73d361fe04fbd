/* Numbers as the text reports print them: bytes in 1024-based units, counts
 * and shares with "-" for unknown (never "nan" or a wrapped figure).
 * Shared by the run report, the comparison, the sweep's table and the
 * HTML page. */
#include "text_format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A count as text: "-" when unknown, or beyond what a double holds exactly
 * (no wrapped or "nan" figure is ever printed). */
const char *ll__count_text(double v, char buf[COUNT_TEXT_LEN])
{
    if (isnan(v) || fabs(v) > 9007199254740992.0)
        return "-";
    snprintf(buf, COUNT_TEXT_LEN, "%.0f", v);
    return buf;
}

const char *ll__percent_text(double share, char buf[COUNT_TEXT_LEN])
{
    if (!isfinite(share))
        return "-";
    snprintf(buf, COUNT_TEXT_LEN, "%.1f %%", 100 * share);
    return buf;
}

/* Bytes as "12.3 MB", signed when asked; "-" when unknown. */
const char *ll__bytes_text(double bytes, char *buf, size_t len, int sign)
{
    if (!isfinite(bytes)) {
        snprintf(buf, len, "-");
        return buf;
    }
    const char *units[] = {"B", "kB", "MB", "GB", "TB"};
    double v = fabs(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        u++;
    }
    snprintf(buf, len, "%s%.*f %s", bytes < 0 ? "-" : sign ? "+" : "", u ? 1 : 0, v, units[u]);
    return buf;
}

/* A signed growth per iteration: bytes in human units, a count with three
 * decimals. */
const char *ll__growth_text(double value, int bytes, char *buf, size_t len)
{
    if (bytes)
        return ll__bytes_text(value, buf, len, 1);
    snprintf(buf, len, "%+.3f", value);
    return buf;
}

const char *ll__x_unit_text(const ll_report *r)
{
    return r->run.x_unit ? r->run.x_unit : "iteration";
}

int ll__report_per_iteration(const ll_report *r)
{
    return strcmp(ll__x_unit_text(r), "iteration") == 0;
}

const char *ll__verdict_headline(const ll_report *r, char *buf, size_t len)
{
    const char *verdict = ll_verdict_name(r->verdict), *kind = ll_leak_kind_name(r->kind);
    const char *unit = ll__x_unit_text(r);
    const char *per = strcmp(unit, "iteration") == 0 ? "call" : unit;
    if (r->verdict == LL_LEAK && r->severity.present) {
        char bytes[32], calls[COUNT_TEXT_LEN];
        double to_gb = ceil(1073741824.0 / r->severity.bytes_per_iteration);
        if (to_gb >= 10000)
            snprintf(calls, sizeof calls, "%.0fk", to_gb / 1000);
        else
            ll__count_text(to_gb, calls);
        snprintf(buf, len, "%s (kind: %s, %s: %s/%s, +1 GB after %s %ss)", verdict, kind,
                 ll_grade_name(r->severity.grade), ll__bytes_text(r->severity.bytes_per_iteration, bytes, sizeof bytes, 1),
                 per, calls, per);
    } else if (r->verdict == LL_LEAK) {
        snprintf(buf, len, "%s (kind: %s)", verdict, kind);
    } else {
        snprintf(buf, len, "%s", verdict);
    }
    return buf;
}

const char *ll__failure_text(const ll_sweep_failure *f, char *buf, size_t len)
{
    if (f->signal)
        snprintf(buf, len, "died of SIG%.20s", f->signal_name ? f->signal_name : "?");
    else
        snprintf(buf, len, "exited with status %d", f->exit_status);
    return buf;
}

const char *ll__chain_text(const ll_retention_path *p, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "%s%s", p->root, p->cut ? " -> ..." : "");
    for (size_t k = 0; k < p->chain_length && used < len; k++) {
        const ll_chain_link *link = &p->chain[k];
        used += (size_t)snprintf(buf + used, len - used, " -> %s%s%s", link->type, link->field ? "." : "",
                                 link->field ? link->field : "");
        if (link->repeat > 1 && used < len)
            used += (size_t)snprintf(buf + used, len - used, " (x%ld)", link->repeat);
    }
    return buf;
}
