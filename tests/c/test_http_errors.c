/* Failures that come back from the network or the credential: every one
 * writes a response carrying the HTTP status, the Graph error and the
 * request-id; and a panic inside the library, caught at the boundary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "exports.h"
#include "support.h"
#include "tests.h"

/* Checks the parts every Graph error response has, and that the accessors,
 * mgp_response_to_json and the last-error message agree. */
static void check_graph_error(mgp_response *r, mgp_status want, int http, const char *code) {
    char *last = last_error();
    CHECK(r != NULL && r != UNTOUCHED);
    if (!r || r == UNTOUCHED) {
        free(last);
        return;
    }
    CHECK_STATUS(mgp_response_status(r), want);
    CHECK_INT(mgp_response_http_status(r), http);
    CHECK(mgp_response_was_sent(r));
    char *got_code = response_text(r, mgp_response_error_code);
    char *rid = response_text(r, mgp_response_request_id);
    char *message = response_text(r, mgp_response_message);
    json *doc = response_doc(r);
    if (code) CHECK_STR(got_code, code);
    else CHECK(got_code && got_code[0] != '\0');
    CHECK(rid && strlen(rid) == 36);
    CHECK_STR(json_str(doc, "headers/request-id/0"), rid);
    CHECK_STR(json_str(doc, "error/request_id"), rid);
    CHECK_STR(json_str(doc, "error/code"), got_code);
    CHECK_STR(json_str(doc, "body/error/code"), got_code);
    CHECK(json_str(doc, "error/message") && json_str(doc, "error/message")[0] != '\0');
    CHECK_STR(json_str(doc, "status"), mgp_status_name(want));
    CHECK_INT(json_num(doc, "status_code", -1), want);
    char http_text[16];
    snprintf(http_text, sizeof http_text, "HTTP %d", http);
    CHECK_CONTAINS(message, http_text);
    CHECK_CONTAINS(message, rid ? rid : "?");
    CHECK_CONTAINS(message, got_code ? got_code : "?");
    CHECK_STR(last, message); /* the same account on the thread's error channel */
    char *after = last_error();
    CHECK_STR(after, message); /* reading the response did not change it */
    free(after);
    json_free(doc);
    free(got_code);
    free(rid);
    free(message);
    free(last);
}

void test_not_found(void) {
    char p[37], missing[37], key[160];
    partner_id(700, p);
    partner_id(701, missing);
    CHECK(emulator_reset(&S.emu) == 0);
    CHECK(seed_partner(p) == 0); /* a partner without a policy */

    mgp_response *r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(S.client, missing, NULL, &r), MGP_STATUS_NOT_FOUND);
    check_graph_error(r, MGP_STATUS_NOT_FOUND, 404, "Request_ResourceNotFound");
    mgp_response_free(r);

    r = UNTOUCHED;
    CHECK_STATUS(mgp_beta_identity_sync_get_get(S.client, p, NULL, &r), MGP_STATUS_NOT_FOUND);
    check_graph_error(r, MGP_STATUS_NOT_FOUND, 404, NULL);
    mgp_response_free(r);

    mgp_sync_policy_fields f = {0};
    f.display_name = "nobody";
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_update_update_expanded(S.client, p, &f, NULL, &r), MGP_STATUS_NOT_FOUND);
    check_graph_error(r, MGP_STATUS_NOT_FOUND, 404, NULL);
    mgp_response_free(r);

    identity_json(p, 0, key, sizeof key);
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_remove_delete_via_identity(S.client, key, NULL, &r), MGP_STATUS_NOT_FOUND);
    check_graph_error(r, MGP_STATUS_NOT_FOUND, 404, NULL);
    mgp_response_free(r);

    r = UNTOUCHED;
    CHECK_STATUS(mgp_beta_deleted_sync_partner_get_get(S.client, p, NULL, &r), MGP_STATUS_NOT_FOUND);
    check_graph_error(r, MGP_STATUS_NOT_FOUND, 404, "Request_ResourceNotFound");
    mgp_response_free(r);

    r = UNTOUCHED;
    CHECK_STATUS(mgp_beta_deleted_sync_partner_restore_restore(S.client, p, NULL, &r), MGP_STATUS_NOT_FOUND);
    check_graph_error(r, MGP_STATUS_NOT_FOUND, 404, "Request_ResourceNotFound");
    mgp_response_free(r);

    /* nothing was created on the way */
    json *state = emulator_state(&S.emu);
    const json *policy = state_policy(state, S.emu.tenant, p);
    CHECK(policy == NULL || policy->type == JSON_NULL);
    CHECK(state_partner(state, S.emu.tenant, missing) == NULL);
    json_free(state);
}

