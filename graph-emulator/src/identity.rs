//! Tenants, applications, token issuing and token verification.

use crate::config::{EmulatorConfig, ROLE_READ_ALL, ROLE_READ_WRITE};
use crate::util::{b64url, b64url_decode, hex_upper, new_guid, norm_guid, now_unix};
use aws_lc_rs::digest;
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use aws_lc_rs::signature::{self, KeyPair as _, ParsedPublicKey, UnparsedPublicKey};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivatePkcs8KeyDer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// Resource URIs accepted as a token audience (besides the emulator's own URLs).
pub(crate) const GRAPH_AUDIENCES: &[&str] = &[
    "https://graph.microsoft.com",
    "https://graph.microsoft.us",
    "https://dod-graph.microsoft.us",
    "https://microsoftgraph.chinacloudapi.cn",
    "00000003-0000-0000-c000-000000000000",
];

/// Client ID that appears in tokens made with `mint_token`.
pub const MINTED_APP_ID: &str = "e0e0e0e0-0000-4000-8000-00000000e0e0";

/// Public description of one configured application.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AppInfo {
    /// Short name (`test`, `reader`, `no-roles`, `certificate`, `managed-identity`, `second-tenant`, ...).
    pub name: String,
    /// Home tenant of the app.
    pub tenant_id: String,
    /// Application (client) ID.
    pub client_id: String,
    /// Service principal object ID (the token's `oid`).
    pub object_id: String,
    /// Client secret, when the app has one.
    pub client_secret: Option<String>,
    /// Application roles.
    pub roles: Vec<String>,
    /// PEM certificate registered on the app, when it has one.
    pub certificate_pem_path: Option<PathBuf>,
    /// PEM (PKCS#8) private key of that certificate, when the emulator generated it or was told where it is.
    pub private_key_pem_path: Option<PathBuf>,
    /// SHA-1 thumbprint of the certificate (upper-case hex), as Entra shows it.
    pub thumbprint_sha1_hex: Option<String>,
    /// SHA-256 thumbprint of the certificate (upper-case hex).
    pub thumbprint_sha256_hex: Option<String>,
    /// The app is a managed identity (tokens from the managed-identity endpoints only).
    pub managed_identity: bool,
}

/// The client credentials of the ready-made read-write test app.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct TestApp {
    /// Home tenant.
    pub tenant_id: String,
    /// Application (client) ID.
    pub client_id: String,
    /// Client secret.
    pub client_secret: String,
}

pub(crate) struct AppCert {
    spki: Vec<u8>,
    sha1: Vec<u8>,
    sha256: Vec<u8>,
}

pub(crate) struct AppRecord {
    pub info: AppInfo,
    pub tenant_key: String,
    pub display_name: String,
    certs: Vec<AppCert>,
}

/// Bit flags for the roles that matter to the policy endpoints.
pub(crate) const CAN_READ: u8 = 1;
pub(crate) const CAN_WRITE: u8 = 2;

fn role_mask(roles: &[String]) -> u8 {
    let mut m = 0;
    for r in roles {
        if r.eq_ignore_ascii_case(ROLE_READ_ALL) {
            m |= CAN_READ;
        } else if r.eq_ignore_ascii_case(ROLE_READ_WRITE) {
            m |= CAN_READ | CAN_WRITE;
        }
    }
    m
}

/// What a verified access token says about its caller.
#[derive(Debug)]
pub(crate) struct TokenInfo {
    pub tid: String,
    pub appid: String,
    pub roles: u8,
    exp: i64,
    nbf: i64,
    generation: u64,
}

/// Why an access token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AuthFailure {
    Empty,
    Malformed,
    Undecodable,
    BadSignature,
    BadAudience,
    Lifetime,
}

impl AuthFailure {
    pub fn message(self) -> &'static str {
        match self {
            AuthFailure::Empty => "Access token is empty.",
            AuthFailure::Malformed => {
                "IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format. (JWS): 'EncodedHeader.EndcodedPayload.EncodedSignature'. (JWE): 'EncodedProtectedHeader.EncodedEncryptedKey.EncodedInitializationVector.EncodedCiphertext.EncodedAuthenticationTag'."
            }
            AuthFailure::Undecodable => {
                "IDX14102: Unable to decode the header or payload of the JWT as a Base64Url encoded JSON object."
            }
            AuthFailure::BadSignature => "Access token validation failure. Invalid signature.",
            AuthFailure::BadAudience => "Access token validation failure. Invalid audience.",
            AuthFailure::Lifetime => "Access token has expired or is not yet valid.",
        }
    }
}

