/* Versions, statuses, the last-error channel, the operations table, client
 * creation and the NULL-safety of the accessors: no network involved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "exports.h"
#include "support.h"
#include "tests.h"

void test_versions(void) {
    CHECK_STR(mgp_version(), MGP_VERSION);
    char built[32];
    snprintf(built, sizeof built, "%d.%d.%d", MGP_VERSION_MAJOR, MGP_VERSION_MINOR, MGP_VERSION_PATCH);
    CHECK_STR(built, MGP_VERSION);
    CHECK(mgp_version() == mgp_version()); /* a static string, not a fresh allocation */
    CHECK_INT(mgp_abi_version(), MGP_ABI_VERSION);
    CHECK_INT(MGP_ABI_VERSION, 1);
    CHECK_INT(MGP_TRISTATE_UNSET, 0);
    CHECK_INT(MGP_TRISTATE_FALSE, 1);
    CHECK_INT(MGP_TRISTATE_TRUE, 2);
}

static const struct {
    mgp_status value;
    unsigned number;
    const char *name;
} STATUSES[] = {
    {MGP_STATUS_OK, 0, "MGP_STATUS_OK"},
    {MGP_STATUS_INVALID_ARGUMENT, 1, "MGP_STATUS_INVALID_ARGUMENT"},
    {MGP_STATUS_NULL_ARGUMENT, 2, "MGP_STATUS_NULL_ARGUMENT"},
    {MGP_STATUS_INVALID_UTF8, 3, "MGP_STATUS_INVALID_UTF8"},
    {MGP_STATUS_INVALID_JSON, 4, "MGP_STATUS_INVALID_JSON"},
    {MGP_STATUS_BUFFER_TOO_SMALL, 5, "MGP_STATUS_BUFFER_TOO_SMALL"},
    {MGP_STATUS_NOT_FOUND, 6, "MGP_STATUS_NOT_FOUND"},
    {MGP_STATUS_CONFLICT, 7, "MGP_STATUS_CONFLICT"},
    {MGP_STATUS_UNAUTHORIZED, 8, "MGP_STATUS_UNAUTHORIZED"},
    {MGP_STATUS_FORBIDDEN, 9, "MGP_STATUS_FORBIDDEN"},
    {MGP_STATUS_THROTTLED, 10, "MGP_STATUS_THROTTLED"},
    {MGP_STATUS_TIMEOUT, 11, "MGP_STATUS_TIMEOUT"},
    {MGP_STATUS_TRANSPORT, 12, "MGP_STATUS_TRANSPORT"},
    {MGP_STATUS_SERVICE_ERROR, 13, "MGP_STATUS_SERVICE_ERROR"},
    {MGP_STATUS_BAD_REQUEST, 14, "MGP_STATUS_BAD_REQUEST"},
    {MGP_STATUS_PRECONDITION_FAILED, 15, "MGP_STATUS_PRECONDITION_FAILED"},
    {MGP_STATUS_HTTP_ERROR, 16, "MGP_STATUS_HTTP_ERROR"},
    {MGP_STATUS_INVALID_CONFIG, 17, "MGP_STATUS_INVALID_CONFIG"},
    {MGP_STATUS_AUTHENTICATION_FAILED, 18, "MGP_STATUS_AUTHENTICATION_FAILED"},
    {MGP_STATUS_PANIC, 19, "MGP_STATUS_PANIC"},
};

void test_status_numbers_and_names(void) {
    size_t n = sizeof STATUSES / sizeof STATUSES[0];
    for (size_t i = 0; i < n; i++) {
        CHECK_INT(STATUSES[i].value, STATUSES[i].number);
        CHECK_STR(mgp_status_name(STATUSES[i].value), STATUSES[i].name);
    }
    CHECK_STR(mgp_status_name(20), "MGP_STATUS_UNKNOWN");
    CHECK_STR(mgp_status_name(1000), "MGP_STATUS_UNKNOWN");
    CHECK_STR(mgp_status_name(UINT32_MAX), "MGP_STATUS_UNKNOWN");
    CHECK(mgp_status_name(MGP_STATUS_NOT_FOUND) == mgp_status_name(MGP_STATUS_NOT_FOUND));
}

