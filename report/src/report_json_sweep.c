/* A recycle sweep as JSON, both ways (README.md, "The recycle sweep"):
 * DIR/sweep.json, which `leaklab sweep` writes and `leaklab report` reads
 * back into the typed sweep (result.h), every field checked. */
#include "json_reader.h"
#include "report_json.h"

#include "leaklab/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static json_t *point_json(const ll_sweep_point *p)
{
    json_t *kept = json_object();
    for (int k = 0; k < LL_SERIES_COUNT; k++)
        json_object_set_new(kept, ll_series_name(k),
                            ll__estimate_json("value", p->kept_per_call[k].fitted, p->kept_per_call[k].value,
                                             p->kept_per_call[k].ci95));
    json_t *j = json_pack("{sI so?}", "recycle_every", (json_int_t)p->recycle_every, "file", ll_json_text(p->file));
    json_object_set_new(j, "ms_per_call", isfinite(p->ms_per_call) ? json_real(p->ms_per_call) : json_null());
    json_object_set_new(j, "kept_per_call", kept);
    json_object_set_new(j, "kept_bytes_per_call", json_real(p->kept_bytes_per_call));
    json_object_set_new(j, "verdict", json_string(ll_verdict_name(p->verdict)));
    json_object_set_new(j, "kind", json_string(ll_leak_kind_name(p->kind)));
    json_object_set_new(j, "severity", ll__severity_json(&p->severity));
    json_object_set_new(j, "iterations", json_integer(p->iterations));
    json_object_set_new(j, "pareto", json_boolean(p->pareto));
    return j;
}

static json_t *failure_json(const ll_sweep_failure *f)
{
    json_t *j = json_pack("{sI si}", "recycle_every", (json_int_t)f->recycle_every, "attempt", f->attempt);
    if (f->signal) {
        json_object_set_new(j, "signal", json_integer(f->signal));
        json_object_set_new(j, "signal_name", json_string(f->signal_name ? f->signal_name : "?"));
    } else {
        json_object_set_new(j, "exit_status", json_integer(f->exit_status));
    }
    json_object_set_new(j, "message", ll_json_text(f->message));
    json_object_set_new(j, "log", ll_json_text(f->log));
    return j;
}

json_t *ll_sweep_to_json(const ll_sweep *s)
{
    json_t *points = json_array(), *failures = json_array();
    for (size_t i = 0; i < s->point_count; i++)
        json_array_append_new(points, point_json(&s->points[i]));
    for (size_t i = 0; i < s->failure_count; i++)
        json_array_append_new(failures, failure_json(&s->failures[i]));
    json_t *j = json_pack("{ss so? sI so so}", "scenario", s->scenario, "wsdl", ll_json_url(s->wsdl), "iterations",
                          (json_int_t)s->iterations, "points", points, "failures", failures);
    if (j && s->interrupted)
        json_object_set_new(j, "interrupted", json_string(s->interrupted));
    return j;
}

static void read_kept(jr_reader *rd, const json_t *kept, ll_sweep_point *p)
{
    size_t at = ll__jr_enter(rd, "kept_per_call");
    for (int k = 0; kept && k < LL_SERIES_COUNT; k++) {
        json_t *series = ll__jr_member(rd, kept, ll_series_name(k), ll__jr_is_object, "an object");
        if (!series)
            break;
        size_t in = ll__jr_enter(rd, ll_series_name(k));
        p->kept_per_call[k].value = ll__jr_number_or_nan(rd, series, "value");
        p->kept_per_call[k].fitted = isfinite(p->kept_per_call[k].value);
        if (p->kept_per_call[k].fitted)
            ll__jr_pair(rd, series, "ci95", p->kept_per_call[k].ci95);
        ll__jr_leave(rd, in);
    }
    ll__jr_leave(rd, at);
}

