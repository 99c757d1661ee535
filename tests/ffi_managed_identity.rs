//! A managed identity through azure_identity against the emulator's
//! App Service-style identity endpoint. Its own test binary (one test), since
//! the managed-identity credential reads process environment variables.

mod common;

use common::*;
use mgpolicy::ffi::*;
use serde_json::json;

#[test]
fn managed_identity_gets_a_token_from_the_identity_endpoint() {
    let emu = emulator();
    let info = emu.startup_info();
    let mi = emu
        .apps()
        .into_iter()
        .find(|a| a.managed_identity)
        .expect("a managed-identity app");
    emu.state().seed_partner(&mi.tenant_id, PARTNER);
    // SAFETY: this test binary runs this single test; no other thread reads
    // the environment while it is changed.
    unsafe {
        std::env::set_var(
            "IDENTITY_ENDPOINT",
            info["identity_endpoint"].as_str().unwrap(),
        );
        std::env::set_var("IDENTITY_HEADER", info["identity_header"].as_str().unwrap());
    }
    let mut config = config(&emu);
    config["credential"] = json!({"type": "managed_identity"});
    let c = client_from(&config).unwrap();
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert!(
        matches!(r.status, mgp_status::NotFound | mgp_status::Forbidden),
        "a Graph answer, so a token was issued: {:?}",
        r.json
    );
    let token_call = emu
        .state()
        .request_log()
        .into_iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .find(|r| r["path"].as_str().unwrap_or("").starts_with("/msi/token"))
        .expect("the identity endpoint was asked");
    assert!(token_call["status"] == 200, "{token_call}");
}
