/* Reading a labels file: one cell per line, six or seven tab-separated
 * columns (input, verdicts, kind, never, generator, notes, and the
 * optional names; "-" for none), comments
 * (#) and blank lines allowed. Every mistake is FILE:LINE: field 'NAME'. */
#include "corpus_internal.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 65536
#define MAX_CELLS 100000

struct ll_corpus {
    char *path;
    char *dir; /* the labels file's folder, resolved (no links, no ..) */
    ll_corpus_cell *cells;
    size_t count, capacity;
};

static const char *const verdict_names[] = {"leak", "no-leak", "inconclusive"};
static const char *const kind_names[] = {"assembly", "managed", "native", "mixed"};

static int in_list(const char *word, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(word, list[i]) == 0)
            return 1;
    return 0;
}

/* The error names the file, line and field, never the text found there:
 * a labels file given by mistake (or malice) may be anything readable,
 * and the error goes into text and JUnit reports. */
static int field_error(ll_error *err, const char *path, long line, const char *field, const char *what)
{
    ll_error_set(err, "%s:%ld: field '%s': %s", path, line, field, what);
    return -1;
}

/* A comma-separated list of words from ALLOWED, into a JSON array. */
static json_t *parse_word_list(const char *text, const char *const *allowed, size_t n)
{
    json_t *list = json_array();
    char *copy = strdup(text), *save = NULL;
    for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (!in_list(w, allowed, n)) {
            json_decref(list);
            free(copy);
            return NULL;
        }
        json_array_append_new(list, json_string(w));
    }
    free(copy);
    return list;
}

static char *resolve(const char *dir, const char *file)
{
    char *path;
    if (file[0] == '/' || asprintf(&path, "%s/%s", dir, file) < 0)
        return strdup(file);
    return path;
}

/* "PATH" or "import:A+B+C": the files, resolved against DIR. */
static int parse_input(ll_corpus_cell *cell, const char *text, const char *dir)
{
    cell->input = strdup(text);
    cell->imported = strncmp(text, "import:", 7) == 0;
    const char *list = cell->imported ? text + 7 : text;
    char *copy = strdup(list), *save = NULL;
    cell->files = calloc(strlen(list) / 2 + 2, sizeof *cell->files);
    for (char *f = strtok_r(copy, "+", &save); f; f = strtok_r(NULL, "+", &save))
        cell->files[cell->file_count++] = resolve(dir, f);
    free(copy);
    return cell->file_count > 0 && (cell->imported || cell->file_count == 1) ? 0 : -1;
}

static void free_cell(ll_corpus_cell *cell)
{
    free(cell->input);
    for (int i = 0; i < cell->file_count; i++)
        free(cell->files[i]);
    free(cell->files);
    ll_corpus_labels *l = cell->labels;
    if (!l)
        return;
    json_decref(l->verdicts);
    json_decref(l->never);
    free(l->kind);
    free(l->generator_word);
    free(l->notes);
    json_decref(l->names);
    free(l);
}

/* "A;B": type names hold commas (generic arguments), never semicolons. */
static json_t *parse_names(const char *text)
{
    json_t *list = json_array();
    if (strcmp(text, "-") == 0)
        return list;
    char *copy = strdup(text), *save = NULL;
    for (char *w = strtok_r(copy, ";", &save); w; w = strtok_r(NULL, ";", &save)) {
        w += strspn(w, " ");
        size_t n = strlen(w);
        while (n > 0 && w[n - 1] == ' ')
            w[--n] = '\0';
        if (!n || json_array_append_new(list, json_string(w)) < 0) {
            json_decref(list);
            list = NULL;
            break;
        }
    }
    free(copy);
    if (list && json_array_size(list) == 0) {
        json_decref(list);
        return NULL;
    }
    return list;
}

