//! Reading a provider's rate limits as it reports them: several limits at once, each
//! with its headers; resets as Unix seconds or milliseconds, delays, HTTP or RFC 3339
//! dates, or durations like `6m0s`; `Retry-After` (integer or decimal seconds, or a date),
//! a wait in a body field, and the IETF `RateLimit` / `RateLimit-Policy` headers.

use std::time::{Duration, SystemTime};

use auth_spec::model::{RateLimit, ResetFormat, RetryAfter};
use http::HeaderMap;
use serde_json::Value;

/// What a response said about the caller's rate limits. Every field is optional: a
/// provider may send some, all or none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RateLimitInfo {
    /// The first limit's maximum per window (`X-RateLimit-Limit`).
    pub limit: Option<u64>,
    /// The first limit's requests left (`X-RateLimit-Remaining`).
    pub remaining: Option<u64>,
    /// When the first limit's window resets.
    pub reset: Option<SystemTime>,
    /// How long the server asked the caller to wait.
    pub retry_after: Option<Duration>,
    /// Every limit reported, in the spec's order (IETF headers after).
    pub limits: Vec<LimitState>,
}

/// One limit as a response reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitState {
    /// What it counts (the spec's name, or the IETF policy's).
    pub name: String,
    /// The maximum per window.
    pub limit: Option<u64>,
    /// What is left.
    pub remaining: Option<u64>,
    /// When the window resets.
    pub reset: Option<SystemTime>,
}

impl RateLimitInfo {
    /// Read the limits the spec names, and the wait, from a response's headers (`now`
    /// anchors relative values). Unparseable values are ignored rather than trusted.
    pub fn parse(spec: Option<&RateLimit>, headers: &HeaderMap, now: SystemTime) -> Self {
        Self::parse_with_body(spec, headers, None, now)
    }

    /// As [`RateLimitInfo::parse`], with the JSON body a wait may be written in.
    pub fn parse_with_body(
        spec: Option<&RateLimit>,
        headers: &HeaderMap,
        body: Option<&Value>,
        now: SystemTime,
    ) -> Self {
        let text = |name: &str| headers.get(name)?.to_str().ok().map(str::trim);
        let number = |name: Option<&str>| -> Option<u64> {
            let t = text(name?)?;
            t.parse::<u64>().ok().or_else(|| {
                t.parse::<f64>()
                    .ok()
                    .filter(|f| *f >= 0.0)
                    .map(|f| f as u64)
            })
        };
        let mut info = RateLimitInfo::default();
        let retry = match spec.map(|s| &s.retry_after) {
            Some(RetryAfter::Field(path, format)) => body
                .and_then(|b| crate::client::classify::field(b, path))
                .and_then(|v| match v {
                    Value::String(s) => parse_wait(s, *format, now),
                    Value::Number(n) => parse_wait(&n.to_string(), *format, now),
                    _ => None,
                }),
            Some(RetryAfter::Header(h, format)) => {
                text(h).and_then(|v| parse_retry_after(v, *format, now))
            }
            None => text("retry-after").and_then(|v| parse_retry_after(v, None, now)),
        };
        info.retry_after = retry;
        if let Some(rl) = spec {
            for l in &rl.limits {
                info.limits.push(LimitState {
                    name: l.name.clone(),
                    limit: number(l.limit_header.as_deref()),
                    remaining: number(l.remaining_header.as_deref()),
                    reset: l
                        .reset
                        .as_ref()
                        .and_then(|(h, f)| text(h).and_then(|v| parse_time(v, *f, now))),
                });
            }
            if rl.ietf_headers {
                info.limits.extend(ietf(headers, now));
            }
        }
        if let Some(first) = info.limits.first() {
            info.limit = first.limit;
            info.remaining = first.remaining;
            info.reset = first.reset;
        }
        info
    }

    /// Whether any rate-limit information was present.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// How long to wait before the next attempt, if the response said: the server's
    /// explicit wait first; else until the last reset among the limits that are used up
    /// (all of them must have reset); else until the nearest reset.
    pub fn wait(&self, now: SystemTime) -> Option<Duration> {
        if let Some(d) = self.retry_after {
            return Some(d);
        }
        let until = |t: SystemTime| t.duration_since(now).unwrap_or(Duration::ZERO);
        let exhausted = self
            .limits
            .iter()
            .filter(|l| l.remaining == Some(0))
            .filter_map(|l| l.reset)
            .max();
        exhausted
            .or_else(|| self.limits.iter().filter_map(|l| l.reset).min())
            .map(until)
    }
}

