/* Reads scenarios.tsv: lines of four tab-separated fields, '#' comments. */
#include "scenario_table.h"

#include "leaklab/host.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *ll__scenario_lib_dir(void)
{
    static char dir[PATH_MAX];
    if (dir[0])
        return dir;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n < 0)
        return ".";
    exe[n] = '\0';
    snprintf(dir, sizeof dir, "%s/../lib/leaklab", dirname(exe));
    return dir;
}

static int parse_line(char *line, ll_scenario *out)
{
    line[strcspn(line, "\r\n")] = '\0';
    char *name = strtok(line, "\t");
    char *entry = strtok(NULL, "\t");
    char *runtimes = strtok(NULL, "\t");
    char *summary = strtok(NULL, "\t");
    if (!name || !entry || !runtimes || !summary)
        return -1;
    snprintf(out->name, sizeof out->name, "%s", name);
    snprintf(out->entry, sizeof out->entry, "%s", entry);
    snprintf(out->runtimes, sizeof out->runtimes, "%s", runtimes);
    snprintf(out->summary, sizeof out->summary, "%s", summary);
    return 0;
}

int ll__scenarios_load(ll_scenario_table *table, ll_error *err)
{
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/scenarios.tsv", ll__scenario_lib_dir());
    FILE *f = fopen(path, "r");
    if (!f) {
        ll_error_set(err, "%s: cannot open the scenario table: %s (is leaklab built?)", path,
                 strerror(errno));
        return -1;
    }
    char line[1024];
    int line_no = 0, rc = 0;
    table->count = 0;
    while (fgets(line, sizeof line, f)) {
        line_no++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (table->count == sizeof table->items / sizeof table->items[0] ||
            parse_line(line, &table->items[table->count]) < 0) {
            ll_error_set(err, "%s:%d: expected NAME<TAB>ENTRY<TAB>RUNTIMES<TAB>SUMMARY", path, line_no);
            rc = -1;
            break;
        }
        table->count++;
    }
    fclose(f);
    return rc;
}

int ll__scenario_runs_on(const ll_scenario *s, const char *runtime)
{
    size_t n = strlen(runtime);
    for (const char *p = s->runtimes; (p = strstr(p, runtime)); p += n)
        if ((p == s->runtimes || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

const ll_scenario *ll__scenarios_find(const ll_scenario_table *table, const char *name)
{
    for (size_t i = 0; i < table->count; i++)
        if (strcmp(table->items[i].name, name) == 0)
            return &table->items[i];
    return NULL;
}

int ll_host_list_scenarios(FILE *out, ll_error *err)
{
    ll_scenario_table table;
    if (ll__scenarios_load(&table, err) < 0)
        return -1;
    int width = 0, runtimes_width = 0;
    for (size_t i = 0; i < table.count; i++) {
        if ((int)strlen(table.items[i].name) > width)
            width = (int)strlen(table.items[i].name);
        if ((int)strlen(table.items[i].runtimes) > runtimes_width)
            runtimes_width = (int)strlen(table.items[i].runtimes);
    }
    for (size_t i = 0; i < table.count; i++)
        fprintf(out, "%-*s  %-*s  %s\n", width, table.items[i].name, runtimes_width, table.items[i].runtimes,
                table.items[i].summary);
    return 0;
}
