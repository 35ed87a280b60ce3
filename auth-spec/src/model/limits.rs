use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ErrorId;

/// Rate-limit signalling.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Statuses of a rate-limited response (429 unless the spec says).
    pub statuses: Vec<u16>,
    /// Error catalogue entry of a rate-limited response.
    pub error: Option<ErrorId>,
    /// The limits reported, each with its headers (one for a v1 spec).
    pub limits: Vec<Limit>,
    /// Where the wait before retrying is given (`Retry-After` unless the spec says).
    pub retry_after: RetryAfter,
    /// The response carries the IETF `RateLimit` / `RateLimit-Policy` headers.
    pub ietf_headers: bool,
    /// Whether every response carries the headers (not only limited ones).
    pub on_every_response: bool,
    /// What the documentation says about limits.
    pub description: Option<String>,
}

impl RateLimit {
    /// Whether `status` signals a limit.
    pub fn is_limited(&self, status: u16) -> bool {
        self.statuses.contains(&status)
    }
}

/// One limit and its headers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Limit {
    /// What it counts.
    pub name: String,
    /// Header carrying the limit.
    pub limit_header: Option<String>,
    /// Header carrying what is left.
    pub remaining_header: Option<String>,
    /// Header carrying when it resets, and how.
    pub reset: Option<(String, ResetFormat)>,
}

/// Where the wait before retrying is given.
#[derive(Debug, Clone, PartialEq)]
pub enum RetryAfter {
    /// A header, and how its value is written (`None`: seconds, decimal seconds or an
    /// HTTP date, as `Retry-After` allows).
    Header(String, Option<ResetFormat>),
    /// A JSON body field.
    Field(String, ResetFormat),
}

/// How a reset time or a wait is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResetFormat {
    /// Seconds since the Unix epoch.
    UnixSeconds,
    /// Milliseconds since the Unix epoch.
    UnixMillis,
    /// Seconds from now (integer or decimal).
    DeltaSeconds,
    /// Milliseconds from now.
    DeltaMillis,
    /// An HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`).
    HttpDate,
    /// An RFC 3339 date-time (`2026-11-25T17:50:54Z`).
    Rfc3339,
    /// A duration like `6m0s`, `2.5s`, `1h2m3.4s`, `120ms`.
    Duration,
}

/// How a caller should retry failed requests. Every policy is bounded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetryPolicy {
    /// Total attempts including the first; must be at least 1.
    pub max_attempts: u32,
    /// Delay before the first retry, in milliseconds; doubled for each further retry.
    pub initial_delay_ms: u64,
    /// Upper bound of a single delay, in milliseconds.
    pub max_delay_ms: u64,
    /// Upper bound of the time spent retrying, in milliseconds.
    pub max_elapsed_ms: u64,
    /// Wait until the rate-limit reset time when the response gives one.
    #[serde(default = "super::provider::yes")]
    pub honour_reset: bool,
    /// What the documentation says about retrying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl RetryPolicy {
    /// The engine's policy where a spec gives none, and the values of whatever a spec's
    /// `retry` leaves out: a few quick tries, never long.
    pub const DEFAULT: RetryPolicy = RetryPolicy {
        max_attempts: 3,
        initial_delay_ms: 200,
        max_delay_ms: 5_000,
        max_elapsed_ms: 30_000,
        honour_reset: true,
        description: None,
    };
}
