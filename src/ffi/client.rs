//! `mgp_client`: creation from JSON configuration and release.

use std::ffi::c_char;

use super::{check_out, guard, guard_quiet, str_arg, write_out};
use crate::client::Client;
use crate::error::mgp_status;

/// A configured connection to Microsoft Graph (opaque). Thread-safe: one
/// client may be used by many threads at once.
pub struct mgp_client {
    pub(crate) inner: Client,
}

/// Creates a client from `config_json` (see the README for every key:
/// `cloud`, `graph_url`, `authority_url`, `credential`, `retry`,
/// `timeout_ms`, `proxy`, `ca_certificates_pem`, `user_agent`, ...).
/// Sends nothing. On `MGP_STATUS_OK` writes a new client to `*out_client`,
/// which the caller frees with `mgp_client_free`; on failure writes nothing
/// and leaves a message (never containing a secret) for
/// `mgp_last_error_message`. Does not take ownership of `config_json`.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_client_new(
    config_json: *const c_char,
    out_client: *mut *mut mgp_client,
) -> mgp_status {
    guard(|| {
        check_out(out_client, "out_client")?;
        let config = str_arg(config_json, "config_json")?;
        let inner = Client::from_json(config)?;
        write_out(out_client, mgp_client { inner });
        Ok(mgp_status::Ok)
    })
}

/// Frees a client from `mgp_client_new`. NULL is ignored. The caller must
/// make sure no other thread is using the client. Leaves the last-error
/// message unchanged.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_client_free(client: *mut mgp_client) {
    guard_quiet(|| {
        if !client.is_null() {
            // SAFETY: a non-NULL `client` came from `Box::into_raw` in
            // `mgp_client_new` and, per the contract, is freed only once.
            drop(unsafe { Box::from_raw(client) });
        }
    });
}

/// Obtains an access token now, as `Connect-MgGraph` does, so that a wrong
/// secret, certificate or authority is reported before the first operation.
/// Sends nothing to Graph (only to the sign-in authority, and not even there
/// while a cached token is fresh). Returns `MGP_STATUS_OK`, or the failure's
/// status (e.g. `MGP_STATUS_AUTHENTICATION_FAILED`, `MGP_STATUS_UNAUTHORIZED`
/// for a client without a credential, `MGP_STATUS_TIMEOUT`) with a message
/// for `mgp_last_error_message`.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_client_authenticate(client: *const mgp_client) -> mgp_status {
    guard(|| {
        let _shield = super::signals::SigpipeShield::new();
        client_ref(client)?.authenticate()?;
        Ok(mgp_status::Ok)
    })
}

/// Borrows the client behind a pointer for the duration of a call.
pub(crate) fn client_ref<'a>(client: *const mgp_client) -> crate::error::Result<&'a Client> {
    if client.is_null() {
        return Err(crate::error::Error::new(
            mgp_status::NullArgument,
            "client is NULL",
        ));
    }
    // SAFETY: non-NULL, and the caller promises a live client from
    // `mgp_client_new`; `Client` is `Sync`, so shared use across threads is sound.
    Ok(unsafe { &(*client).inner })
}
