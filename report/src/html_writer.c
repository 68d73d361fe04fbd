/* See html_writer.h. Also ll_html_escape, the public escape (bench/'s
 * page uses it). */
#include "html_writer.h"

#include "filtered_printf.h"

#include "leaklab/report.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ll_html_escape(FILE *out, const char *text, size_t len)
{
    for (const char *p = text; p < text + len; p++) {
        unsigned char ch = (unsigned char)*p;
        switch (ch) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default:
            /* A control character is no text a page should carry: shown
             * as its code point rather than dropped. */
            if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f)
                fprintf(out, "&#xFFFD;");
            else
                fputc(ch, out);
        }
    }
}

void ll__html_text(FILE *out, const char *text)
{
    if (text)
        ll_html_escape(out, text, strlen(text));
}

static void html_filter(FILE *out, const char *text, size_t len)
{
    ll_html_escape(out, text, len);
}

void ll__html_printf(FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ll__filtered_vprintf(out, html_filter, fmt, ap);
    va_end(ap);
}

void ll__html_page_begin(FILE *out, const char *title, const char *style)
{
    /* default-src 'none' forbids script, frames, objects and fetches; the
     * page needs only its inline style. */
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "img-src data:; base-uri 'none'; form-action 'none'\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
          out);
    ll__html_text(out, title);
    fputs("</title><style>", out);
    fputs(style, out);
    fputs("</style></head><body>\n", out);
}

/* V with FMT, or "-" when it is not a finite number (absent, or a crafted
 * result file): a page never shows "nan". */
const char *ll__html_cell(double v, const char *fmt, char *buf, size_t len)
{
    if (!isfinite(v))
        return "-";
    snprintf(buf, len, fmt, v);
    return buf;
}
