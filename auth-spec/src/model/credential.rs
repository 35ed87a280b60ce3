use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Placement;

/// One kind of credential a provider issues or accepts.
///
/// A credential is made of one or more named *parts* (a single key has one; Weevio's
/// API ID + API Secret has two). A single-part credential may be written in shorthand,
/// with `env` and `format` on the credential itself; the loader turns that into one part
/// named `key`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// What this credential is and how it is used.
    pub description: String,
    /// What sort of credential this is; decides how the engine obtains and stores it.
    pub kind: CredentialKind,
    /// Shorthand for a single-part credential: the environment variable it is read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
    /// Shorthand for a single-part credential: its format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// The named parts of the credential (e.g. `api_id`, `api_secret`).
    #[serde(
        default,
        deserialize_with = "crate::model::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub parts: IndexMap<String, Part>,
    /// Where the credential goes on a request. Several entries are alternatives; the one
    /// marked `preferred` (or else the first) is used unless the caller picks another.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placements: Vec<Placement>,
    /// Who accepts this credential: `api` (the provider's API) unless stated otherwise,
    /// e.g. `mcp_server` for Weavz MCP tokens, which are not API keys.
    #[serde(default = "default_audience")]
    pub audience: String,
    /// How long the credential lives when the issuer does not say (seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_lifetime_seconds: Option<u64>,
    /// Name of a parameter that identifies the subject a token is issued for (Weavy `uid`);
    /// tokens are cached per subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Whether the provider shows the secret only once (at creation or rotation).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shown_once: bool,
    /// How a user obtains the credential outside the API (dashboard steps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how_to_obtain: Option<String>,
    /// Distinct issuances that share this credential's format (Weavz end-user and static
    /// MCP bearer tokens are both `mcp_`), each with what distinguishes it.
    #[serde(
        default,
        deserialize_with = "crate::model::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub variants: IndexMap<String, String>,
}

fn default_audience() -> String {
    "api".to_owned()
}

impl Credential {
    /// The name the shorthand form's single part receives.
    pub const SHORTHAND_PART: &'static str = "key";

    /// Is this credential sent to the provider's own API (rather than, say, an MCP server)?
    pub fn is_api(&self) -> bool {
        self.audience == "api"
    }

    /// Is this credential obtained by an exchange at run time rather than supplied by the user?
    pub fn is_exchanged(&self) -> bool {
        matches!(
            self.kind,
            CredentialKind::AccessToken | CredentialKind::RefreshToken
        )
    }

    /// The placement used when the caller does not choose: the preferred one, else the first.
    pub fn preferred_placement(&self) -> Option<&Placement> {
        self.placements
            .iter()
            .find(|p| p.preferred())
            .or_else(|| self.placements.first())
    }

    /// The part a placement means when it names none: the only part.
    pub fn sole_part(&self) -> Option<&str> {
        (self.parts.len() == 1)
            .then(|| self.parts.keys().next().map(String::as_str))
            .flatten()
    }
}

/// What sort of credential this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// A single long-lived key supplied by the user.
    ApiKey,
    /// An identifier plus a secret, supplied by the user (Weevio API ID + API Secret).
    KeyPair,
    /// A static bearer token supplied by the user.
    BearerToken,
    /// A user's login (email/username and password), used only to obtain tokens.
    Password,
    /// A short-lived token obtained by an exchange operation.
    AccessToken,
    /// A token set by an exchange (often as a cookie) and used only to refresh.
    RefreshToken,
}

/// One named part of a credential.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// What this part is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Environment variable the part is read from by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
    /// Whether the part is secret (masked everywhere). Identifiers such as an email are not.
    #[serde(default = "yes")]
    pub secret: bool,
    /// Rules the value must satisfy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
}

fn yes() -> bool {
    true
}

/// Rules a credential part or parameter value must satisfy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Format {
    /// Accepted prefixes; when non-empty the value must start with one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefixes: Vec<Prefix>,
    /// Minimum length in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    /// Maximum length in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// The value may not contain whitespace.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_whitespace: bool,
    /// The value must contain at least one character that is not an ASCII digit.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub require_non_digit: bool,
}

/// A key prefix and what it tells about the key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Prefix {
    /// The literal prefix, e.g. `pm_live_`.
    pub prefix: String,
    /// The environment keys with this prefix belong to (`production`, `test`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// What the prefix means, when it is more than an environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}
