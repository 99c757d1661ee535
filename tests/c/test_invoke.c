/* mgp_operation_invoke: every row of the operations table by cmdlet and
 * parameter-set name, the default sets, real calls, and its refusals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "support.h"
#include "tests.h"
#include "text.h"

/* args_json for an operations_json row: key, fields or body, options. */
static char *args_for(const json *op, const char *partner, const char *options) {
    text t = {0};
    const char *key = json_str(op, "key"), *body = json_str(op, "body");
    text_append(&t, "{");
    if (strcmp(key, "id") == 0) text_printf(&t, "\"id\": \"%s\", ", partner);
    if (strcmp(key, "identity") == 0)
        text_printf(&t, "\"identity\": {\"%s\": \"%s\"}, ", json_str(op, "id_parameter"), partner);
    if (strcmp(body, "expanded") == 0)
        text_append(&t, "\"fields\": {\"display_name\": \"Invoked\", \"user_sync_inbound\": true}, ");
    if (strcmp(body, "json") == 0)
        text_append(&t, "\"body\": {\"displayName\": \"Invoked\", \"userSyncInbound\": {\"isSyncAllowed\": true}}, ");
    text_printf(&t, "\"options\": %s}", options ? options : "null");
    return text_take(&t);
}

void test_invoke_reaches_every_operation(void) {
    json *ops = operations_doc();
    CHECK(ops != NULL);
    CHECK(emulator_reset(&S.emu) == 0);
    CHECK(emulator_clear_requests(&S.emu) == 0);
    for (size_t i = 0; ops && i < ops->count; i++) {
        const json *op = ops->items[i];
        const char *cmdlet = json_str(op, "cmdlet"), *set = json_str(op, "parameter_set");
        char p[37];
        partner_id(400 + (int)i, p);
        char *args = args_for(op, p, "{\"what_if\": true}");
        mgp_response *r = UNTOUCHED;
        mgp_status st = mgp_operation_invoke(S.client, cmdlet, set, args, &r);
        CHECK_MSG(st == MGP_STATUS_OK, "%s %s: %s", cmdlet, set, mgp_status_name(st));
        json *doc = (r && r != UNTOUCHED) ? response_doc(r) : NULL;
        CHECK_STR(json_str(doc, "cmdlet"), cmdlet);
        CHECK_STR(json_str(doc, "parameter_set"), set);
        CHECK_STR(json_str(doc, "request/method"), json_str(op, "method"));
        CHECK_INT(json_bool(doc, "what_if"), 1);
        if (strcmp(json_str(op, "key"), "none") != 0) CHECK_CONTAINS(json_str(doc, "request/url"), p);
        if (strcmp(json_str(op, "body"), "none") != 0) {
            CHECK_STR(json_str(doc, "request/body/displayName"), "Invoked");
            CHECK_INT(json_bool(doc, "request/body/userSyncInbound/isSyncAllowed"), 1);
        }
        json_free(doc);
        if (r != UNTOUCHED) mgp_response_free(r);

        /* NULL picks the cmdlet's default parameter set */
        if (json_bool(op, "default_set") == 1) {
            r = UNTOUCHED;
            CHECK_STATUS(mgp_operation_invoke(S.client, cmdlet, NULL, args, &r), MGP_STATUS_OK);
            doc = (r && r != UNTOUCHED) ? response_doc(r) : NULL;
            CHECK_STR(json_str(doc, "parameter_set"), set);
            json_free(doc);
            if (r != UNTOUCHED) mgp_response_free(r);
        }
        free(args);
    }
    json_free(ops);
    CHECK_INT(emulator_count_requests(&S.emu, "/"), 0);

    /* names match in any letter case */
    mgp_response *r = UNTOUCHED;
    CHECK_STATUS(mgp_operation_invoke(S.client, "get-mgbetapolicydeleteditemcrosstenantsyncpolicypartner", "LIST",
                                      "{\"options\": {\"what_if\": true}}", &r),
                 MGP_STATUS_OK);
    json *doc = (r && r != UNTOUCHED) ? response_doc(r) : NULL;
    CHECK_STR(json_str(doc, "cmdlet"), "Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner");
    CHECK_STR(json_str(doc, "parameter_set"), "List");
    json_free(doc);
    if (r != UNTOUCHED) mgp_response_free(r);
}

