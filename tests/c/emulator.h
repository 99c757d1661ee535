/*
 * The running graph-emulator as the tests see it: its startup line, its admin
 * API (plain HTTP on 127.0.0.1, spoken over a socket so the tests need no
 * HTTP library), and client configurations for its apps.
 */
#ifndef MGP_TEST_EMULATOR_H
#define MGP_TEST_EMULATOR_H

#include "json.h"

typedef struct {
    json *info;          /* the startup line */
    char host[64];       /* of http_url */
    int port;
    const char *tenant;  /* home tenant id */
} emulator;

/* Reads the startup line; 0 on success. */
int emulator_open(emulator *e, const char *startup_line);
void emulator_close(emulator *e);

/* Sends `method` to `{admin_url}{path}` with an optional JSON body. Returns
 * the response body (free() it) and the HTTP status in `*status` (0 when the
 * exchange failed). */
char *emulator_admin(const emulator *e, const char *method, const char *path, const char *body, int *status);

/* Admin helpers: 0 on success (and a message on stderr otherwise). */
int emulator_reset(const emulator *e);
int emulator_seed(const emulator *e, const char *seed_json);
int emulator_add_fault(const emulator *e, const char *fault_json);
int emulator_clear_requests(const emulator *e);
int emulator_clear_faults(const emulator *e);
/* Makes every issued token invalid, as if it had expired. */
int emulator_expire_tokens(const emulator *e);

/* GET /state and GET /requests, parsed (json_free them); NULL on failure. */
json *emulator_state(const emulator *e);
json *emulator_requests(const emulator *e);

/* The requests the emulator logged whose path contains `fragment`. */
long emulator_count_requests(const emulator *e, const char *fragment);

/* A client configuration (free() it) for the app called `app` ("test",
 * "reader", ...), with fast retries. `extra` (may be NULL) is appended
 * inside the top-level object, e.g. "\"timeout_ms\": 5000". */
char *emulator_config(const emulator *e, const char *app, const char *extra);

/* From a state snapshot: the partner object, its identitySynchronization
 * (NULL when the partner is missing), and a soft-deleted policy. */
const json *state_partner(const json *state, const char *tenant, const char *partner);
const json *state_policy(const json *state, const char *tenant, const char *partner);
const json *state_deleted(const json *state, const char *tenant, const char *partner);

#endif
