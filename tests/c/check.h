/*
 * A minimal checking harness: every CHECK counts as one pass or one failure,
 * failures are printed with file, line and the current test's name, and the
 * program ends with "N passed, M failed". Safe to use from several threads.
 */
#ifndef MGP_TEST_CHECK_H
#define MGP_TEST_CHECK_H

#include "mgpolicy.h"

/* Records one check. `detail` (printf-style, may be NULL) explains a failure. */
void check_record(int ok, const char *file, int line, const char *expr, const char *detail, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* The test that checks are attributed to. */
void check_set_test(const char *name);

/* Prints "N passed, M failed" and returns the process exit code. */
int check_summary(void);

int check_failures(void);

#define CHECK(cond) check_record(!!(cond), __FILE__, __LINE__, #cond, NULL)

#define CHECK_MSG(cond, ...) check_record(!!(cond), __FILE__, __LINE__, #cond, __VA_ARGS__)

#define CHECK_STATUS(got, want)                                                        \
    do {                                                                               \
        mgp_status check_g_ = (got), check_w_ = (want);                                \
        check_record(check_g_ == check_w_, __FILE__, __LINE__, #got " == " #want,      \
                     "got %s, want %s", mgp_status_name(check_g_),                     \
                     mgp_status_name(check_w_));                                       \
    } while (0)

#define CHECK_INT(got, want)                                                           \
    do {                                                                               \
        long long check_g_ = (long long)(got), check_w_ = (long long)(want);           \
        check_record(check_g_ == check_w_, __FILE__, __LINE__, #got " == " #want,      \
                     "got %lld, want %lld", check_g_, check_w_);                       \
    } while (0)

/* Compares two C strings; a NULL on either side fails unless both are NULL. */
int check_str_eq(const char *a, const char *b);
#define CHECK_STR(got, want)                                                           \
    do {                                                                               \
        const char *check_g_ = (got), *check_w_ = (want);                              \
        check_record(check_str_eq(check_g_, check_w_), __FILE__, __LINE__,             \
                     #got " == " #want, "got \"%s\", want \"%s\"",                     \
                     check_g_ ? check_g_ : "(null)", check_w_ ? check_w_ : "(null)");  \
    } while (0)

/* `haystack` contains `needle` (case-sensitive); NULL never does. */
int check_contains(const char *haystack, const char *needle);
#define CHECK_CONTAINS(haystack, needle)                                               \
    do {                                                                               \
        const char *check_h_ = (haystack), *check_n_ = (needle);                       \
        check_record(check_contains(check_h_, check_n_), __FILE__, __LINE__,           \
                     #haystack " contains " #needle, "\"%s\" does not contain \"%s\"", \
                     check_h_ ? check_h_ : "(null)", check_n_);                        \
    } while (0)

#endif
