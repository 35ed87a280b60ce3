use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Format, PlacementKind, ResetFormat, RestrictionKind};

/// Where the API lives: a fixed URL (possibly with a path prefix), or one the user supplies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaseUrl {
    /// The documented base URL. With `user_supplied`, a template such as
    /// `https://{weavy-server}` that only documents the shape.
    pub url: String,
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
}

/// Rate-limit signalling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// Status code of a rate-limited response.
    #[serde(default = "too_many")]
    pub status: u16,
    /// Error catalogue entry of a rate-limited response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Header carrying the maximum requests per window.
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
    /// Whether every response carries the headers (not only 429s).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub on_every_response: bool,
    /// What the documentation says about limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn too_many() -> u16 {
    429
}