static int parse_cell(ll_corpus *c, char *text, long line, const char *dir, ll_error *err)
{
    char *col[7] = {0};
    int n = 0;
    for (char *p = text; n < 7; n++) {
        col[n] = p;
        char *tab = n < 6 ? strchr(p, '\t') : NULL;
        if (!tab) {
            n++;
            break;
        }
        *tab = '\0';
        p = tab + 1;
    }
    if (n == 7 && strchr(col[6], '\t'))
        return field_error(err, c->path, line, "names", "the last column: a line has at most seven columns (a tab "
                                                          "inside a column?)");
    static const char *const names[] = {"input", "verdicts", "kind", "never", "generator", "notes"};
    if (n < 5)
        return field_error(err, c->path, line, names[n], "missing (six tab-separated columns: input, verdicts, "
                                                          "kind, never, generator, notes)");
    ll_corpus_labels *l = calloc(1, sizeof *l);
    ll_corpus_cell cell = {.line = line, .labels = l};
    if (!l) {
        ll_error_set_code(err, LL_ERROR_MEMORY, "%s: out of memory", c->path);
        return -1;
    }
    if (parse_input(&cell, col[0], dir) < 0) {
        free_cell(&cell);
        return field_error(err, c->path, line, "input", "a file, or import:FILE[+FILE...]");
    }
    if (strcmp(col[1], "TODO") == 0) {
        free_cell(&cell);
        return field_error(err, c->path, line, "verdicts", "not labelled yet: write the right verdicts");
    }
    if (!(l->verdicts = parse_word_list(col[1], verdict_names, 3)) || json_array_size(l->verdicts) == 0) {
        free_cell(&cell);
        return field_error(err, c->path, line, "verdicts", "leak, no-leak or inconclusive, comma-separated");
    }
    if (strcmp(col[2], "-") != 0 && !in_list(col[2], kind_names, 4)) {
        free_cell(&cell);
        return field_error(err, c->path, line, "kind", "assembly, managed, native, mixed or -");
    }
    l->kind = strcmp(col[2], "-") == 0 ? NULL : strdup(col[2]);
    if (!(l->never = strcmp(col[3], "-") == 0 ? json_array() : parse_word_list(col[3], kind_names, 4))) {
        free_cell(&cell);
        return field_error(err, c->path, line, "never",
                           "kinds (assembly, managed, native, mixed), comma-separated, or -");
    }
    if (l->kind && json_array_size(l->never)) {
        size_t i;
        json_t *k;
        json_array_foreach(l->never, i, k) if (strcmp(json_string_value(k), l->kind) == 0)
        {
            field_error(err, c->path, line, "never", "names the expected kind");
            free_cell(&cell);
            return -1;
        }
    }
    l->generator_word = strcmp(col[4], "-") == 0 || !col[4][0] ? NULL : strdup(col[4]);
    l->notes = strdup(n > 5 ? col[5] : "");
    if (!(l->names = parse_names(n > 6 ? col[6] : "-"))) {
        free_cell(&cell);
        return field_error(err, c->path, line, "names", "type names, semicolon-separated, or -");
    }
    if (c->count == c->capacity) {
        size_t cap = c->capacity ? c->capacity * 2 : 64;
        ll_corpus_cell *grown = realloc(c->cells, cap * sizeof *grown);
        if (!grown) {
            free_cell(&cell);
            ll_error_set(err, "%s: out of memory", c->path);
            return -1;
        }
        c->cells = grown;
        c->capacity = cap;
    }
    c->cells[c->count++] = cell;
    return 0;
}

/* Lines are read into a fixed buffer, so that endless input (/dev/zero)
 * fails at once instead of growing. */
static int read_cells(ll_corpus *c, FILE *in, const char *dir, ll_error *err)
{
    char *text = malloc(MAX_LINE + 2);
    long line = 0;
    int rc = text ? 0 : -1;
    while (rc == 0 && fgets(text, MAX_LINE + 2, in)) {
        line++;
        size_t len = strlen(text);
        if (len > MAX_LINE || (len == MAX_LINE + 1 && text[len - 1] != '\n')) {
            ll_error_set(err, "%s:%ld: line longer than %d bytes", c->path, line, MAX_LINE);
            rc = -1;
            break;
        }
        if (len + 1 < MAX_LINE + 2 && !feof(in) && (len == 0 || text[len - 1] != '\n')) {
            ll_error_set(err, "%s:%ld: a NUL byte: not a labels file", c->path, line);
            rc = -1;
            break;
        }
        while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
            text[--len] = '\0';
        char *start = text + (line == 1 && strncmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0);
        if (start[0] == '#' || start[strspn(start, " \t")] == '\0')
            continue;
        if (c->count == MAX_CELLS) {
            ll_error_set(err, "%s:%ld: more than %d cells", c->path, line, MAX_CELLS);
            rc = -1;
            break;
        }
        json_t *utf8 = json_string(start); /* NULL unless valid UTF-8, which JSON and XML need */
        if (!utf8) {
            ll_error_set(err, "%s:%ld: not valid UTF-8", c->path, line);
            rc = -1;
            break;
        }
        json_decref(utf8);
        rc = parse_cell(c, start, line, dir, err);
    }
    if (!text)
        ll_error_set(err, "%s: out of memory", c->path);
    else if (rc == 0 && ferror(in)) {
        ll_error_set(err, "%s: %s", c->path, strerror(errno));
        rc = -1;
    } else if (rc == 0 && c->count == 0) {
        ll_error_set(err, "%s: no cells (only comments or blank lines)", c->path);
        rc = -1;
    }
    free(text);
    return rc;
}