void test_conflict(void) {
    char p[37];
    partner_id(710, p);
    CHECK(emulator_reset(&S.emu) == 0);
    CHECK(seed_policy(p, "First", 1) == 0);

    /* Set is a create: a second one is a 409 and changes nothing */
    mgp_response *r = UNTOUCHED;
    CHECK_STATUS(mgp_beta_identity_sync_set_set(S.client, p, "{\"displayName\": \"Second\"}", NULL, &r),
                 MGP_STATUS_CONFLICT);
    check_graph_error(r, MGP_STATUS_CONFLICT, 409, "Request_MultipleObjectsWithSameKeyValue");
    json *doc = response_doc(r);
    CHECK_STR(json_str(doc, "request/body/displayName"), "Second");
    CHECK_INT(json_bool(doc, "reconciled"), 0);
    json_free(doc);
    mgp_response_free(r);
    /* a failed call's response may be freed before its message is read */
    char *kept = last_error();
    CHECK_CONTAINS(kept, "Request_MultipleObjectsWithSameKeyValue");
    CHECK_CONTAINS(kept, "HTTP 409");
    free(kept);

    /* restoring over a live policy */
    CHECK(seed_deleted(p, "Deleted") == 0);
    r = UNTOUCHED;
    CHECK_STATUS(mgp_beta_deleted_sync_partner_restore_restore(S.client, p, NULL, &r), MGP_STATUS_CONFLICT);
    check_graph_error(r, MGP_STATUS_CONFLICT, 409, "Request_MultipleObjectsWithSameKeyValue");
    mgp_response_free(r);

    json *state = emulator_state(&S.emu);
    CHECK_STR(json_str(state_policy(state, S.emu.tenant, p), "displayName"), "First");
    CHECK_STR(json_str(state_deleted(state, S.emu.tenant, p), "displayName"), "Deleted");
    json_free(state);
}

void test_forbidden_for_the_reader_app(void) {
    char p[37], q[37];
    partner_id(720, p);
    partner_id(721, q);
    CHECK(emulator_reset(&S.emu) == 0);
    CHECK(seed_policy(p, "Read only", 1) == 0);
    CHECK(seed_partner(q) == 0);
    char *cfg = emulator_config(&S.emu, "reader", NULL);
    mgp_client *reader = new_client(cfg);
    free(cfg);
    CHECK(reader != NULL);
    if (!reader) return;

    /* reading is allowed (Policy.Read.All) */
    mgp_response *r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(reader, p, NULL, &r), MGP_STATUS_OK);
    mgp_response_free(r);

    /* writing is not */
    mgp_sync_policy_fields f = {0};
    f.display_name = "Should not land";
    f.user_sync_inbound = MGP_TRISTATE_TRUE;
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_set_set_expanded(reader, q, &f, NULL, &r), MGP_STATUS_FORBIDDEN);
    check_graph_error(r, MGP_STATUS_FORBIDDEN, 403, NULL);
    mgp_response_free(r);
    r = UNTOUCHED;
    CHECK_STATUS(mgp_beta_identity_sync_update_update_expanded(reader, p, &f, NULL, &r), MGP_STATUS_FORBIDDEN);
    check_graph_error(r, MGP_STATUS_FORBIDDEN, 403, NULL);
    mgp_response_free(r);
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_remove_delete(reader, p, NULL, &r), MGP_STATUS_FORBIDDEN);
    check_graph_error(r, MGP_STATUS_FORBIDDEN, 403, NULL);
    mgp_response_free(r);
    mgp_client_free(reader);

    /* an app with no roles cannot even read */
    cfg = emulator_config(&S.emu, "no-roles", NULL);
    mgp_client *nobody = new_client(cfg);
    free(cfg);
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(nobody, p, NULL, &r), MGP_STATUS_FORBIDDEN);
    check_graph_error(r, MGP_STATUS_FORBIDDEN, 403, NULL);
    mgp_response_free(r);
    mgp_client_free(nobody);

    json *state = emulator_state(&S.emu);
    CHECK_STR(json_str(state_policy(state, S.emu.tenant, p), "displayName"), "Read only");
    const json *none = state_policy(state, S.emu.tenant, q);
    CHECK(none == NULL || none->type == JSON_NULL);
    CHECK(state_deleted(state, S.emu.tenant, p) == NULL);
    json_free(state);
}

