/* Arguments refused before anything is sent: NULL pointers, invalid UTF-8,
 * malformed JSON and invalid values, for every export. A refusal returns its
 * status, writes no response, explains itself in the last-error message, and
 * sends nothing (the emulator's request log stays empty). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "exports.h"
#include "support.h"
#include "tests.h"

static int id_shape(const export_row *row) {
    return row->shape == SHAPE_ID || row->shape == SHAPE_ID_FIELDS || row->shape == SHAPE_ID_BODY;
}

/* A valid key for the row: a GUID, or the identity object. */
static void valid_key(const export_row *row, char *out, size_t len) {
    char p[37];
    partner_id(600, p);
    if (id_shape(row)) snprintf(out, len, "%s", p);
    else identity_json(p, export_is_deleted_item(row), out, len);
}

static const char *VALID_BODY = "{\"displayName\": \"x\"}";

static void expect_refused(const export_row *row, const mgp_client *client, const char *key,
                           const mgp_sync_policy_fields *fields, const char *body, const char *options,
                           mgp_status want, const char *in_message, const char *what) {
    mgp_response *r = UNTOUCHED;
    mgp_status st = export_call(row, client, key, fields, body, options, &r);
    CHECK_MSG(st == want, "%s, %s: got %s, want %s", row->name, what, mgp_status_name(st), mgp_status_name(want));
    CHECK_MSG(r == UNTOUCHED, "%s, %s: a refused call wrote a response", row->name, what);
    if (r != UNTOUCHED) mgp_response_free(r);
    char *msg = last_error();
    if (in_message) CHECK_MSG(strstr(msg, in_message) != NULL, "%s, %s: message \"%s\" lacks \"%s\"", row->name, what, msg, in_message);
    else CHECK_MSG(msg[0] != '\0', "%s, %s: no message", row->name, what);
    free(msg);
}

static void accepted_what_if(const export_row *row, const char *key, const mgp_sync_policy_fields *fields,
                             const char *what) {
    mgp_response *r = UNTOUCHED;
    mgp_status st = export_call(row, S.client, key, fields, VALID_BODY, "{\"what_if\": true}", &r);
    CHECK_MSG(st == MGP_STATUS_OK, "%s, %s: %s", row->name, what, mgp_status_name(st));
    CHECK(r != UNTOUCHED && r != NULL);
    if (r != UNTOUCHED) mgp_response_free(r);
}

void test_null_for_every_pointer_argument(void) {
    CHECK(emulator_clear_requests(&S.emu) == 0);
    for (int i = 0; i < EXPORT_COUNT; i++) {
        const export_row *row = &EXPORTS[i];
        char key[160];
        valid_key(row, key, sizeof key);
        mgp_sync_policy_fields fields = {0};
        fields.display_name = "x";

        expect_refused(row, NULL, key, &fields, VALID_BODY, NULL, MGP_STATUS_NULL_ARGUMENT, "client", "NULL client");
        if (export_has_key(row))
            expect_refused(row, S.client, NULL, &fields, VALID_BODY, NULL, MGP_STATUS_NULL_ARGUMENT,
                           id_shape(row) ? "partner_tenant_id" : "identity_json", "NULL key");
        if (export_has_body(row))
            expect_refused(row, S.client, key, &fields, NULL, NULL, MGP_STATUS_NULL_ARGUMENT, "body_json", "NULL body");
        /* NULL out_response */
        CHECK_STATUS(export_call(row, S.client, key, &fields, VALID_BODY, NULL, NULL), MGP_STATUS_NULL_ARGUMENT);
        /* optional pointers: options, fields, and every pointer inside fields */
        accepted_what_if(row, key, &fields, "NULL options_json is fine");
        if (export_has_fields(row)) {
            accepted_what_if(row, key, NULL, "NULL fields");
            mgp_sync_policy_fields nothing = {0};
            accepted_what_if(row, key, &nothing, "fields with NULL pointers");
        }
    }
    CHECK_INT(emulator_count_requests(&S.emu, "/"), 0);
}

