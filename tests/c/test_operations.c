/* Every operation export against the emulator: the status, the answer, the
 * request the emulator logged and the state it holds afterwards; what-if for
 * every export; per-call options as they arrive on the wire. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "exports.h"
#include "support.h"
#include "tests.h"
#include "text.h"

/* The row of mgp_operations_json for an export. */
static const json *op_row(const json *ops, const char *export_name) {
    for (size_t i = 0; ops && i < ops->count; i++)
        if (json_str(ops->items[i], "export") && strcmp(json_str(ops->items[i], "export"), export_name) == 0)
            return ops->items[i];
    return NULL;
}

/* "/{version}{path}" with {id} replaced by the partner. */
static void expected_path(const json *op, const char *partner, char *out, size_t len) {
    const char *path = json_str(op, "path");
    const char *hole = strstr(path, "{id}");
    if (hole)
        snprintf(out, len, "/%s%.*s%s%s", json_str(op, "api_version"), (int)(hole - path), path, partner, hole + 4);
    else
        snprintf(out, len, "/%s%s", json_str(op, "api_version"), path);
}

/* The Graph requests (not token requests) the emulator logged. */
static json *graph_requests(long *count) {
    json *log = emulator_requests(&S.emu);
    *count = 0;
    for (size_t i = 0; log && i < log->count; i++) {
        const char *p = json_str(log->items[i], "path");
        if (p && (strncmp(p, "/v1.0/", 6) == 0 || strncmp(p, "/beta/", 6) == 0)) (*count)++;
    }
    return log;
}

static const json *last_graph_request(const json *log) {
    const json *found = NULL;
    for (size_t i = 0; log && i < log->count; i++) {
        const char *p = json_str(log->items[i], "path");
        if (p && (strncmp(p, "/v1.0/", 6) == 0 || strncmp(p, "/beta/", 6) == 0)) found = log->items[i];
    }
    return found;
}