void test_throttling_and_service_errors(void) {
    char p[37];
    partner_id(730, p);
    CHECK(emulator_reset(&S.emu) == 0);
    CHECK(seed_policy(p, "Busy", 1) == 0);

    /* 429 on every attempt: 1 + max_retries (3) attempts, then THROTTLED
     * with Retry-After visible */
    CHECK(emulator_add_fault(&S.emu, "{\"method\": \"GET\", \"path_contains\": \"identitySynchronization\", \"count\": 10,"
                                     " \"fault\": {\"kind\": \"status\", \"status\": 429, \"retry_after\": \"0\"}}") == 0);
    CHECK(emulator_clear_requests(&S.emu) == 0);
    mgp_response *r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(S.client, p, NULL, &r), MGP_STATUS_THROTTLED);
    CHECK_INT(mgp_response_http_status(r), 429);
    json *doc = response_doc(r);
    CHECK_INT(json_num(doc, "attempts", 0), 4);
    CHECK_STR(json_str(doc, "headers/retry-after/0"), "0");
    json_free(doc);
    char *headers = response_text(r, mgp_response_headers_json);
    CHECK_CONTAINS(headers, "\"retry-after\"");
    free(headers);
    mgp_response_free(r);
    CHECK_INT(emulator_count_requests(&S.emu, "/identitySynchronization"), 4);
    CHECK(emulator_clear_faults(&S.emu) == 0);

    /* one 503, then success on the retry */
    CHECK(emulator_add_fault(&S.emu, "{\"method\": \"GET\", \"path_contains\": \"identitySynchronization\", \"count\": 1,"
                                     " \"fault\": {\"kind\": \"status\", \"status\": 503}}") == 0);
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(S.client, p, NULL, &r), MGP_STATUS_OK);
    doc = response_doc(r);
    CHECK_INT(json_num(doc, "attempts", 0), 2);
    CHECK_STR(json_str(doc, "body/displayName"), "Busy");
    json_free(doc);
    mgp_response_free(r);

    /* a 500 is not retried */
    CHECK(emulator_add_fault(&S.emu, "{\"method\": \"PATCH\", \"path_contains\": \"identitySynchronization\", \"count\": 1,"
                                     " \"fault\": {\"kind\": \"status\", \"status\": 500}}") == 0);
    mgp_sync_policy_fields f = {0};
    f.display_name = "Not applied";
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_update_update_expanded(S.client, p, &f, NULL, &r), MGP_STATUS_SERVICE_ERROR);
    CHECK_INT(mgp_response_http_status(r), 500);
    doc = response_doc(r);
    CHECK_INT(json_num(doc, "attempts", 0), 1);
    json_free(doc);
    mgp_response_free(r);
    json *state = emulator_state(&S.emu);
    CHECK_STR(json_str(state_policy(state, S.emu.tenant, p), "displayName"), "Busy");
    json_free(state);

    /* the connection dropped before an answer on every attempt */
    CHECK(emulator_add_fault(&S.emu, "{\"method\": \"GET\", \"path_contains\": \"identitySynchronization\", \"count\": 10,"
                                     " \"fault\": {\"kind\": \"drop_before\"}}") == 0);
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(S.client, p, NULL, &r), MGP_STATUS_TRANSPORT);
    CHECK_INT(mgp_response_http_status(r), 0);
    char *msg = response_text(r, mgp_response_message);
    CHECK(msg && msg[0] != '\0');
    free(msg);
    mgp_response_free(r);
    CHECK(emulator_clear_faults(&S.emu) == 0);
}

