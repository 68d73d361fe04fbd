/* `leaklab corpus record`: runs scenarios with `leaklab run` (a child
 * process each), gzips their series and writes a labels file with one
 * cell per run, its verdicts TODO, for a person to fill in. */
#include "child.h"
#include "commands.h"
#include "inputs.h"
#include "options.h"

#include "leaklab/report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

enum { OPT_ITERATIONS = 'n' };

struct record_spec {
    char scenario[128], context[16];
    long recycle_every; /* 0: not recycled */
};

static int parse_spec(const char *text, struct record_spec *s)
{
    char copy[sizeof s->scenario];
    if (snprintf(copy, sizeof copy, "%s", text) >= (int)sizeof copy)
        return -1;
    char *context = strchr(copy, ':'), *every = NULL;
    if (context) {
        *context++ = '\0';
        if ((every = strchr(context, ':')))
            *every++ = '\0';
    }
    memcpy(s->scenario, copy, sizeof copy);
    snprintf(s->context, sizeof s->context, "%s", context ? context : "default");
    s->recycle_every = 0;
    if (!s->scenario[0] || strspn(s->scenario, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(s->scenario))
        return -1;
    if (strcmp(s->context, "default") != 0 && strcmp(s->context, "collectible") != 0)
        return -1;
    if (every && (strcmp(s->context, "collectible") != 0 || cli_parse_count(every, &s->recycle_every) < 0))
        return -1;
    if (!every && strcmp(s->context, "collectible") == 0)
        s->recycle_every = 1;
    return 0;
}

static int record_one(const struct record_spec *s, long iterations, const char *dir, FILE *labels)
{
    char name[256], path[4400], count[32], every[32];
    if (s->recycle_every > 1)
        snprintf(name, sizeof name, "%s-collectible%ld", s->scenario, s->recycle_every);
    else
        snprintf(name, sizeof name, "%s-%s", s->scenario, s->context);
    snprintf(path, sizeof path, "%s/%s.jsonl", dir, name);
    if (iterations < 12 * (s->recycle_every ? s->recycle_every : 1)) {
        iterations = 12 * s->recycle_every;
        ll_text_printf(stderr, "leaklab corpus: %s: %ld iterations, so that the recycled run has the snapshots the rule "
                        "needs\n", name, iterations);
    }
    snprintf(count, sizeof count, "%ld", iterations);
    snprintf(every, sizeof every, "%ld", s->recycle_every ? s->recycle_every : 1);
    char *run[] = {"leaklab", "run", (char *)s->scenario, "--context", (char *)s->context, "--iterations", count,
                   "--quiet", "--keep-going", "-o", path, s->recycle_every ? "--recycle-every" : NULL, every, NULL};
    int status = cli_run_self(run, -1, NULL);
    if (status != 0 && status != 1)
        return ll_text_printf(stderr, "leaklab corpus: leaklab run %s failed (status %d)\n", name, status), -1;
    char *gzip[] = {"gzip", "-n", "-9", "-f", path, NULL};
    if (cli_run_program(gzip) != 0)
        return ll_text_printf(stderr, "leaklab corpus: gzip %s failed\n", path), -1;
    ll_thresholds t;
    ll_thresholds_default(&t);
    ll_error err;
    snprintf(path, sizeof path, "%s/%s.jsonl.gz", dir, name);
    ll_report *report = cli_analyze_series(path, &t, &err);
    char said[128] = "an error";
    if (report)
        snprintf(said, sizeof said, "%s (%s)", ll_verdict_name(report->verdict), ll_leak_kind_name(report->kind));
    time_t now = time(NULL);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
    fprintf(labels, "%s.jsonl.gz\tTODO\t-\t-\t-\trecorded %s: %s, %s%s%s, %ld iterations; the analyzer said %s\n",
            name, date, s->scenario, s->context, s->recycle_every > 1 ? " recycled every " : "",
            s->recycle_every > 1 ? every : "", iterations, said);
    ll_result_free(report);
    ll_text_printf(stderr, "leaklab corpus: recorded %s.jsonl.gz: %s\n", name, said);
    return 0;
}

static int folder_is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int empty = d != NULL;
    while (d && empty && (e = readdir(d)))
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    if (d)
        closedir(d);
    return empty;
}

int cli_corpus_record(int argc, char **argv)
{
    static const struct option longopts[] = {{"iterations", required_argument, 0, OPT_ITERATIONS},
                                             {"output", required_argument, 0, 'o'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    long iterations = 60;
    const char *dir = NULL;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        if (c == OPT_ITERATIONS && cli_parse_count(optarg, &iterations) < 0)
            return cli_bad_value("corpus", "--iterations", optarg), 2;
        else if (c == 'o')
            dir = optarg;
        else if (c == 'h')
            return cli_corpus_usage(stdout), 0;
        else if (c == '?' || c == ':')
            return ll_text_printf(stderr, "leaklab corpus: unknown or incomplete option '%s'\n", argv[optind - 1]), 2;
    }
    if (!dir || optind == argc)
        return ll_text_printf(stderr, "leaklab corpus record: give SCENARIO... and -o DIR (see leaklab corpus --help)\n"), 2;
    struct record_spec *specs = calloc((size_t)(argc - optind), sizeof *specs);
    for (int i = optind; i < argc; i++)
        if (parse_spec(argv[i], &specs[i - optind]) < 0) {
            free(specs);
            return ll_text_printf(stderr, "leaklab corpus record: '%s': SCENARIO, SCENARIO:CONTEXT or "
                                   "SCENARIO:collectible:M\n", argv[i]), 2;
        }
    char labels_path[4200];
    snprintf(labels_path, sizeof labels_path, "%s/labels.tsv", dir);
    if ((mkdir(dir, 0777) < 0 && errno != EEXIST)) {
        free(specs);
        return ll_text_printf(stderr, "leaklab corpus record: %s: %s\n", dir, strerror(errno)), 2;
    }
    if (!folder_is_empty(dir)) {
        free(specs);
        return ll_text_printf(stderr, "leaklab corpus record: %s: not an empty folder (its series would be replaced): "
                               "record into a new or empty folder\n", dir), 2;
    }
    int fd = open(labels_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    FILE *labels = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!labels) {
        ll_text_printf(stderr, "leaklab corpus record: %s: %s%s\n", labels_path, strerror(errno),
                errno == EEXIST ? " (record into a new folder, or move it away)" : "");
        free(specs);
        return 2;
    }
    setvbuf(labels, NULL, _IOLBF, 0); /* whole lines: a killed recording keeps every cell so far */
    fprintf(labels, "# Recorded by leaklab corpus record. Columns (tab-separated): input, verdicts, kind, never,\n"
                    "# generator, notes. Replace each TODO with the allowed verdicts (see README.md).\n");
    int failed = 0;
    for (int i = 0; i < argc - optind; i++)
        failed |= record_one(&specs[i], iterations, dir, labels) < 0;
    free(specs);
    if (fclose(labels) != 0)
        return ll_text_printf(stderr, "leaklab corpus record: %s: %s\n", labels_path, strerror(errno)), 2;
    return failed ? 2 : 0;
}

