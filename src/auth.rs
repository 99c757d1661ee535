//! Access tokens. Every credential except a caller-supplied token is an
//! `azure_identity` credential, whose HTTP traffic goes through the same
//! `reqwest` client as Graph calls (so the proxy and extra CAs apply to token
//! requests too). `azure_identity` caches tokens and refreshes them five
//! minutes before expiry; when Graph still rejects a token (revoked, clock
//! skew) the credential is rebuilt with an empty cache and the call retried once.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use azure_core::cloud::{CloudConfiguration, CustomConfiguration};
use azure_core::credentials::TokenCredential;
use azure_core::http::{
    ClientMethodOptions, ClientOptions, ExponentialRetryOptions, RetryOptions, Transport,
};
use azure_core::time::{Duration, OffsetDateTime};
use azure_identity::{
    AzureCliCredential, AzureCliCredentialOptions, ClientAssertion, ClientAssertionCredential,
    ClientAssertionCredentialOptions, ClientSecretCredential, ClientSecretCredentialOptions,
    ManagedIdentityCredential, ManagedIdentityCredentialOptions, UserAssignedId,
    WorkloadIdentityCredential, WorkloadIdentityCredentialOptions,
};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use crate::config::{CredentialConfig, Secret};
use crate::error::{Error, Result, mgp_status};
use crate::retry::RetryPolicy;

/// A token is refreshed once less than this is left of its lifetime.
const REFRESH_MARGIN: Duration = Duration::seconds(300);

/// An access token: shared, not copied, by every request that uses it, and
/// never shown by `Debug`.
#[derive(Clone)]
pub struct AccessToken(Arc<str>);

impl AccessToken {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// The last token a credential gave, and the moment it stops being served
/// from this cache (its expiry less [`REFRESH_MARGIN`]).
struct Fresh {
    token: AccessToken,
    until: SystemTime,
}

type Factory = Box<dyn Fn() -> Result<Arc<dyn TokenCredential>> + Send + Sync>;

/// Hands out access tokens for one scope.
pub struct TokenProvider {
    scope: String,
    source: Source,
}

enum Source {
    Fixed(AccessToken),
    Credential {
        factory: Factory,
        current: Mutex<Arc<dyn TokenCredential>>,
        /// The last token handed out: served without touching the
        /// credential while it is fresh (see `cached`).
        last: Mutex<Option<Fresh>>,
        /// Secret strings to blank out of any error text.
        secrets: Vec<String>,
    },
}

impl TokenProvider {
    /// Builds the provider for `config`, sending token requests to
    /// `authority_url` through `http`.
    pub fn new(
        config: &CredentialConfig,
        authority_url: &str,
        graph_url: &str,
        http: reqwest::Client,
        retry: &RetryPolicy,
    ) -> Result<Self> {
        let scope = format!("{graph_url}/.default");
        if let CredentialConfig::AccessToken { token } = config {
            if token.0.trim().is_empty() || token.0.contains(['\r', '\n']) {
                return Err(Error::config(
                    "access_token.token must be a non-empty single line",
                ));
            }
            return Ok(Self {
                scope,
                source: Source::Fixed(AccessToken(Arc::from(token.0.as_str()))),
            });
        }
        let secrets = secret_strings(config);
        let config = resolve_environment(config)?;
        let authority = authority_url.to_string();
        let retry = retry.clone();
        let make = move || build(&config, &authority, http.clone(), &retry);
        let first = make()?;
        Ok(Self {
            scope,
            source: Source::Credential {
                factory: Box::new(make),
                current: Mutex::new(first),
                last: Mutex::new(None),
                secrets,
            },
        })
    }

    /// True when a rejected token can be replaced by a fresh one.
    pub fn can_refresh(&self) -> bool {
        matches!(self.source, Source::Credential { .. })
    }

    /// The token to use now when one is at hand without any I/O: the fixed
    /// token, or the last one obtained while more than [`REFRESH_MARGIN`]
    /// of its lifetime is left (the margin the credentials' own caches use,
    /// so a token is never used closer to its expiry than before).
    pub fn cached(&self) -> Option<AccessToken> {
        match &self.source {
            Source::Fixed(token) => Some(token.clone()),
            Source::Credential { last, .. } => {
                let last = last.lock().unwrap_or_else(|e| e.into_inner());
                match &*last {
                    Some(fresh) if SystemTime::now() < fresh.until => Some(fresh.token.clone()),
                    _ => None,
                }
            }
        }
    }