void test_authentication_and_transport_failures(void) {
    char p[37];
    partner_id(740, p);
    CHECK(emulator_reset(&S.emu) == 0);
    CHECK(seed_policy(p, "Auth", 1) == 0);

    /* a wrong secret: no token, nothing reaches Graph, and the secret is not echoed */
    const char *secret = "Wr0ng-S3cret-Value";
    char *good = emulator_config(&S.emu, "test", NULL);
    const char *at = strstr(good, json_str(S.emu.info, "client_secret"));
    char bad[4096];
    snprintf(bad, sizeof bad, "%.*s%s%s", (int)(at - good), good, secret,
             at + strlen(json_str(S.emu.info, "client_secret")));
    free(good);
    mgp_client *c = new_client(bad);
    CHECK(emulator_clear_requests(&S.emu) == 0);
    /* mgp_client_authenticate reports it at once, sending nothing to Graph */
    CHECK_STATUS(mgp_client_authenticate(c), MGP_STATUS_AUTHENTICATION_FAILED);
    char *auth_msg = last_error();
    CHECK_MSG(auth_msg && strstr(auth_msg, "AADSTS") && !strstr(auth_msg, secret), "authenticate: %s",
              auth_msg ? auth_msg : "");
    free(auth_msg);
    CHECK_STATUS(mgp_client_authenticate(NULL), MGP_STATUS_NULL_ARGUMENT);
    mgp_response *r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(c, p, NULL, &r), MGP_STATUS_AUTHENTICATION_FAILED);
    CHECK(r != UNTOUCHED && r != NULL);
    CHECK_INT(mgp_response_http_status(r), 0);
    char *msg = response_text(r, mgp_response_message);
    CHECK(msg && msg[0] != '\0');
    CHECK_MSG(msg && !strstr(msg, secret), "the message shows the secret: %s", msg ? msg : "");
    free(msg);
    mgp_response_free(r);
    mgp_client_free(c);
    CHECK_INT(emulator_count_requests(&S.emu, "/v1.0/"), 0);
    CHECK(emulator_count_requests(&S.emu, "/oauth2/v2.0/token") >= 1);

    /* the right secret: one token request, still nothing sent to Graph */
    char *right = emulator_config(&S.emu, "test", NULL);
    mgp_client *ok = new_client(right);
    free(right);
    CHECK(emulator_clear_requests(&S.emu) == 0);
    CHECK_STATUS(mgp_client_authenticate(ok), MGP_STATUS_OK);
    CHECK_STATUS(mgp_client_authenticate(ok), MGP_STATUS_OK);
    CHECK_INT(emulator_count_requests(&S.emu, "/oauth2/v2.0/token"), 1);
    CHECK_INT(emulator_count_requests(&S.emu, "/v1.0/"), 0);
    mgp_client_free(ok);

    /* a token Graph rejects: 401 */
    char extra[512];
    snprintf(extra, sizeof extra, "\"timeout_ms\": 10000");
    char *cfg = emulator_config(&S.emu, "test", extra);
    char *cred = strstr(cfg, "\"credential\": {");
    char *cred_end = cred ? strchr(cred, '}') : NULL;
    char tok[4096];
    snprintf(tok, sizeof tok, "%.*s\"credential\": {\"type\": \"access_token\", \"token\": \"not-a-token\"%s",
             (int)(cred - cfg), cfg, cred_end);
    free(cfg);
    c = new_client(tok);
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(c, p, NULL, &r), MGP_STATUS_UNAUTHORIZED);
    check_graph_error(r, MGP_STATUS_UNAUTHORIZED, 401, NULL);
    mgp_response_free(r);
    mgp_client_free(c);

    /* tokens expiring between calls: the cached token is dropped and the call succeeds */
    CHECK(emulator_clear_requests(&S.emu) == 0);
    c = new_client(S.config);
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(c, p, NULL, &r), MGP_STATUS_OK);
    mgp_response_free(r);
    CHECK(emulator_expire_tokens(&S.emu) == 0);
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(c, p, NULL, &r), MGP_STATUS_OK);
    CHECK_INT(mgp_response_http_status(r), 200);
    mgp_response_free(r);
    mgp_client_free(c);
    CHECK_INT(emulator_count_requests(&S.emu, "/oauth2/v2.0/token"), 2);

    /* nobody listening */
    c = new_client("{\"cloud\": \"Custom\", \"graph_url\": \"http://127.0.0.1:1\", \"authority_url\": "
                   "\"http://127.0.0.1:1\", \"credential\": {\"type\": \"access_token\", \"token\": \"t\"}, "
                   "\"retry\": {\"max_retries\": 1, \"delay_ms\": 10, \"max_total_ms\": 5000}}");
    CHECK(c != NULL);
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(c, p, NULL, &r), MGP_STATUS_TRANSPORT);
    CHECK(r != UNTOUCHED && r != NULL);
    CHECK_INT(mgp_response_http_status(r), 0);
    json *doc = response_doc(r);
    CHECK_INT(json_num(doc, "attempts", 0), 2);
    CHECK_CONTAINS(json_str(doc, "message"), "connect");
    json_free(doc);
    mgp_response_free(r);
    mgp_client_free(c);
}

