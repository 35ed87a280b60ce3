//! Why a call failed, and turning transport errors and error responses into it.

use std::sync::Arc;
use std::time::SystemTime;

use auth_spec::Spec;
use http::Method;
use reqwest::Url;

use super::bare_url;
use crate::apply::ApplyError;
use crate::classify::{ProviderError, classify_at};
use crate::ratelimit::RateLimitInfo;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Refused before sending: a credential or required value is missing or malformed.
    #[error(transparent)]
    Apply(#[from] ApplyError),
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
        /// What went wrong, from the transport's error chain.
        message: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// A credential held does not fit its format; nothing was sent.
    #[error(transparent)]
    InvalidCredential(#[from] crate::InvalidCredential),
    /// An absolute URL outside the configured base URL's origin.
    #[error("refusing to send {provider} credentials to {target}; the client's base URL is {base}")]
    ForeignOrigin {
        /// The provider.
        provider: String,
        /// The URL refused (without query).
        target: String,
        /// The client's base URL.
        base: String,
    },
    /// A token could not be obtained; every request that waited for it gets this.
    #[error("could not obtain a `{credential}` token: {failure}")]
    Exchange {
        /// The credential that could not be obtained.
        credential: String,
        /// Why; shared by every request that waited for the exchange.
        failure: Arc<crate::tokens::ExchangeFailure>,
    },
    /// The client could not be configured.
    #[error("{0}")]
    Config(String),
}

impl ClientError {
    /// The classified provider error, if that is what this is.
    pub fn provider_error(&self) -> Option<&ProviderError> {
        match self {
            Self::Provider { error, .. } => Some(error),
            Self::Exchange { failure, .. } => failure
                .source
                .as_ref()
                .and_then(|s| s.downcast_ref::<ClientError>())
                .and_then(ClientError::provider_error),
            _ => None,
        }
    }
}

/// Read and classify an error response (status 400 or above).
pub(super) async fn error_of(spec: &Spec, resp: reqwest::Response) -> ProviderError {
    let status = resp.status();
    let headers = resp.headers().clone();
    // A body that cannot be read still leaves the status and headers to classify.
    let body = resp.bytes().await.unwrap_or_default();
    classify_at(spec, status, &headers, &body, SystemTime::now()).unwrap_or_else(|| ProviderError {
        provider: spec.name.clone(),
        status,
        kind: auth_spec::model::ErrorKind::Other,
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
) -> ClientError {
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
    ClientError::Transport {
        method: method.clone(),
        url: bare_url(url),
        message,
        attempts,
    }
}
