/* Threads: one client shared by several threads at once, and the
 * last-error message kept per thread. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "support.h"
#include "tests.h"

#define THREADS 8
#define ROUNDS 4

typedef struct {
    int index;
    char partner[37];
    int ok;
} worker;

static void *work(void *arg) {
    worker *w = arg;
    char name[64];
    for (int round = 0; round < ROUNDS; round++) {
        snprintf(name, sizeof name, "thread %d round %d", w->index, round);
        mgp_sync_policy_fields f = {0};
        f.display_name = name;
        f.user_sync_inbound = round % 2 ? MGP_TRISTATE_TRUE : MGP_TRISTATE_FALSE;
        mgp_response *r = NULL;
        mgp_status st = mgp_beta_identity_sync_update_update_expanded(S.client, w->partner, &f, NULL, &r);
        CHECK_MSG(st == MGP_STATUS_OK, "thread %d update: %s", w->index, mgp_status_name(st));
        mgp_response_free(r);
        r = NULL;
        st = mgp_beta_identity_sync_get_get(S.client, w->partner, NULL, &r);
        CHECK_MSG(st == MGP_STATUS_OK, "thread %d get: %s", w->index, mgp_status_name(st));
        json *doc = response_doc(r);
        CHECK_STR(json_str(doc, "body/displayName"), name);
        CHECK_STR(json_str(doc, "body/tenantId"), w->partner);
        CHECK_INT(json_bool(doc, "body/userSyncInbound/isSyncAllowed"), round % 2);
        json_free(doc);
        mgp_response_free(r);
        /* a refusal on this thread, to interleave with the others' successes */
        r = UNTOUCHED;
        CHECK_STATUS(mgp_beta_identity_sync_get_get(S.client, "nope", NULL, &r), MGP_STATUS_INVALID_ARGUMENT);
        CHECK(r == UNTOUCHED);
    }
    w->ok = 1;
    return NULL;
}

void test_one_client_shared_by_threads(void) {
    CHECK(emulator_reset(&S.emu) == 0);
    worker workers[THREADS];
    pthread_t ids[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i].index = i;
        workers[i].ok = 0;
        partner_id(800 + i, workers[i].partner);
        CHECK(seed_policy(workers[i].partner, "Start", 0) == 0);
    }
    for (int i = 0; i < THREADS; i++) CHECK(pthread_create(&ids[i], NULL, work, &workers[i]) == 0);
    for (int i = 0; i < THREADS; i++) {
        CHECK(pthread_join(ids[i], NULL) == 0);
        CHECK(workers[i].ok);
    }
    json *state = emulator_state(&S.emu);
    for (int i = 0; i < THREADS; i++) {
        char want[64];
        snprintf(want, sizeof want, "thread %d round %d", i, ROUNDS - 1);
        const json *policy = state_policy(state, S.emu.tenant, workers[i].partner);
        CHECK_STR(json_str(policy, "displayName"), want);
        CHECK_INT(json_bool(policy, "userSyncInbound/isSyncAllowed"), (ROUNDS - 1) % 2);
    }
    json_free(state);
    CHECK_INT(emulator_count_requests(&S.emu, "/beta/policies/crossTenantAccessPolicy/partners/"), THREADS * ROUNDS * 2);
}

static pthread_barrier_t barrier;

typedef struct {
    const char *bad_id;
    int ok;
} failing;

static void *fail_then_read(void *arg) {
    failing *f = arg;
    mgp_response *r = UNTOUCHED;
    mgp_status st = mgp_identity_sync_get_get(S.client, f->bad_id, NULL, &r);
    pthread_barrier_wait(&barrier); /* both threads have failed before either reads */
    char *msg = last_error();
    f->ok = st == MGP_STATUS_INVALID_ARGUMENT && strstr(msg, f->bad_id) != NULL;
    CHECK_MSG(f->ok, "thread with %s read \"%s\"", f->bad_id, msg);
    free(msg);
    return NULL;
}

void test_last_error_is_per_thread(void) {
    /* the main thread fails first */
    mgp_response *r = UNTOUCHED;
    CHECK_STATUS(mgp_identity_sync_get_get(S.client, "main-thread-id", NULL, &r), MGP_STATUS_INVALID_ARGUMENT);
    CHECK(pthread_barrier_init(&barrier, NULL, 2) == 0);
    failing a = {"first-thread-id", 0}, b = {"second-thread-id", 0};
    pthread_t ta, tb;
    CHECK(pthread_create(&ta, NULL, fail_then_read, &a) == 0);
    CHECK(pthread_create(&tb, NULL, fail_then_read, &b) == 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    pthread_barrier_destroy(&barrier);
    CHECK(a.ok && b.ok);
    char *msg = last_error();
    CHECK_CONTAINS(msg, "main-thread-id");
    free(msg);
}
