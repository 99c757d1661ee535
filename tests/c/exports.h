/*
 * Every operation export of mgpolicy.h, as a table the tests iterate. Each
 * row holds the real function pointer, so calling through the table calls
 * the export itself; `export_call` passes the arguments each shape takes.
 */
#ifndef MGP_TEST_EXPORTS_H
#define MGP_TEST_EXPORTS_H

#include "mgpolicy.h"

typedef enum {
    SHAPE_LIST,              /* (client, options, out) */
    SHAPE_ID,                /* (client, id, options, out) */
    SHAPE_IDENTITY,          /* (client, identity_json, options, out) */
    SHAPE_ID_FIELDS,         /* (client, id, fields, options, out) */
    SHAPE_ID_BODY,           /* (client, id, body_json, options, out) */
    SHAPE_IDENTITY_FIELDS,   /* (client, identity_json, fields, options, out) */
    SHAPE_IDENTITY_BODY      /* (client, identity_json, body_json, options, out) */
} export_shape;

typedef mgp_status (*fn_list)(const mgp_client *, const char *, mgp_response **);
typedef mgp_status (*fn_key)(const mgp_client *, const char *, const char *, mgp_response **);
typedef mgp_status (*fn_key_fields)(const mgp_client *, const char *, const mgp_sync_policy_fields *,
                                    const char *, mgp_response **);
typedef mgp_status (*fn_key_body)(const mgp_client *, const char *, const char *, const char *,
                                  mgp_response **);

typedef struct {
    const char *name;
    export_shape shape;
    fn_list list;
    fn_key key;
    fn_key_fields key_fields;
    fn_key_body key_body;
} export_row;

#define EXPORT_COUNT 31
extern const export_row EXPORTS[EXPORT_COUNT];

const export_row *export_find(const char *name);

/* Takes a key (id or identity JSON), a key or body argument as the shape needs. */
int export_has_key(const export_row *row);
int export_has_fields(const export_row *row);
int export_has_body(const export_row *row);
int export_is_beta(const export_row *row);
int export_is_deleted_item(const export_row *row);

/* Calls the export with the arguments its shape takes (others are ignored). */
mgp_status export_call(const export_row *row, const mgp_client *client, const char *key,
                       const mgp_sync_policy_fields *fields, const char *body, const char *options,
                       mgp_response **out);

#endif
