//! Entra ID look-alike endpoints: the OAuth 2.0 token endpoint (client credentials with a
//! secret or a certificate assertion), OpenID discovery, JWKS, and managed-identity endpoints.

use crate::http::{Ctx, Resp};
use crate::identity::{AadError, AppRecord};
use crate::state::EmulatorState;
use crate::util::{new_guid, now_aad_timestamp, now_unix};
use hyper::Method;
use serde_json::{Value, json};
use std::collections::HashMap;

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

pub(crate) struct Origins {
    /// Lower-case `scheme://host:port` values that address this emulator.
    pub list: Vec<String>,
}

fn aad_error(ctx: &Ctx, e: AadError) -> Resp {
    let trace = new_guid();
    let corr = ctx.client_request_id.clone();
    let ts = now_aad_timestamp();
    let body = json!({
        "error": e.error,
        "error_description": format!("{} Trace ID: {trace} Correlation ID: {corr} Timestamp: {ts}", e.description),
        "error_codes": [e.code],
        "timestamp": ts,
        "trace_id": trace,
        "correlation_id": corr,
        "error_uri": format!("{}/error?code={}", ctx.base_url, e.code),
    });
    Resp::json(e.status, &body)
        .header("cache-control", "no-store, no-cache")
        .header("pragma", "no-cache")
        .header("x-ms-request-id", trace)
}

fn missing(param: &str) -> AadError {
    AadError::new(
        400,
        "invalid_request",
        900144,
        format!("AADSTS900144: The request body must contain the following parameter: '{param}'."),
    )
}

fn tenant_not_found(t: &str) -> AadError {
    AadError::new(
        400,
        "invalid_request",
        90002,
        format!(
            "AADSTS90002: Tenant '{t}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant."
        ),
    )
}

/// Routes handled here; `None` when the path is not an identity endpoint.
pub(crate) fn handle(
    state: &EmulatorState,
    ctx: &Ctx,
    segs: &[String],
    origins: &Origins,
) -> Option<Resp> {
    let lower: Vec<String> = segs.iter().map(|s| s.to_ascii_lowercase()).collect();
    let l: Vec<&str> = lower.iter().map(String::as_str).collect();
    let r = match l.as_slice() {
        ["metadata", "identity", "oauth2", "token"] => only(ctx, Method::GET, || imds(state, ctx)),
        ["msi", "token"] => only(ctx, Method::GET, || app_service_msi(state, ctx)),
        ["common", "discovery", "instance"] => only(ctx, Method::GET, || instance_discovery(ctx)),
        [_, "oauth2", "v2.0", "token"] => only(ctx, Method::POST, || {
            token(state, ctx, &segs[0], true, origins)
        }),
        [_, "oauth2", "token"] => only(ctx, Method::POST, || {
            token(state, ctx, &segs[0], false, origins)
        }),
        [_, "v2.0", ".well-known", "openid-configuration"] => only(ctx, Method::GET, || {
            openid_configuration(state, ctx, &segs[0], true)
        }),
        [_, ".well-known", "openid-configuration"] => only(ctx, Method::GET, || {
            openid_configuration(state, ctx, &segs[0], false)
        }),
        [_, "discovery", "v2.0", "keys"] | [_, "discovery", "keys"] => {
            only(ctx, Method::GET, || {
                Resp::json(200, &state.inner.identity.jwks())
            })
        }
        _ => return None,
    };
    Some(r)
}

fn only(ctx: &Ctx, m: Method, f: impl FnOnce() -> Resp) -> Resp {
    if ctx.method == m {
        f()
    } else {
        Resp::json(
            405,
            &json!({"error": "invalid_request", "error_description": format!("The endpoint only accepts {m} requests.")}),
        )
        .header("allow", m.as_str().to_string())
    }
}