void test_panic_is_caught_at_the_boundary(void) {
    char *cfg = emulator_config(&S.emu, "test", "\"diagnostics\": {\"panic_in_call\": true}");
    mgp_client *c = new_client(cfg);
    free(cfg);
    CHECK(c != NULL);
    if (!c) return;
    char p[37], key[160];
    partner_id(750, p);
    CHECK(emulator_reset(&S.emu) == 0);
    CHECK(seed_policy(p, "Calm", 1) == 0);
    CHECK(emulator_clear_requests(&S.emu) == 0);
    mgp_sync_policy_fields f = {0};
    f.display_name = "x";
    for (int i = 0; i < EXPORT_COUNT; i++) {
        const export_row *row = &EXPORTS[i];
        if (row->shape == SHAPE_ID || row->shape == SHAPE_ID_FIELDS || row->shape == SHAPE_ID_BODY)
            snprintf(key, sizeof key, "%s", p);
        else
            identity_json(p, export_is_deleted_item(row), key, sizeof key);
        mgp_response *r = UNTOUCHED;
        mgp_status st = export_call(row, c, key, &f, "{\"displayName\": \"x\"}", NULL, &r);
        CHECK_MSG(st == MGP_STATUS_PANIC, "%s: %s", row->name, mgp_status_name(st));
        CHECK(r == UNTOUCHED);
        char *msg = last_error();
        CHECK_CONTAINS(msg, "panic");
        free(msg);
    }
    mgp_response *r = UNTOUCHED;
    CHECK_STATUS(mgp_operation_invoke(c, "Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner", NULL, NULL, &r),
                 MGP_STATUS_PANIC);
    CHECK(r == UNTOUCHED);
    CHECK_STR(mgp_status_name(MGP_STATUS_PANIC), "MGP_STATUS_PANIC");
    CHECK_INT(emulator_count_requests(&S.emu, "/"), 0);

    /* the process, this thread and the other client carry on */
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(S.client, p, NULL, &r), MGP_STATUS_OK);
    CHECK(r != UNTOUCHED);
    mgp_response_free(r);
    char *msg = last_error();
    CHECK_STR(msg, "");
    free(msg);
    /* and the panicking client is still a valid handle */
    r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(c, p, NULL, &r), MGP_STATUS_PANIC);
    CHECK(r == UNTOUCHED);
    mgp_client_free(c);
}
