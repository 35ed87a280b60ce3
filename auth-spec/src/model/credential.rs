use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Id, Jwt, PartId, Placement, Table};

/// One kind of credential a provider issues or accepts, made of one or more parts.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Credential {
    /// Its name in the spec (`api_key`).
    pub name: String,
    /// What this credential is and how it is used.
    pub description: String,
    /// What sort of credential this is.
    pub kind: CredentialKind,
    /// Its parts: one for a key or token (named `key` when written in shorthand), two for
    /// an id and secret or a login. Never empty.
    pub parts: Table<PartId, Part>,
    /// Where it goes on a request: alternatives, never empty.
    pub placements: Vec<Placement>,
    /// The placement used unless the caller picks another.
    pub preferred: usize,
    /// Who accepts it.
    pub audience: Audience,
    /// How long it lives when the issuer does not say.
    pub default_lifetime_seconds: Option<u64>,
    /// The operation parameter naming the subject a token is issued for (Weavy `uid`).
    pub subject: Option<String>,
    /// Whether the provider shows the secret only once.
    pub shown_once: bool,
    /// How a user obtains it outside the API.
    pub how_to_obtain: Option<String>,
    /// Distinct issuances sharing this credential's format, with what tells them apart.
    pub variants: Vec<(String, String)>,
    /// For a `jwt` credential: how the client signs its JWTs.
    pub jwt: Option<Box<Jwt>>,
}

impl Credential {
    /// The name of the single part of a credential written in shorthand.
    pub const SHORTHAND_PART: &'static str = "key";

    /// Is this credential sent to the provider's own API (rather than an MCP server)?
    pub fn is_api(&self) -> bool {
        self.audience == Audience::Api
    }

    /// Is it supplied by the user (rather than obtained by an exchange at run time)?
    pub fn is_supplied(&self) -> bool {
        self.kind.is_supplied()
    }

    /// The placement used when the caller does not choose.
    pub fn preferred_placement(&self) -> &Placement {
        &self.placements[self.preferred]
    }

    /// The only part, for single-part credentials.
    pub fn sole_part(&self) -> Option<PartId> {
        (self.parts.len() == 1).then(|| PartId::from_index(0))
    }
}

/// Who accepts a credential.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Audience {
    /// The provider's API (the default).
    Api,
    /// Something else, named by the spec (Weavz `mcp_server`).
    Other(String),
}

impl Audience {
    /// The name in the spec (`api`, `mcp_server`).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Api => "api",
            Self::Other(s) => s,
        }
    }
}

impl std::fmt::Display for Audience {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
    /// A key (a PEM private key, or a shared secret) with which the client signs its own
    /// JWTs, described by the credential's `jwt` block.
    Jwt,
}

impl CredentialKind {
    /// The name used in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ApiKey => "api_key",
            Self::KeyPair => "key_pair",
            Self::BearerToken => "bearer_token",
            Self::Password => "password",
            Self::AccessToken => "access_token",
            Self::RefreshToken => "refresh_token",
            Self::Jwt => "jwt",
        }
    }

    /// Supplied by the user, rather than obtained at run time by an exchange.
    pub fn is_supplied(self) -> bool {
        !matches!(self, Self::AccessToken | Self::RefreshToken)
    }
}

impl std::fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One named part of a credential.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Part {
    /// Its name (`api_secret`; `key` for a shorthand credential).
    pub name: String,
    /// What this part is.
    pub description: Option<String>,
    /// Environment variable the part is read from by default.
    pub env: Option<String>,
    /// Whether the part is secret (masked everywhere). Identifiers such as an email are not.
    pub secret: bool,
    /// Rules the value must satisfy.
    pub format: Option<Format>,
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
    /// A value that starts with none of `prefixes` is also valid (keys issued before the
    /// provider added prefixes).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional_prefix: bool,
    /// The characters of the value after its prefix (and before its suffix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<Charset>,
    /// The exact length in bytes, prefix included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<usize>,
    /// A fixed ending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
}

/// A set of characters a key is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Charset {
    /// ASCII digits.
    Digits,
    /// Hexadecimal digits, either case.
    Hex,
    /// Lowercase hexadecimal digits.
    HexLower,
    /// ASCII letters and digits.
    Alphanumeric,
    /// ASCII letters and digits (base62 keys).
    Base62,
    /// Base64 (`+`, `/`, `=` besides letters and digits).
    Base64,
    /// URL-safe base64 (`-`, `_`, `=` besides letters and digits).
    Base64url,
    /// Letters, digits, `-` and `_` (most random key bodies).
    Token,
}

impl Charset {
    /// Whether `b` is in the set.
    pub fn contains(self, b: u8) -> bool {
        match self {
            Self::Digits => b.is_ascii_digit(),
            Self::Hex => b.is_ascii_hexdigit(),
            Self::HexLower => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
            Self::Alphanumeric | Self::Base62 => b.is_ascii_alphanumeric(),
            Self::Base64 => b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='),
            Self::Base64url => b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'='),
            Self::Token => b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'),
        }
    }

    /// The name used in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Digits => "digits",
            Self::Hex => "hex",
            Self::HexLower => "hex_lower",
            Self::Alphanumeric => "alphanumeric",
            Self::Base62 => "base62",
            Self::Base64 => "base64",
            Self::Base64url => "base64url",
            Self::Token => "token",
        }
    }
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
    /// Keys with this prefix are still accepted but no longer issued.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub legacy: bool,
}