void test_last_error_message(void) {
    mgp_client *c = NULL;
    /* a failure leaves a message naming the problem */
    CHECK_STATUS(mgp_client_new("{\"cloud\": \"Nowhere\"}", &c), MGP_STATUS_INVALID_CONFIG);
    CHECK(c == NULL);
    char *msg = last_error();
    CHECK_CONTAINS(msg, "Nowhere");
    free(msg);

    /* reading it does not change it */
    msg = last_error();
    CHECK_CONTAINS(msg, "Nowhere");
    free(msg);

    /* out_len is required; the message survives that mistake too */
    char buf[8];
    CHECK_STATUS(mgp_last_error_message(buf, sizeof buf, NULL), MGP_STATUS_NULL_ARGUMENT);
    msg = last_error();
    CHECK_CONTAINS(msg, "Nowhere");
    free(msg);

    /* accessors leave it alone, whether they succeed or fail */
    size_t len = 0;
    CHECK_STATUS(mgp_operations_json(NULL, 0, &len), MGP_STATUS_BUFFER_TOO_SMALL);
    char *ops = malloc(len + 1);
    CHECK_STATUS(mgp_operations_json(ops, len + 1, &len), MGP_STATUS_OK);
    free(ops);
    CHECK_STATUS(mgp_response_status(NULL), MGP_STATUS_NULL_ARGUMENT);
    mgp_response_free(NULL);
    mgp_client_free(NULL);
    msg = last_error();
    CHECK_CONTAINS(msg, "Nowhere");
    free(msg);

    /* a successful client creation clears it */
    c = NULL;
    CHECK_STATUS(mgp_client_new(S.config, &c), MGP_STATUS_OK);
    mgp_client_free(c);
    size_t n = 99;
    char empty[4] = "xyz";
    CHECK_STATUS(mgp_last_error_message(empty, sizeof empty, &n), MGP_STATUS_OK);
    CHECK_INT(n, 0);
    CHECK_STR(empty, "");

    /* so does a successful operation (a what-if sends nothing) */
    mgp_response *r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(S.client, "bad id", NULL, &r), MGP_STATUS_INVALID_ARGUMENT);
    msg = last_error();
    CHECK_CONTAINS(msg, "bad id");
    free(msg);
    CHECK_STATUS(mgp_beta_deleted_sync_partner_get_list(S.client, "{\"what_if\": true}", &r), MGP_STATUS_OK);
    mgp_response_free(r);
    msg = last_error();
    CHECK_STR(msg, "");
    free(msg);
}

void test_operations_json_matches_the_header(void) {
    json *ops = operations_doc();
    CHECK(ops != NULL && ops->type == JSON_ARRAY);
    if (!ops) return;
    CHECK_INT(ops->count, EXPORT_COUNT);
    int seen[EXPORT_COUNT] = {0};
    for (size_t i = 0; i < ops->count; i++) {
        const json *op = ops->items[i];
        const char *name = json_str(op, "export");
        const export_row *row = name ? export_find(name) : NULL;
        CHECK_MSG(row != NULL, "operations_json names export %s, which is not in the header", name ? name : "(null)");
        if (!row) continue;
        seen[row - EXPORTS]++;
        const char *key = json_str(op, "key"), *body = json_str(op, "body");
        const char *want_key = row->shape == SHAPE_LIST ? "none"
                               : (row->shape == SHAPE_ID || row->shape == SHAPE_ID_FIELDS || row->shape == SHAPE_ID_BODY)
                                   ? "id"
                                   : "identity";
        const char *want_body = export_has_fields(row) ? "expanded" : export_has_body(row) ? "json" : "none";
        CHECK_STR(key, want_key);
        CHECK_STR(body, want_body);
        CHECK_STR(json_str(op, "api_version"), export_is_beta(row) ? "beta" : "v1.0");
        CHECK_CONTAINS(json_str(op, "path"), export_is_deleted_item(row) ? "/policies/deletedItems/" : "/identitySynchronization");
        CHECK(json_str(op, "cmdlet") != NULL && json_str(op, "parameter_set") != NULL && json_str(op, "method") != NULL);
    }
    for (int i = 0; i < EXPORT_COUNT; i++)
        CHECK_MSG(seen[i] == 1, "%s appears %d times in operations_json", EXPORTS[i].name, seen[i]);
    json_free(ops);
}

