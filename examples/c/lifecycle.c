/*
 * The identity-synchronization policy of one partner tenant, from C:
 * Set, Get, Update, a what-if Remove that only shows the request, Remove,
 * and a Get that fails, showing how errors are reported.
 *
 * Build (from the repository root, after `cargo build -p mgpolicy`):
 *   gcc -std=c99 -Wall -Wextra -Werror -Iinclude examples/c/lifecycle.c \
 *       -Ltarget/debug -lmgpolicy -o lifecycle
 *
 * Run:
 *   ./lifecycle CONFIG_JSON [PARTNER_TENANT_ID]
 *   MGP_EMULATOR_JSON="$(cat emulator.json)" ./lifecycle     # graph-emulator
 *
 * CONFIG_JSON is a client configuration (see the README). Without it, the
 * graph-emulator's startup line in MGP_EMULATOR_JSON is turned into one.
 * The partner configuration must exist in the tenant. Exits 0 when every
 * step had the expected outcome.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgpolicy.h"

#define DEFAULT_PARTNER "90e29127-71ad-49c7-9ce8-db3f41ea06f1"

typedef mgp_status (*text_fn)(const mgp_response *, char *, size_t, size_t *);

/* Copies one text out of a response: ask for the length, then copy.
 * Returns a string to free(), or NULL. */
static char *copy_text(text_fn fn, const mgp_response *resp) {
    size_t len = 0;
    if (fn(resp, NULL, 0, &len) != MGP_STATUS_BUFFER_TOO_SMALL) return NULL;
    char *buf = malloc(len + 1);
    if (buf && fn(resp, buf, len + 1, &len) != MGP_STATUS_OK) {
        free(buf);
        buf = NULL;
    }
    return buf;
}

/* The calling thread's message about the last failed call (free() it). */
static char *last_error(void) {
    size_t len = 0;
    mgp_last_error_message(NULL, 0, &len);
    char *buf = malloc(len + 1);
    if (buf && mgp_last_error_message(buf, len + 1, &len) != MGP_STATUS_OK) buf[0] = '\0';
    return buf;
}

/* Prints the outcome of one step, frees the response, and tells whether
 * the status was the expected one. */
static int report(const char *step, mgp_status status, mgp_response *resp, mgp_status expected) {
    printf("== %s: %s\n", step, mgp_status_name(status));
    if (resp == NULL) {
        /* refused before anything was sent: only the message explains why */
        char *why = last_error();
        printf("   refused: %s\n", why ? why : "");
        free(why);
        return status == expected;
    }
    char *request = copy_text(mgp_response_request_json, resp);
    if (!mgp_response_was_sent(resp)) {
        printf("   what-if, nothing sent; the request would be:\n   %s\n", request ? request : "");
    } else if (status == MGP_STATUS_OK) {
        char *body = copy_text(mgp_response_body_json, resp);
        printf("   HTTP %u, body %s\n", (unsigned)mgp_response_http_status(resp), body ? body : "");
        free(body);
    } else {
        char *code = copy_text(mgp_response_error_code, resp);
        char *request_id = copy_text(mgp_response_request_id, resp);
        char *message = copy_text(mgp_response_message, resp);
        printf("   HTTP %u, Graph error %s, request-id %s\n   %s\n", (unsigned)mgp_response_http_status(resp),
               code ? code : "", request_id ? request_id : "", message ? message : "");
        free(code);
        free(request_id);
        free(message);
    }
    free(request);
    mgp_response_free(resp);
    return status == expected;
}

/* The raw text of a string member of the emulator's one-line JSON, e.g.
 * "https_url". Enough for that flat line; use a JSON parser for anything else. */
static int emulator_field(const char *line, const char *key, char *out, size_t len) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *p = strstr(line, pattern);
    if (!p) return 0;
    p += strlen(pattern);
    while (*p == ' ') p++;
    if (*p++ != '"') return 0;
    size_t n = 0;
    while (p[n] && p[n] != '"') n += p[n] == '\\' && p[n + 1] ? 2 : 1;
    if (p[n] != '"' || n >= len) return 0;
    memcpy(out, p, n);
    out[n] = '\0';
    return 1;
}

