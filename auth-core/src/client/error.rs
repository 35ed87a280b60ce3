//! Why a call failed, and turning transport errors and error responses into it.
//!
//! Each error shows its own message and leaves the cause to `source()`, so a chain
//! reporter (`anyhow`'s `{:#}`) prints every step once.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use auth_spec::Spec;
use http::Method;
use reqwest::Url;

use super::apply::ApplyError;
use super::classify::{ProviderError, classify_at};
use super::deadline::TimeoutKind;
use super::limits::{ERROR_BODY_LIMIT, TokenProblem, read_bounded};
use super::ratelimit::RateLimitInfo;
use crate::format::FormatError;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// Refused before sending: a credential or required value is missing, or the
    /// transport is not safe for credentials.
    #[error(transparent)]
    Refused(#[from] ApplyError),
    /// The provider answered with an error, classified by its spec.
    #[error("{error} (after {attempts} attempt(s))")]
    Provider {
        /// The classified error.
        error: Box<ProviderError>,
        /// How many attempts were made.
        attempts: u32,
    },
    /// No usable response: connection refused, timeout, TLS failure.
    #[error("{method} {url}: {message} (after {attempts} attempt(s))")]
    Transport {
        /// The request method.
        method: Method,
        /// The URL without query or user info.
        url: String,
        /// What went wrong, from the transport's error chain (never the URL's query).
        message: String,
        /// Whether the connection was never made (so the request was not sent).
        connect: bool,
        /// How many attempts were made.
        attempts: u32,
    },
    /// A deadline passed: no connection, no response, or the whole request took too long
    /// (see [`ClientBuilder::timeout`](super::ClientBuilder::timeout)).
    #[error("{method} {url}: gave up after {limit:?} {kind} (after {attempts} attempt(s))")]
    Timeout {
        /// The request method.
        method: Method,
        /// The URL without query or user info.
        url: String,
        /// Which deadline passed.
        kind: TimeoutKind,
        /// Its length.
        limit: Duration,
        /// How many attempts were made.
        attempts: u32,
    },
    /// An absolute URL outside the client's base URL's origin.
    #[error("refusing to send {provider} credentials to {target}; the client's base URL is {base}")]
    ForeignOrigin {
        /// The provider.
        provider: String,
        /// The URL refused (without query).
        target: String,
        /// The client's base URL.
        base: String,
    },
    /// A URL that does not parse.
    #[error("`{url}` is not a valid URL")]
    BadUrl {
        /// The text given (without query).
        url: String,
    },
    /// An operation name the spec does not declare.
    #[error("{provider} has no operation `{name}`")]
    UnknownOperation {
        /// The provider.
        provider: String,
        /// The name given.
        name: String,
    },
    /// A context value the operation's own URL is made from was not given.
    #[error("operation `{operation}`'s URL needs `{parameter}`{}", .env.as_ref().map(|e| format!(" (set {e})")).unwrap_or_default())]
    MissingUrlParameter {
        /// The operation.
        operation: String,
        /// The context parameter.
        parameter: String,
        /// The variable it is read from.
        env: Option<String>,
    },
    /// A path parameter of the operation was not given.
    #[error("operation `{operation}` needs path parameter `{param}`")]
    MissingPathParam {
        /// The operation.
        operation: String,
        /// The parameter.
        param: String,
    },
    /// The request could not be built (a header or body the HTTP layer refused).
    #[error("the request could not be built: {message}")]
    Build {
        /// What the HTTP layer said (no URL).
        message: String,
    },
    /// A token could not be obtained; every request that waited for it gets this.
    #[error("could not obtain a `{credential}` token")]
    Exchange {
        /// The credential that could not be obtained.
        credential: String,
        /// Why; shared by every request that waited for the exchange.
        #[source]
        failure: Arc<ExchangeError>,
    },
    /// New credentials the spec refuses (a rotation returned a malformed key).
    #[error(transparent)]
    Credentials(#[from] crate::BuildError),
    /// A success response whose body is not what the spec describes.
    #[error("the `{operation}` response is not the body the spec describes")]
    Decode {
        /// The operation.
        operation: String,
        /// What did not fit.
        #[source]
        source: serde_json::Error,
    },
}

impl RequestError {
    /// The classified provider error, if that is what this is (also when it made a token
    /// exchange fail).
    pub fn provider_error(&self) -> Option<&ProviderError> {
        match self {
            Self::Provider { error, .. } => Some(error),
            Self::Exchange { failure, .. } => failure.provider_error(),
            _ => None,
        }
    }

    /// How many attempts were made, when anything was sent.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Self::Provider { attempts, .. }
            | Self::Transport { attempts, .. }
            | Self::Timeout { attempts, .. } => Some(*attempts),
            _ => None,
        }
    }

    /// Which deadline passed, if that is what this is (also when it made a token
    /// exchange fail).
    pub fn timeout(&self) -> Option<TimeoutKind> {
        match self {
            Self::Timeout { kind, .. } => Some(*kind),
            Self::Exchange { failure, .. } => match &**failure {
                ExchangeError::Failed { error, .. } => error.timeout(),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Why a token could not be obtained.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExchangeError {
    /// The exchange call itself failed (refused by the provider, transport).
    #[error("the `{operation}` call failed")]
    Failed {
        /// The exchange operation.
        operation: String,
        /// Why.
        #[source]
        error: Box<RequestError>,
    },
    /// No operation obtains the credential from what is held.
    #[error("no way to obtain `{credential}`: no operation issues it with the credentials held")]
    NoIssuer {
        /// The credential.
        credential: String,
    },
    /// The token is issued per subject and none was named.
    #[error("`{credential}` is issued per `{param}`; say which `{param}` the token is for")]
    SubjectRequired {
        /// The credential.
        credential: String,
        /// The parameter naming the subject.
        param: String,
    },
    /// The subject does not fit its documented format.
    #[error("`{param}` is not accepted by {provider}: {reason}")]
    InvalidSubject {
        /// The provider.
        provider: String,
        /// The parameter naming the subject.
        param: String,
        /// What is wrong with it.
        reason: FormatError,
    },
    /// The response is not JSON.
    #[error("the `{operation}` response is not the JSON the spec describes")]
    NotJson {
        /// The exchange operation.
        operation: String,
    },
    /// The response body is longer than a token response may be; the rest was not read.
    #[error("the `{operation}` response is over {limit} bytes; a token response is not that long")]
    BodyTooLarge {
        /// The exchange operation.
        operation: String,
        /// The bound ([`TOKEN_BODY_LIMIT`](super::limits::TOKEN_BODY_LIMIT)).
        limit: usize,
    },
    /// A token (or refresh token, or cookie) the response carries cannot be sent as it is;
    /// it is never used.
    #[error("the `{operation}` response's `{field}` is not a usable token")]
    BadToken {
        /// The exchange operation.
        operation: String,
        /// The field (or cookie) that carried it.
        field: String,
        /// What is wrong with it (never the token itself).
        #[source]
        problem: TokenProblem,
    },
    /// A value the exchange request sends (a templated field) has no value.
    #[error("the `{operation}` request needs parameter `{parameter}`{}", env.as_ref().map(|v| format!(" (set {v})")).unwrap_or_default())]
    MissingParameter {
        /// The exchange operation.
        operation: String,
        /// The parameter.
        parameter: String,
        /// The environment variable the spec reads it from, if any.
        env: Option<String>,
    },
    /// The response lacks the token field.
    #[error("the `{operation}` response has no `{field}` string")]
    MissingTokenField {
        /// The exchange operation.
        operation: String,
        /// The field the spec names.
        field: String,
    },
    /// A failure from a caller-supplied fetch (see
    /// [`TokenHandle::get_or_fetch`](super::tokens::TokenHandle::get_or_fetch)).
    #[error("{message}")]
    Other {
        /// What went wrong (no secret).
        message: String,
        /// How long to wait before trying again, if known.
        retry_after: Option<Duration>,
    },
}

impl ExchangeError {
    /// The provider's classified error, when the exchange call was refused.
    pub fn provider_error(&self) -> Option<&ProviderError> {
        match self {
            Self::Failed { error, .. } => error.provider_error(),
            _ => None,
        }
    }

    /// How long the provider asked to wait before the next exchange.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Other { retry_after, .. } => *retry_after,
            other => other.provider_error().and_then(|p| p.retry_after),
        }
    }
}

/// Read and classify an error response (status 400 or above), reading at most
/// [`ERROR_BODY_LIMIT`] bytes of its body, once, before `until`. A body cut short (too
/// long, too slow, or broken off) is classified on what arrived, with the status and
/// headers; the connection is then dropped rather than drained.
pub(super) async fn error_of(
    spec: &Spec,
    mut resp: reqwest::Response,
    until: tokio::time::Instant,
) -> ProviderError {
    let status = resp.status();
    let headers = std::mem::take(resp.headers_mut());
    let read = read_bounded(&mut resp, ERROR_BODY_LIMIT, until).await;
    drop(resp);
    let body = &read.bytes[..read.bytes.len().min(ERROR_BODY_LIMIT)];
    classify_at(spec, status, &headers, body, SystemTime::now()).unwrap_or_else(|| ProviderError {
        provider: spec.name.clone(),
        status,
        kind: auth_spec::model::ErrorKind::Other,
        error: None,
        name: None,
        code: None,
        message: None,
        description: None,
        details: None,
        action: auth_spec::model::ErrorAction::GiveUp,
        rate_limit: RateLimitInfo::default(),
        retry_after: None,
    })
}

pub(super) fn transport_error(
    method: &Method,
    url: &Url,
    e: &reqwest::Error,
    attempts: u32,
) -> RequestError {
    // reqwest::Error renders the full URL, query included; render its causes instead.
    let mut message = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&s.to_string());
        source = s.source();
    }
    if message.is_empty() {
        message = if e.is_timeout() {
            "timed out".into()
        } else {
            "request failed".into()
        };
    }
    RequestError::Transport {
        method: method.clone(),
        url: bare_url(url),
        message,
        connect: e.is_connect(),
        attempts,
    }
}

/// The URL without query or user info: safe in any error message.
pub(super) fn bare_url(url: &Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
}
