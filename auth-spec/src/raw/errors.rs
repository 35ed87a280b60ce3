use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{ErrorAction, ErrorBody, ErrorKind};

/// The error catalogue and the shape of the provider's error bodies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Errors {
    /// How error bodies are written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<ErrorBody>,
    /// Several body shapes (the API's own beside a token endpoint's RFC 6749 one): the
    /// first whose fields a response has is read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bodies: Vec<ErrorBody>,
    /// Documented errors by name; the name becomes the generated error variant.
    #[serde(deserialize_with = "crate::raw::unique::unique")]
    pub catalogue: IndexMap<String, ErrorEntry>,
}

/// One documented error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorEntry {
    /// HTTP status code.
    pub status: u16,
    /// The provider's body code that tells this error apart from others with the same status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The exact message the provider sends, when documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What the error means, in the provider's words.
    pub description: String,
    /// What kind of failure this is.
    pub kind: ErrorKind,
    /// What the caller should do about it.
    pub action: ErrorAction,
    /// Text the message contains, telling this error apart from others with the same
    /// status (`Invalid nonce`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_contains: Option<String>,
    /// A response header that tells this error apart (`X-RateLimit-Remaining: 0` on a 403).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<HeaderMatch>,
    /// A body field that tells this error apart, or marks a 2xx response as an error
    /// (QuickBooks' `Fault` in a 200, a GraphQL `errors` array).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<FieldMatch>,
}

/// A response header that must be present (with a value, when given).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderMatch {
    /// The header.
    pub name: String,
    /// Its value, when one value tells the error apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
}

/// A body field that must be present (with a value, when given).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldMatch {
    /// Its path (`Fault.Error[0].code`, `errors`, `ok`).
    pub field: String,
    /// Its value as text (`false` for a boolean, `"0"` for a number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
}
