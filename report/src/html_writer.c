/* See html_writer.h. Also ll_html_escape, the public escape (bench/'s
 * page uses it). */
#include "html_writer.h"

#include "leaklab/report.h"

#include <stdarg.h>
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

void ll_html_text(FILE *out, const char *text)
{
    if (text)
        ll_html_escape(out, text, strlen(text));
}

/* Length modifiers the renderers use. */
enum length { LEN_NONE, LEN_LONG, LEN_LONG_LONG, LEN_SIZE };

/* Copies the conversion spec at FMT ('%' to its conversion letter) into
 * SPEC; returns the letter's position, or NULL for a spec we do not know. */
static const char *read_spec(const char *fmt, char *spec, size_t cap, enum length *len)
{
    const char *p = fmt + 1;
    p += strspn(p, "-+ #0");
    p += strspn(p, "0123456789");
    if (*p == '.') {
        p++;
        p += strspn(p, "0123456789");
    }
    *len = LEN_NONE;
    if (p[0] == 'l' && p[1] == 'l')
        *len = LEN_LONG_LONG, p += 2;
    else if (*p == 'l')
        *len = LEN_LONG, p++;
    else if (*p == 'z')
        *len = LEN_SIZE, p++;
    size_t n = (size_t)(p - fmt) + 1;
    if (!*p || n >= cap)
        return NULL;
    memcpy(spec, fmt, n);
    spec[n] = '\0';
    return p;
}

static void write_integer(FILE *out, const char *spec, enum length len, va_list *ap)
{
    switch (len) {
    case LEN_LONG: fprintf(out, spec, va_arg(*ap, long)); break;
    case LEN_LONG_LONG: fprintf(out, spec, va_arg(*ap, long long)); break;
    case LEN_SIZE: fprintf(out, spec, va_arg(*ap, size_t)); break;
    default: fprintf(out, spec, va_arg(*ap, int)); break;
    }
}

void ll_html_printf(FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            fputc(*p, out);
            continue;
        }
        if (p[1] == '%') {
            fputc('%', out);
            p++;
            continue;
        }
        char spec[32];
        enum length len;
        const char *end = read_spec(p, spec, sizeof spec, &len);
        if (!end)
            break; /* the compiler's format check keeps this from happening */
        switch (*end) {
        case 's': ll_html_text(out, va_arg(ap, const char *)); break;
        case 'c': {
            char ch = (char)va_arg(ap, int);
            ll_html_escape(out, &ch, 1);
            break;
        }
        case 'd':
        case 'u':
        case 'x': write_integer(out, spec, len, &ap); break;
        case 'f':
        case 'g':
        case 'e': fprintf(out, spec, va_arg(ap, double)); break;
        default: va_end(ap); return;
        }
        p = end;
    }
    va_end(ap);
}

void ll_html_page_begin(FILE *out, const char *title, const char *style)
{
    /* default-src 'none' forbids script, frames, objects and fetches; the
     * page needs only its inline style. */
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "img-src data:; base-uri 'none'; form-action 'none'\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
          out);
    ll_html_text(out, title);
    fputs("</title><style>", out);
    fputs(style, out);
    fputs("</style></head><body>\n", out);
}
