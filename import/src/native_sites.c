/* heaptrack_print's collapsed stacks read into allocation sites (see
 * native_sites.h): each line is "ROOT;...;LEAF; BYTES", the frames from
 * the thread's start to the allocating function, each "name (file)" or
 * a bare address. Read as a stream: a run of a few calls under Mono
 * prints a million lines (half a gigabyte), nearly all of them 0.
 *
 * valgrind's memcheck leak records read into the same sites:
 *
 *   ==13936== 64,000 (64 direct, 63,936 indirect) bytes in 1 blocks are definitely lost in loss record 3 of 3
 *   ==13936==    at 0x48417B4: malloc (in /usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so)
 *   ==13936==    by 0x10916D: remember (leak.c:7)
 *
 * a record's bytes (direct and indirect) on its stack, the frames leaf
 * first as valgrind prints them; and UMDH's comparison of two logs
 * (umdh.h), each record's growth on its stack. */
#include "native_sites_internal.h"

#include "key_table.h"
#include "leaklab/snapshot.h"
#include "umdh.h"
#include "leaklab/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Rows a snapshot keeps: the sites holding the most bytes; the rest add
 * up in one row, OTHER_SITES. */
#define MAX_SITE_ROWS 1000
#define OTHER_SITES "(other sites)"
/* Named callers kept after a site, to say where it was called from. */
#define STACK_CALLERS 4
/* The largest byte count read: 2^53, exact in a double. */
#define MAX_BYTES 9007199254740992.0

struct site {
    char *name;
    double bytes;
    double stack_bytes; /* of the line STACK came from: the site's largest */
    char *stack[STACK_CALLERS];
};

struct ll_native_sites {
    ll_key_table index; /* the hash of a site's name -> its place in SITES */
    struct site *sites;
    size_t count, cap;
    double total;
    size_t skipped, first_skipped;
    const char *measure; /* LL_FIELD_NATIVE_SITES_MEASURE's value */
    char warning[256];
};

/* The frame ending at END, without heaptrack's " (file.c)" suffix: its
 * name in NAME (NUL-terminated, cut to LEN). */
static void frame_name(const char *start, const char *end, char *name, size_t len)
{
    if (end > start && end[-1] == ')') {
        for (const char *p = end - 1; p > start + 1; p--)
            if (p[-1] == ' ' && p[0] == '(') {
                end = p - 1;
                break;
            }
    }
    size_t n = (size_t)(end - start) < len - 1 ? (size_t)(end - start) : len - 1;
    memcpy(name, start, n);
    name[n] = '\0';
}

static int unnamed(const char *name)
{
    if (!*name || (name[0] == '0' && name[1] == 'x'))
        return 1;
    return strcmp(name, "??") == 0 || strcmp(name, "???") == 0 || strncmp(name, "<unresolved", 11) == 0;
}

/* Whether NAME allocates for its caller rather than keeping anything of
 * its own: the C library's allocation functions, C++'s operator new and
 * allocators, and all of glib/eglib (allocation, strings, hash tables,
 * arrays, lists: memory a caller keeps). */