/* A client configuration for the graph-emulator's read-write test app. */
static char *config_from_emulator(const char *line) {
    char url[256], ca[1024], tenant[64], client_id[64], secret[256];
    if (!line || !emulator_field(line, "https_url", url, sizeof url) ||
        !emulator_field(line, "ca_pem_path", ca, sizeof ca) || !emulator_field(line, "tenant_id", tenant, sizeof tenant) ||
        !emulator_field(line, "client_id", client_id, sizeof client_id) ||
        !emulator_field(line, "client_secret", secret, sizeof secret))
        return NULL;
    const char *format = "{\"cloud\": \"Custom\", \"graph_url\": \"%s\", \"authority_url\": \"%s\", "
                         "\"credential\": {\"type\": \"client_secret\", \"tenant_id\": \"%s\", "
                         "\"client_id\": \"%s\", \"client_secret\": \"%s\"}, \"ca_certificate_files\": [\"%s\"]}";
    size_t len = strlen(format) + 2 * strlen(url) + strlen(tenant) + strlen(client_id) + strlen(secret) + strlen(ca);
    char *config = malloc(len);
    if (config) snprintf(config, len, format, url, url, tenant, client_id, secret, ca);
    return config;
}

int main(int argc, char **argv) {
    char *built = argc > 1 ? NULL : config_from_emulator(getenv("MGP_EMULATOR_JSON"));
    const char *config = argc > 1 ? argv[1] : built;
    const char *partner = argc > 2 ? argv[2] : DEFAULT_PARTNER;
    if (!config) {
        fprintf(stderr, "usage: %s CONFIG_JSON [PARTNER_TENANT_ID]\n"
                        "   or: MGP_EMULATOR_JSON=\"$(cat emulator.json)\" %s\n", argv[0], argv[0]);
        return 2;
    }
    printf("mgpolicy %s (ABI %u), partner %s\n", mgp_version(), (unsigned)mgp_abi_version(), partner);
    if (mgp_abi_version() != MGP_ABI_VERSION) {
        fprintf(stderr, "built for ABI %d, the library has %u\n", MGP_ABI_VERSION, (unsigned)mgp_abi_version());
        free(built);
        return 1;
    }

    mgp_client *client = NULL;
    mgp_status status = mgp_client_new(config, &client);
    free(built); /* the library keeps no pointer to the configuration */
    if (status != MGP_STATUS_OK) {
        char *why = last_error();
        fprintf(stderr, "mgp_client_new: %s: %s\n", mgp_status_name(status), why ? why : "");
        free(why);
        return 1;
    }

    int ok = 1;
    mgp_response *resp = NULL;

    /* Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization
     *   -DisplayName Contoso -UserSyncInbound @{IsSyncAllowed = $true} */
    mgp_sync_policy_fields fields = {0};
    fields.display_name = "Contoso";
    fields.user_sync_inbound = MGP_TRISTATE_TRUE;
    status = mgp_identity_sync_set_set_expanded(client, partner, &fields, NULL, &resp);
    ok &= report("Set", status, resp, MGP_STATUS_OK);

    resp = NULL;
    status = mgp_identity_sync_get_get(client, partner, NULL, &resp);
    ok &= report("Get", status, resp, MGP_STATUS_OK);

    /* Update: only the properties that are set are sent */
    mgp_sync_policy_fields change = {0};
    change.user_sync_inbound = MGP_TRISTATE_FALSE;
    resp = NULL;
    status = mgp_identity_sync_update_update_expanded(client, partner, &change, NULL, &resp);
    ok &= report("Update", status, resp, MGP_STATUS_OK);

    /* -WhatIf: the exact request, and nothing sent */
    resp = NULL;
    status = mgp_identity_sync_remove_delete(client, partner, "{\"what_if\": true}", &resp);
    ok &= report("Remove -WhatIf", status, resp, MGP_STATUS_OK);

    resp = NULL;
    status = mgp_identity_sync_remove_delete(client, partner, NULL, &resp);
    ok &= report("Remove", status, resp, MGP_STATUS_OK);

    /* The policy is gone now: Graph answers 404 */
    resp = NULL;
    status = mgp_identity_sync_get_get(client, partner, NULL, &resp);
    ok &= report("Get after Remove", status, resp, MGP_STATUS_NOT_FOUND);

    /* A bad argument is refused before anything is sent: no response */
    resp = NULL;
    status = mgp_identity_sync_get_get(client, "not-a-tenant-id", NULL, &resp);
    ok &= report("Get with a bad id", status, resp, MGP_STATUS_INVALID_ARGUMENT);

    mgp_client_free(client);
    printf("%s\n", ok ? "every step had the expected outcome" : "some step had an unexpected outcome");
    return ok ? 0 : 1;
}