/// An error in the shape of the Entra ID token endpoint.
#[derive(Debug)]
pub(crate) struct AadError {
    pub status: u16,
    pub error: &'static str,
    pub code: u32,
    pub description: String,
}

impl AadError {
    pub fn new(
        status: u16,
        error: &'static str,
        code: u32,
        description: impl Into<String>,
    ) -> Self {
        AadError {
            status,
            error,
            code,
            description: description.into(),
        }
    }
}

/// RSA keys are slow to generate in unoptimised builds; one process reuses them
/// across emulator instances (each instance still has its own key id, so tokens
/// from one instance are refused by another).
fn cached_rsa_pkcs8(slot: usize) -> io::Result<Vec<u8>> {
    static CACHE: OnceLock<Mutex<HashMap<usize, Vec<u8>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut guard = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(k) = guard.get(&slot) {
        return Ok(k.clone());
    }
    let kp = RsaKeyPair::generate(KeySize::Rsa2048)
        .map_err(|_| io::Error::other("RSA key generation failed"))?;
    let der = kp
        .as_der()
        .map_err(|_| io::Error::other("RSA key encoding failed"))?
        .as_ref()
        .to_vec();
    guard.insert(slot, der.clone());
    Ok(der)
}

/// One DER element: (tag, content, whole element, rest of the input).
type Tlv<'a> = (u8, &'a [u8], &'a [u8], &'a [u8]);

/// Reads one DER TLV.
fn der_tlv(input: &[u8]) -> Option<Tlv<'_>> {
    let tag = *input.first()?;
    let first = *input.get(1)? as usize;
    let (len, hdr) = if first < 0x80 {
        (first, 2)
    } else {
        let n = first & 0x7f;
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | *input.get(2 + i)? as usize;
        }
        (len, 2 + n)
    };
    let end = hdr.checked_add(len)?;
    if end > input.len() {
        return None;
    }
    Some((tag, &input[hdr..end], &input[..end], &input[end..]))
}

/// Extracts the SubjectPublicKeyInfo (whole TLV) from an X.509 certificate.
fn cert_spki(cert_der: &[u8]) -> Option<Vec<u8>> {
    let (_, cert, _, _) = der_tlv(cert_der)?;
    let (_, tbs, _, _) = der_tlv(cert)?;
    let mut rest = tbs;
    let (tag, _, _, r) = der_tlv(rest)?;
    if tag == 0xA0 {
        rest = r; // explicit version
    }
    // serialNumber, signature, issuer, validity, subject
    for _ in 0..5 {
        let (_, _, _, r) = der_tlv(rest)?;
        rest = r;
    }
    let (tag, _, whole, _) = der_tlv(rest)?;
    (tag == 0x30).then(|| whole.to_vec())
}

fn load_cert(pem_or_der: &[u8]) -> io::Result<AppCert> {
    let der = match CertificateDer::from_pem_slice(pem_or_der) {
        Ok(c) => c.as_ref().to_vec(),
        Err(_) => pem_or_der.to_vec(),
    };
    let spki = cert_spki(&der)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not an X.509 certificate"))?;
    Ok(AppCert {
        spki,
        sha1: digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, &der)
            .as_ref()
            .to_vec(),
        sha256: digest::digest(&digest::SHA256, &der).as_ref().to_vec(),
    })
}

fn generate_app_certificate(
    slot: usize,
    client_id: &str,
    dir: &Path,
    name: &str,
) -> io::Result<(PathBuf, PathBuf)> {
    let der = cached_rsa_pkcs8(slot)?;
    let key = rcgen::KeyPair::from_pkcs8_der_and_sign_algo(
        &PrivatePkcs8KeyDer::from(der.clone()),
        &rcgen::PKCS_RSA_SHA256,
    )
    .map_err(io::Error::other)?;
    let mut params =
        rcgen::CertificateParams::new(Vec::<String>::new()).map_err(io::Error::other)?;
    params.distinguished_name = rcgen::DistinguishedName::new();
    params.distinguished_name.push(
        rcgen::DnType::CommonName,
        format!("graph-emulator {name} {client_id}"),
    );
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(365);
    params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
    let cert = params.self_signed(&key).map_err(io::Error::other)?;
    let cert_path = dir.join(format!("app-{name}-cert.pem"));
    let key_path = dir.join(format!("app-{name}-key.pem"));
    std::fs::write(&cert_path, cert.pem())?;
    std::fs::write(&key_path, key.serialize_pem())?;
    Ok((cert_path, key_path))
}

