/* The test functions, grouped by file; main.c runs them in order. */
#ifndef MGP_TEST_TESTS_H
#define MGP_TEST_TESTS_H

/* test_basics.c */
void test_versions(void);
void test_status_numbers_and_names(void);
void test_last_error_message(void);
void test_operations_json_matches_the_header(void);
void test_client_new_and_free(void);
void test_response_accessors_accept_null(void);

/* test_buffers.c */
void test_buffer_protocol_of_every_text_export(void);

/* test_operations.c */
void test_every_export_against_the_emulator(void);
void test_what_if_for_every_export_sends_nothing(void);
void test_per_call_options_reach_the_wire(void);

/* test_invoke.c */
void test_invoke_reaches_every_operation(void);
void test_invoke_runs_real_calls(void);
void test_invoke_refusals(void);

/* test_refusals.c */
void test_null_for_every_pointer_argument(void);
void test_invalid_utf8_is_refused(void);
void test_malformed_json_is_refused(void);
void test_invalid_arguments_are_refused(void);

/* test_http_errors.c */
void test_not_found(void);
void test_conflict(void);
void test_forbidden_for_the_reader_app(void);
void test_throttling_and_service_errors(void);
void test_authentication_and_transport_failures(void);
void test_panic_is_caught_at_the_boundary(void);

/* test_connections.c */
void test_a_reset_kept_alive_connection_does_not_end_the_process(void);

/* test_threads.c */
void test_one_client_shared_by_threads(void);
void test_last_error_is_per_thread(void);

#endif
