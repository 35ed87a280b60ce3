//! What OAuth 2.0 token exchanges (RFC 6749) add to the model: form-encoded request
//! bodies, and the refresh token a token response carries.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::CredentialId;

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