static void exercise(const export_row *row, const json *op, int n) {
    const char *verb = json_str(op, "verb");
    const char *method = json_str(op, "method");
    int beta = export_is_beta(row), deleted = export_is_deleted_item(row);
    int list = row->shape == SHAPE_LIST;
    char p[37], p2[37], key[160], path[256], label[160];
    partner_id(n, p);
    partner_id(n + 500, p2);
    snprintf(label, sizeof label, "%s (%s)", row->name, verb);

    CHECK(emulator_reset(&S.emu) == 0);
    int is_set = strcmp(verb, "Set") == 0, is_update = strcmp(verb, "Update") == 0;
    int is_get = strcmp(verb, "Get") == 0, is_remove = strcmp(verb, "Remove") == 0;
    int is_restore = strcmp(verb, "Restore") == 0;
    if (!deleted) {
        if (is_set) CHECK(seed_partner(p) == 0);
        else CHECK(seed_policy(p, "Seeded", 1) == 0);
    } else {
        if (is_restore) CHECK(seed_partner(p) == 0);
        CHECK(seed_deleted(p, "Deleted one") == 0);
        if (list) CHECK(seed_deleted(p2, "Deleted two") == 0);
    }
    CHECK(emulator_clear_requests(&S.emu) == 0);

    if (row->shape == SHAPE_ID || row->shape == SHAPE_ID_FIELDS || row->shape == SHAPE_ID_BODY)
        snprintf(key, sizeof key, "%s", p);
    else
        identity_json(p, deleted, key, sizeof key);

    char display[128];
    snprintf(display, sizeof display, "%s by %s", is_set ? "Set" : "Updated", row->name);
    mgp_sync_policy_fields fields = {0};
    fields.display_name = display;
    fields.user_sync_inbound = is_set ? MGP_TRISTATE_TRUE : MGP_TRISTATE_FALSE;
    if (beta) fields.group_sync_inbound = is_set ? MGP_TRISTATE_FALSE : MGP_TRISTATE_TRUE;
    text body = {0};
    text_append(&body, "{\"DisplayName\": ");
    text_append_json_string(&body, display);
    /* PowerShell-style input: any letter case, "True"/"False" strings */
    text_printf(&body, ", \"userSyncInbound\": {\"IsSyncAllowed\": \"%s\"}", is_set ? "True" : "False");
    if (beta) text_printf(&body, ", \"GroupSyncInbound\": {\"isSyncAllowed\": %s}", is_set ? "false" : "true");
    text_append(&body, "}");

    mgp_response *r = UNTOUCHED;
    mgp_status st = export_call(row, S.client, key, &fields, body.data, NULL, &r);
    text_free(&body);
    CHECK_MSG(st == MGP_STATUS_OK, "%s: %s", label, mgp_status_name(st));
    CHECK(r != UNTOUCHED && r != NULL);
    if (r == UNTOUCHED || r == NULL) return;
    CHECK_STATUS(mgp_response_status(r), st);
    CHECK(mgp_response_was_sent(r));
    int want_http = (is_get || is_restore) ? 200 : 204;
    CHECK_INT(mgp_response_http_status(r), want_http);

    /* the request as the library describes it and as the emulator saw it */
    expected_path(op, p, path, sizeof path);
    char *req_text = response_text(r, mgp_response_request_json);
    json *req = json_parse(req_text);
    free(req_text);
    CHECK_STR(json_str(req, "method"), method);
    const char *url = json_str(req, "url");
    CHECK_MSG(url && strlen(url) >= strlen(path) && strcmp(url + strlen(url) - strlen(path), path) == 0,
              "%s: url %s does not end with %s", label, url ? url : "(null)", path);
    CHECK_STR(json_str(req, "headers/Authorization"), "Bearer <redacted>");
    json_free(req);

    long graph_count = 0;
    json *log = graph_requests(&graph_count);
    CHECK_INT(graph_count, 1);
    const json *seen = last_graph_request(log);
    CHECK_STR(json_str(seen, "method"), method);
    CHECK_STR(json_str(seen, "path"), path);
    CHECK_INT(json_num(seen, "status", 0), want_http);
    if (is_set || is_update) {
        json *sent = json_parse(json_str(seen, "body"));
        CHECK_STR(json_str(sent, "displayName"), display);
        CHECK_INT(json_bool(sent, "userSyncInbound/isSyncAllowed"), is_set);
        if (beta) CHECK_INT(json_bool(sent, "groupSyncInbound/isSyncAllowed"), !is_set);
        else CHECK(json_at(sent, "groupSyncInbound") == NULL);
        CHECK(json_at(sent, "DisplayName") == NULL);
        json_free(sent);
    }
    json_free(log);

    /* the answer */
    char *body_text = response_text(r, mgp_response_body_json);
    json *answer = json_parse(body_text);
    if (want_http == 204) {
        CHECK_STR(body_text, "null");
    } else if (list) {
        CHECK_INT(json_count(answer, "value"), 2);
        int found = 0;
        for (long i = 0; i < json_count(answer, "value"); i++) {
            char ip[48];
            snprintf(ip, sizeof ip, "value/%ld/tenantId", i);
            found += check_str_eq(json_str(answer, ip), p) || check_str_eq(json_str(answer, ip), p2);
        }
        CHECK_INT(found, 2);
    } else {
        CHECK_STR(json_str(answer, "tenantId"), p);
        if (!deleted) {
            CHECK_STR(json_str(answer, "displayName"), "Seeded");
            CHECK_INT(json_bool(answer, "userSyncInbound/isSyncAllowed"), 1);
        } else {
            CHECK_STR(json_str(answer, "displayName"), "Deleted one");
        }
    }
    json_free(answer);
    free(body_text);

    /* no Graph error on success */
    char *code = response_text(r, mgp_response_error_code);
    CHECK_STR(code, "");
    free(code);
    char *rid = response_text(r, mgp_response_request_id);
    CHECK(rid && strlen(rid) == 36);
    free(rid);
    mgp_response_free(r);

    /* the emulator's state afterwards */
    json *state = emulator_state(&S.emu);
    CHECK(state != NULL);
    const json *policy = state_policy(state, S.emu.tenant, p);
    const json *gone = state_deleted(state, S.emu.tenant, p);
    if (is_set || is_update) {
        CHECK_STR(json_str(policy, "displayName"), display);
        CHECK_INT(json_bool(policy, "userSyncInbound/isSyncAllowed"), is_set);
        if (beta) CHECK_INT(json_bool(policy, "groupSyncInbound/isSyncAllowed"), !is_set);
    } else if (!deleted && is_remove) {
        CHECK_MSG(policy == NULL || policy->type == JSON_NULL, "%s: the policy is still there", label);
        CHECK_STR(json_str(gone, "displayName"), "Seeded");
    } else if (!deleted) {
        CHECK_STR(json_str(policy, "displayName"), "Seeded");
    } else if (is_restore) {
        CHECK_STR(json_str(policy, "displayName"), "Deleted one");
        CHECK(gone == NULL);
    } else if (is_remove) {
        CHECK(gone == NULL);
    } else {
        CHECK_STR(json_str(gone, "displayName"), "Deleted one");
    }
    json_free(state);
}

