use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Format, PlacementKind, ResetFormat, RestrictionKind};

/// How a caller should retry, as the documentation says it: what it leaves out takes the
/// engine's defaults (a provider that says "use exponential backoff" and no numbers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetryPolicy {
    /// Total attempts including the first; at least 1. Default 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    /// Delay before the first retry, in milliseconds; doubled for each further retry.
    /// Default 200.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_delay_ms: Option<u64>,
    /// Upper bound of a single delay, in milliseconds. Default 5000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_delay_ms: Option<u64>,
    /// Upper bound of the time spent retrying, in milliseconds. Default 30000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_elapsed_ms: Option<u64>,
    /// Wait until the rate-limit reset time when the response gives one. Default true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honour_reset: Option<bool>,
    /// What the documentation says about retrying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl RetryPolicy {
    /// The policy with the engine's defaults where this one is silent.
    pub fn filled(&self) -> crate::model::RetryPolicy {
        let d = crate::model::RetryPolicy::DEFAULT;
        crate::model::RetryPolicy {
            max_attempts: self.max_attempts.unwrap_or(d.max_attempts),
            initial_delay_ms: self.initial_delay_ms.unwrap_or(d.initial_delay_ms),
            max_delay_ms: self.max_delay_ms.unwrap_or(d.max_delay_ms),
            max_elapsed_ms: self.max_elapsed_ms.unwrap_or(d.max_elapsed_ms),
            honour_reset: self.honour_reset.unwrap_or(d.honour_reset),
            description: self.description.clone(),
        }
    }
}

/// Where the API lives: a fixed URL (possibly with a path prefix), or one the user supplies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaseUrl {
    /// The documented base URL: fixed, templated over context parameters
    /// (`https://{resource}.openai.azure.com`), or with `user_supplied` a shape such as
    /// `https://{weavy-server}` the user fills. May be left out when `environments` gives
    /// the URLs (the default environment's is used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Environment variable that overrides (or, when user-supplied, provides) the URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
    /// The user must supply the URL (self-hosted server); `url` is then a template.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub user_supplied: bool,
    /// Notes on other deployments (e.g. on-premise URLs given by sales).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Base URLs by environment (`production`, `sandbox`); `url` is the default one's.
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub environments: IndexMap<String, String>,
    /// The environment used when neither the caller nor the key's prefix chooses one;
    /// else the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_environment: Option<String>,
}

/// A context value that travels with every request (Weevio `teamID`, Pixee `X-Tenant-ID`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// What the value is.
    pub description: String,
    /// Whether every request must carry it.
    #[serde(default)]
    pub required: bool,
    /// Environment variable it is read from by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
    /// Where it goes; several entries are alternatives, the preferred (or first) used by
    /// default. None: the value is used only in the base URL (`https://{resource}...`).
    #[serde(default)]
    pub placements: Vec<ParameterPlacement>,
    /// The value sent when the caller gives none (an API-version pin, a media type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Error catalogue entry the provider answers with when a required value is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_error: Option<String>,
    /// Rules the value must satisfy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
}

/// Where a context parameter goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParameterPlacement {
    /// `header`, `query`, `form`, `json`, `body` or `cookie`.
    #[serde(rename = "in")]
    pub location: PlacementKind,
    /// The wire name (header, query parameter, body field or cookie name).
    pub name: String,
    /// This is the alternative to use unless the caller picks another.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub preferred: bool,
}

/// A declared scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// What the scope grants.
    pub description: String,
}

/// A restriction on keys beyond scopes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Restriction {
    /// What the restriction means, in the provider's words.
    pub description: String,
    /// How the restriction is checked.
    pub kind: RestrictionKind,
    /// Error catalogue entry a violating request receives, when the documentation says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// For a `workspace` restriction (required there): where a request names the
    /// workspace it acts on. A request that names it anywhere else, twice, or in two
    /// spellings is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_in: Option<WorkspaceNaming>,
}

/// Where a request names the workspace it acts on.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceNaming {
    /// Path templates below the base URL whose last segment, a `{param}`, names the
    /// workspace; they match that path and every path below it
    /// (`/api/v1/workspaces/{id}` covers `/api/v1/workspaces/ws_1/connections`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// Query parameters that name it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<String>,
    /// Top-level fields of a JSON body that name it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub json: Vec<String>,
    /// Fields of a form body that name it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub form: Vec<String>,
}

/// Rate-limit signalling: the status(es) of a limited response, the headers that report
/// each limit, and how long to wait.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// Status code of a rate-limited response, or several (`[429, 503]`). Required: a
    /// limit is never assumed to be signalled by 429 when the documentation does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Statuses>,
    /// Error catalogue entry of a rate-limited response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Header carrying the maximum requests per window (one limit; see `limits`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_header: Option<String>,
    /// Header carrying the requests left in the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_header: Option<String>,
    /// Header carrying when the window resets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_header: Option<String>,
    /// How the reset header is written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_format: Option<ResetFormat>,
    /// Several limits at once (per minute and per day; requests and tokens), each with
    /// its own headers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limits: Vec<Limit>,
    /// Where the wait before retrying is given: a header (`Retry-After` by default) or a
    /// body field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<RetryAfter>,
    /// The response carries the IETF `RateLimit` and `RateLimit-Policy` headers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ietf_headers: bool,
    /// Whether every response carries the headers (not only limited ones).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub on_every_response: bool,
    /// What the documentation says about limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One status, or several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Statuses {
    /// One status.
    One(u16),
    /// Several statuses.
    Many(Vec<u16>),
}

impl BaseUrl {
    /// The URL requests go to by default: `url`, else the default environment's.
    pub fn default_url(&self) -> &str {
        if let Some(u) = &self.url {
            return u;
        }
        let chosen = self
            .default_environment
            .as_ref()
            .and_then(|d| self.environments.get(d))
            .or_else(|| self.environments.values().next());
        chosen.map_or("", String::as_str)
    }
}

impl Statuses {
    /// The statuses.
    pub fn list(&self) -> Vec<u16> {
        match self {
            Self::One(s) => vec![*s],
            Self::Many(v) => v.clone(),
        }
    }
}

/// One of several rate limits, with its own headers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    /// What the limit counts (`requests_per_minute`, `tokens_per_day`).
    pub name: String,
    /// Header carrying the limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_header: Option<String>,
    /// Header carrying what is left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_header: Option<String>,
    /// Header carrying when it resets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_header: Option<String>,
    /// How the reset header is written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_format: Option<ResetFormat>,
    /// What the documentation says about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Where a limited response says how long to wait.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetryAfter {
    /// A header (seconds, decimal seconds or an HTTP date, unless `format` says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// A field of the JSON error body (`error.retry_after`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// How the value is written; seconds by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ResetFormat>,
}