void test_invalid_utf8_is_refused(void) {
    CHECK(emulator_clear_requests(&S.emu) == 0);
    const char *bad_id = "a1b2c3d4-0000-4000-8000-00000000\xff\xfe";
    for (int i = 0; i < EXPORT_COUNT; i++) {
        const export_row *row = &EXPORTS[i];
        char key[160], bad_key[200];
        valid_key(row, key, sizeof key);
        if (id_shape(row)) snprintf(bad_key, sizeof bad_key, "%s", bad_id);
        else snprintf(bad_key, sizeof bad_key, "{\"%s\": \"%s\"}",
                      export_is_deleted_item(row) ? "CrossTenantIdentitySyncPolicyPartnerTenantId"
                                                  : "CrossTenantAccessPolicyConfigurationPartnerTenantId",
                      bad_id);
        mgp_sync_policy_fields fields = {0};
        if (export_has_key(row))
            expect_refused(row, S.client, bad_key, &fields, VALID_BODY, NULL, MGP_STATUS_INVALID_UTF8, "UTF-8", "key");
        expect_refused(row, S.client, key, &fields, VALID_BODY, "{\"headers\": {\"X-A\": \"\xc3\x28\"}}",
                       MGP_STATUS_INVALID_UTF8, "options_json", "options");
        if (export_has_body(row))
            expect_refused(row, S.client, key, &fields, "{\"displayName\": \"\xe2\x82\"}", NULL, MGP_STATUS_INVALID_UTF8,
                           "body_json", "body");
        if (export_has_fields(row)) {
            const char *bad = "Cont\xf0\x28\x8c\x28so";
            mgp_sync_policy_fields f = {0};
            f.display_name = bad;
            expect_refused(row, S.client, key, &f, NULL, NULL, MGP_STATUS_INVALID_UTF8, "display_name", "display_name");
            f = (mgp_sync_policy_fields){0};
            f.tenant_id = bad;
            expect_refused(row, S.client, key, &f, NULL, NULL, MGP_STATUS_INVALID_UTF8, "tenant_id", "tenant_id");
            f = (mgp_sync_policy_fields){0};
            f.external_cloud_authorized_application_id = bad;
            expect_refused(row, S.client, key, &f, NULL, NULL, MGP_STATUS_INVALID_UTF8,
                           "external_cloud_authorized_application_id", "external app id");
            f = (mgp_sync_policy_fields){0};
            f.additional_properties_json = "{\"a\": \"\xff\"}";
            expect_refused(row, S.client, key, &f, NULL, NULL, MGP_STATUS_INVALID_UTF8, "additional_properties_json",
                           "additional properties");
        }
    }
    CHECK_INT(emulator_count_requests(&S.emu, "/"), 0);
}

void test_malformed_json_is_refused(void) {
    CHECK(emulator_clear_requests(&S.emu) == 0);
    const char *malformed[] = {"{", "", "{\"a\": }", "[1, 2", "{\"a\": 1} trailing", "nul"};
    for (int i = 0; i < EXPORT_COUNT; i++) {
        const export_row *row = &EXPORTS[i];
        char key[160];
        valid_key(row, key, sizeof key);
        for (size_t m = 0; m < sizeof malformed / sizeof malformed[0]; m++) {
            const char *bad = malformed[m];
            expect_refused(row, S.client, key, NULL, VALID_BODY, bad, MGP_STATUS_INVALID_JSON, "options_json", "options");
            if (!id_shape(row) && export_has_key(row))
                expect_refused(row, S.client, bad, NULL, VALID_BODY, NULL, MGP_STATUS_INVALID_JSON, "identity_json",
                               "identity");
            if (export_has_body(row))
                expect_refused(row, S.client, key, NULL, bad, NULL, MGP_STATUS_INVALID_JSON, "body_json", "body");
            if (export_has_fields(row)) {
                mgp_sync_policy_fields f = {0};
                f.additional_properties_json = bad;
                expect_refused(row, S.client, key, &f, NULL, NULL, MGP_STATUS_INVALID_JSON, "additional_properties_json",
                               "additional properties");
            }
        }
    }
    CHECK_INT(emulator_count_requests(&S.emu, "/"), 0);
}

static void refuse_option(const export_row *row, const char *key, const char *options, const char *in_message) {
    expect_refused(row, S.client, key, NULL, VALID_BODY, options, MGP_STATUS_INVALID_ARGUMENT, in_message, options);
}