pub(crate) struct Identity {
    signer: RsaKeyPair,
    verifier: ParsedPublicKey,
    kid: String,
    jwk_n: String,
    jwk_e: String,
    tenants: HashMap<String, String>,
    domains: HashMap<String, String>,
    apps: Vec<Arc<AppRecord>>,
    lifetime: i64,
    audiences: Vec<String>,
    next_generation: AtomicU64,
    revoked_below: AtomicU64,
    cache: RwLock<HashMap<String, Result<Arc<TokenInfo>, AuthFailure>>>,
    pub identity_header: String,
    rng: SystemRandom,
}

const CACHE_LIMIT: usize = 100_000;

impl Identity {
    /// `own_urls` are the emulator's base URLs, accepted as audiences and in client assertions.
    pub fn new(config: &EmulatorConfig, dir: &Path, own_urls: &[String]) -> io::Result<Identity> {
        let der = cached_rsa_pkcs8(0)?;
        let signer = RsaKeyPair::from_pkcs8(&der).map_err(|_| io::Error::other("bad RSA key"))?;
        let public = signer.public_key();
        let verifier =
            ParsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, public.as_ref())
                .map_err(|_| io::Error::other("bad RSA public key"))?;
        let jwk_n = b64url(public.modulus().big_endian_without_leading_zero());
        let jwk_e = b64url(public.exponent().big_endian_without_leading_zero());
        let kid = b64url(&uuid::Uuid::new_v4().as_bytes()[..15]);