void test_every_export_against_the_emulator(void) {
    json *ops = operations_doc();
    CHECK(ops != NULL);
    for (int i = 0; i < EXPORT_COUNT; i++) {
        const json *op = op_row(ops, EXPORTS[i].name);
        CHECK_MSG(op != NULL, "no operations_json row for %s", EXPORTS[i].name);
        if (op) exercise(&EXPORTS[i], op, i + 1);
    }
    json_free(ops);
}

void test_what_if_for_every_export_sends_nothing(void) {
    json *ops = operations_doc();
    CHECK(emulator_reset(&S.emu) == 0);
    for (int i = 0; i < EXPORT_COUNT; i++) {
        const export_row *row = &EXPORTS[i];
        const json *op = op_row(ops, row->name);
        if (!op) continue;
        char p[37], key[160], path[256];
        partner_id(200 + i, p);
        if (row->shape == SHAPE_ID || row->shape == SHAPE_ID_FIELDS || row->shape == SHAPE_ID_BODY)
            snprintf(key, sizeof key, "%s", p);
        else
            identity_json(p, export_is_deleted_item(row), key, sizeof key);
        mgp_sync_policy_fields fields = {0};
        fields.display_name = "What if";
        fields.user_sync_inbound = MGP_TRISTATE_TRUE;
        const char *body = "{\"displayName\": \"What if\", \"userSyncInbound\": {\"isSyncAllowed\": true}}";

        /* a fresh client: not even a token may be requested */
        mgp_client *c = new_client(S.config);
        CHECK(c != NULL);
        if (!c) continue;
        CHECK(emulator_clear_requests(&S.emu) == 0);
        mgp_response *r = UNTOUCHED;
        mgp_status st = export_call(row, c, key, &fields, body, "{\"what_if\": true}", &r);
        CHECK_MSG(st == MGP_STATUS_OK, "%s what-if: %s", row->name, mgp_status_name(st));
        if (r == UNTOUCHED || r == NULL) {
            CHECK_MSG(0, "%s: what-if wrote no response", row->name);
            mgp_client_free(c);
            continue;
        }
        CHECK(!mgp_response_was_sent(r));
        CHECK_INT(mgp_response_http_status(r), 0);
        json *doc = response_doc(r);
        CHECK_INT(json_bool(doc, "what_if"), 1);
        CHECK_INT(json_bool(doc, "sent"), 0);
        CHECK_STR(json_str(doc, "request/method"), json_str(op, "method"));
        expected_path(op, p, path, sizeof path);
        const char *url = json_str(doc, "request/url");
        CHECK_MSG(url && strstr(url, path) != NULL, "%s: %s lacks %s", row->name, url ? url : "(null)", path);
        CHECK_STR(json_str(doc, "request/headers/Authorization"), "Bearer <redacted>");
        CHECK_STR(json_str(doc, "should_process/action"), json_str(op, "should_process_action"));
        if (export_has_fields(row) || export_has_body(row)) {
            CHECK_STR(json_str(doc, "request/body/displayName"), "What if");
            CHECK_INT(json_bool(doc, "request/body/userSyncInbound/isSyncAllowed"), 1);
        } else {
            CHECK(json_is_null(doc, "request/body"));
        }
        json_free(doc);
        mgp_response_free(r);
        mgp_client_free(c);
        CHECK_MSG(emulator_count_requests(&S.emu, "/") == 0, "%s what-if reached the emulator", row->name);
    }
    json_free(ops);
}

