/*
 * What the tests share: the emulator, a client for its read-write app, the
 * library's text out-parameters read with the (buf, len, *out_len) protocol,
 * and seeding helpers.
 */
#ifndef MGP_TEST_SUPPORT_H
#define MGP_TEST_SUPPORT_H

#include "emulator.h"
#include "json.h"
#include "mgpolicy.h"

typedef struct {
    emulator emu;
    char *config;        /* client configuration for the read-write app */
    mgp_client *client;  /* made from `config` */
} suite;

extern suite S;

/* A value no export ever writes, to see whether an out-parameter was touched. */
#define UNTOUCHED ((mgp_response *)(uintptr_t)0x5eed)

typedef mgp_status (*response_text_fn)(const mgp_response *, char *, size_t, size_t *);

/* Reads a text accessor in two calls (size, then copy); NULL on any failure. */
char *response_text(const mgp_response *r, response_text_fn fn);
/* mgp_response_to_json, parsed. */
json *response_doc(const mgp_response *r);
/* The calling thread's last error message (free() it). */
char *last_error(void);
/* mgp_operations_json, parsed. */
json *operations_doc(void);

/* A GUID unique to `n`: "a1b2c3d4-0000-4000-8000-00000000nnnn". */
void partner_id(int n, char out[37]);
/* {"CrossTenant...PartnerTenantId": id} for the live or the deleted-item resource. */
void identity_json(const char *id, int deleted_item, char *out, size_t len);

/* Seeding in the home tenant; 0 on success. */
int seed_partner(const char *partner);
int seed_policy(const char *partner, const char *display_name, int user_sync_allowed);
int seed_deleted(const char *partner, const char *display_name);

/* A fresh client for `config`; NULL (and a message) when refused. */
mgp_client *new_client(const char *config);

#endif
