#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(text *t, size_t extra) {
    if (t->len + extra + 1 <= t->cap) return;
    size_t cap = t->cap ? t->cap : 64;
    while (cap < t->len + extra + 1) cap *= 2;
    char *p = realloc(t->data, cap);
    if (!p) {
        fputs("out of memory\n", stderr);
        abort();
    }
    t->data = p;
    t->cap = cap;
}

void text_append_n(text *t, const char *s, size_t n) {
    reserve(t, n);
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

void text_append(text *t, const char *s) { text_append_n(t, s, strlen(s)); }

void text_printf(text *t, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    reserve(t, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(t->data + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

void text_append_json_string(text *t, const char *s) {
    text_append(t, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': text_append(t, "\\\""); break;
        case '\\': text_append(t, "\\\\"); break;
        case '\n': text_append(t, "\\n"); break;
        case '\r': text_append(t, "\\r"); break;
        case '\t': text_append(t, "\\t"); break;
        default:
            if (*p < 0x20) text_printf(t, "\\u%04x", *p);
            else text_append_n(t, (const char *)p, 1);
        }
    }
    text_append(t, "\"");
}

char *text_take(text *t) {
    char *d = t->data;
    if (!d) {
        d = malloc(1);
        if (!d) abort();
        d[0] = '\0';
    }
    t->data = NULL;
    t->len = t->cap = 0;
    return d;
}

void text_free(text *t) {
    free(t->data);
    t->data = NULL;
    t->len = t->cap = 0;
}