ll_corpus *ll_corpus_read(FILE *in, const char *name, const char *base_dir, ll_error *err)
{
    ll_corpus *c = calloc(1, sizeof *c);
    if (!c || !(c->path = strdup(name))) {
        free(c);
        ll_error_set(err, "%s: out of memory", name);
        return NULL;
    }
    if (read_cells(c, in, base_dir, err) < 0) {
        ll_corpus_free(c);
        return NULL;
    }
    c->dir = realpath(base_dir, NULL);
    return c;
}

/* FILE resolved (links and .. followed), or NULL when neither it nor its
 * folder exists. */
static char *resolved_path(const char *file)
{
    char *real = realpath(file, NULL);
    if (real || errno != ENOENT)
        return real;
    char *copy = strdup(file), *name = strdup(file), *dir = NULL;
    if (copy && name)
        dir = realpath(dirname(copy), NULL);
    if (dir && asprintf(&real, "%s/%s", dir, basename(name)) < 0)
        real = NULL;
    free(dir);
    free(copy);
    free(name);
    return real;
}

/* Why FILE is not a file inside DIR, or NULL when it is. */
static const char *not_inside(const char *dir, const char *file)
{
    char *real = resolved_path(file);
    if (!real)
        return errno == ELOOP ? "names a symbolic link loop, not a file"
                              : "names a file outside the labels file's folder (allow it with --allow-outside)";
    size_t n = strlen(dir);
    const char *why = strcmp(real, dir) == 0 ? "names the labels file's folder itself, not a file"
                      : strncmp(real, dir, n) == 0 && (real[n] == '/' || (n == 1 && dir[0] == '/'))
                          ? NULL
                          : "names a file outside the labels file's folder (allow it with --allow-outside)";
    free(real);
    return why;
}

int ll_corpus_check_inside(const ll_corpus *c, ll_error *err)
{
    for (size_t i = 0; i < c->count; i++)
        for (int k = 0; k < c->cells[i].file_count; k++) {
            const char *why = c->dir ? not_inside(c->dir, c->cells[i].files[k]) : "names a file outside the labels "
                                                                                   "file's folder";
            if (why)
                return field_error(err, c->path, c->cells[i].line, "input", why);
        }
    return 0;
}

ll_corpus *ll_corpus_load(const char *path, ll_error *err)
{
    FILE *in = fopen(path, "re");
    if (!in) {
        ll_error_set(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *copy = strdup(path);
    ll_corpus *c = copy ? ll_corpus_read(in, path, dirname(copy), err) : NULL;
    if (!copy)
        ll_error_set(err, "%s: out of memory", path);
    free(copy);
    fclose(in);
    return c;
}

const char *ll_corpus_path(const ll_corpus *c)
{
    return c->path;
}

size_t ll_corpus_count(const ll_corpus *c)
{
    return c->count;
}

const ll_corpus_cell *ll_corpus_cell_at(const ll_corpus *c, size_t i)
{
    return &c->cells[i];
}

void ll_corpus_free(ll_corpus *c)
{
    if (!c)
        return;
    free(c->dir);
    for (size_t i = 0; i < c->count; i++)
        free_cell(&c->cells[i]);
    free(c->cells);
    free(c->path);
    free(c);
}