static json *invoke_doc(const char *cmdlet, const char *set, const char *args, mgp_status want) {
    mgp_response *r = UNTOUCHED;
    mgp_status st = mgp_operation_invoke(S.client, cmdlet, set, args, &r);
    CHECK_MSG(st == want, "%s %s: got %s, want %s", cmdlet, set ? set : "(default)", mgp_status_name(st),
              mgp_status_name(want));
    if (r == UNTOUCHED || r == NULL) return NULL;
    json *doc = response_doc(r);
    mgp_response_free(r);
    return doc;
}

void test_invoke_runs_real_calls(void) {
    char p[37], args[512];
    partner_id(450, p);
    CHECK(emulator_reset(&S.emu) == 0);
    CHECK(seed_partner(p) == 0);
    const char *set = "Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization";
    const char *get = "Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization";
    const char *update = "Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization";
    const char *remove = "Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization";

    snprintf(args, sizeof args,
             "{\"id\": \"%s\", \"fields\": {\"display_name\": \"By invoke\", \"user_sync_inbound\": true, "
             "\"group_sync_inbound\": false, \"role_enabled_group_sync_inbound\": null, "
             "\"additional_properties\": {\"externalCloudAuthorizedApplicationId\": \"app-1\"}}}",
             p);
    json *doc = invoke_doc(set, "SetExpanded", args, MGP_STATUS_OK);
    CHECK_INT(json_num(doc, "http_status", 0), 204);
    CHECK_STR(json_str(doc, "request/body/externalCloudAuthorizedApplicationId"), "app-1");
    CHECK(json_at(doc, "request/body/roleEnabledGroupSyncInbound") == NULL);
    json_free(doc);
    json *state = emulator_state(&S.emu);
    const json *policy = state_policy(state, S.emu.tenant, p);
    CHECK_STR(json_str(policy, "displayName"), "By invoke");
    CHECK_INT(json_bool(policy, "userSyncInbound/isSyncAllowed"), 1);
    CHECK_INT(json_bool(policy, "groupSyncInbound/isSyncAllowed"), 0);
    CHECK_STR(json_str(policy, "externalCloudAuthorizedApplicationId"), "app-1");
    json_free(state);

    snprintf(args, sizeof args, "{\"id\": \"%s\"}", p);
    doc = invoke_doc(get, NULL, args, MGP_STATUS_OK);
    CHECK_INT(json_num(doc, "http_status", 0), 200);
    CHECK_STR(json_str(doc, "body/displayName"), "By invoke");
    CHECK_STR(json_str(doc, "body/externalCloudAuthorizedApplicationId"), "app-1");
    json_free(doc);

    snprintf(args, sizeof args,
             "{\"identity\": {\"crosstenantaccesspolicyconfigurationpartnertenantid\": \"%s\"}, "
             "\"body\": {\"displayname\": \"Renamed\", \"UserSyncInbound\": {\"isSyncAllowed\": \"False\"}}}",
             p);
    doc = invoke_doc(update, "UpdateViaIdentity", args, MGP_STATUS_OK);
    CHECK_STR(json_str(doc, "request/body/displayName"), "Renamed");
    CHECK_INT(json_bool(doc, "request/body/userSyncInbound/isSyncAllowed"), 0);
    json_free(doc);
    state = emulator_state(&S.emu);
    policy = state_policy(state, S.emu.tenant, p);
    CHECK_STR(json_str(policy, "displayName"), "Renamed");
    CHECK_INT(json_bool(policy, "userSyncInbound/isSyncAllowed"), 0);
    CHECK_INT(json_bool(policy, "groupSyncInbound/isSyncAllowed"), 0);
    json_free(state);

    snprintf(args, sizeof args, "{\"id\": \"%s\"}", p);
    doc = invoke_doc(remove, NULL, args, MGP_STATUS_OK);
    CHECK_INT(json_num(doc, "http_status", 0), 204);
    json_free(doc);
    doc = invoke_doc("Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner", NULL, "{\"options\": {\"top\": 5}}",
                     MGP_STATUS_OK);
    CHECK_INT(json_count(doc, "body/value"), 1);
    CHECK_STR(json_str(doc, "body/value/0/tenantId"), p);
    CHECK_STR(json_str(doc, "body/value/0/displayName"), "Renamed");
    json_free(doc);
    doc = invoke_doc(get, NULL, args, MGP_STATUS_NOT_FOUND);
    CHECK_INT(json_num(doc, "http_status", 0), 404);
    json_free(doc);
}