static void read_point(jr_reader *rd, const json_t *j, void *item)
{
    ll_sweep_point *p = item;
    p->recycle_every = ll__jr_integer(rd, j, "recycle_every");
    p->file = ll__jr_optional_string(rd, j, "file");
    p->ms_per_call = ll__jr_number_or_nan(rd, j, "ms_per_call");
    read_kept(rd, ll__jr_member(rd, j, "kept_per_call", ll__jr_is_object, "an object"), p);
    p->kept_bytes_per_call = ll__jr_number(rd, j, "kept_bytes_per_call");
    p->verdict = (ll_verdict)ll__jr_one_of(rd, j, "verdict", ll__jr_verdict_name, 3);
    p->kind = (ll_leak_kind)ll__jr_one_of(rd, j, "kind", ll__jr_kind_name, 5);
    json_t *severity = ll__jr_member(rd, j, "severity", ll__jr_is_object_or_null, "an object or null");
    size_t at = ll__jr_enter(rd, "severity");
    if (severity)
        ll__severity_read(rd, severity, &p->severity);
    ll__jr_leave(rd, at);
    p->iterations = ll__jr_integer(rd, j, "iterations");
    p->pareto = ll__jr_boolean(rd, j, "pareto");
}

static void read_failure(jr_reader *rd, const json_t *j, void *item)
{
    ll_sweep_failure *f = item;
    f->recycle_every = ll__jr_integer(rd, j, "recycle_every");
    f->attempt = (int)ll__jr_integer(rd, j, "attempt");
    if (json_object_get(j, "signal")) {
        f->signal = (int)ll__jr_integer(rd, j, "signal");
        f->signal_name = ll__jr_string(rd, j, "signal_name");
    } else {
        f->exit_status = (int)ll__jr_integer(rd, j, "exit_status");
    }
    f->message = ll__jr_optional_string(rd, j, "message");
    f->log = ll__jr_optional_string(rd, j, "log");
}

/* Each object of the array KEY of J through READ into a new item of S,
 * which ADD makes; an absent KEY fails unless OPTIONAL. */
static void read_list(jr_reader *rd, const json_t *j, const char *key, int optional, ll_sweep *s,
                      void *(*add)(ll_sweep *s), void (*read)(jr_reader *rd, const json_t *j, void *item))
{
    if (optional && !json_object_get(j, key))
        return;
    json_t *list = ll__jr_member(rd, j, key, ll__jr_is_array, "an array"), *item;
    size_t i;
    json_array_foreach(list, i, item) {
        if (rd->failed)
            break;
        char item_key[64];
        snprintf(item_key, sizeof item_key, "%s[%zu]", key, i);
        if (!json_is_object(item)) {
            ll__jr_fail(rd, item_key, "an object");
            break;
        }
        void *into = add(s);
        if (!into) {
            ll__jr_fail(rd, item_key, "memory to read it");
            break;
        }
        size_t at = ll__jr_enter(rd, item_key);
        read(rd, item, into);
        ll__jr_leave(rd, at);
    }
}

static void *add_point(ll_sweep *s)
{
    return ll_result_sweep_add_point(s);
}

static void *add_failure(ll_sweep *s)
{
    return ll_result_sweep_add_failure(s);
}

int ll_document_is_sweep(const json_t *j)
{
    return json_is_object(j) && json_object_get(j, "points");
}

ll_sweep *ll_sweep_from_json(const json_t *j, const char *name, ll_error *err)
{
    jr_reader rd = {.name = name, .err = err};
    ll_sweep *s = calloc(1, sizeof *s);
    if (!s) {
        ll_error_set(err, "%s: out of memory", name);
        return NULL;
    }
    s->scenario = ll__jr_string(&rd, j, "scenario");
    s->wsdl = ll__jr_optional_string(&rd, j, "wsdl");
    s->iterations = ll__jr_integer(&rd, j, "iterations");
    read_list(&rd, j, "points", 0, s, add_point, read_point);
    /* A sweep.json from before failed attempts were recorded has none. */
    read_list(&rd, j, "failures", 1, s, add_failure, read_failure);
    if (json_object_get(j, "interrupted"))
        s->interrupted = ll__jr_string(&rd, j, "interrupted");
    if (rd.failed) {
        ll_result_sweep_free(s);
        return NULL;
    }
    return s;
}
