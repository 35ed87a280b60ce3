use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ErrorId, Table};

/// The error catalogue and the shape of the provider's error bodies.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Errors {
    /// How error bodies are written (the first of `bodies`).
    pub body: ErrorBody,
    /// Every body shape, in the order they are tried.
    pub bodies: Vec<ErrorBody>,
    /// Documented errors; each name becomes a generated error variant.
    pub catalogue: Table<ErrorId, ErrorEntry>,
}

/// How a provider writes error bodies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    /// The body's encoding.
    pub format: BodyFormat,
    /// Field holding the human-readable message: a path of keys and indexes
    /// (`errors[0].detail`), or a tag name in XML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_field: Option<String>,
    /// Field holding the machine-readable code (a path, as `message_field`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_field: Option<String>,
    /// Field holding further details (a path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details_field: Option<String>,
    /// What the documentation says about error bodies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BodyFormat {
    /// A JSON object.
    Json,
    /// Plain text: the whole body is the message.
    Text,
    /// XML: the fields are element names.
    Xml,
    /// The documentation does not say; the engine accepts JSON or text.
    Unspecified,
}

/// One documented error.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ErrorEntry {
    /// Its name in the catalogue (`scope_denied`).
    pub name: String,
    /// HTTP status code.
    pub status: u16,
    /// The body code that tells this error apart from others with the same status.
    pub code: Option<String>,
    /// The exact message the provider sends, when documented.
    pub message: Option<String>,
    /// What the error means, in the provider's words.
    pub description: String,
    /// What kind of failure this is.
    pub kind: ErrorKind,
    /// What the caller should do about it.
    pub action: ErrorAction,
    /// Text the message contains.
    pub message_contains: Option<String>,
    /// A header that tells it apart: name, and a value when one is given.
    pub header: Option<(String, Option<String>)>,
    /// A body field that tells it apart: path, and a value when one is given.
    pub when: Option<(String, Option<String>)>,
}

/// What kind of failure an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The credential is missing, invalid or expired.
    Unauthenticated,
    /// The credential is valid but not allowed to do this.
    Forbidden,
    /// The credential's scope (or workspace) does not cover the resource.
    ScopeDenied,
    /// An account or organisation quota is used up.
    QuotaExceeded,
    /// Too many requests.
    RateLimited,
    /// The account is locked (e.g. after failed logins).
    Locked,
    /// The request is malformed or lacks a required value.
    BadRequest,
    /// Anything else.
    Other,
}

impl ErrorKind {
    /// The name used in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden => "forbidden",
            Self::ScopeDenied => "scope_denied",
            Self::QuotaExceeded => "quota_exceeded",
            Self::RateLimited => "rate_limited",
            Self::Locked => "locked",
            Self::BadRequest => "bad_request",
            Self::Other => "other",
        }
    }
}

/// What a caller should do about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorAction {
    /// Wait (honouring any reset time) and try again.
    Retry,
    /// Obtain fresh credentials (refresh or log in again), then try once more.
    Reauthenticate,
    /// Fix the request (add the missing value) before trying again.
    FixRequest,
    /// Do not retry: the credential or account cannot do this.
    GiveUp,
}

impl ErrorAction {
    /// The name used in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Retry => "retry",
            Self::Reauthenticate => "reauthenticate",
            Self::FixRequest => "fix_request",
            Self::GiveUp => "give_up",
        }
    }
}