static void refused(const char *cmdlet, const char *set, const char *args, mgp_status want, const char *in_message) {
    mgp_response *r = UNTOUCHED;
    mgp_status st = mgp_operation_invoke(S.client, cmdlet, set, args, &r);
    CHECK_MSG(st == want, "%s / %s / %s: got %s, want %s", cmdlet ? cmdlet : "NULL", set ? set : "NULL",
              args ? args : "NULL", mgp_status_name(st), mgp_status_name(want));
    CHECK(r == UNTOUCHED);
    char *msg = last_error();
    if (in_message) CHECK_CONTAINS(msg, in_message);
    else CHECK(msg[0] != '\0');
    free(msg);
}

void test_invoke_refusals(void) {
    const char *get = "Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization";
    const char *id = "{\"id\": \"a1b2c3d4-0000-4000-8000-000000000451\"}";
    CHECK(emulator_clear_requests(&S.emu) == 0);
    refused("Get-MgUser", NULL, id, MGP_STATUS_INVALID_ARGUMENT, "Get-MgUser");
    refused(get, "Sideways", id, MGP_STATUS_INVALID_ARGUMENT, "Sideways");
    refused(get, "Get", "[1, 2]", MGP_STATUS_INVALID_ARGUMENT, NULL);
    refused(get, "Get", "{\"id\": \"a1b2c3d4-0000-4000-8000-000000000451\", \"idd\": 1}", MGP_STATUS_INVALID_ARGUMENT,
            "idd");
    refused(get, "Get", "{\"id\": ", MGP_STATUS_INVALID_JSON, NULL);
    refused(get, "Get", "{}", MGP_STATUS_INVALID_ARGUMENT, NULL);
    refused(get, "Get", "{\"id\": \"not-a-guid\"}", MGP_STATUS_INVALID_ARGUMENT, "not-a-guid");
    refused("Get-MgPolicy\xc3\x28", NULL, id, MGP_STATUS_INVALID_UTF8, "cmdlet");
    refused(get, "G\xfft", id, MGP_STATUS_INVALID_UTF8, "parameter_set");
    refused(get, "Get", "{\"id\": \"\xff\"}", MGP_STATUS_INVALID_UTF8, NULL);
    refused("Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization", "SetExpanded",
            "{\"id\": \"a1b2c3d4-0000-4000-8000-000000000451\", \"fields\": {\"user_sync_inbound\": \"maybe\"}}",
            MGP_STATUS_INVALID_ARGUMENT, NULL);
    refused("Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization", "SetExpanded",
            "{\"id\": \"a1b2c3d4-0000-4000-8000-000000000451\", \"fields\": {\"group_sync_inbound\": true}}",
            MGP_STATUS_INVALID_ARGUMENT, NULL);
    refused(get, "Get", "{\"id\": \"a1b2c3d4-0000-4000-8000-000000000451\", \"options\": {\"top\": 1}}",
            MGP_STATUS_INVALID_ARGUMENT, "top");
    refused(NULL, NULL, id, MGP_STATUS_NULL_ARGUMENT, "cmdlet");
    mgp_response *r = UNTOUCHED;
    CHECK_STATUS(mgp_operation_invoke(NULL, get, NULL, id, &r), MGP_STATUS_NULL_ARGUMENT);
    CHECK(r == UNTOUCHED);
    CHECK_STATUS(mgp_operation_invoke(S.client, get, NULL, id, NULL), MGP_STATUS_NULL_ARGUMENT);
    /* args may be NULL; the list needs nothing else */
    r = UNTOUCHED;
    CHECK_STATUS(mgp_operation_invoke(S.client, "Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner", NULL,
                                      NULL, &r),
                 MGP_STATUS_OK);
    CHECK(r != UNTOUCHED && r != NULL);
    if (r != UNTOUCHED) mgp_response_free(r);
    /* only the list reached the emulator */
    CHECK_INT(emulator_count_requests(&S.emu, "/v1.0/"), 0);
    CHECK_INT(emulator_count_requests(&S.emu, "/beta/"), 1);
}