void test_client_new_and_free(void) {
    mgp_client *c = NULL;
    CHECK_STATUS(mgp_client_new(S.config, &c), MGP_STATUS_OK);
    CHECK(c != NULL);
    mgp_client_free(c);
    mgp_client_free(NULL);

    /* refusals write nothing */
    mgp_client *out = (mgp_client *)UNTOUCHED;
    CHECK_STATUS(mgp_client_new(NULL, &out), MGP_STATUS_NULL_ARGUMENT);
    CHECK(out == (mgp_client *)UNTOUCHED);
    CHECK_STATUS(mgp_client_new(S.config, NULL), MGP_STATUS_NULL_ARGUMENT);
    /* text that is not JSON is INVALID_JSON; JSON of the wrong shape is INVALID_CONFIG */
    CHECK_STATUS(mgp_client_new("{", &out), MGP_STATUS_INVALID_JSON);
    CHECK_STATUS(mgp_client_new("", &out), MGP_STATUS_INVALID_JSON);
    CHECK(out == (mgp_client *)UNTOUCHED);
    CHECK_STATUS(mgp_client_new("{\"cloud\": \"Global\", \"colour\": \"blue\"}", &out), MGP_STATUS_INVALID_CONFIG);
    char *msg = last_error();
    CHECK_CONTAINS(msg, "colour");
    free(msg);
    CHECK_STATUS(mgp_client_new("{\"cloud\": \"Glob\xff\"}", &out), MGP_STATUS_INVALID_UTF8);
    CHECK_STATUS(mgp_client_new("[1, 2]", &out), MGP_STATUS_INVALID_CONFIG);
    CHECK_STATUS(mgp_client_new("{\"cloud\": \"Custom\"}", &out), MGP_STATUS_INVALID_CONFIG);
    CHECK(out == (mgp_client *)UNTOUCHED);

    /* a secret never appears in the message of a refused configuration */
    const char *bad = "{\"cloud\": \"Custom\", \"graph_url\": \"ftp://x\", \"credential\": "
                      "{\"type\": \"client_secret\", \"tenant_id\": \"t\", \"client_id\": \"c\", "
                      "\"client_secret\": \"Sup3r-S3cret-Value\"}}";
    CHECK(mgp_client_new(bad, &out) != MGP_STATUS_OK);
    msg = last_error();
    CHECK(msg[0] != '\0');
    CHECK_MSG(strstr(msg, "Sup3r-S3cret-Value") == NULL, "message leaks the secret: %s", msg);
    free(msg);
    CHECK(out == (mgp_client *)UNTOUCHED);

    /* every built-in cloud is accepted (a fixed token needs no environment) */
    const char *clouds[] = {"Global", "USGov", "USGovDoD", "China", "Bleu", "Delos"};
    for (size_t i = 0; i < sizeof clouds / sizeof clouds[0]; i++) {
        char cfg[160];
        snprintf(cfg, sizeof cfg, "{\"cloud\": \"%s\", \"credential\": {\"type\": \"access_token\", \"token\": \"t\"}}",
                 clouds[i]);
        mgp_client *k = NULL;
        CHECK_STATUS(mgp_client_new(cfg, &k), MGP_STATUS_OK);
        mgp_client_free(k);
    }
}

void test_response_accessors_accept_null(void) {
    char buf[16];
    size_t n = 0;
    response_text_fn text_fns[] = {mgp_response_body_json, mgp_response_headers_json, mgp_response_request_json,
                                   mgp_response_error_code, mgp_response_message,      mgp_response_request_id,
                                   mgp_response_to_json};
    for (size_t i = 0; i < sizeof text_fns / sizeof text_fns[0]; i++)
        CHECK_STATUS(text_fns[i](NULL, buf, sizeof buf, &n), MGP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mgp_response_status(NULL), MGP_STATUS_NULL_ARGUMENT);
    CHECK_INT(mgp_response_http_status(NULL), 0);
    CHECK(!mgp_response_was_sent(NULL));
    mgp_response_free(NULL);
}