fn openid_configuration(state: &EmulatorState, ctx: &Ctx, tenant: &str, v2: bool) -> Resp {
    let special =
        ["common", "organizations", "consumers"].contains(&tenant.to_ascii_lowercase().as_str());
    let tid = if special {
        "{tenantid}".to_string()
    } else {
        match state.inner.identity.resolve_tenant(tenant) {
            Some(t) => t,
            None => {
                let mut e = tenant_not_found(tenant);
                e.error = "invalid_tenant";
                return aad_error(ctx, e);
            }
        }
    };
    let b = &ctx.base_url;
    let (oauth, issuer) = if v2 {
        (
            format!("{b}/{tenant}/oauth2/v2.0"),
            format!("{b}/{tid}/v2.0"),
        )
    } else {
        (
            format!("{b}/{tenant}/oauth2"),
            format!("https://sts.windows.net/{tid}/"),
        )
    };
    let keys = if v2 {
        format!("{b}/{tenant}/discovery/v2.0/keys")
    } else {
        format!("{b}/{tenant}/discovery/keys")
    };
    Resp::json(
        200,
        &json!({
            "token_endpoint": format!("{oauth}/token"),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": keys,
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": issuer,
            "request_uri_parameter_supported": false,
            "userinfo_endpoint": format!("{b}/oidc/userinfo"),
            "authorization_endpoint": format!("{oauth}/authorize"),
            "device_authorization_endpoint": format!("{oauth}/devicecode"),
            "http_logout_supported": true,
            "frontchannel_logout_supported": true,
            "end_session_endpoint": format!("{oauth}/logout"),
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid", "roles"],
            "tenant_region_scope": "NA",
            "cloud_instance_name": "microsoftonline.com",
            "cloud_graph_host_name": "graph.windows.net",
            "msgraph_host": "graph.microsoft.com",
            "rbac_url": "https://pas.windows.net"
        }),
    )
}

fn instance_discovery(ctx: &Ctx) -> Resp {
    let pairs: HashMap<String, String> = ctx.query_pairs().into_iter().collect();
    let tenant = pairs
        .get("authorization_endpoint")
        .and_then(|a| {
            let rest = a.split("://").nth(1)?;
            rest.split('/').nth(1).map(String::from)
        })
        .unwrap_or_else(|| "common".to_string());
    let host = ctx
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("localhost")
        .to_string();
    Resp::json(
        200,
        &json!({
            "tenant_discovery_endpoint": format!("{}/{tenant}/v2.0/.well-known/openid-configuration", ctx.base_url),
            "api-version": "1.1",
            "metadata": [{"preferred_network": host, "preferred_cache": host, "aliases": [host]}]
        }),
    )
}

/// Does `aud` name this emulator's token endpoint for `tenant`?
fn aud_points_here(aud: &str, tenant_seg: &str, tid: &str, origins: &Origins, ctx: &Ctx) -> bool {
    let lower = aud.trim_end_matches('/').to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let scheme_len = lower.len() - rest.len();
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let origin = format!("{}{}", &lower[..scheme_len], host);
    let base = ctx.base_url.to_ascii_lowercase();
    if !origins.list.contains(&origin) && origin != base {
        return false;
    }
    let seg = tenant_seg.to_ascii_lowercase();
    [seg.as_str(), tid]
        .iter()
        .any(|t| path == format!("/{t}/oauth2/v2.0/token") || path == format!("/{t}/oauth2/token"))
}

fn token(state: &EmulatorState, ctx: &Ctx, tenant_seg: &str, v2: bool, origins: &Origins) -> Resp {
    match token_inner(state, ctx, tenant_seg, v2, origins) {
        Ok(r) => r,
        Err(e) => aad_error(ctx, e),
    }
}

