use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ErrorId;

/// Rate-limit signalling.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Status code of a rate-limited response.
    pub status: u16,
    /// Error catalogue entry of a rate-limited response.
    pub error: Option<ErrorId>,
    /// Header carrying the maximum requests per window.
    pub limit_header: Option<String>,
    /// Header carrying the requests left in the window.
    pub remaining_header: Option<String>,
    /// Header carrying when the window resets, and how it is written.
    pub reset: Option<(String, ResetFormat)>,
    /// Whether every response carries the headers (not only rate-limited ones).
    pub on_every_response: bool,
    /// What the documentation says about limits.
    pub description: Option<String>,
}

/// How a reset time is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResetFormat {
    /// Seconds since the Unix epoch.
    UnixSeconds,
    /// Seconds from now.
    DeltaSeconds,
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