void test_invalid_arguments_are_refused(void) {
    CHECK(emulator_clear_requests(&S.emu) == 0);
    for (int i = 0; i < EXPORT_COUNT; i++) {
        const export_row *row = &EXPORTS[i];
        int deleted = export_is_deleted_item(row), beta = export_is_beta(row);
        char key[160], p[37];
        partner_id(600, p);
        valid_key(row, key, sizeof key);
        const char *id_name = deleted ? "CrossTenantIdentitySyncPolicyPartnerTenantId"
                                      : "CrossTenantAccessPolicyConfigurationPartnerTenantId";
        const char *other_name = deleted ? "CrossTenantAccessPolicyConfigurationPartnerTenantId"
                                         : "CrossTenantIdentitySyncPolicyPartnerTenantId";

        /* keys */
        if (id_shape(row)) {
            const char *bad_ids[] = {"not-a-guid", "", "a1b2c3d4-0000-4000-8000-00000000060", "../../users",
                                     "a1b2c3d4-0000-4000-8000-000000000600/restore"};
            for (size_t b = 0; b < sizeof bad_ids / sizeof bad_ids[0]; b++)
                expect_refused(row, S.client, bad_ids[b], NULL, VALID_BODY, NULL, MGP_STATUS_INVALID_ARGUMENT, id_name,
                               bad_ids[b]);
        } else if (export_has_key(row)) {
            char bad[200];
            snprintf(bad, sizeof bad, "{\"%s\": \"not-a-guid\"}", id_name);
            expect_refused(row, S.client, bad, NULL, VALID_BODY, NULL, MGP_STATUS_INVALID_ARGUMENT, "not-a-guid", "identity GUID");
            snprintf(bad, sizeof bad, "{\"%s\": \"%s\"}", other_name, p);
            expect_refused(row, S.client, bad, NULL, VALID_BODY, NULL, MGP_STATUS_INVALID_ARGUMENT, id_name, "identity of the other resource");
            expect_refused(row, S.client, "{}", NULL, VALID_BODY, NULL, MGP_STATUS_INVALID_ARGUMENT, id_name, "empty identity");
            snprintf(bad, sizeof bad, "\"%s\"", p);
            expect_refused(row, S.client, bad, NULL, VALID_BODY, NULL, MGP_STATUS_INVALID_ARGUMENT, NULL, "identity not an object");
        }

        /* options */
        refuse_option(row, key, "{\"colour\": \"blue\"}", "colour");
        refuse_option(row, key, "[]", "options");
        refuse_option(row, key, "{\"headers\": {\"X-Evil\": \"a\\r\\nX-Injected: 1\"}}", "CR or LF");
        refuse_option(row, key, "{\"headers\": {\"X-Evil\": \"a\\nb\"}}", "CR or LF");
        refuse_option(row, key, "{\"headers\": {\"X-Bad\\r\\nName\": \"v\"}}", NULL);
        refuse_option(row, key, "{\"headers\": {\"Authorization\": \"Bearer stolen\"}}", "Authorization");
        refuse_option(row, key, "{\"headers\": {\"content-type\": \"text/plain\"}}", "content-type");
        refuse_option(row, key, "{\"headers\": {\"X-List\": [\"a\"]}}", "X-List");
        refuse_option(row, key, "{\"headers\": [\"X-A: b\"]}", "headers");
        refuse_option(row, key, "{\"client_request_id\": \"a\\r\\nb\"}", "CR or LF");
        refuse_option(row, key, "{\"api_version\": \"v2.0\"}", NULL);
        if (row->shape != SHAPE_LIST) {
            refuse_option(row, key, "{\"top\": 1}", "top");
            refuse_option(row, key, "{\"filter\": \"displayName eq 'x'\"}", "filter");
        } else {
            refuse_option(row, key, "{\"top\": \"ten\"}", "top");
        }

        /* bodies: unknown properties, wrong types, beta-only properties on v1.0 */
        if (export_has_body(row)) {
            expect_refused(row, S.client, key, NULL, "{\"displayName\": \"x\", \"colour\": \"blue\"}", NULL,
                           MGP_STATUS_INVALID_ARGUMENT, "colour", "unknown property");
            expect_refused(row, S.client, key, NULL, "{\"displayName\": 5}", NULL, MGP_STATUS_INVALID_ARGUMENT,
                           "displayName", "number for a string");
            expect_refused(row, S.client, key, NULL, "{\"userSyncInbound\": {\"isSyncAllowed\": \"maybe\"}}", NULL,
                           MGP_STATUS_INVALID_ARGUMENT, "isSyncAllowed", "not a boolean");
            expect_refused(row, S.client, key, NULL, "[{\"displayName\": \"x\"}]", NULL, MGP_STATUS_INVALID_ARGUMENT,
                           NULL, "body not an object");
            expect_refused(row, S.client, key, NULL, "{\"tenantId\": \"b0000000-0000-4000-8000-000000000001\"}", NULL,
                           MGP_STATUS_INVALID_ARGUMENT, NULL, "body tenantId of another partner");
            if (!beta) {
                expect_refused(row, S.client, key, NULL, "{\"groupSyncInbound\": {\"isSyncAllowed\": true}}", NULL,
                               MGP_STATUS_INVALID_ARGUMENT, "groupSyncInbound", "beta-only property on v1.0");
                expect_refused(row, S.client, key, NULL, "{\"externalCloudAuthorizedApplicationId\": \"a\"}", NULL,
                               MGP_STATUS_INVALID_ARGUMENT, "externalCloudAuthorizedApplicationId",
                               "beta-only property on v1.0");
            }
        }
        if (export_has_fields(row)) {
            mgp_sync_policy_fields f = {0};
            f.user_sync_inbound = 3;
            expect_refused(row, S.client, key, &f, NULL, NULL, MGP_STATUS_INVALID_ARGUMENT, "user_sync_inbound", "tri-state 3");
            f = (mgp_sync_policy_fields){0};
            f.role_enabled_group_sync_inbound = 0xFFFFFFFFu;
            expect_refused(row, S.client, key, &f, NULL, NULL, MGP_STATUS_INVALID_ARGUMENT,
                           "role_enabled_group_sync_inbound", "tri-state max");
            f = (mgp_sync_policy_fields){0};
            f.additional_properties_json = "{\"colour\": \"blue\"}";
            expect_refused(row, S.client, key, &f, NULL, NULL, MGP_STATUS_INVALID_ARGUMENT, "colour",
                           "unknown additional property");
            f = (mgp_sync_policy_fields){0};
            f.tenant_id = "b0000000-0000-4000-8000-000000000001"; /* not the partner */
            expect_refused(row, S.client, key, &f, NULL, NULL, MGP_STATUS_INVALID_ARGUMENT, NULL,
                           "tenant_id of another partner");
            f = (mgp_sync_policy_fields){0};
            f.tenant_id = "not-a-guid";
            expect_refused(row, S.client, key, &f, NULL, NULL, MGP_STATUS_INVALID_ARGUMENT, NULL, "tenant_id not a GUID");
            f = (mgp_sync_policy_fields){0};
            f.tenant_id = p; /* the partner itself is fine */
            accepted_what_if(row, key, &f, "tenant_id of the partner");
            f = (mgp_sync_policy_fields){0};
            f.additional_properties_json = "[1]";
            expect_refused(row, S.client, key, &f, NULL, NULL, MGP_STATUS_INVALID_ARGUMENT, NULL,
                           "additional properties not an object");
            if (!beta) {
                f = (mgp_sync_policy_fields){0};
                f.group_sync_inbound = MGP_TRISTATE_TRUE;
                expect_refused(row, S.client, key, &f, NULL, NULL, MGP_STATUS_INVALID_ARGUMENT, NULL,
                               "beta-only field on v1.0");
                f = (mgp_sync_policy_fields){0};
                f.external_cloud_authorized_application_id = "app";
                expect_refused(row, S.client, key, &f, NULL, NULL, MGP_STATUS_INVALID_ARGUMENT, NULL,
                               "beta-only field on v1.0");
            }
        }
    }
    CHECK_INT(emulator_count_requests(&S.emu, "/"), 0);
}
