use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{ErrorAction, ErrorBody, ErrorKind};

/// The error catalogue and the shape of the provider's error bodies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Errors {
    /// How error bodies are written.
    pub body: ErrorBody,
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
}
