/* Prints the identity-synchronization policy of one partner; MGP_CONFIG holds the client configuration. */
#include <stdio.h>
#include <stdlib.h>
#include "mgpolicy.h"

int main(void) {
    mgp_client *client = NULL;
    mgp_response *resp = NULL;
    char text[8192];
    size_t len = 0;
    mgp_status st = mgp_client_new(getenv("MGP_CONFIG"), &client);
    if (st == MGP_STATUS_OK)
        st = mgp_identity_sync_get_get(client, "90e29127-71ad-49c7-9ce8-db3f41ea06f1", NULL, &resp);
    if (st != MGP_STATUS_OK && mgp_last_error_message(text, sizeof text, &len) == MGP_STATUS_OK)
        fprintf(stderr, "%s (HTTP %u): %s\n", mgp_status_name(st), (unsigned)mgp_response_http_status(resp), text);
    else if (mgp_response_body_json(resp, text, sizeof text, &len) == MGP_STATUS_OK)
        printf("%s\n", text);
    mgp_response_free(resp);
    mgp_client_free(client);
    return st == MGP_STATUS_OK ? 0 : 1;
}
