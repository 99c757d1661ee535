#include "json.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

typedef struct {
    const char *p;
    int depth;
} parser;

static json *parse_value(parser *ps);

static void skip_ws(parser *ps) {
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r') ps->p++;
}

static json *new_value(json_type type) {
    json *v = calloc(1, sizeof *v);
    if (!v) abort();
    v->type = type;
    return v;
}

static void push(json *v, char *key, json *item) {
    v->items = realloc(v->items, (v->count + 1) * sizeof *v->items);
    if (!v->items) abort();
    v->items[v->count] = item;
    if (v->type == JSON_OBJECT) {
        v->keys = realloc(v->keys, (v->count + 1) * sizeof *v->keys);
        if (!v->keys) abort();
        v->keys[v->count] = key;
    }
    v->count++;
}

static int hex4(const char *p, unsigned *out) {
    unsigned n = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        n <<= 4;
        if (c >= '0' && c <= '9') n |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') n |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') n |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = n;
    return 1;
}

static void put_utf8(text *t, unsigned cp) {
    char b[4];
    size_t n;
    if (cp < 0x80) { b[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { b[0] = (char)(0xC0 | (cp >> 6)); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12)); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18)); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    text_append_n(t, b, n);
}

/* Parses a string literal at ps->p (which points at the opening quote). */
static char *parse_string(parser *ps) {
    text t = {0};
    ps->p++;
    for (;;) {
        unsigned char c = (unsigned char)*ps->p;
        if (c == '"') { ps->p++; return text_take(&t); }
        if (c < 0x20) break; /* includes the end of the input */
        if (c != '\\') { text_append_n(&t, ps->p, 1); ps->p++; continue; }
        char e = ps->p[1];
        ps->p += 2;
        switch (e) {
        case '"': text_append(&t, "\""); break;
        case '\\': text_append(&t, "\\"); break;
        case '/': text_append(&t, "/"); break;
        case 'b': text_append(&t, "\b"); break;
        case 'f': text_append(&t, "\f"); break;
        case 'n': text_append(&t, "\n"); break;
        case 'r': text_append(&t, "\r"); break;
        case 't': text_append(&t, "\t"); break;
        case 'u': {
            unsigned cp, lo;
            if (!hex4(ps->p, &cp)) goto fail;
            ps->p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (ps->p[0] != '\\' || ps->p[1] != 'u' || !hex4(ps->p + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    goto fail;
                ps->p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                goto fail;
            }
            put_utf8(&t, cp);
            break;
        }
        default: goto fail;
        }
    }
fail:
    text_free(&t);
    return NULL;
}

static json *parse_number(parser *ps) {
    const char *start = ps->p;
    if (*ps->p == '-') ps->p++;
    if (*ps->p < '0' || *ps->p > '9') return NULL;
    while ((*ps->p >= '0' && *ps->p <= '9') || *ps->p == '.' || *ps->p == 'e' || *ps->p == 'E' ||
           *ps->p == '+' || *ps->p == '-')
        ps->p++;
    char *end = NULL;
    json *v = new_value(JSON_NUMBER);
    v->number = strtod(start, &end);
    if (end != ps->p) { json_free(v); return NULL; }
    return v;
}

static int literal(parser *ps, const char *word) {
    size_t n = strlen(word);
    if (strncmp(ps->p, word, n) != 0) return 0;
    ps->p += n;
    return 1;
}

static json *parse_container(parser *ps, char close) {
    json *v = new_value(close == '}' ? JSON_OBJECT : JSON_ARRAY);
    if (++ps->depth > 200) goto fail;
    ps->p++;
    skip_ws(ps);
    if (*ps->p == close) { ps->p++; ps->depth--; return v; }
    for (;;) {
        char *key = NULL;
        skip_ws(ps);
        if (close == '}') {
            if (*ps->p != '"' || !(key = parse_string(ps))) goto fail;
            skip_ws(ps);
            if (*ps->p != ':') { free(key); goto fail; }
            ps->p++;
        }
        json *item = parse_value(ps);
        if (!item) { free(key); goto fail; }
        push(v, key, item);
        skip_ws(ps);
        if (*ps->p == ',') { ps->p++; continue; }
        if (*ps->p == close) { ps->p++; ps->depth--; return v; }
        goto fail;
    }
fail:
    json_free(v);
    return NULL;
}

static json *parse_value(parser *ps) {
    skip_ws(ps);
    switch (*ps->p) {
    case '{': return parse_container(ps, '}');
    case '[': return parse_container(ps, ']');
    case '"': {
        char *s = parse_string(ps);
        if (!s) return NULL;
        json *v = new_value(JSON_STRING);
        v->string = s;
        return v;
    }
    case 't': if (literal(ps, "true")) { json *v = new_value(JSON_BOOL); v->boolean = 1; return v; } return NULL;
    case 'f': if (literal(ps, "false")) return new_value(JSON_BOOL); return NULL;
    case 'n': if (literal(ps, "null")) return new_value(JSON_NULL); return NULL;
    default: return parse_number(ps);
    }
}

json *json_parse(const char *text) {
    if (!text) return NULL;
    parser ps = {text, 0};
    json *v = parse_value(&ps);
    if (!v) return NULL;
    skip_ws(&ps);
    if (*ps.p != '\0') { json_free(v); return NULL; }
    return v;
}

void json_free(json *v) {
    if (!v) return;
    for (size_t i = 0; i < v->count; i++) {
        json_free(v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->string);
    free(v);
}

const json *json_at(const json *v, const char *path) {
    while (v && path && *path) {
        const char *slash = strchr(path, '/');
        size_t n = slash ? (size_t)(slash - path) : strlen(path);
        const json *next = NULL;
        if (v->type == JSON_OBJECT) {
            for (size_t i = 0; i < v->count; i++)
                if (strlen(v->keys[i]) == n && strncmp(v->keys[i], path, n) == 0) { next = v->items[i]; break; }
        } else if (v->type == JSON_ARRAY) {
            char *end = NULL;
            unsigned long idx = strtoul(path, &end, 10);
            if (end == path + n && n > 0 && idx < v->count) next = v->items[idx];
        }
        v = next;
        path = slash ? slash + 1 : NULL;
    }
    return v;
}

const char *json_str(const json *v, const char *path) {
    const json *x = json_at(v, path);
    return x && x->type == JSON_STRING ? x->string : NULL;
}

int json_bool(const json *v, const char *path) {
    const json *x = json_at(v, path);
    return x && x->type == JSON_BOOL ? x->boolean : -1;
}

double json_num(const json *v, const char *path, double fallback) {
    const json *x = json_at(v, path);
    return x && x->type == JSON_NUMBER ? x->number : fallback;
}

int json_is_null(const json *v, const char *path) {
    const json *x = json_at(v, path);
    return x && x->type == JSON_NULL;
}

long json_count(const json *v, const char *path) {
    const json *x = json_at(v, path);
    return x && (x->type == JSON_ARRAY || x->type == JSON_OBJECT) ? (long)x->count : -1;
}