static int helper(const char *name)
{
    static const char *const exact[] = {"malloc",  "calloc",  "realloc", "reallocarray", "posix_memalign",
                                        "aligned_alloc", "memalign", "valloc", "pvalloc", "strdup",
                                        "strndup", "__strdup", "__strndup", "mmap", "mmap64"};
    static const char *const prefixes[] = {"monoeg_", "g_", "__libc_", "__GI___libc_", "__GI___str", "operator new",
                                           "std::allocator", "std::__new_allocator", "__gnu_cxx::new_allocator"};
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (strcmp(name, exact[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return ll__umdh_below_site(name);
}

/* The frames of a line, leaf first. */
struct frames {
    const char *line;
    const char *end; /* of the frames' text, before "; BYTES" */
};

/* The frame before CURSOR (walking from the leaf), into NAME; CURSOR
 * moves to its start. Returns 0, or -1 when there is none. */
static int previous_frame(const struct frames *f, const char **cursor, char *name, size_t len)
{
    const char *end = *cursor;
    if (end <= f->line)
        return -1;
    const char *start = end;
    while (start > f->line && start[-1] != ';')
        start--;
    frame_name(start, end, name, len);
    *cursor = start > f->line ? start - 1 : f->line;
    return 0;
}

static struct site *site_named(ll_native_sites *s, const char *name)
{
    int added;
    ll_key_entry *e = ll__key_table_upsert(&s->index, ll__key_hash(name), &added);
    if (!e)
        return NULL;
    if (!added)
        return &s->sites[e->value];
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        struct site *grown = realloc(s->sites, cap * sizeof *grown);
        if (!grown)
            return NULL;
        s->sites = grown;
        s->cap = cap;
    }
    struct site *site = &s->sites[s->count];
    *site = (struct site){.name = ll_name_cut(name)};
    if (!site->name)
        return NULL;
    e->value = (int64_t)s->count++;
    return site;
}

/* The site of the frames in F and the named callers after it. */
static int add_stack(ll_native_sites *s, const struct frames *f, double bytes)
{
    char name[LL_NAME_MAX_BYTES + 1], first[LL_NAME_MAX_BYTES + 1] = "";
    const char *cursor = f->end;
    int found = 0;
    while (previous_frame(f, &cursor, name, sizeof name) == 0) {
        if (!first[0])
            strcpy(first, name);
        if (!unnamed(name) && !helper(name)) {
            found = 1;
            break;
        }
    }
    struct site *site = site_named(s, found ? name : first[0] ? first : "(no frame)");
    if (!site)
        return -1;
    site->bytes += bytes;
    if (bytes <= site->stack_bytes)
        return 0;
    site->stack_bytes = bytes;
    char caller[LL_NAME_MAX_BYTES + 1];
    const char *last = site->name;
    for (int k = 0; k < STACK_CALLERS; k++) {
        free(site->stack[k]);
        site->stack[k] = NULL;
    }
    for (int k = 0; k < STACK_CALLERS && previous_frame(f, &cursor, caller, sizeof caller) == 0;) {
        if (unnamed(caller) || strcmp(caller, last) == 0)
            continue; /* a recursion shows once */
        if (!(site->stack[k] = ll_name_cut(caller)))
            return -1;
        last = site->stack[k++];
    }
    return 0;
}

/* LINE's bytes (after its last "; "), into *BYTES and F; -1 when LINE is
 * not a collapsed stack. */
static int split_line(const char *line, size_t len, struct frames *f, double *bytes)
{
    const char *end = line + len;
    while (end > line && (end[-1] == '\n' || end[-1] == '\r'))
        end--;
    const char *digits = end;
    while (digits > line && isdigit((unsigned char)digits[-1]))
        digits--;
    if (digits == end || end - digits > 16 || digits - line < 3 || digits[-1] != ' ' || digits[-2] != ';')
        return -1;
    *bytes = strtod(digits, NULL);
    f->line = line;
    f->end = digits - 2;
    return *bytes <= MAX_BYTES ? 0 : -1;
}

static void skip(ll_native_sites *s, size_t line)
{
    if (s->skipped++ == 0)
        s->first_skipped = line;
}

long ll__read_bounded_line(FILE *in, char **buf, size_t *cap)
{
    size_t len = 0;
    for (;;) {
        if (*cap - len < 2) {
            size_t grown_cap = *cap ? *cap * 2 : 4096;
            char *grown = realloc(*buf, grown_cap);
            if (!grown)
                return -2;
            *buf = grown;
            *cap = grown_cap;
        }
        if (!fgets(*buf + len, (int)(*cap - len), in))
            return (long)len;
        len += strlen(*buf + len);
        if ((*buf)[len - 1] == '\n')
            return (long)len;
        if (len > LL_SNAPSHOT_MAX_LINE)
            return -1;
    }
}

/* The text of a valgrind line after its "==PID== " prefix, or NULL. */
static const char *valgrind_text(const char *line)
{
    if (line[0] != '=' || line[1] != '=')
        return NULL;
    const char *p = line + 2;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > line + 2 && p[0] == '=' && p[1] == '=' ? p + 2 + (p[2] == ' ') : NULL;
}

/* "N[ (...)] bytes in M blocks are KIND lost in loss record": N, or -1. */
static double loss_record(const char *text)
{
    if (!strstr(text, " lost in loss record "))
        return -1;
    double bytes = 0;
    int digits = 0;
    for (const char *p = text; *p && *p != ' '; p++) {
        if (*p >= '0' && *p <= '9')
            bytes = bytes * 10 + (*p - '0'), digits++;
        else if (*p != ',')
            return -1;
    }
    return digits && digits <= 16 ? bytes : -1;
}

/* A valgrind record being read: its bytes and its frames, collapsed root
 * first ("main;describe;malloc"), as heaptrack's lines are. */
struct loss {
    double bytes;
    char *stack;
    size_t len, cap;
};

/* FRAME (N bytes) put in front of L's stack: 0, or -1 out of memory. */
static int prepend_frame(struct loss *l, const char *frame, size_t n)
{
    if (l->len + n + 2 > l->cap) {
        size_t cap = (l->len + n + 2) * 2;
        char *grown = realloc(l->stack, cap);
        if (!grown)
            return -1;
        l->stack = grown;
        l->cap = cap;
    }
    /* leaf first in valgrind and UMDH: each caller goes in front */
    if (l->len) {
        memmove(l->stack + n + 1, l->stack, l->len + 1);
        l->stack[n] = ';';
        l->len += n + 1;
    } else {
        l->len = n;
        l->stack[n] = '\0';
    }
    memcpy(l->stack, frame, n);
    return 0;
}

/* A frame line ("at 0x48417B4: malloc (in ...)", "by 0x...: f (f.c:7)")
 * put in front of L's stack; 1 when TEXT is one, 0 if not, -1 out of
 * memory. */
static int loss_frame(struct loss *l, const char *text)
{
    while (*text == ' ')
        text++;
    const char *colon = strncmp(text, "at 0x", 5) == 0 || strncmp(text, "by 0x", 5) == 0 ? strstr(text, ": ") : NULL;
    if (!colon)
        return 0;
    const char *frame = colon + 2;
    size_t n = strlen(frame);
    while (n && (frame[n - 1] == '\n' || frame[n - 1] == '\r'))
        n--;
    return prepend_frame(l, frame, n) < 0 ? -1 : 1;
}

/* A line of a UMDH record after its first: a frame goes on L's stack (1);
 * what comes between the record's line and its frames (the allocations'
 * count, "Total increase", a blank) is passed over (1); anything else
 * after the frames ends the record (0). -1 out of memory. */
static int umdh_line(struct loss *l, const char *line)
{
    char frame[LL_NAME_MAX_BYTES + 1];
    if (ll__umdh_frame(line, frame, sizeof frame) == 0)
        return prepend_frame(l, frame, strlen(frame)) < 0 ? -1 : 1;
    return l->len == 0;
}

/* Adds the record L to S when it has a stack. */
static int end_loss(ll_native_sites *s, struct loss *l)
{
    int rc = 0;
    if (l->bytes > 0 && l->len) {
        struct frames f = {l->stack, l->stack + l->len};
        rc = add_stack(s, &f, l->bytes);
        s->total += rc == 0 ? l->bytes : 0;
    }
    l->bytes = 0;
    l->len = 0;
    if (l->stack)
        l->stack[0] = '\0';
    return rc;
}

ll_native_sites *ll_native_sites_read(FILE *in, const char *name, ll_error *err)
{
    ll_native_sites *s = calloc(1, sizeof *s);
    char *buf = NULL;
    size_t cap = 0, line = 0, stacks = 0;
    long len;
    if (!s) {
        ll_error_set_code(err, LL_ERROR_MEMORY, "%s: out of memory", name);
        return NULL;
    }
    struct loss loss = {0};
    int umdh_base = 0, in_umdh = 0;
    while ((len = ll__read_bounded_line(in, &buf, &cap)) > 0) {
        line++;
        struct frames f;
        double bytes;
        if (ll__umdh_record(buf, &umdh_base, &bytes) == 0) {
            if (end_loss(s, &loss) < 0) {
                len = -2;
                break;
            }
            loss.bytes = bytes > 0 ? bytes : 0; /* what shrank is no site */
            in_umdh = 1;
            s->measure = "grown";
            stacks++;
            continue;
        }
        int umdh = in_umdh ? umdh_line(&loss, buf) : 0;
        if (umdh < 0) {
            len = -2;
            break;
        }
        if (umdh)
            continue;
        in_umdh = 0;
        const char *valgrind = valgrind_text(buf);
        if (valgrind) {
            double record = loss_record(valgrind);
            int frame = record < 0 && loss.bytes > 0 ? loss_frame(&loss, valgrind) : 0;
            if (frame < 0 || (frame == 0 && end_loss(s, &loss) < 0)) {
                len = -2;
                break;
            }
            if (record >= 0) {
                loss.bytes = record;
                stacks++;
                s->measure = "lost";
            }
            continue;
        }
        if (split_line(buf, (size_t)len, &f, &bytes) < 0) {
            skip(s, line);
            continue;
        }
        stacks++;
        if (bytes == 0)
            continue;
        if (add_stack(s, &f, bytes) < 0) {
            len = -2;
            break;
        }
        s->total += bytes;
    }
    if (len >= 0 && end_loss(s, &loss) < 0)
        len = -2;
    free(loss.stack);
    free(buf);
    if (len == -1)
        ll_error_set_code(err, LL_ERROR_LIMIT, "%s:%zu: line longer than %d bytes", name, line + 1,
                          LL_SNAPSHOT_MAX_LINE);
    else if (len == -2)
        ll_error_set_code(err, LL_ERROR_MEMORY, "%s:%zu: out of memory", name, line);
    else if (ferror(in))
        ll_error_set_code(err, LL_ERROR_IO, "%s: cannot read", name);
    else if (stacks == 0)
        ll_error_set_code(err, LL_ERROR_FORMAT, "%s: no collapsed stack (\"frame;frame; BYTES\" lines, as "
                          "heaptrack_print --flamegraph-cost-type leaked -F FILE writes them), no valgrind leak "
                          "record (\"N bytes in M blocks are definitely lost in loss record\") and no UMDH record "
                          "(\"+ N ( N - N) N allocs BackTrace...\")", name);
    if (len < 0 || ferror(in) || stacks == 0) {
        ll_native_sites_free(s);
        return NULL;
    }
    if (s->skipped)
        snprintf(s->warning, sizeof s->warning, "%zu lines skipped: not \"frame;frame; BYTES\" nor a valgrind or "
                 "UMDH record", s->skipped);
    return s;
}

void ll_native_sites_free(ll_native_sites *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++) {
        free(s->sites[i].name);
        for (int k = 0; k < STACK_CALLERS; k++)
            free(s->sites[i].stack[k]);
    }
    free(s->sites);
    ll__key_table_free(&s->index);
    free(s);
}

double ll_native_sites_total(const ll_native_sites *s)
{
    return s->total;
}

size_t ll_native_sites_count(const ll_native_sites *s)
{
    return s->count;
}

const char *ll_native_sites_measure(const ll_native_sites *s)
{
    return s->measure ? s->measure : "leaked";
}

const char *ll_native_sites_warning(const ll_native_sites *s, size_t *line)
{
    *line = s->first_skipped;
    return s->warning[0] ? s->warning : NULL;
}

int ll_native_sites_detect(const char *text, size_t len)
{
    const char *nl = memchr(text, '\n', len);
    struct frames f;
    double bytes;
    if (valgrind_text(text) && memmem(text, len, "Memcheck, a memory error detector", 33))
        return 1;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        char line[512];
        size_t n = (size_t)((eol ? eol : end) - p);
        int base = 0;
        if (n < sizeof line) {
            memcpy(line, p, n);
            line[n] = '\0';
            if (ll__umdh_record(line, &base, &bytes) == 0)
                return 1;
        }
        p = eol ? eol + 1 : end;
    }
    return nl && memchr(text, ';', (size_t)(nl - text)) && split_line(text, (size_t)(nl - text), &f, &bytes) == 0;
}

