use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Placement;
use crate::model::{CredentialKind, Format, JwtAlgorithm, JwtMode, KeyEncoding};

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
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub parts: IndexMap<String, Part>,
    /// Where the credential goes on a request. Several entries are alternatives; the one
    /// marked `preferred` (or else the first) is used unless the caller picks another.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placements: Vec<Placement>,
    /// Who accepts this credential: `api` (the provider's API) unless stated otherwise,
    /// e.g. `mcp_server` for Weavz MCP tokens, which are not API keys.
    #[serde(default = "api_audience")]
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
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub variants: IndexMap<String, String>,
    /// For a `jwt` credential: how the client signs its own JWTs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt: Option<Jwt>,
}

/// A self-signed JWT: its algorithm, header and claims. Header and claim values are
/// templates over the credential's parts (not the key), the context parameters, and
/// `{random_hex}` (32 random hex digits), `{public_key_sha256}` (base64 of the SHA-256 of
/// the public key's DER SubjectPublicKeyInfo) and, for per-request JWTs, the request's
/// `{method}`, `{host}` and `{path}`; function `upper(..)`/`lower(..)`. A placement sends the
/// signed JWT as `{jwt}` (`value: "Bearer {jwt}"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Jwt {
    /// `HS256`, `HS384`, `HS512`, `RS256`, `RS384`, `RS512`, `PS256` or `ES256`.
    pub algorithm: JwtAlgorithm,
    /// The part holding the key: a PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC), or the
    /// shared secret for `HS*`.
    pub key: String,
    /// How an `HS*` secret is written: `raw`, `base64` or `hex`.
    #[serde(default)]
    pub key_encoding: KeyEncoding,
    /// Header fields besides `alg` and `typ` (`kid`, `nonce`), as templates.
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub header: IndexMap<String, String>,
    /// Claims besides `iat`, `nbf` and `exp`: a template, or a list of templates.
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub claims: IndexMap<String, ClaimValue>,
    /// `exp` is this many seconds after `iat`.
    pub lifetime_seconds: u64,
    /// Whether `iat` (the signing time) is written; default true.
    #[serde(default = "crate::model::yes")]
    pub issued_at: bool,
    /// Whether `nbf` (= the signing time) is written.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_before: bool,
    /// `cached` (default): signed once, reused until shortly before it expires;
    /// `per_request`: a fresh JWT for every request.
    #[serde(default)]
    pub mode: JwtMode,
    /// A cached JWT is renewed this many seconds before it expires (default: a tenth of
    /// its lifetime, at most 300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renew_before_seconds: Option<u64>,
}

/// A claim's value: one template, or a list of them (a JSON array).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ClaimValue {
    /// A string.
    One(String),
    /// An array of strings.
    Many(Vec<String>),
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
    #[serde(default = "crate::model::yes")]
    pub secret: bool,
    /// Rules the value must satisfy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
}

fn api_audience() -> String {
    "api".to_owned()
}
