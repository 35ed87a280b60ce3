//! The run-time rule engine of authspec: it interprets a provider spec
//! ([`auth_spec::Spec`]) to put credentials where the provider expects them, check and
//! identify keys, mask them in text, classify error responses, retry with backoff, keep
//! tokens fresh and verify incoming requests.
//!
//! A gateway can load hundreds of specs at run time; a generated provider crate calls the
//! same functions with its compiled-in spec. Nothing here is specific to one provider.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//!
//! // A spec loaded at run time (a generated crate has its own compiled in).
//! let spec = Arc::new(auth_spec::load_file("providers/weevio/weevio.yaml")?);
//! // Credentials from the spec's variables: WEEVIO_API_ID, WEEVIO_API_SECRET, WEEVIO_TEAM_ID.
//! let client = auth_core::Client::builder(spec.clone()).from_env().build()?;
//! match client.operation("get_customer", &[]).query(&[("customerCode", "M-1000")]).send().await {
//!     Ok(resp) => println!("{}", resp.text().await?),
//!     // The provider's error, classified by its spec: kind, code, message, what to do.
//!     Err(e) => eprintln!("{e}"),
//! }
//!
//! // Which provider and kind of key is this, across every spec loaded?
//! let ids = auth_core::Identifier::new([spec.as_ref()])?;
//! assert!(ids.identify("not-a-known-key").is_none());
//! # Ok(())
//! # }
//! ```
//!
//! Features: `reqwest` (default) for the HTTP [`Client`] and the token cache; `tower` for
//! [`verify::VerifyLayer`], the server-side middleware.

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