static int most_bytes_first(const void *a, const void *b)
{
    const struct site *x = *(const struct site *const *)a, *y = *(const struct site *const *)b;
    if (x->bytes != y->bytes)
        return x->bytes < y->bytes ? 1 : -1;
    return strcmp(x->name, y->name);
}

static json_t *site_row(const char *name, double bytes, char *const *stack)
{
    json_t *callers = json_array();
    for (int k = 0; stack && k < STACK_CALLERS && stack[k]; k++)
        json_array_append_new(callers, ll_json_text(stack[k]));
    return json_pack("{s:o? s:I s:o}", LL_FIELD_SITE_NAME, ll_json_text(name), LL_FIELD_SITE_BYTES,
                     (json_int_t)bytes, LL_FIELD_SITE_STACK, callers);
}

json_t *ll__native_sites_rows(const ll_native_sites *s)
{
    const struct site **order = malloc((s->count ? s->count : 1) * sizeof *order);
    json_t *rows = json_array();
    if (!order || !rows) {
        free(order);
        json_decref(rows);
        return NULL;
    }
    for (size_t i = 0; i < s->count; i++)
        order[i] = &s->sites[i];
    qsort(order, s->count, sizeof *order, most_bytes_first);
    double other = 0;
    for (size_t i = 0; i < s->count; i++) {
        if (i < MAX_SITE_ROWS)
            json_array_append_new(rows, site_row(order[i]->name, order[i]->bytes, order[i]->stack));
        else
            other += order[i]->bytes;
    }
    if (other > 0)
        json_array_append_new(rows, site_row(OTHER_SITES, other, NULL));
    free(order);
    return rows;
}