    /// Returns a valid access token (from the cache while it is fresh).
    pub async fn token(&self) -> Result<AccessToken> {
        match &self.source {
            Source::Fixed(token) => Ok(token.clone()),
            Source::Credential {
                current,
                last,
                secrets,
                ..
            } => {
                let credential = current.lock().unwrap_or_else(|e| e.into_inner()).clone();
                match credential.get_token(&[self.scope.as_str()], None).await {
                    Ok(token) => {
                        let secret = AccessToken(Arc::from(token.token.secret()));
                        *last.lock().unwrap_or_else(|e| e.into_inner()) = Some(Fresh {
                            token: secret.clone(),
                            until: fresh_until(token.expires_on),
                        });
                        Ok(secret)
                    }
                    Err(e) => Err(Error::new(
                        mgp_status::AuthenticationFailed,
                        format!(
                            "could not get an access token: {}",
                            redact(&e.to_string(), secrets)
                        ),
                    )),
                }
            }
        }
    }

    /// Drops cached tokens: the next `token()` asks the authority again.
    pub fn invalidate(&self) -> Result<()> {
        if let Source::Credential {
            factory,
            current,
            last,
            ..
        } = &self.source
        {
            *last.lock().unwrap_or_else(|e| e.into_inner()) = None;
            let fresh = factory()?;
            *current.lock().unwrap_or_else(|e| e.into_inner()) = fresh;
        }
        Ok(())
    }
}

/// The wall-clock moment a token expiring at `expires_on` stops being
/// served from the cache; the epoch (never fresh) if that is out of range.
fn fresh_until(expires_on: OffsetDateTime) -> SystemTime {
    let until = expires_on - REFRESH_MARGIN;
    u64::try_from(until.unix_timestamp_nanos())
        .ok()
        .and_then(|nanos| UNIX_EPOCH.checked_add(std::time::Duration::from_nanos(nanos)))
        .unwrap_or(UNIX_EPOCH)
}

/// Token requests use the same HTTP client (proxy, CAs) and the same retry
/// limits as Graph calls. The pipeline honours any Retry-After, so callers
/// also bound the whole token acquisition in time.
fn client_options(authority: &str, http: reqwest::Client, retry: &RetryPolicy) -> ClientOptions {
    let mut custom = CustomConfiguration::default();
    custom.authority_host = authority.to_string();
    ClientOptions {
        cloud: Some(Arc::new(CloudConfiguration::Custom(custom))),
        transport: Some(Transport::new(Arc::new(http))),
        retry: RetryOptions::exponential(ExponentialRetryOptions {
            initial_delay: to_time(retry.base_delay),
            max_retries: retry.max_retries,
            max_total_elapsed: to_time(retry.max_total),
            max_delay: azure_core::time::Duration::seconds(30),
        }),
        ..Default::default()
    }
}

fn to_time(d: std::time::Duration) -> azure_core::time::Duration {
    azure_core::time::Duration::milliseconds(d.as_millis().min(i64::MAX as u128) as i64)
}

fn build(
    config: &CredentialConfig,
    authority: &str,
    http: reqwest::Client,
    retry: &RetryPolicy,
) -> Result<Arc<dyn TokenCredential>> {
    let options = || client_options(authority, http.clone(), retry);
    let fail = |e: azure_core::Error| Error::config(format!("credential: {e}"));
    Ok(match config {
        CredentialConfig::ClientSecret {
            tenant_id,
            client_id,
            client_secret,
        } => ClientSecretCredential::new(
            tenant_id,
            client_id.clone(),
            client_secret.0.clone().into(),
            Some(ClientSecretCredentialOptions {
                client_options: options(),
            }),
        )
        .map_err(fail)?,
        CredentialConfig::ClientCertificate {
            tenant_id,
            client_id,
            certificate_pem,
            certificate_path,
            private_key_pem,
            private_key_path,
            send_certificate_chain,
        } => {
            let cert = pem_text(certificate_pem, certificate_path, "certificate")?;
            let key = match (private_key_pem, private_key_path) {
                (None, None) => cert.clone(),
                _ => pem_text(private_key_pem, private_key_path, "private key")?,
            };
            let assertion = CertificateAssertion::new(
                &cert,
                &key,
                client_id,
                &format!("{authority}/{tenant_id}/oauth2/v2.0/token"),
                *send_certificate_chain,
            )?;
            ClientAssertionCredential::new(
                tenant_id.clone(),
                client_id.clone(),
                assertion,
                Some(ClientAssertionCredentialOptions {
                    client_options: options(),
                }),
            )
            .map_err(fail)?
        }
        CredentialConfig::ManagedIdentity {
            client_id,
            object_id,
            resource_id,
        } => {
            let user_assigned_id = match (client_id, object_id, resource_id) {
                (None, None, None) => None,
                (Some(id), None, None) => Some(UserAssignedId::ClientId(id.clone())),
                (None, Some(id), None) => Some(UserAssignedId::ObjectId(id.clone())),
                (None, None, Some(id)) => Some(UserAssignedId::ResourceId(id.clone())),
                _ => {
                    return Err(Error::config(
                        "managed_identity takes at most one of client_id, object_id, resource_id",
                    ));
                }
            };
            ManagedIdentityCredential::new(Some(ManagedIdentityCredentialOptions {
                user_assigned_id,
                client_options: options(),
            }))
            .map_err(fail)?
        }
        CredentialConfig::WorkloadIdentity {
            tenant_id,
            client_id,
            token_file_path,
        } => WorkloadIdentityCredential::new(Some(WorkloadIdentityCredentialOptions {
            credential_options: ClientAssertionCredentialOptions {
                client_options: options(),
            },
            client_id: client_id.clone(),
            tenant_id: tenant_id.clone(),
            token_file_path: token_file_path.as_ref().map(Into::into),
        }))
        .map_err(fail)?,
        CredentialConfig::AzureCli { tenant_id } => {
            AzureCliCredential::new(Some(AzureCliCredentialOptions {
                tenant_id: tenant_id.clone(),
                ..Default::default()
            }))
            .map_err(fail)?
        }
        CredentialConfig::Environment {} | CredentialConfig::AccessToken { .. } => {
            return Err(Error::config("internal: unresolved credential type"));
        }
    })
}

/// Turns `{"type":"environment"}` into a concrete credential from the
/// standard `AZURE_*` variables, the way Azure SDKs' EnvironmentCredential does.
fn resolve_environment(config: &CredentialConfig) -> Result<CredentialConfig> {
    if !matches!(config, CredentialConfig::Environment {}) {
        return Ok(config.clone());
    }
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let tenant_id = var("AZURE_TENANT_ID");
    let client_id = var("AZURE_CLIENT_ID");
    if let (Some(tenant_id), Some(client_id), Some(secret)) = (
        tenant_id.clone(),
        client_id.clone(),
        var("AZURE_CLIENT_SECRET"),
    ) {
        return Ok(CredentialConfig::ClientSecret {
            tenant_id,
            client_id,
            client_secret: Secret(secret),
        });
    }
    if let (Some(tenant_id), Some(client_id), Some(path)) = (
        tenant_id.clone(),
        client_id.clone(),
        var("AZURE_CLIENT_CERTIFICATE_PATH"),
    ) {
        return Ok(CredentialConfig::ClientCertificate {
            tenant_id,
            client_id,
            certificate_pem: None,
            certificate_path: Some(path),
            private_key_pem: None,
            private_key_path: None,
            send_certificate_chain: var("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN")
                .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true")),
        });
    }
    if var("AZURE_FEDERATED_TOKEN_FILE").is_some() {
        return Ok(CredentialConfig::WorkloadIdentity {
            tenant_id,
            client_id,
            token_file_path: None,
        });
    }
    Err(Error::config(
        "credential type \"environment\": set AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_SECRET, \
         AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE",
    ))
}

fn secret_strings(config: &CredentialConfig) -> Vec<String> {
    let mut out = Vec::new();
    if let CredentialConfig::ClientSecret { client_secret, .. } = config {
        out.push(client_secret.0.clone());
    }
    if let Ok(secret) = std::env::var("AZURE_CLIENT_SECRET") {
        out.push(secret);
    }
    out.retain(|s| s.len() >= 4);
    out
}

/// Blanks out secrets that an error text might quote.
pub fn redact(text: &str, secrets: &[String]) -> String {
    secrets.iter().fold(text.to_string(), |acc, s| {
        acc.replace(s.as_str(), "<redacted>")
    })
}

fn pem_text(inline: &Option<Secret>, path: &Option<String>, what: &str) -> Result<String> {
    match (inline, path) {
        (Some(pem), None) => Ok(pem.0.clone()),
        (None, Some(path)) => std::fs::read_to_string(path)
            .map_err(|e| Error::config(format!("cannot read the {what} file {path:?}: {e}"))),
        _ => Err(Error::config(format!(
            "client_certificate needs exactly one of the {what} as PEM text or as a path"
        ))),
    }
}

/// Signs the client assertion (an RS256 JWT) that proves possession of the
/// app's certificate, in the form Microsoft Entra expects.
struct CertificateAssertion {
    key: jsonwebtoken::EncodingKey,
    header: jsonwebtoken::Header,
    client_id: String,
    audience: String,
}

impl std::fmt::Debug for CertificateAssertion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertificateAssertion")
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl CertificateAssertion {
    fn new(
        cert_pem: &str,
        key_pem: &str,
        client_id: &str,
        audience: &str,
        chain: bool,
    ) -> Result<Self> {
        let certs = pem_blocks(cert_pem, "CERTIFICATE");
        let Some(leaf) = certs.first() else {
            return Err(Error::config(
                "the certificate PEM holds no CERTIFICATE block",
            ));
        };
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(private_key_block(key_pem)?.as_bytes())
            .map_err(|_| {
            Error::config("the private key is not an RSA private key in PEM form")
        })?;
        // Sign once now, so that a key that parses but cannot sign fails
        // when the client is made rather than at the first token request.
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
            &serde_json::json!({}),
            &key,
        )
        .map_err(|_| Error::config("the private key cannot sign RS256 client assertions"))?;
        let sha1 = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, leaf);
        let sha256 = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, leaf);
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.x5t = Some(URL_SAFE_NO_PAD.encode(sha1.as_ref()));
        header.x5t_s256 = Some(URL_SAFE_NO_PAD.encode(sha256.as_ref()));
        if chain {
            header.x5c = Some(certs.iter().map(|c| STANDARD.encode(c)).collect());
        }
        Ok(Self {
            key,
            header,
            client_id: client_id.to_string(),
            audience: audience.to_string(),
        })
    }
}

