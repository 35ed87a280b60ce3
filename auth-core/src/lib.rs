//! The run-time rule engine of authspec: it interprets a provider spec
//! ([`auth_spec::Spec`]) to put credentials where the provider expects them, check and
//! identify keys, mask them in text, classify error responses, retry with backoff, keep
//! tokens fresh and verify incoming requests.
//!
//! A gateway can load hundreds of specs at run time; a generated provider crate calls the
//! same functions with its compiled-in spec. Nothing here is specific to one provider.

#![warn(missing_docs)]
pub mod apply;
pub mod classify;
#[cfg(feature = "reqwest")]
pub mod client;
mod credentials;
pub mod format;
pub mod identify;
pub mod ratelimit;
pub mod redact;
pub mod retry;
pub mod scopes;
pub mod secret;
#[cfg(feature = "reqwest")]
pub mod tokens;
pub mod verify;

pub use apply::{Applied, ApplyError, ApplyOptions, Authenticator};
pub use auth_spec as spec;
pub use classify::{ProviderError, classify};
#[cfg(feature = "reqwest")]
pub use client::{Client, ClientBuilder, ClientError, Meter, Observer};
pub use credentials::{Credentials, EnvError, InvalidCredential, env_secret};
pub use format::FormatError;
pub use identify::{Identifier, Identity};
pub use ratelimit::RateLimitInfo;
pub use redact::Redactor;
pub use secret::Secret;

/// Re-exports used by generated code; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use http;
    pub use indexmap::IndexMap;
    #[cfg(feature = "reqwest")]
    pub use reqwest;
    pub use serde;
    pub use serde_json;
}