/// `Retry-After`: delay-seconds (integer or, as some providers send, decimal) or an
/// HTTP date (RFC 9110 §10.2.3), unless the spec says how it is written.
fn parse_retry_after(
    value: &str,
    format: Option<ResetFormat>,
    now: SystemTime,
) -> Option<Duration> {
    match format {
        Some(f) => parse_wait(value, f, now),
        None => parse_wait(value, ResetFormat::DeltaSeconds, now)
            .or_else(|| parse_wait(value, ResetFormat::HttpDate, now)),
    }
}

/// A wait written as `format`.
fn parse_wait(value: &str, format: ResetFormat, now: SystemTime) -> Option<Duration> {
    parse_time(value, format, now).map(|t| t.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A point in time written as `format`; `None` for a value that does not parse or is
/// absurd (negative, not finite).
pub(crate) fn parse_time(value: &str, format: ResetFormat, now: SystemTime) -> Option<SystemTime> {
    let value = value.trim();
    let secs = |v: &str| -> Option<Duration> {
        let f: f64 = v.parse().ok()?;
        (f.is_finite() && f >= 0.0).then(|| Duration::try_from_secs_f64(f).ok())?
    };
    let epoch = SystemTime::UNIX_EPOCH;
    match format {
        ResetFormat::UnixSeconds => epoch.checked_add(secs(value)?),
        ResetFormat::UnixMillis => epoch.checked_add(Duration::from_millis(value.parse().ok()?)),
        ResetFormat::DeltaSeconds => now.checked_add(secs(value)?),
        ResetFormat::DeltaMillis => now.checked_add(secs(value)? / 1000),
        ResetFormat::HttpDate => httpdate::parse_http_date(value).ok(),
        ResetFormat::Rfc3339 => rfc3339(value),
        ResetFormat::Duration => now.checked_add(go_duration(value)?),
    }
}

/// A duration like `6m0s`, `2.5s`, `1h2m3.4s`, `120ms`, `1.5µs` (Go's notation, which
/// OpenAI-style rate-limit headers use).
fn go_duration(text: &str) -> Option<Duration> {
    if text.is_empty() {
        return None;
    }
    let mut total = 0f64;
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let n: f64 = rest[..end].parse().ok()?;
        rest = &rest[end..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_end] {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" | "µs" => 1e-6,
            "ns" => 1e-9,
            _ => return None,
        };
        total += n * scale;
        rest = &rest[unit_end..];
    }
    Duration::try_from_secs_f64(total).ok()
}

/// An RFC 3339 date-time (`2026-11-25T17:50:54Z`, `...54.123+01:00`).
fn rfc3339(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> { text.get(r)?.parse().ok() };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut rest = &text[19..];
    let mut frac = 0f64;
    if let Some(r) = rest.strip_prefix('.') {
        let end = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
        frac = format!("0.{}", &r[..end]).parse().ok()?;
        rest = &r[end..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let oh: i64 = rest.get(1..3)?.parse().ok()?;
            let om: i64 = rest.get(4..6)?.parse().ok()?;
            sign * (oh * 3600 + om * 60)
        }
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let (yy, mm) = if mo <= 2 {
        (y - 1, mo + 9)
    } else {
        (y, mo - 3)
    };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mm + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + h * 3600 + mi * 60 + s - offset;
    let secs = u64::try_from(secs).ok()?;
    SystemTime::UNIX_EPOCH
        .checked_add(Duration::from_secs(secs) + Duration::try_from_secs_f64(frac).ok()?)
}

/// The IETF `RateLimit` / `RateLimit-Policy` headers: draft 7's `limit=100, remaining=50,
/// reset=30`, or later drafts' structured `"name";r=50;t=30` with `"name";q=100;w=60`.
fn ietf(headers: &HeaderMap, now: SystemTime) -> Vec<LimitState> {
    let Some(value) = headers.get("ratelimit").and_then(|v| v.to_str().ok()) else {
        return Vec::new();
    };
    let params = |item: &str| -> Vec<(String, String)> {
        item.split([';', ','])
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| {
                (
                    k.trim().to_ascii_lowercase(),
                    v.trim().trim_matches('"').to_owned(),
                )
            })
            .collect()
    };
    let get = |ps: &[(String, String)], k: &str| -> Option<u64> {
        ps.iter()
            .find(|(n, _)| n == k)
            .and_then(|(_, v)| v.parse().ok())
    };
    let reset = |t: Option<u64>| t.and_then(|t| now.checked_add(Duration::from_secs(t)));
    if value.contains("remaining=") || value.contains("limit=") {
        let ps = params(value);
        return vec![LimitState {
            name: "default".to_owned(),
            limit: get(&ps, "limit"),
            remaining: get(&ps, "remaining"),
            reset: reset(get(&ps, "reset")),
        }];
    }
    let policies = headers
        .get("ratelimit-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    value
        .split(',')
        .filter(|item| !item.trim().is_empty())
        .map(|item| {
            let name = item
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"');
            let ps = params(item);
            let quota = policies
                .split(',')
                .find(|p| p.split(';').next().unwrap_or("").trim().trim_matches('"') == name)
                .map(params)
                .and_then(|p| get(&p, "q"));
            LimitState {
                name: name.to_owned(),
                limit: quota,
                remaining: get(&ps, "r"),
                reset: reset(get(&ps, "t")),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use http::header::RETRY_AFTER;

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
            parse_retry_after(&later, None, now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(parse_retry_after("soon", None, now), None);
        assert_eq!(parse_retry_after("-1", None, now), None);
        assert_eq!(
            parse_retry_after("1.5", None, now),
            Some(Duration::from_millis(1500)),
            "decimal seconds"
        );
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("not a date"));
        let info = RateLimitInfo::parse(Some(&spec()), &h, now);
        assert_eq!(info.retry_after, None);
    }

    #[test]
    fn every_reset_format() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let at = |s: u64| SystemTime::UNIX_EPOCH + Duration::from_secs(s);
        use ResetFormat as F;
        assert_eq!(
            parse_time("1700000060", F::UnixSeconds, now),
            Some(at(1_700_000_060))
        );
        assert_eq!(
            parse_time("1700000060000", F::UnixMillis, now),
            Some(at(1_700_000_060))
        );
        assert_eq!(
            parse_time("60", F::DeltaSeconds, now),
            Some(at(1_700_000_060))
        );
        assert_eq!(
            parse_time("60000", F::DeltaMillis, now),
            Some(at(1_700_000_060))
        );
        assert_eq!(
            parse_time("Tue, 14 Nov 2023 22:14:20 GMT", F::HttpDate, now),
            Some(at(1_700_000_060))
        );
        assert_eq!(
            parse_time("2023-11-14T22:14:20Z", F::Rfc3339, now),
            Some(at(1_700_000_060))
        );
        assert_eq!(
            parse_time("2023-11-14T23:14:20+01:00", F::Rfc3339, now),
            Some(at(1_700_000_060))
        );
        assert_eq!(
            parse_time("1m0s", F::Duration, now),
            Some(at(1_700_000_060))
        );
        assert_eq!(
            go_duration("2m59.56s"),
            Some(Duration::from_millis(179_560))
        );
        assert_eq!(go_duration("120ms"), Some(Duration::from_millis(120)));
        for bad in ["", "1x", "-5s", "s"] {
            assert_eq!(go_duration(bad), None, "{bad}");
        }
        assert_eq!(parse_time("yesterday", F::Rfc3339, now), None);
    }

    #[test]
    fn the_latest_reset_of_the_used_up_limits_wins() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let at = |s: u64| Some(SystemTime::UNIX_EPOCH + Duration::from_secs(s));
        let info = RateLimitInfo {
            limits: vec![
                LimitState {
                    name: "rpm".into(),
                    limit: Some(10),
                    remaining: Some(0),
                    reset: at(1_030),
                },
                LimitState {
                    name: "tpd".into(),
                    limit: Some(10),
                    remaining: Some(0),
                    reset: at(1_600),
                },
                LimitState {
                    name: "burst".into(),
                    limit: Some(5),
                    remaining: Some(4),
                    reset: at(1_001),
                },
            ],
            ..RateLimitInfo::default()
        };
        assert_eq!(info.wait(now), Some(Duration::from_secs(600)));
    }

    #[test]
    fn ietf_headers() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let mut h = HeaderMap::new();
        h.insert(
            "ratelimit",
            HeaderValue::from_static("limit=100, remaining=0, reset=30"),
        );
        let l = ietf(&h, now);
        assert_eq!(l[0].remaining, Some(0));
        assert_eq!(l[0].reset, Some(now + Duration::from_secs(30)));
        let mut h = HeaderMap::new();
        h.insert("ratelimit", HeaderValue::from_static("\"day\";r=0;t=3600"));
        h.insert(
            "ratelimit-policy",
            HeaderValue::from_static("\"day\";q=1000;w=86400"),
        );
        let l = ietf(&h, now);
        assert_eq!(
            (l[0].name.as_str(), l[0].limit, l[0].remaining),
            ("day", Some(1000), Some(0))
        );
    }
}
