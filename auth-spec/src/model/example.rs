//! Conformance vectors, resolved: the documentation's examples with their operation,
//! credentials, parameters and catalogue entry looked up.

use super::{
    CredentialId, ErrorAction, ErrorId, ErrorKind, HttpMethod, OperationId, ParameterId, PartId,
};

/// One example from the documentation (see `authspec test`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Example {
    /// What it shows.
    pub description: String,
    /// The page it comes from.
    pub source: Option<String>,
    /// A request to make, and what it must look like on the wire.
    pub request: Option<(ExampleRequest, Wire)>,
    /// A response, and the meaning it must be given.
    pub response: Option<(ExampleResponse, Classified)>,
}

/// The request of an example.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ExampleRequest {
    /// The operation called.
    pub operation: OperationId,
    /// Credential values.
    pub credentials: Vec<(CredentialId, PartId, String)>,
    /// Context parameter values.
    pub parameters: Vec<(ParameterId, String)>,
    /// Path parameter values.
    pub path: Vec<(String, String)>,
    /// Query parameters of the call itself.
    pub query: Vec<(String, String)>,
    /// A JSON body of the call itself.
    pub json: Option<serde_json::Value>,
    /// A form body of the call itself, in order.
    pub form: Vec<(String, String)>,
    /// The environment chosen.
    pub environment: Option<String>,
    /// What the engine's clock reads when it signs (ms since the Unix epoch).
    pub clock_millis: Option<u64>,
}

/// A request as it must be sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Wire {
    /// The method.
    pub method: HttpMethod,
    /// The full URL.
    pub url: String,
    /// Headers that must be present with these values.
    pub headers: Vec<(String, String)>,
    /// Headers that must be absent.
    pub absent_headers: Vec<String>,
    /// The exact body.
    pub body: Option<String>,
}

/// A response from the documentation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ExampleResponse {
    /// The status.
    pub status: u16,
    /// Its headers.
    pub headers: Vec<(String, String)>,
    /// Its body.
    pub body: Option<String>,
}

/// The meaning a response must be given.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Classified {
    /// The catalogue entry (none: undocumented).
    pub error: Option<ErrorId>,
    /// Its kind.
    pub kind: ErrorKind,
    /// What to do.
    pub action: ErrorAction,
    /// The message shown.
    pub message: Option<String>,
    /// The provider's code.
    pub code: Option<String>,
    /// Seconds to wait before retrying.
    pub retry_after_seconds: Option<f64>,
}
