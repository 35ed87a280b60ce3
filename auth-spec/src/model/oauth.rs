//! What OAuth 2.0 token exchanges (RFC 6749) add to the model: form-encoded request
//! bodies, and the refresh token a token response carries.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Credential, CredentialId, CredentialKind};

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    /// A JSON object (`application/json`).
    #[default]
    Json,
    /// Form fields (`application/x-www-form-urlencoded`), as RFC 6749 token endpoints
    /// take them.
    Form,
}

impl BodyEncoding {
    /// Whether this is the default, JSON.
    pub fn is_json(&self) -> bool {
        *self == Self::Json
    }

    /// The name used in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Form => "form",
        }
    }
}

/// A refresh token that a token response carries, kept with the access token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IssuedRefresh {
    /// The `refresh_token` credential it is.
    pub credential: CredentialId,
    /// Response field holding it (a path).
    pub field: String,
}

impl Credential {
    /// Whether the user holds it: a credential they supply, or a refresh token they
    /// obtained outside the API (a browser authorization) and give by `env`. A refresh token
    /// an exchange hands out is the engine's.
    pub fn held_by_user(&self) -> bool {
        self.is_supplied()
            || (self.kind == CredentialKind::RefreshToken
                && self.parts.values().any(|p| p.env.is_some()))
    }
}
