/* The error every leaklab library returns: a code a caller can decide by
 * (jansson's json_error_code is the model) and a message that names the
 * file, the line and the field, for cli/ to print. Part of
 * libleaklab_snapshot. */
#ifndef LEAKLAB_ERROR_H
#define LEAKLAB_ERROR_H

typedef enum ll_error_code {
    LL_ERROR_NONE = 0,    /* no error (a zeroed ll_error) */
    LL_ERROR_OTHER,       /* set by ll_error_set: not classified */
    LL_ERROR_IO,          /* a file could not be opened, read or written */
    LL_ERROR_FORMAT,      /* the input is not what it claims (a line, a field) */
    LL_ERROR_LIMIT,       /* the input is over one of leaklab's limits */
    LL_ERROR_MEMORY,      /* out of memory */
    LL_ERROR_USAGE,       /* what was asked for cannot be (an entry point, an option) */
    LL_ERROR_UNSUPPORTED, /* this build lacks it (a runtime's backend) */
    LL_ERROR_RUNTIME,     /* the embedded runtime failed */
} ll_error_code;

typedef struct ll_error {
    ll_error_code code;
    char message[512];
} ll_error;

/* Sets ERR (may be NULL) to LL_ERROR_OTHER and the message. */
void ll_error_set(ll_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ll_error_set_code(ll_error *err, ll_error_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