fn token_inner(
    state: &EmulatorState,
    ctx: &Ctx,
    tenant_seg: &str,
    v2: bool,
    origins: &Origins,
) -> Result<Resp, AadError> {
    let identity = &state.inner.identity;
    let form: HashMap<String, String> = form_urlencoded::parse(&ctx.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |k: &str| form.get(k).map(String::as_str).filter(|s| !s.is_empty());
    let grant = get("grant_type").ok_or_else(|| missing("grant_type"))?;
    if grant != "client_credentials" {
        return Err(AadError::new(
            400,
            "unsupported_grant_type",
            70003,
            format!(
                "AADSTS70003: The app requested an unsupported grant type '{grant}'. This emulator supports only client_credentials."
            ),
        ));
    }
    // client_secret_basic
    let mut basic: Option<(String, String)> = None;
    if let Some(auth) = ctx.header("authorization")
        && let Some(b64) = auth
            .strip_prefix("Basic ")
            .or_else(|| auth.strip_prefix("basic "))
    {
        use base64::Engine as _;
        if let Ok(raw) = base64::engine::general_purpose::STANDARD.decode(b64.trim())
            && let Some((u, p)) = String::from_utf8_lossy(&raw).split_once(':')
        {
            basic = Some((crate::util::pct_decode(u), crate::util::pct_decode(p)));
        }
    }
    let client_id = get("client_id")
        .map(String::from)
        .or_else(|| basic.as_ref().map(|b| b.0.clone()))
        .ok_or_else(|| missing("client_id"))?;
    let seg_lower = tenant_seg.to_ascii_lowercase();
    if ["common", "organizations", "consumers"].contains(&seg_lower.as_str()) {
        return Err(AadError::new(
            400,
            "invalid_request",
            50194,
            format!(
                "AADSTS50194: Application '{client_id}' is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications. Use a tenant-specific endpoint or configure the application to be multi-tenant."
            ),
        ));
    }
    let tid = identity
        .resolve_tenant(tenant_seg)
        .ok_or_else(|| tenant_not_found(tenant_seg))?;
    let app: std::sync::Arc<AppRecord> = identity
        .find_app(&tid, &client_id)
        .filter(|a| !a.info.managed_identity)
        .ok_or_else(|| {
            AadError::new(
                400,
                "unauthorized_client",
                700016,
                format!("AADSTS700016: Application with identifier '{client_id}' was not found in the directory '{tid}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."),
            )
        })?;
    let secret = get("client_secret")
        .map(String::from)
        .or_else(|| basic.as_ref().map(|b| b.1.clone()));
    let appidacr;
    if let Some(secret) = secret {
        if app.info.client_secret.as_deref() != Some(secret.as_str()) {
            return Err(AadError::new(
                401,
                "invalid_client",
                7000215,
                format!(
                    "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{}'.",
                    app.info.client_id
                ),
            ));
        }
        appidacr = "1";
    } else if let Some(assertion) = get("client_assertion") {
        if get("client_assertion_type") != Some(JWT_BEARER) {
            return Err(AadError::new(
                400,
                "invalid_request",
                50027,
                format!(
                    "AADSTS50027: JWT token is invalid or malformed. [Reason - client_assertion_type must be '{JWT_BEARER}'.]"
                ),
            ));
        }
        identity.verify_client_assertion(&app, assertion, &|aud| {
            aud_points_here(aud, tenant_seg, &tid, origins, ctx)
        })?;
        appidacr = "2";
    } else {
        return Err(AadError::new(
            401,
            "invalid_client",
            7000218,
            "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        ));
    }
    let resource = if v2 {
        let scope = get("scope").ok_or_else(|| missing("scope"))?;
        let defaults: Vec<&str> = scope
            .split_whitespace()
            .filter(|s| !["openid", "profile", "offline_access", "email"].contains(s))
            .collect();
        let invalid = || {
            AadError::new(
                400,
                "invalid_scope",
                1002012,
                format!(
                    "AADSTS1002012: The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."
                ),
            )
        };
        match defaults.as_slice() {
            [one] => one
                .strip_suffix("/.default")
                .ok_or_else(invalid)?
                .to_string(),
            _ => return Err(invalid()),
        }
    } else {
        get("resource")
            .ok_or_else(|| missing("resource"))?
            .to_string()
    };
    let aud = identity.accepted_audience(&resource).ok_or_else(|| {
        AadError::new(
            400,
            "invalid_resource",
            500011,
            format!("AADSTS500011: The resource principal named {resource} was not found in the tenant named {tid}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant."),
        )
    })?;
    let lifetime = identity.default_lifetime();
    let (tok, exp) = identity.issue(&tid, Some(&app), &app.info.roles, &aud, lifetime, appidacr);
    let body = if v2 {
        json!({"token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime, "access_token": tok})
    } else {
        json!({
            "token_type": "Bearer",
            "expires_in": lifetime.to_string(),
            "ext_expires_in": lifetime.to_string(),
            "expires_on": exp.to_string(),
            "not_before": (exp - lifetime).to_string(),
            "resource": resource,
            "access_token": tok
        })
    };
    Ok(Resp::json(200, &body)
        .header("cache-control", "no-store, no-cache")
        .header("pragma", "no-cache"))
}

fn mi_token(state: &EmulatorState, ctx: &Ctx, app_service: bool) -> Result<Value, (u16, Value)> {
    let identity = &state.inner.identity;
    let pairs: HashMap<String, String> = ctx.query_pairs().into_iter().collect();
    let bad = |status: u16, msg: &str| {
        (
            status,
            json!({"error": "invalid_request", "error_description": msg}),
        )
    };
    if pairs.get("api-version").is_none_or(|v| v.is_empty()) {
        return Err(bad(400, "Required query variable 'api-version' is missing"));
    }
    let resource = pairs
        .get("resource")
        .filter(|r| !r.is_empty())
        .ok_or_else(|| bad(400, "Required audience parameter not specified"))?;
    let wanted = pairs
        .get("client_id")
        .or_else(|| pairs.get("object_id"))
        .or_else(|| pairs.get("principal_id"))
        .map(String::as_str);
    let app = identity
        .managed_identity(wanted)
        .ok_or_else(|| bad(400, "Identity not found"))?;
    let aud = identity.accepted_audience(resource).ok_or_else(|| {
        (
            400,
            json!({"error": "invalid_resource", "error_description": format!("AADSTS500011: The resource principal named {resource} was not found in the tenant.")}),
        )
    })?;
    let lifetime = identity.default_lifetime();
    let (tok, exp) = identity.issue(
        &app.tenant_key,
        Some(&app),
        &app.info.roles,
        &aud,
        lifetime,
        "2",
    );
    let now = now_unix();
    Ok(if app_service {
        json!({"access_token": tok, "expires_on": exp.to_string(), "resource": resource, "token_type": "Bearer", "client_id": app.info.client_id})
    } else {
        json!({
            "access_token": tok,
            "client_id": app.info.client_id,
            "expires_in": lifetime.to_string(),
            "expires_on": exp.to_string(),
            "ext_expires_in": lifetime.to_string(),
            "not_before": (now - 300).to_string(),
            "resource": resource,
            "token_type": "Bearer"
        })
    })
}

fn imds(state: &EmulatorState, ctx: &Ctx) -> Resp {
    if !ctx
        .header("metadata")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return Resp::json(
            400,
            &json!({"error": "invalid_request", "error_description": "Required metadata header not specified"}),
        );
    }
    match mi_token(state, ctx, false) {
        Ok(v) => Resp::json(200, &v),
        Err((s, v)) => Resp::json(s, &v),
    }
}

fn app_service_msi(state: &EmulatorState, ctx: &Ctx) -> Resp {
    let expected = &state.inner.identity.identity_header;
    if ctx.header("x-identity-header") != Some(expected.as_str()) {
        return Resp::json(
            401,
            &json!({"error": "invalid_request", "error_description": "The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER."}),
        );
    }
    match mi_token(state, ctx, true) {
        Ok(v) => Resp::json(200, &v),
        Err((s, v)) => Resp::json(s, &v),
    }
}
