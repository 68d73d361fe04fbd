/* Letting an AppDomain go quiet before it is unloaded.
 *
 * Mono 6.8 aborts the threads that run code of a domain being unloaded.
 * Its HTTP client does its I/O on the thread pool, so a domain unloaded
 * right after a SOAP call may still have pool work in flight, and aborting
 * it races with the thread's own interrupt state: `Assertion at
 * mono-threads.c:2005 ... previous_token` (SIGABRT) in a live sweep. Before
 * unloading, the host closes the domain's keep-alive connections to the
 * service (their reads complete on the pool) and waits, bounded, until
 * the pool has no busy thread, so that there is nothing left to abort.
 * The service's URL comes from the run's settings (the session). */
#include "mono_backend.h"

#include <mono/metadata/appdomain.h>
#include <mono/metadata/assembly.h>
#include <mono/metadata/debug-helpers.h>
#include <mono/metadata/image.h>
#include <mono/metadata/object.h>
#include <string.h>
#include <time.h>

#define QUIESCE_WAIT_MS 3000
#define QUIESCE_POLL_MS 2

static MonoMethod *find_method(MonoImage *image, const char *description)
{
    if (!image)
        return NULL;
    MonoMethodDesc *desc = mono_method_desc_new(description, 1);
    MonoMethod *method = desc ? mono_method_desc_search_in_image(desc, image) : NULL;
    if (desc)
        mono_method_desc_free(desc);
    return method;
}

/* Busy threads of the pool (worker and I/O), or -1 if unknown. */
static int busy_pool_threads(void)
{
    static MonoMethod *available_method, *max_method;
    if (!available_method) {
        available_method = find_method(mono_get_corlib(), "System.Threading.ThreadPool:GetAvailableThreads(int&,int&)");
        max_method = find_method(mono_get_corlib(), "System.Threading.ThreadPool:GetMaxThreads(int&,int&)");
    }
    if (!available_method || !max_method)
        return -1;
    int32_t available[2] = {0, 0}, max[2] = {0, 0};
    void *available_args[2] = {&available[0], &available[1]}, *max_args[2] = {&max[0], &max[1]};
    MonoObject *thrown = NULL;
    mono_runtime_invoke(available_method, NULL, available_args, &thrown);
    if (!thrown)
        mono_runtime_invoke(max_method, NULL, max_args, &thrown);
    if (thrown)
        return -1;
    return (max[0] - available[0]) + (max[1] - available[1]);
}

static int is_http_url(const char *s)
{
    return s && (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0);
}

/* Closes DOMAIN's idle connections to URL: ServicePointManager is per
 * domain, and a kept-alive connection's read runs on the pool. */
static void close_service_connections(MonoDomain *domain, const char *url)
{
    /* Looked up once System is loaded (the first live call loads it). */
    static MonoMethod *find, *close;
    if (!find || !close) {
        MonoImage *system = mono_image_loaded("System");
        find = find_method(system, "System.Net.ServicePointManager:FindServicePoint(string,System.Net.IWebProxy)");
        close = find_method(system, "System.Net.ServicePoint:CloseConnectionGroup(string)");
    }
    if (!find || !close)
        return;
    mono_domain_set(domain, 0);
    void *find_args[2] = {mono_string_new(domain, url), NULL};
    MonoObject *thrown = NULL;
    MonoObject *point = mono_runtime_invoke(find, NULL, find_args, &thrown);
    if (point && !thrown) {
        void *close_args[1] = {mono_string_new(domain, "")};
        mono_runtime_invoke(close, point, close_args, &thrown);
    }
    mono_domain_set(mono_get_root_domain(), 0);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int ll__mono_quiesce_domain(MonoDomain *domain, const char *service_url)
{
    if (is_http_url(service_url))
        close_service_connections(domain, service_url);
    double deadline = now_ms() + QUIESCE_WAIT_MS;
    int busy;
    while ((busy = busy_pool_threads()) > 0 && now_ms() < deadline) {
        struct timespec pause = {0, QUIESCE_POLL_MS * 1000000L};
        nanosleep(&pause, NULL);
    }
    return busy > 0 ? -1 : 0;
}
