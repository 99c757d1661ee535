//! When to try again and how long to wait: Retry-After (seconds or an
//! HTTP-date) when Graph sends it, otherwise exponential backoff with jitter.

use std::time::{Duration, SystemTime};

use crate::config::RetryConfig;

/// Statuses that are retried: throttling and transient unavailability.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 503 | 504)
}

/// Parses a `Retry-After` value: delta-seconds (decimals tolerated) or an
/// HTTP-date, relative to `now`. A date in the past means "now".
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0)
            .then(|| Duration::from_secs_f64(seconds.min(86_400.0)));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The retry policy of one client.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    pub max_retries: u32,
    pub base_delay: Duration,
    pub max_total: Duration,
}

impl From<&RetryConfig> for RetryPolicy {
    fn from(c: &RetryConfig) -> Self {
        Self {
            max_retries: c.max_retries,
            base_delay: Duration::from_millis(c.delay_ms),
            max_total: Duration::from_millis(c.max_total_ms),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1-based). Retry-After wins when
    /// given; otherwise `base * 2^(retry-1)` plus up to 25 % jitter.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after;
        }
        let factor = 1u64 << (retry.saturating_sub(1)).min(16);
        let base = self.base_delay.saturating_mul(factor as u32);
        let jitter = base.mul_f64(fastrand::f64() * 0.25);
        base + jitter
    }

    /// Decides whether retry number `retry` may happen after `elapsed`,
    /// waiting `delay`: both the count and the total time must allow it.
    pub fn allows(&self, retry: u32, elapsed: Duration, delay: Duration) -> bool {
        retry <= self.max_retries && elapsed + delay <= self.max_total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("2", now), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(5));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(5)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(5));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn backoff_grows_and_budget_limits() {
        let p = RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(100),
            max_total: Duration::from_secs(1),
        };
        let d1 = p.delay(1, None);
        let d3 = p.delay(3, None);
        assert!(d1 >= Duration::from_millis(100) && d1 <= Duration::from_millis(125));
        assert!(d3 >= Duration::from_millis(400) && d3 <= Duration::from_millis(500));
        assert_eq!(
            p.delay(2, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert!(p.allows(3, Duration::ZERO, d1));
        assert!(!p.allows(4, Duration::ZERO, d1));
        assert!(!p.allows(1, Duration::from_millis(950), Duration::from_millis(100)));
    }
}
