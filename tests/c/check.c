#include "check.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int passed;
static int failed;
static const char *current_test = "(none)";

void check_set_test(const char *name) {
    pthread_mutex_lock(&lock);
    current_test = name;
    pthread_mutex_unlock(&lock);
}

void check_record(int ok, const char *file, int line, const char *expr, const char *detail, ...) {
    pthread_mutex_lock(&lock);
    if (ok) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL [%s] %s:%d: %s", current_test, file, line, expr);
        if (detail) {
            va_list ap;
            va_start(ap, detail);
            fputs(": ", stderr);
            vfprintf(stderr, detail, ap);
            va_end(ap);
        }
        fputc('\n', stderr);
    }
    pthread_mutex_unlock(&lock);
}

int check_str_eq(const char *a, const char *b) {
    if (!a || !b) return a == b;
    return strcmp(a, b) == 0;
}

int check_contains(const char *haystack, const char *needle) {
    return haystack && needle && strstr(haystack, needle) != NULL;
}

int check_failures(void) {
    pthread_mutex_lock(&lock);
    int f = failed;
    pthread_mutex_unlock(&lock);
    return f;
}

int check_summary(void) {
    pthread_mutex_lock(&lock);
    int p = passed, f = failed;
    pthread_mutex_unlock(&lock);
    printf("%d passed, %d failed\n", p, f);
    fflush(stdout);
    return f == 0 && p > 0 ? 0 : 1;
}
