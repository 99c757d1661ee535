/* A growable NUL-terminated string for building JSON and HTTP messages. */
#ifndef MGP_TEST_TEXT_H
#define MGP_TEST_TEXT_H

#include <stddef.h>

typedef struct {
    char *data; /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
} text;

void text_append(text *t, const char *s);
void text_append_n(text *t, const char *s, size_t n);
void text_printf(text *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends `s` as a JSON string literal, quotes included. */
void text_append_json_string(text *t, const char *s);
/* Hands the buffer to the caller (free() it) and empties `t`. */
char *text_take(text *t);
void text_free(text *t);

#endif
