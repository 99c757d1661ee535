//! Random and hostile input through the C ABI: whatever arrives, every call
//! returns a defined status (never the panic status), nothing crashes, and
//! nothing invalid reaches the network. Deterministic (seeded) so a failure
//! reproduces.

mod common;

use std::ffi::c_char;
use std::ptr;

use common::*;
use mgpolicy::ffi::*;
use serde_json::{Value, json};

/// xorshift64*: small, seeded, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const KEYS: [&str; 16] = [
    "displayName",
    "DisplayName",
    "userSyncInbound",
    "isSyncAllowed",
    "tenantId",
    "groupSyncInbound",
    "@odata.type",
    "headers",
    "select",
    "what_if",
    "top",
    "filter",
    "CrossTenantAccessPolicyConfigurationPartnerTenantId",
    "",
    "\u{0}",
    "x\r\ny",
];

fn value(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth > 2 { 6 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => json!(rng.next() as i64),
        3 => json!(*rng.pick(&[
            "True",
            "false",
            "",
            "\r\n",
            "90e29127-71ad-49c7-9ce8-db3f41ea06f1",
            "é✓",
            "../x"
        ])),
        4 => json!(f64::from(rng.below(1000) as u32) / 7.0),
        5 => json!(*rng.pick(&KEYS)),
        6 => Value::Array((0..rng.below(4)).map(|_| value(rng, depth + 1)).collect()),
        _ => {
            let mut map = serde_json::Map::new();
            for _ in 0..rng.below(5) {
                map.insert(rng.pick(&KEYS).to_string(), value(rng, depth + 1));
            }
            Value::Object(map)
        }
    }
}

fn bytes(rng: &mut Rng) -> Vec<u8> {
    let mut out: Vec<u8> = (0..rng.below(48))
        .map(|_| (rng.next() % 255 + 1) as u8)
        .collect();
    out.push(0);
    out
}

#[test]
fn random_arguments_never_panic_and_send_nothing_invalid() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let c = client(&emu);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let cmdlets: Vec<String> = {
        let table: Value =
            serde_json::from_str(&read_string(|b, l, o| mgp_operations_json(b, l, o))).unwrap();
        table
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["cmdlet"].as_str().unwrap().to_string())
            .collect()
    };
    let sets = [
        "Get",
        "Set",
        "SetExpanded",
        "UpdateViaIdentity",
        "List",
        "Delete",
        "Restore",
        "Nope",
    ];
    for round in 0..1500 {
        let mut out: *mut mgp_response = ptr::null_mut();
        let status = match rng.below(4) {
            0 => {
                // Structured but random: any cmdlet, set and args document, always what-if.
                let name: &String = rng.pick(&cmdlets);
                let cmdlet = cstr(name);
                let set: &&str = rng.pick(&sets);
                let set = cstr(set);
                let mut args = value(&mut rng, 0);
                match &mut args {
                    Value::Object(map) => {
                        map.insert("options".into(), json!({"what_if": true}));
                    }
                    // A null args document is a valid "no arguments": keep it what-if too.
                    Value::Null => args = json!({"options": {"what_if": true}}),
                    _ => {}
                }
                let args = cstr(&args.to_string());
                mgp_operation_invoke(c.0, cmdlet.as_ptr(), set.as_ptr(), args.as_ptr(), &mut out)
            }
            1 => {
                // Raw bytes (maybe not UTF-8, maybe not JSON) as the body.
                let id = cstr(PARTNER);
                let body = bytes(&mut rng);
                let what_if = cstr(r#"{"what_if":true}"#);
                mgp_identity_sync_set_set(
                    c.0,
                    id.as_ptr(),
                    body.as_ptr().cast::<c_char>(),
                    what_if.as_ptr(),
                    &mut out,
                )
            }
            2 => {
                // Raw bytes as the partner id, with random options.
                let id = bytes(&mut rng);
                let options =
                    cstr(&json!({"what_if": true, "headers": value(&mut rng, 1)}).to_string());
                mgp_beta_identity_sync_get_get(
                    c.0,
                    id.as_ptr().cast::<c_char>(),
                    options.as_ptr(),
                    &mut out,
                )
            }
            _ => {
                // Random JSON as the options of a real (not what-if) Get: either
                // refused before sending, or a proper Graph answer.
                let id = cstr(PARTNER);
                let options = cstr(&value(&mut rng, 0).to_string());
                mgp_identity_sync_get_get(c.0, id.as_ptr(), options.as_ptr(), &mut out)
            }
        };
        assert_ne!(status, mgp_status::Panic, "round {round}: {}", last_error());
        assert!(mgp_status::from_u32(status as u32).is_some());
        if status != mgp_status::Ok && out.is_null() {
            assert!(
                !last_error().is_empty(),
                "round {round}: a refusal explains itself"
            );
        }
        mgp_response_free(out);
    }
    // Only well-formed Gets of the seeded partner may have reached Graph.
    for request in graph_requests(&emu) {
        assert_eq!(request["method"], "GET", "{request}");
        assert!(
            request["path"].as_str().unwrap().contains(PARTNER),
            "{request}"
        );
        let headers = request["headers"].to_string();
        assert!(
            !headers.contains("\\r") && !headers.contains("\\n"),
            "{headers}"
        );
    }
    assert!(
        emu.state().sync_policy(&home(&emu), PARTNER).is_none(),
        "what-if and refusals changed nothing"
    );
}
