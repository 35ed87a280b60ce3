//! Reading a provider's rate-limit headers and `Retry-After`.

use std::time::{Duration, SystemTime};

use auth_spec::model::{RateLimit, ResetFormat};
use http::HeaderMap;
use http::header::RETRY_AFTER;

/// What a response said about the caller's rate limit. All fields are optional: a
/// provider may send some, all or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimitInfo {
    /// Requests allowed in the window (`X-RateLimit-Limit`).
    pub limit: Option<u64>,
    /// Requests left in the window (`X-RateLimit-Remaining`).
    pub remaining: Option<u64>,
    /// When the window resets (`X-RateLimit-Reset`, as the spec's `reset_format` says).
    pub reset: Option<SystemTime>,
    /// How long the server asked the caller to wait (`Retry-After`, seconds or HTTP date).
    pub retry_after: Option<Duration>,
}

impl RateLimitInfo {
    /// Read the headers the spec names, and the standard `Retry-After`, from `headers`.
    ///
    /// `now` anchors relative values (a delta reset, an HTTP-date `Retry-After`).
    /// Unparseable values are ignored rather than trusted.
    pub fn parse(spec: Option<&RateLimit>, headers: &HeaderMap, now: SystemTime) -> Self {
        let number = |name: Option<&str>| -> Option<u64> {
            headers.get(name?)?.to_str().ok()?.trim().parse().ok()
        };
        let mut info = RateLimitInfo::default();
        if let Some(rl) = spec {
            info.limit = number(rl.limit_header.as_deref());
            info.remaining = number(rl.remaining_header.as_deref());
            let (reset_header, format) = match &rl.reset {
                Some((h, f)) => (Some(h.as_str()), *f),
                None => (None, ResetFormat::UnixSeconds),
            };
            info.reset = number(reset_header).and_then(|n| match format {
                ResetFormat::UnixSeconds => {
                    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(n))
                }
                ResetFormat::DeltaSeconds => now.checked_add(Duration::from_secs(n)),
            });
        }
        info.retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v.trim(), now));
        info
    }

    /// Whether any rate-limit information was present.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// How long to wait before the next attempt, if the server said: `Retry-After` first,
    /// else the time until the reset (zero if it has passed).
    pub fn wait(&self, now: SystemTime) -> Option<Duration> {
        self.retry_after.or_else(|| {
            self.reset
                .map(|r| r.duration_since(now).unwrap_or(Duration::ZERO))
        })
    }
}

/// `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    /// Weavz's rate limit: all three headers, the reset in Unix seconds.
    fn spec() -> RateLimit {
        let yaml = include_str!("../../../providers/weavz/weavz.yaml");
        let spec = auth_spec::load_str("weavz.yaml", yaml).expect("clean");
        spec.rate_limit.expect("weavz documents its rate limit")
    }

    #[test]
    fn reads_all_three_headers_and_retry_after() {
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-limit", HeaderValue::from_static("100"));
        h.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        h.insert("x-ratelimit-reset", HeaderValue::from_static("1700000060"));
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let info = RateLimitInfo::parse(Some(&spec()), &h, now);
        assert_eq!(info.limit, Some(100));
        assert_eq!(info.remaining, Some(0));
        assert_eq!(info.wait(now), Some(Duration::from_secs(60)));
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        let info = RateLimitInfo::parse(Some(&spec()), &h, now);
        assert_eq!(info.wait(now), Some(Duration::from_secs(7)));
    }

    #[test]
    fn retry_after_as_http_date_and_garbage() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-limit", HeaderValue::from_static("lots"));
        assert!(RateLimitInfo::parse(Some(&spec()), &h, now).is_empty());
    }
}