#[async_trait::async_trait]
impl ClientAssertion for CertificateAssertion {
    async fn secret(&self, _: Option<ClientMethodOptions<'_>>) -> azure_core::Result<String> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let claims = serde_json::json!({
            "aud": self.audience,
            "iss": self.client_id,
            "sub": self.client_id,
            "jti": uuid::Uuid::new_v4().to_string(),
            "nbf": now,
            "iat": now,
            "exp": now + 600,
        });
        jsonwebtoken::encode(&self.header, &claims, &self.key).map_err(|e| {
            azure_core::Error::with_message(
                azure_core::error::ErrorKind::Credential,
                format!("signing the client assertion failed: {e}"),
            )
        })
    }
}

/// One `-----BEGIN {label}----- ... -----END {label}-----` section of a PEM
/// text: its label, the whole section, and the base64 between the lines.
struct PemSection<'a> {
    label: &'a str,
    whole: &'a str,
    body: &'a str,
}

/// Every complete PEM section of `text`, in order; text around them and
/// unfinished sections are ignored.
fn pem_sections(text: &str) -> Vec<PemSection<'_>> {
    const BEGIN: &str = "-----BEGIN ";
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find(BEGIN) {
        let start = at + found;
        let label_start = start + BEGIN.len();
        let Some(label_len) = text[label_start..].find("-----") else {
            break;
        };
        let label = &text[label_start..label_start + label_len];
        let body_start = label_start + label_len + "-----".len();
        let end_marker = format!("-----END {label}-----");
        let Some(body_len) = text[body_start..].find(&end_marker) else {
            // An unfinished section: look for complete ones after its start.
            at = label_start;
            continue;
        };
        let stop = body_start + body_len + end_marker.len();
        out.push(PemSection {
            label,
            whole: &text[start..stop],
            body: &text[body_start..body_start + body_len],
        });
        at = stop;
    }
    out
}

