//! Small helpers shared by the modules: time formatting, GUID checks, base64url.

use base64::Engine as _;
use std::time::{SystemTime, UNIX_EPOCH};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub(crate) fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// `2026-01-02T03:04:05Z`, the form Graph uses for `deletedDateTime`.
pub(crate) fn iso_seconds_z(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

pub(crate) fn now_iso_z() -> String {
    iso_seconds_z(OffsetDateTime::now_utc())
}

/// `2026-01-02T03:04:05`, the form Graph uses for `innerError.date`.
pub(crate) fn now_inner_error_date() -> String {
    let t = OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// `2026-01-02 03:04:05Z`, the form Entra ID uses for `timestamp` in token errors.
pub(crate) fn now_aad_timestamp() -> String {
    let t = OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Parses an ISO 8601 / RFC 3339 timestamp (a trailing `Z` or offset is required,
/// fractional seconds allowed).
pub(crate) fn parse_iso(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// True for the 8-4-4-4-12 hexadecimal form (any case), optionally wrapped in braces.
pub(crate) fn is_guid(s: &str) -> bool {
    let s = s
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(s);
    let b = s.as_bytes();
    if b.len() != 36 {
        return false;
    }
    b.iter().enumerate().all(|(i, c)| match i {
        8 | 13 | 18 | 23 => *c == b'-',
        _ => c.is_ascii_hexdigit(),
    })
}

/// Canonical (lower-case, brace-less) form of a GUID string.
pub(crate) fn norm_guid(s: &str) -> String {
    s.trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_lowercase()
}

pub(crate) fn b64url(data: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
}

pub(crate) fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .ok()
}

pub(crate) fn hex_upper(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02X}")).collect()
}

pub(crate) fn new_guid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Percent-decodes one path segment or query component (`+` is left alone).
pub(crate) fn pct_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Percent-encodes a query value for use in a URL we hand back (nextLink).
pub(crate) fn pct_encode_query(s: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b'$')
        .remove(b',')
        .remove(b'(')
        .remove(b')')
        .remove(b'\'');
    percent_encoding::utf8_percent_encode(s, SET).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_checks() {
        assert!(is_guid("90e29127-71ad-49c7-9ce8-db3f41ea06f1"));
        assert!(is_guid("90E29127-71AD-49C7-9CE8-DB3F41EA06F1"));
        assert!(is_guid("{90e29127-71ad-49c7-9ce8-db3f41ea06f1}"));
        assert!(!is_guid("90e29127-71ad-49c7-9ce8-db3f41ea06f"));
        assert!(!is_guid("contoso"));
        assert_eq!(
            norm_guid("{90E29127-71AD-49C7-9CE8-DB3F41EA06F1}"),
            "90e29127-71ad-49c7-9ce8-db3f41ea06f1"
        );
    }

    #[test]
    fn iso_round_trip() {
        let t = parse_iso("2025-06-18T23:11:01Z").unwrap();
        assert_eq!(iso_seconds_z(t), "2025-06-18T23:11:01Z");
        assert!(parse_iso("2025-06-18T23:11:01.123+02:00").is_some());
        assert!(parse_iso("yesterday").is_none());
    }
}
