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
    /// What the provider's documentation says about it, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Default for Transport {
    fn default() -> Self {
        Self {
            https_only: true,
            description: None,
        }
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
