/* The (buf, len, *out_len) protocol of every export that copies text out:
 * ask for the size with buf=NULL, refuse a buffer with no room for the NUL
 * without touching it, copy exactly len+1 bytes, and require out_len. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "support.h"
#include "tests.h"

typedef struct {
    const char *label;
    response_text_fn fn;    /* a response accessor, or NULL for the two below */
    const mgp_response *r;
    int which;              /* 1: mgp_operations_json, 2: mgp_last_error_message */
} source;

static mgp_status call(const source *s, char *buf, size_t len, size_t *out_len) {
    if (s->fn) return s->fn(s->r, buf, len, out_len);
    if (s->which == 1) return mgp_operations_json(buf, len, out_len);
    return mgp_last_error_message(buf, len, out_len);
}

#define CANARY '\x7e'

static void check_protocol(const source *s, int want_empty) {
    check_set_test(s->label);
    size_t need = (size_t)-1;
    mgp_status st = call(s, NULL, 0, &need);
    if (want_empty) {
        CHECK_INT(need, 0);
    } else {
        CHECK_MSG(need > 0 && need != (size_t)-1, "%s: empty or unset length", s->label);
    }
    CHECK_STATUS(st, MGP_STATUS_BUFFER_TOO_SMALL);
    if (need == (size_t)-1) return;

    char *buf = malloc(need + 2);
    /* no room for the NUL: refused, nothing written, length still reported */
    memset(buf, CANARY, need + 2);
    size_t got = 12345;
    if (need > 0) {
        CHECK_STATUS(call(s, buf, need, &got), MGP_STATUS_BUFFER_TOO_SMALL);
        CHECK_INT(got, need);
        int untouched = 1;
        for (size_t i = 0; i < need + 2; i++) untouched &= buf[i] == CANARY;
        CHECK_MSG(untouched, "%s wrote into a buffer it refused", s->label);
    }
    /* a non-NULL buffer of length 0 */
    got = 12345;
    CHECK_STATUS(call(s, buf, 0, &got), MGP_STATUS_BUFFER_TOO_SMALL);
    CHECK_INT(got, need);
    CHECK(buf[0] == CANARY);

    /* exactly enough: need bytes and the NUL, nothing past them */
    got = 12345;
    CHECK_STATUS(call(s, buf, need + 1, &got), MGP_STATUS_OK);
    CHECK_INT(got, need);
    CHECK(buf[need] == '\0');
    CHECK_INT(strlen(buf), need);
    CHECK(buf[need + 1] == CANARY);

    /* a larger buffer gives the same text */
    char *big = malloc(need + 64);
    memset(big, CANARY, need + 64);
    CHECK_STATUS(call(s, big, need + 64, &got), MGP_STATUS_OK);
    CHECK(memcmp(big, buf, need + 1) == 0);
    CHECK(big[need + 1] == CANARY);
    free(big);

    /* out_len is required */
    CHECK_STATUS(call(s, buf, need + 1, NULL), MGP_STATUS_NULL_ARGUMENT);
    free(buf);
}

void test_buffer_protocol_of_every_text_export(void) {
    char p[37];
    partner_id(100, p);
    CHECK(emulator_reset(&S.emu) == 0);
    CHECK(seed_policy(p, "Buffers", 1) == 0);

    /* a 409: every accessor has something to say */
    mgp_sync_policy_fields f = {0};
    f.display_name = "Buffers again";
    mgp_response *conflict = NULL;
    CHECK_STATUS(mgp_identity_sync_set_set_expanded(S.client, p, &f, NULL, &conflict), MGP_STATUS_CONFLICT);
    CHECK(conflict != NULL);
    /* a 200 without a Graph error */
    mgp_response *ok = NULL;
    CHECK_STATUS(mgp_identity_sync_get_get(S.client, p, NULL, &ok), MGP_STATUS_OK);
    CHECK(ok != NULL);
    if (!conflict || !ok) {
        mgp_response_free(conflict);
        mgp_response_free(ok);
        return;
    }

    const source with_error[] = {
        {"body_json (409)", mgp_response_body_json, conflict, 0},
        {"headers_json (409)", mgp_response_headers_json, conflict, 0},
        {"request_json (409)", mgp_response_request_json, conflict, 0},
        {"error_code (409)", mgp_response_error_code, conflict, 0},
        {"message (409)", mgp_response_message, conflict, 0},
        {"request_id (409)", mgp_response_request_id, conflict, 0},
        {"to_json (409)", mgp_response_to_json, conflict, 0},
        {"body_json (200)", mgp_response_body_json, ok, 0},
        {"request_id (200)", mgp_response_request_id, ok, 0},
        {"operations_json", NULL, NULL, 1},
    };
    for (size_t i = 0; i < sizeof with_error / sizeof with_error[0]; i++) check_protocol(&with_error[i], 0);

    const source empty[] = {
        {"error_code (200)", mgp_response_error_code, ok, 0},
        {"message (200)", mgp_response_message, ok, 0},
    };
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) check_protocol(&empty[i], 1);

    /* the last-error channel: a refusal leaves a message, then the protocol
     * applies to it like any other text (and reading it changes nothing) */
    mgp_response *none = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(S.client, "not-a-guid", NULL, &none), MGP_STATUS_INVALID_ARGUMENT);
    source last = {"last_error_message", NULL, NULL, 2};
    check_protocol(&last, 0);
    char *msg = last_error();
    CHECK_CONTAINS(msg, "not-a-guid");
    free(msg);

    mgp_response_free(conflict);
    mgp_response_free(ok);
}
