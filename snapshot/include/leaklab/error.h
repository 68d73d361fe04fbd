/* The error every leaklab library returns: a message that names the file,
 * the line and the field, for cli/ to print. Part of libleaklab_snapshot. */
#ifndef LEAKLAB_ERROR_H
#define LEAKLAB_ERROR_H

/* An error message that names the file, the line and the field. */
typedef struct ll_error {
    char message[512];
} ll_error;

void ll_error_set(ll_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
