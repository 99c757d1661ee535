//! The unauthenticated admin API under `/_emulator`.

use crate::http::{Ctx, Resp};
use crate::state::{EmulatorState, Fault, FaultRule, SeedData};
use hyper::Method;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MintRequest {
    #[serde(default)]
    tenant_id: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    lifetime_secs: Option<i64>,
}

fn bad(msg: impl Into<String>) -> Resp {
    Resp::json(400, &json!({"error": msg.into()}))
}

fn ok() -> Resp {
    Resp::json(200, &json!({"status": "ok"}))
}

fn parse<T: serde::de::DeserializeOwned>(ctx: &Ctx) -> Result<T, Resp> {
    let body: &[u8] = if ctx.body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        &ctx.body
    };
    serde_json::from_slice(body).map_err(|e| bad(format!("invalid JSON body: {e}")))
}

pub(crate) fn handle(state: &EmulatorState, ctx: &Ctx, segs: &[String], info: &Value) -> Resp {
    let rest: Vec<String> = segs
        .iter()
        .skip(1)
        .map(|s| s.to_ascii_lowercase())
        .collect();
    let r: Vec<&str> = rest.iter().map(String::as_str).collect();
    let m = &ctx.method;
    let result: Result<Resp, Resp> = (|| {
        Ok(match (m.clone(), r.as_slice()) {
            (Method::GET, []) => Resp::json(200, info),
            (Method::GET, ["apps"]) => Resp::json(200, &info["apps"]),
            (Method::POST, ["reset"]) => {
                state.reset();
                ok()
            }
            (Method::POST, ["seed"]) => {
                let v: Value = parse(ctx)?;
                let seeds = SeedData::from_json(v).map_err(bad)?;
                for s in &seeds {
                    state.apply_seed(s).map_err(bad)?;
                }
                ok()
            }
            (Method::GET, ["state"]) => Resp::json(200, &state.snapshot()),
            (Method::GET, ["requests"]) => Resp::json(
                200,
                &serde_json::to_value(state.request_log()).unwrap_or_default(),
            ),
            (Method::DELETE, ["requests"]) => {
                state.clear_request_log();
                Resp::empty(204)
            }
            (Method::POST, ["faults"]) => {
                let rule: FaultRule = parse(ctx)?;
                if rule.count == 0 {
                    return Err(bad("count must be at least 1"));
                }
                match &rule.fault {
                    Fault::Status {
                        status,
                        retry_after,
                        ..
                    } => {
                        if !(400..=599).contains(status) {
                            return Err(bad("status must be between 400 and 599"));
                        }
                        if let Some(ra) = retry_after {
                            let secs = ra.strip_prefix("date:").unwrap_or(ra);
                            if secs.trim().parse::<u64>().is_err() {
                                return Err(bad(
                                    "retry_after must be \"N\" or \"date:N\" (seconds)",
                                ));
                            }
                        }
                    }
                    Fault::Latency { .. } | Fault::DropBefore | Fault::DropAfter => {}
                }
                let id = state.add_fault(rule);
                Resp::json(200, &json!({"id": id}))
            }
            (Method::GET, ["faults"]) => Resp::json(
                200,
                &serde_json::to_value(state.faults()).unwrap_or_default(),
            ),
            (Method::DELETE, ["faults"]) => {
                state.clear_faults();
                Resp::empty(204)
            }
            (Method::POST, ["tokens", "expire"]) => {
                state.expire_tokens();
                ok()
            }
            (Method::POST, ["tokens"]) => {
                let req: MintRequest = parse(ctx)?;
                let tenant = req.tenant_id.unwrap_or_else(|| state.default_tenant());
                if !crate::util::is_guid(&tenant) {
                    return Err(bad("tenant_id must be a GUID"));
                }
                let roles: Vec<&str> = req.roles.iter().map(String::as_str).collect();
                let lifetime = req
                    .lifetime_secs
                    .unwrap_or(state.inner.identity.default_lifetime());
                let tok = state.mint_token(&tenant, &roles, lifetime);
                Resp::json(
                    200,
                    &json!({"access_token": tok, "token_type": "Bearer", "expires_in": lifetime}),
                )
            }
            (_, ["", ..]) | (_, []) | (_, _) => {
                return Err(Resp::json(
                    404,
                    &json!({"error": format!("no admin route {} {}", ctx.method, ctx.path)}),
                ));
            }
        })
    })();
    match result {
        Ok(r) | Err(r) => r,
    }
}
