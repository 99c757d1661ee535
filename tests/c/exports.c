#include "exports.h"

#include <string.h>

/* In header order. The tests check this table against mgp_operations_json. */
const export_row EXPORTS[EXPORT_COUNT] = {
    {"mgp_identity_sync_get_get", SHAPE_ID, .key = mgp_identity_sync_get_get},
    {"mgp_identity_sync_get_get_via_identity", SHAPE_IDENTITY, .key = mgp_identity_sync_get_get_via_identity},
    {"mgp_identity_sync_set_set_expanded", SHAPE_ID_FIELDS, .key_fields = mgp_identity_sync_set_set_expanded},
    {"mgp_identity_sync_set_set", SHAPE_ID_BODY, .key_body = mgp_identity_sync_set_set},
    {"mgp_identity_sync_set_set_via_identity_expanded", SHAPE_IDENTITY_FIELDS, .key_fields = mgp_identity_sync_set_set_via_identity_expanded},
    {"mgp_identity_sync_set_set_via_identity", SHAPE_IDENTITY_BODY, .key_body = mgp_identity_sync_set_set_via_identity},
    {"mgp_identity_sync_update_update_expanded", SHAPE_ID_FIELDS, .key_fields = mgp_identity_sync_update_update_expanded},
    {"mgp_identity_sync_update_update", SHAPE_ID_BODY, .key_body = mgp_identity_sync_update_update},
    {"mgp_identity_sync_update_update_via_identity_expanded", SHAPE_IDENTITY_FIELDS, .key_fields = mgp_identity_sync_update_update_via_identity_expanded},
    {"mgp_identity_sync_update_update_via_identity", SHAPE_IDENTITY_BODY, .key_body = mgp_identity_sync_update_update_via_identity},
    {"mgp_identity_sync_remove_delete", SHAPE_ID, .key = mgp_identity_sync_remove_delete},
    {"mgp_identity_sync_remove_delete_via_identity", SHAPE_IDENTITY, .key = mgp_identity_sync_remove_delete_via_identity},
    {"mgp_beta_identity_sync_get_get", SHAPE_ID, .key = mgp_beta_identity_sync_get_get},
    {"mgp_beta_identity_sync_get_get_via_identity", SHAPE_IDENTITY, .key = mgp_beta_identity_sync_get_get_via_identity},
    {"mgp_beta_identity_sync_set_set_expanded", SHAPE_ID_FIELDS, .key_fields = mgp_beta_identity_sync_set_set_expanded},
    {"mgp_beta_identity_sync_set_set", SHAPE_ID_BODY, .key_body = mgp_beta_identity_sync_set_set},
    {"mgp_beta_identity_sync_set_set_via_identity_expanded", SHAPE_IDENTITY_FIELDS, .key_fields = mgp_beta_identity_sync_set_set_via_identity_expanded},
    {"mgp_beta_identity_sync_set_set_via_identity", SHAPE_IDENTITY_BODY, .key_body = mgp_beta_identity_sync_set_set_via_identity},
    {"mgp_beta_identity_sync_update_update_expanded", SHAPE_ID_FIELDS, .key_fields = mgp_beta_identity_sync_update_update_expanded},
    {"mgp_beta_identity_sync_update_update", SHAPE_ID_BODY, .key_body = mgp_beta_identity_sync_update_update},
    {"mgp_beta_identity_sync_update_update_via_identity_expanded", SHAPE_IDENTITY_FIELDS, .key_fields = mgp_beta_identity_sync_update_update_via_identity_expanded},
    {"mgp_beta_identity_sync_update_update_via_identity", SHAPE_IDENTITY_BODY, .key_body = mgp_beta_identity_sync_update_update_via_identity},
    {"mgp_beta_identity_sync_remove_delete", SHAPE_ID, .key = mgp_beta_identity_sync_remove_delete},
    {"mgp_beta_identity_sync_remove_delete_via_identity", SHAPE_IDENTITY, .key = mgp_beta_identity_sync_remove_delete_via_identity},
    {"mgp_beta_deleted_sync_partner_get_list", SHAPE_LIST, .list = mgp_beta_deleted_sync_partner_get_list},
    {"mgp_beta_deleted_sync_partner_get_get", SHAPE_ID, .key = mgp_beta_deleted_sync_partner_get_get},
    {"mgp_beta_deleted_sync_partner_get_get_via_identity", SHAPE_IDENTITY, .key = mgp_beta_deleted_sync_partner_get_get_via_identity},
    {"mgp_beta_deleted_sync_partner_restore_restore", SHAPE_ID, .key = mgp_beta_deleted_sync_partner_restore_restore},
    {"mgp_beta_deleted_sync_partner_restore_restore_via_identity", SHAPE_IDENTITY, .key = mgp_beta_deleted_sync_partner_restore_restore_via_identity},
    {"mgp_beta_deleted_sync_partner_remove_delete", SHAPE_ID, .key = mgp_beta_deleted_sync_partner_remove_delete},
    {"mgp_beta_deleted_sync_partner_remove_delete_via_identity", SHAPE_IDENTITY, .key = mgp_beta_deleted_sync_partner_remove_delete_via_identity},
};

const export_row *export_find(const char *name) {
    for (int i = 0; i < EXPORT_COUNT; i++)
        if (strcmp(EXPORTS[i].name, name) == 0) return &EXPORTS[i];
    return NULL;
}

int export_has_key(const export_row *row) { return row->shape != SHAPE_LIST; }

int export_has_fields(const export_row *row) {
    return row->shape == SHAPE_ID_FIELDS || row->shape == SHAPE_IDENTITY_FIELDS;
}

int export_has_body(const export_row *row) {
    return row->shape == SHAPE_ID_BODY || row->shape == SHAPE_IDENTITY_BODY;
}

int export_is_beta(const export_row *row) { return strncmp(row->name, "mgp_beta_", 9) == 0; }

int export_is_deleted_item(const export_row *row) { return strstr(row->name, "_deleted_sync_partner_") != NULL; }

mgp_status export_call(const export_row *row, const mgp_client *client, const char *key,
                       const mgp_sync_policy_fields *fields, const char *body, const char *options,
                       mgp_response **out) {
    switch (row->shape) {
    case SHAPE_LIST: return row->list(client, options, out);
    case SHAPE_ID:
    case SHAPE_IDENTITY: return row->key(client, key, options, out);
    case SHAPE_ID_FIELDS:
    case SHAPE_IDENTITY_FIELDS: return row->key_fields(client, key, fields, options, out);
    case SHAPE_ID_BODY:
    case SHAPE_IDENTITY_BODY: return row->key_body(client, key, body, options, out);
    }
    return (mgp_status)UINT32_MAX; /* unreachable: every shape is handled above */
}