void test_per_call_options_reach_the_wire(void) {
    char p[37], a[37], b[37], c3[37];
    partner_id(300, p);
    partner_id(301, a);
    partner_id(302, b);
    partner_id(303, c3);
    CHECK(emulator_reset(&S.emu) == 0);
    CHECK(seed_policy(p, "Options", 1) == 0);
    CHECK(seed_deleted(a, "Alpha") == 0);
    CHECK(seed_deleted(b, "Bravo") == 0);
    CHECK(seed_deleted(c3, "Charlie") == 0);

    /* headers, client-request-id and $select */
    CHECK(emulator_clear_requests(&S.emu) == 0);
    mgp_response *r = NULL;
    const char *opts = "{\"headers\": {\"X-Trace\": \"trace-42\"}, "
                       "\"client_request_id\": \"6c1f7e52-3f7e-4e8a-9d1c-1f2e3d4c5b6a\", "
                       "\"select\": [\"displayName\"]}";
    CHECK_STATUS(mgp_identity_sync_get_get(S.client, p, opts, &r), MGP_STATUS_OK);
    json *log = emulator_requests(&S.emu);
    const json *seen = last_graph_request(log);
    CHECK_STR(json_str(seen, "headers/x-trace"), "trace-42");
    CHECK_STR(json_str(seen, "headers/client-request-id"), "6c1f7e52-3f7e-4e8a-9d1c-1f2e3d4c5b6a");
    CHECK_CONTAINS(json_str(seen, "query"), "select=displayName");
    json_free(log);
    json *doc = response_doc(r);
    CHECK_STR(json_str(doc, "body/displayName"), "Options");
    CHECK(json_at(doc, "body/userSyncInbound") == NULL);
    CHECK_STR(json_str(doc, "headers/client-request-id/0"), "6c1f7e52-3f7e-4e8a-9d1c-1f2e3d4c5b6a");
    json_free(doc);
    mgp_response_free(r);

    /* api_version switches a v1.0 operation to beta */
    CHECK(emulator_clear_requests(&S.emu) == 0);
    r = NULL;
    CHECK_STATUS(mgp_identity_sync_get_get(S.client, p, "{\"api_version\": \"beta\"}", &r), MGP_STATUS_OK);
    log = emulator_requests(&S.emu);
    CHECK_CONTAINS(json_str(last_graph_request(log), "path"), "/beta/policies/crossTenantAccessPolicy/partners/");
    json_free(log);
    mgp_response_free(r);

    /* list options: $filter, $top, $orderby, and all pages merged */
    r = NULL;
    CHECK_STATUS(mgp_beta_deleted_sync_partner_get_list(S.client, "{\"filter\": \"displayName eq 'Bravo'\"}", &r),
                 MGP_STATUS_OK);
    doc = response_doc(r);
    CHECK_INT(json_count(doc, "body/value"), 1);
    CHECK_STR(json_str(doc, "body/value/0/tenantId"), b);
    json_free(doc);
    mgp_response_free(r);

    r = NULL;
    CHECK_STATUS(mgp_beta_deleted_sync_partner_get_list(S.client, "{\"top\": 2, \"orderby\": [\"displayName desc\"]}", &r),
                 MGP_STATUS_OK);
    doc = response_doc(r);
    CHECK_INT(json_count(doc, "body/value"), 2);
    CHECK_STR(json_str(doc, "body/value/0/displayName"), "Charlie");
    CHECK_STR(json_str(doc, "body/value/1/displayName"), "Bravo");
    json_free(doc);
    mgp_response_free(r);

    CHECK(emulator_clear_requests(&S.emu) == 0);
    r = NULL;
    CHECK_STATUS(mgp_beta_deleted_sync_partner_get_list(S.client, "{\"all\": true, \"page_size\": 1}", &r),
                 MGP_STATUS_OK);
    doc = response_doc(r);
    CHECK_INT(json_count(doc, "body/value"), 3);
    json_free(doc);
    mgp_response_free(r);
    CHECK_INT(emulator_count_requests(&S.emu, "/beta/policies/deletedItems/"), 3);
}
