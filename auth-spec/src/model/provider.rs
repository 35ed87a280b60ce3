use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where the API lives: a fixed URL (possibly with a path prefix), or one the user supplies.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BaseUrl {
    /// The documented base URL; with `user_supplied`, a template such as
    /// `https://{weavy-server}` that only documents the shape.
    pub url: String,
    /// Environment variable that overrides (or, when user-supplied, provides) the URL.
    pub env: Option<String>,
    /// The user must supply the URL (self-hosted server).
    pub user_supplied: bool,
    /// Notes on other deployments.
    pub description: Option<String>,
    /// The URL with its `{parameter}`s, when it has any and is not user-supplied.
    pub template: Option<super::Template>,
    /// Base URLs by environment, in the author's order (`url` is the default's).
    pub environments: Vec<(String, String)>,
    /// Index in `environments` of the one used when nothing chooses another.
    pub default_environment: usize,
}

impl BaseUrl {
    /// The base URL of environment `name`, if the spec names it.
    pub fn environment(&self, name: &str) -> Option<&str> {
        self.environments
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, u)| u.as_str())
    }

    /// The path prefix of the URL (`/api/v1` for `https://host/api/v1`), without a
    /// trailing slash; empty when it has none.
    pub fn path(&self) -> &str {
        let url = self.url.as_str();
        let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
        let path = path.split(['?', '#']).next().unwrap_or("");
        path.trim_end_matches('/')
    }
}

/// Transport rules for every credentialed request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transport {
    /// Credentials go only over HTTPS (plain HTTP is allowed to loopback addresses only).
    #[serde(default = "yes")]
    pub https_only: bool,
    /// How long a client waits for a connection, an attempt and a whole request; what is
    /// left out takes the engine's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeouts: Option<Timeouts>,
    /// What the provider's documentation says about it, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Default for Transport {
    fn default() -> Self {
        Self {
            https_only: true,
            timeouts: None,
            description: None,
        }
    }
}

/// How long a client waits, in milliseconds. Each is bounded: a server that never answers
/// (or a token endpoint that never does) fails the request rather than stalling it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Timeouts {
    /// Making a connection (TCP and TLS). Default 10000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_ms: Option<u64>,
    /// One attempt: from sending the request to its response head, and reading an error
    /// or token body; also the longest a response body may send nothing. Default 30000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt_ms: Option<u64>,
    /// A whole request: obtaining its token, every attempt and the waits between them.
    /// Default 120000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall_ms: Option<u64>,
    /// What the documentation says about timeouts (a server-side limit), if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Timeouts {
    /// The engine's defaults, what a careful caller picks: a connection within 10 s, a
    /// response within 30 s, a whole request (retries and token exchange included)
    /// within 2 minutes.
    pub const DEFAULT_CONNECT_MS: u64 = 10_000;
    /// See [`Timeouts::DEFAULT_CONNECT_MS`].
    pub const DEFAULT_ATTEMPT_MS: u64 = 30_000;
    /// See [`Timeouts::DEFAULT_CONNECT_MS`].
    pub const DEFAULT_OVERALL_MS: u64 = 120_000;

    /// The connect timeout, the default where the spec is silent.
    pub fn connect(&self) -> u64 {
        self.connect_ms.unwrap_or(Self::DEFAULT_CONNECT_MS)
    }

    /// The per-attempt timeout, the default where the spec is silent.
    pub fn attempt(&self) -> u64 {
        self.attempt_ms.unwrap_or(Self::DEFAULT_ATTEMPT_MS)
    }

    /// The overall timeout, the default where the spec is silent.
    pub fn overall(&self) -> u64 {
        self.overall_ms.unwrap_or(Self::DEFAULT_OVERALL_MS)
    }
}

pub(crate) fn yes() -> bool {
    true
}

/// How the provider meters authenticated calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metering {
    /// What counts as one unit.
    pub unit: MeteringUnit,
    /// What the documentation says about it.
    pub description: String,
}

/// What one metered unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeteringUnit {
    /// Every request that carries credentials counts.
    AuthenticatedCall,
}