/// The private key's PEM section out of `text`, which may also hold
/// certificates (one file with both is allowed), in any order: the first
/// `RSA PRIVATE KEY` (PKCS#1) or `PRIVATE KEY` (PKCS#8) section.
fn private_key_block(text: &str) -> Result<&str> {
    let sections = pem_sections(text);
    if let Some(key) = sections
        .iter()
        .find(|s| s.label == "RSA PRIVATE KEY" || s.label == "PRIVATE KEY")
    {
        return Ok(key.whole);
    }
    if sections.iter().any(|s| s.label == "ENCRYPTED PRIVATE KEY") {
        return Err(Error::config(
            "the private key is encrypted; give it without a password (PKCS#1 or PKCS#8 PEM)",
        ));
    }
    if sections.iter().any(|s| s.label.ends_with("PRIVATE KEY")) {
        return Err(Error::config(
            "the private key is not an RSA key; Entra ID client assertions here use RS256",
        ));
    }
    Err(Error::config(
        "no private key: the PEM holds no RSA PRIVATE KEY or PRIVATE KEY block",
    ))
}

/// The DER contents of every `-----BEGIN {label}-----` section.
pub fn pem_blocks(pem: &str, label: &str) -> Vec<Vec<u8>> {
    pem_sections(pem)
        .into_iter()
        .filter(|s| s.label == label)
        .filter_map(|s| {
            let base64: String = s.body.chars().filter(|c| !c.is_whitespace()).collect();
            STANDARD.decode(base64).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(label: &str, body: &str) -> String {
        format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n")
    }

    #[test]
    fn a_token_is_served_from_the_cache_until_five_minutes_before_expiry() {
        let now = OffsetDateTime::now_utc();
        let hour = fresh_until(now + Duration::hours(1));
        let left = hour.duration_since(SystemTime::now()).unwrap();
        assert!(left > std::time::Duration::from_secs(54 * 60), "{left:?}");
        assert!(left <= std::time::Duration::from_secs(55 * 60), "{left:?}");
        assert!(fresh_until(now + Duration::minutes(4)) < SystemTime::now());
        assert_eq!(fresh_until(OffsetDateTime::UNIX_EPOCH), UNIX_EPOCH);
        let token = AccessToken(Arc::from("secret-value"));
        assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
        assert_eq!(token.as_str(), "secret-value");
    }

    #[test]
    fn the_key_block_is_found_among_certificates_in_any_order() {
        let cert = block("CERTIFICATE", "Y2VydA==");
        let key = block("PRIVATE KEY", "a2V5");
        let rsa = block("RSA PRIVATE KEY", "cnNh");
        assert_eq!(
            private_key_block(&format!("{cert}{key}")).unwrap(),
            key.trim_end()
        );
        assert_eq!(
            private_key_block(&format!("{key}{cert}")).unwrap(),
            key.trim_end()
        );
        assert_eq!(
            private_key_block(&format!("{cert}{cert}{rsa}")).unwrap(),
            rsa.trim_end()
        );
        // Text around the sections and an unfinished one are passed over.
        let messy = format!("Bag Attributes\n-----BEGIN CERTIFICATE-----\nY2Vy\n{key}trailer");
        assert_eq!(private_key_block(&messy).unwrap(), key.trim_end());
    }

    #[test]
    fn certificates_are_decoded_in_order_whatever_surrounds_them() {
        let text = format!(
            "subject=CN=leaf\n{}{}\n{}-----BEGIN CERTIFICATE-----\nunfinished",
            block("CERTIFICATE", "AQID"),
            block("PRIVATE KEY", "a2V5"),
            block("CERTIFICATE", "BAUG\nBwg=")
        );
        assert_eq!(
            pem_blocks(&text, "CERTIFICATE"),
            vec![vec![1, 2, 3], vec![4, 5, 6, 7, 8]]
        );
        assert!(pem_blocks(&text, "X509 CRL").is_empty());
    }

    #[test]
    fn keys_that_cannot_be_used_are_named_without_their_contents() {
        let cert = block("CERTIFICATE", "Y2VydA==");
        let cases = [
            (
                format!("{cert}{}", block("ENCRYPTED PRIVATE KEY", "c2VjcmV0")),
                "encrypted",
            ),
            (
                format!("{}{cert}", block("EC PRIVATE KEY", "c2VjcmV0")),
                "not an RSA key",
            ),
            (cert.clone(), "no private key"),
            (String::new(), "no private key"),
            (
                "-----BEGIN PRIVATE KEY-----\nc2VjcmV0".to_string(),
                "no private key",
            ),
        ];
        for (text, expected) in cases {
            let error = private_key_block(&text).unwrap_err();
            assert_eq!(error.status, mgp_status::InvalidConfig);
            assert!(error.message.contains(expected), "{}", error.message);
            assert!(!error.message.contains("c2VjcmV0"), "{}", error.message);
        }
    }
}
