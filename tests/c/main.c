/*
 * C tests of libmgpolicy through include/mgpolicy.h, against a running
 * graph-emulator whose startup line is in MGP_EMULATOR_JSON.
 *
 *   MGP_EMULATOR_JSON="$(head -n 1 emulator.json)" ./mgp_c_tests [NAME-FILTER]
 *
 * tests/c/run.sh builds it, starts the emulator and runs it normally, under
 * valgrind and with AddressSanitizer + UndefinedBehaviorSanitizer.
 *
 * Prints each test, every failed check, and "N passed, M failed"; exits 1
 * on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "support.h"
#include "tests.h"

#define TEST(fn) {#fn, fn}
static const struct {
    const char *name;
    void (*fn)(void);
} TESTS[] = {
    TEST(test_versions),
    TEST(test_status_numbers_and_names),
    TEST(test_last_error_message),
    TEST(test_operations_json_matches_the_header),
    TEST(test_client_new_and_free),
    TEST(test_response_accessors_accept_null),
    TEST(test_buffer_protocol_of_every_text_export),
    TEST(test_every_export_against_the_emulator),
    TEST(test_what_if_for_every_export_sends_nothing),
    TEST(test_per_call_options_reach_the_wire),
    TEST(test_invoke_reaches_every_operation),
    TEST(test_invoke_runs_real_calls),
    TEST(test_invoke_refusals),
    TEST(test_null_for_every_pointer_argument),
    TEST(test_invalid_utf8_is_refused),
    TEST(test_malformed_json_is_refused),
    TEST(test_invalid_arguments_are_refused),
    TEST(test_not_found),
    TEST(test_conflict),
    TEST(test_forbidden_for_the_reader_app),
    TEST(test_throttling_and_service_errors),
    TEST(test_authentication_and_transport_failures),
    TEST(test_panic_is_caught_at_the_boundary),
    TEST(test_a_reset_kept_alive_connection_does_not_end_the_process),
    TEST(test_one_client_shared_by_threads),
    TEST(test_last_error_is_per_thread),
};

int main(int argc, char **argv) {
    const char *filter = argc > 1 ? argv[1] : NULL;
    if (emulator_open(&S.emu, getenv("MGP_EMULATOR_JSON")) != 0) {
        fputs("set MGP_EMULATOR_JSON to the startup line of a running graph-emulator\n", stderr);
        return 2;
    }
    S.config = emulator_config(&S.emu, "test", NULL);
    S.client = new_client(S.config);
    if (!S.client) return 2;

    for (size_t i = 0; i < sizeof TESTS / sizeof TESTS[0]; i++) {
        if (filter && !strstr(TESTS[i].name, filter)) continue;
        int before = check_failures();
        check_set_test(TESTS[i].name);
        TESTS[i].fn();
        printf("%s %s\n", check_failures() == before ? "ok  " : "FAIL", TESTS[i].name);
        fflush(stdout);
    }

    mgp_client_free(S.client);
    free(S.config);
    emulator_close(&S.emu);
    return check_summary();
}
