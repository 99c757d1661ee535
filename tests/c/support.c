#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

suite S;

char *response_text(const mgp_response *r, response_text_fn fn) {
    size_t need = 0;
    if (fn(r, NULL, 0, &need) != MGP_STATUS_BUFFER_TOO_SMALL) return NULL;
    char *buf = malloc(need + 1);
    if (!buf) abort();
    size_t got = 0;
    if (fn(r, buf, need + 1, &got) != MGP_STATUS_OK || got != need) {
        free(buf);
        return NULL;
    }
    return buf;
}

json *response_doc(const mgp_response *r) {
    char *t = response_text(r, mgp_response_to_json);
    json *doc = json_parse(t);
    free(t);
    return doc;
}

char *last_error(void) {
    size_t need = 0;
    mgp_status st = mgp_last_error_message(NULL, 0, &need);
    char *buf = malloc(need + 1);
    if (!buf) abort();
    buf[0] = '\0';
    if (st == MGP_STATUS_BUFFER_TOO_SMALL) mgp_last_error_message(buf, need + 1, &need);
    return buf;
}

json *operations_doc(void) {
    size_t need = 0;
    if (mgp_operations_json(NULL, 0, &need) != MGP_STATUS_BUFFER_TOO_SMALL) return NULL;
    char *buf = malloc(need + 1);
    if (!buf) abort();
    json *doc = NULL;
    if (mgp_operations_json(buf, need + 1, &need) == MGP_STATUS_OK) doc = json_parse(buf);
    free(buf);
    return doc;
}

void partner_id(int n, char out[37]) { snprintf(out, 37, "a1b2c3d4-0000-4000-8000-%012d", n); }

void identity_json(const char *id, int deleted_item, char *out, size_t len) {
    snprintf(out, len, "{\"%s\": \"%s\"}",
             deleted_item ? "CrossTenantIdentitySyncPolicyPartnerTenantId"
                          : "CrossTenantAccessPolicyConfigurationPartnerTenantId",
             id);
}

static int seed(const char *kind, const char *item) {
    text t = {0};
    text_append(&t, "{\"tenant_id\": ");
    text_append_json_string(&t, S.emu.tenant);
    text_printf(&t, ", \"%s\": [%s]}", kind, item);
    int rc = emulator_seed(&S.emu, t.data);
    text_free(&t);
    return rc;
}

int seed_partner(const char *partner) {
    char item[128];
    snprintf(item, sizeof item, "{\"tenantId\": \"%s\"}", partner);
    return seed("partners", item);
}

int seed_policy(const char *partner, const char *display_name, int user_sync_allowed) {
    char item[512];
    snprintf(item, sizeof item,
             "{\"tenantId\": \"%s\", \"displayName\": \"%s\", \"userSyncInbound\": {\"isSyncAllowed\": %s}}",
             partner, display_name, user_sync_allowed ? "true" : "false");
    return seed("sync_policies", item);
}

int seed_deleted(const char *partner, const char *display_name) {
    char item[512];
    snprintf(item, sizeof item, "{\"tenantId\": \"%s\", \"displayName\": \"%s\"}", partner, display_name);
    return seed("deleted_sync_policies", item);
}

mgp_client *new_client(const char *config) {
    mgp_client *c = NULL;
    mgp_status st = mgp_client_new(config, &c);
    if (st != MGP_STATUS_OK) {
        char *msg = last_error();
        fprintf(stderr, "mgp_client_new: %s: %s\n", mgp_status_name(st), msg);
        free(msg);
        return NULL;
    }
    return c;
}