        let mut tenants = HashMap::new();
        let mut domains = HashMap::new();
        let mut apps = Vec::new();
        let mut cert_slot = 1;
        for t in &config.tenants {
            if !crate::util::is_guid(&t.tenant_id) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("tenant_id '{}' is not a GUID", t.tenant_id),
                ));
            }
            let tkey = norm_guid(&t.tenant_id);
            tenants.insert(tkey.clone(), tkey.clone());
            for d in &t.domains {
                domains.insert(d.to_ascii_lowercase(), tkey.clone());
            }
            for a in &t.apps {
                let mut certs = Vec::new();
                let mut cert_path = a.certificate_pem_path.clone();
                let mut key_path = a.private_key_pem_path.clone();
                if a.generate_certificate {
                    let (c, k) = generate_app_certificate(cert_slot, &a.client_id, dir, &a.name)?;
                    cert_slot += 1;
                    cert_path = Some(c);
                    key_path = Some(k);
                }
                if let Some(p) = &cert_path {
                    certs.push(load_cert(&std::fs::read(p)?)?);
                }
                if let Some(text) = &a.certificate_pem {
                    let bytes = if text.contains("-----BEGIN") {
                        text.as_bytes().to_vec()
                    } else {
                        std::fs::read(text)?
                    };
                    certs.push(load_cert(&bytes)?);
                }
                let info =
                    AppInfo {
                        name: a.name.clone(),
                        tenant_id: tkey.clone(),
                        client_id: norm_guid(&a.client_id),
                        object_id: a.object_id.clone().map(|o| norm_guid(&o)).unwrap_or_else(
                            || {
                                // stable, derived from tenant and client IDs
                                let h = digest::digest(
                                    &digest::SHA256,
                                    format!("{tkey}/{}", a.client_id).as_bytes(),
                                );
                                let mut b = [0u8; 16];
                                b.copy_from_slice(&h.as_ref()[..16]);
                                uuid::Builder::from_random_bytes(b).into_uuid().to_string()
                            },
                        ),
                        client_secret: a.client_secret.clone(),
                        roles: a.roles.clone(),
                        certificate_pem_path: cert_path,
                        private_key_pem_path: key_path,
                        thumbprint_sha1_hex: certs.first().map(|c| hex_upper(&c.sha1)),
                        thumbprint_sha256_hex: certs.first().map(|c| hex_upper(&c.sha256)),
                        managed_identity: a.managed_identity,
                    };
                apps.push(Arc::new(AppRecord {
                    display_name: a.display_name.clone().unwrap_or_else(|| a.name.clone()),
                    info,
                    tenant_key: tkey.clone(),
                    certs,
                }));
            }
        }
        let mut audiences: Vec<String> = GRAPH_AUDIENCES.iter().map(|s| s.to_string()).collect();
        audiences.extend(
            own_urls
                .iter()
                .map(|u| u.trim_end_matches('/').to_ascii_lowercase()),
        );
        Ok(Identity {
            signer,
            verifier,
            kid,
            jwk_n,
            jwk_e,
            tenants,
            domains,
            apps,
            lifetime: config.token_lifetime_secs,
            audiences,
            next_generation: AtomicU64::new(1),
            revoked_below: AtomicU64::new(0),
            cache: RwLock::new(HashMap::new()),
            identity_header: config.identity_header.clone(),
            rng: SystemRandom::new(),
        })
    }

    pub fn apps(&self) -> Vec<AppInfo> {
        self.apps.iter().map(|a| a.info.clone()).collect()
    }

    /// Resolves a tenant given as a GUID or a verified domain name.
    pub fn resolve_tenant(&self, t: &str) -> Option<String> {
        let lower = t.to_ascii_lowercase();
        if crate::util::is_guid(&lower) {
            return self.tenants.get(&norm_guid(&lower)).cloned();
        }
        self.domains.get(&lower).cloned()
    }

    pub fn find_app(&self, tenant_key: &str, client_id: &str) -> Option<Arc<AppRecord>> {
        let c = client_id.trim().to_ascii_lowercase();
        self.apps
            .iter()
            .find(|a| a.tenant_key == tenant_key && a.info.client_id == c)
            .cloned()
    }

    pub fn managed_identity(&self, client_or_object_id: Option<&str>) -> Option<Arc<AppRecord>> {
        self.apps
            .iter()
            .filter(|a| a.info.managed_identity)
            .find(|a| match client_or_object_id {
                None => true,
                Some(id) => {
                    let id = id.to_ascii_lowercase();
                    a.info.client_id == id || a.info.object_id == id
                }
            })
            .cloned()
    }

    /// Normalised audience if it is one this emulator accepts.
    pub fn accepted_audience(&self, resource: &str) -> Option<String> {
        let r = resource.trim().trim_end_matches('/');
        let lower = r.to_ascii_lowercase();
        self.audiences.contains(&lower).then(|| r.to_string())
    }

    pub fn default_lifetime(&self) -> i64 {
        self.lifetime
    }

    fn sign(&self, header: &Value, claims: &Value) -> String {
        let mut s = b64url(header.to_string().as_bytes());
        s.push('.');
        s.push_str(&b64url(claims.to_string().as_bytes()));
        let mut sig = vec![0u8; self.signer.public_modulus_len()];
        self.signer
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &self.rng,
                s.as_bytes(),
                &mut sig,
            )
            .expect("RSA signing");
        s.push('.');
        s.push_str(&b64url(&sig));
        s
    }

    /// Issues an access token; returns (token, exp).
    pub fn issue(
        &self,
        tid: &str,
        app: Option<&AppRecord>,
        roles: &[String],
        aud: &str,
        lifetime: i64,
        appidacr: &str,
    ) -> (String, i64) {
        let now = now_unix();
        let exp = now + lifetime;
        // Entra back-dates nbf/iat by five minutes to absorb clock skew.
        let nbf = (now - 300).min(exp - 1);
        let generation = self.next_generation.fetch_add(1, Ordering::SeqCst);
        let tid = norm_guid(tid);
        let (appid, oid, name) = match app {
            Some(a) => (
                a.info.client_id.clone(),
                a.info.object_id.clone(),
                a.display_name.clone(),
            ),
            None => (
                MINTED_APP_ID.to_string(),
                new_guid(),
                "graph-emulator minted token".to_string(),
            ),
        };
        let header = json!({"typ": "JWT", "alg": "RS256", "x5t": self.kid, "kid": self.kid});
        let claims = json!({
            "aud": aud,
            "iss": format!("https://sts.windows.net/{tid}/"),
            "iat": nbf,
            "nbf": nbf,
            "exp": exp,
            "aio": b64url(uuid::Uuid::new_v4().as_bytes()),
            "app_displayname": name,
            "appid": appid,
            "appidacr": appidacr,
            "idp": format!("https://sts.windows.net/{tid}/"),
            "idtyp": "app",
            "oid": oid,
            "rh": "0.emulator",
            "roles": roles,
            "sub": oid,
            "tenant_region_scope": "NA",
            "tid": tid,
            "uti": b64url(&uuid::Uuid::new_v4().as_bytes()[..16]),
            "ver": "1.0",
            "xms_emu_gen": generation,
        });
        (self.sign(&header, &claims), exp)
    }

    pub fn mint(&self, tenant_id: &str, roles: &[&str], lifetime: i64) -> String {
        let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
        self.issue(tenant_id, None, &roles, GRAPH_AUDIENCES[0], lifetime, "1")
            .0
    }

    /// Every token issued so far is refused from now on.
    pub fn expire_all(&self) {
        let next = self.next_generation.load(Ordering::SeqCst);
        self.revoked_below.store(next, Ordering::SeqCst);
    }

    pub fn jwks(&self) -> Value {
        json!({"keys": [{
            "kty": "RSA", "use": "sig", "kid": self.kid, "x5t": self.kid,
            "n": self.jwk_n, "e": self.jwk_e
        }]})
    }

    fn verify_uncached(&self, token: &str) -> Result<Arc<TokenInfo>, AuthFailure> {
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(AuthFailure::Malformed);
        };
        let header: Map<String, Value> = b64url_decode(h)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or(AuthFailure::Undecodable)?;
        let claims: Map<String, Value> = b64url_decode(p)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or(AuthFailure::Undecodable)?;
        let sig = b64url_decode(s).ok_or(AuthFailure::Undecodable)?;
        if header.get("alg").and_then(Value::as_str) != Some("RS256")
            || header.get("kid").and_then(Value::as_str) != Some(self.kid.as_str())
        {
            return Err(AuthFailure::BadSignature);
        }
        let signed = &token[..h.len() + 1 + p.len()];
        self.verifier
            .verify_sig(signed.as_bytes(), &sig)
            .map_err(|_| AuthFailure::BadSignature)?;
        let aud = claims.get("aud").and_then(Value::as_str).unwrap_or("");
        if self.accepted_audience(aud).is_none() {
            return Err(AuthFailure::BadAudience);
        }
        let tid = claims
            .get("tid")
            .and_then(Value::as_str)
            .filter(|t| crate::util::is_guid(t))
            .ok_or(AuthFailure::Malformed)?;
        let roles: Vec<String> = claims
            .get("roles")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Arc::new(TokenInfo {
            tid: norm_guid(tid),
            appid: claims
                .get("appid")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            roles: role_mask(&roles),
            exp: claims
                .get("exp")
                .and_then(Value::as_i64)
                .ok_or(AuthFailure::Malformed)?,
            nbf: claims.get("nbf").and_then(Value::as_i64).unwrap_or(0),
            generation: claims
                .get("xms_emu_gen")
                .and_then(Value::as_u64)
                .unwrap_or(0),
        }))
    }

    /// Verifies a bearer token (results are cached by token string; lifetime and
    /// revocation are checked on every call).
    pub fn verify(&self, token: &str) -> Result<Arc<TokenInfo>, AuthFailure> {
        if token.is_empty() {
            return Err(AuthFailure::Empty);
        }
        let cached = self
            .cache
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(token)
            .cloned();
        let result = match cached {
            Some(r) => r,
            None => {
                let r = self.verify_uncached(token);
                let mut w = self.cache.write().unwrap_or_else(|e| e.into_inner());
                if w.len() >= CACHE_LIMIT {
                    w.clear();
                }
                w.insert(token.to_string(), r.clone());
                r
            }
        };
        let info = result?;
        let now = now_unix();
        if now >= info.exp
            || now < info.nbf
            || info.generation < self.revoked_below.load(Ordering::Relaxed)
        {
            return Err(AuthFailure::Lifetime);
        }
        Ok(info)
    }

    /// Verifies a client assertion (RFC 7523) for `client_id` in `tenant_key`.
    /// `token_endpoint_ok` decides whether an `aud` value points at this endpoint.
    pub fn verify_client_assertion(
        &self,
        app: &AppRecord,
        assertion: &str,
        token_endpoint_ok: &dyn Fn(&str) -> bool,
    ) -> Result<(), AadError> {
        let malformed = |why: &str| {
            AadError::new(
                401,
                "invalid_client",
                50027,
                format!("AADSTS50027: JWT token is invalid or malformed. [Reason - {why}]"),
            )
        };
        let mut parts = assertion.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(malformed("The client assertion is not a compact JWS."));
        };
        let header: Map<String, Value> = b64url_decode(h)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(|| malformed("The header is not valid JSON."))?;
        let claims: Map<String, Value> = b64url_decode(p)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(|| malformed("The payload is not valid JSON."))?;
        let sig = b64url_decode(s).ok_or_else(|| malformed("The signature is not base64url."))?;
        let alg: &'static dyn signature::VerificationAlgorithm =
            match header.get("alg").and_then(Value::as_str) {
                Some("RS256") => &signature::RSA_PKCS1_2048_8192_SHA256,
                Some("PS256") => &signature::RSA_PSS_2048_8192_SHA256,
                other => {
                    return Err(malformed(&format!(
                        "Unsupported signing algorithm '{}'.",
                        other.unwrap_or("")
                    )));
                }
            };
        let x5t = header
            .get("x5t")
            .and_then(Value::as_str)
            .and_then(b64url_decode);
        let x5t256 = header
            .get("x5t#S256")
            .and_then(Value::as_str)
            .and_then(b64url_decode);
        let candidates: Vec<&AppCert> = app
            .certs
            .iter()
            .filter(|c| match (&x5t, &x5t256) {
                (None, None) => true,
                (a, b) => a.as_deref() == Some(&c.sha1[..]) || b.as_deref() == Some(&c.sha256[..]),
            })
            .collect();
        if candidates.is_empty() {
            let thumb = x5t
                .as_deref()
                .or(x5t256.as_deref())
                .map(hex_upper)
                .unwrap_or_default();
            return Err(AadError::new(
                401,
                "invalid_client",
                700027,
                format!(
                    "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '{thumb}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{}'.]",
                    app.info.client_id
                ),
            ));
        }
        let signed = &assertion.as_bytes()[..h.len() + 1 + p.len()];
        if !candidates.iter().any(|c| {
            UnparsedPublicKey::new(alg, &c.spki)
                .verify(signed, &sig)
                .is_ok()
        }) {
            return Err(AadError::new(
                401,
                "invalid_client",
                700027,
                "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key used to sign the assertion does not match the registered certificate.]",
            ));
        }
        let iss = claims.get("iss").and_then(Value::as_str).unwrap_or("");
        let sub = claims.get("sub").and_then(Value::as_str).unwrap_or("");
        if !iss.eq_ignore_ascii_case(&app.info.client_id)
            || !sub.eq_ignore_ascii_case(&app.info.client_id)
        {
            return Err(AadError::new(
                401,
                "invalid_client",
                700021,
                "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .",
            ));
        }
        let aud_ok = match claims.get("aud") {
            Some(Value::String(a)) => token_endpoint_ok(a),
            Some(Value::Array(list)) => {
                list.iter().filter_map(Value::as_str).any(token_endpoint_ok)
            }
            _ => false,
        };
        if !aud_ok {
            return Err(malformed(
                "The audience claim does not name this token endpoint.",
            ));
        }
        let now = now_unix();
        let exp = claims.get("exp").and_then(Value::as_i64);
        let nbf = claims
            .get("nbf")
            .and_then(Value::as_i64)
            .unwrap_or(i64::MIN);
        match exp {
            None => return Err(malformed("The assertion has no 'exp' claim.")),
            Some(exp) if exp + 300 < now || nbf - 300 > now => {
                return Err(AadError::new(
                    401,
                    "invalid_client",
                    700024,
                    format!(
                        "AADSTS700024: Client assertion is not within its valid time range. Current time: {}, assertion valid from {}, expiry time of assertion {}.",
                        now, nbf, exp
                    ),
                ));
            }
            _ => {}
        }
        Ok(())
    }
}
