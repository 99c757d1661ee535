/*
 * A small JSON reader for checking what the library and the emulator return.
 * Values are looked up by slash-separated paths: "error/code",
 * "value/0/tenantId", "headers/request-id/0".
 */
#ifndef MGP_TEST_JSON_H
#define MGP_TEST_JSON_H

#include <stddef.h>

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json json;
struct json {
    json_type type;
    int boolean;
    double number;
    char *string;   /* JSON_STRING: decoded UTF-8 */
    size_t count;   /* JSON_ARRAY / JSON_OBJECT: number of members */
    char **keys;    /* JSON_OBJECT: member names */
    json **items;   /* JSON_ARRAY / JSON_OBJECT: members */
};

/* Parses a whole document; NULL when `text` is NULL or not exactly one JSON value. */
json *json_parse(const char *text);
void json_free(json *v);

/* The value at `path` ("" is `v` itself), or NULL when there is none. */
const json *json_at(const json *v, const char *path);
/* The string at `path`, or NULL when it is missing or not a string. */
const char *json_str(const json *v, const char *path);
/* 1 when the value at `path` is `true`, 0 when `false`, -1 otherwise. */
int json_bool(const json *v, const char *path);
/* The number at `path`, or `fallback`. */
double json_num(const json *v, const char *path, double fallback);
/* 1 when `path` exists and holds null. */
int json_is_null(const json *v, const char *path);
/* Members of the array or object at `path`, or -1. */
long json_count(const json *v, const char *path);

#endif
