//! The run-time rule engine of authspec: it interprets a provider spec
//! ([`auth_spec::Spec`]) to put credentials where the provider expects them, check and
//! identify keys, mask them in text, classify error responses, retry with backoff, keep
//! tokens fresh and verify incoming requests.
//!
//! Its three faces are its three folders:
//! - [`client`]: applying a spec to outgoing requests and (feature `reqwest`) an HTTP
//!   [`Client`] that retries, classifies and keeps tokens fresh;
//! - [`server`]: verifying incoming requests as the provider would ([`server::Verifier`],
//!   and with feature `tower` a middleware);
//! - [`scan`]: identifying keys and masking them in text.
//!
//! A gateway can load hundreds of specs at run time; a generated provider crate uses the
//! same engine with its compiled-in spec (through [`provider`]). Nothing here is specific
//! to one provider.
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
//! the server-side middleware; `redis` for keys, rate-limit and lockout counters and client
//! tokens shared by many replicas through Redis (`redis` module).

#![warn(missing_docs)]

mod backend;
pub mod client;
mod credentials;
mod error;
pub mod format;
#[cfg(feature = "reqwest")]
pub mod provider;
#[cfg(feature = "redis")]
pub mod redis;
pub mod route;
pub mod scan;
pub mod scopes;
mod secret;
pub mod server;
mod short;
pub mod signing;

pub use auth_spec as spec;
pub use client::apply::{Applied, ApplyError, ApplyOptions, Authenticator};
pub use client::classify::{ProviderError, classify};
pub use client::ratelimit::{LimitState, RateLimitInfo};
#[cfg(feature = "reqwest")]
pub use client::{
    Client, ClientBuilder, ExchangeError, Interceptor, Meter, RequestError, TimeoutKind,
};
pub use credentials::{Credentials, EnvError, InvalidCredential, env_secret};
pub use error::BuildError;
pub use format::FormatError;
/// The `http` crate, whose types are at the engine's boundaries.
pub use http;
/// The `reqwest` crate, whose requests and responses the client sends and returns.
#[cfg(feature = "reqwest")]
pub use reqwest;
pub use scan::{Identifier, Identity, Redactor};
pub use secret::Secret;

/// What generated provider crates expand to; not part of the public API. One short list,
/// so the contract between the generator and the engine is explicit.
#[doc(hidden)]
pub mod __codegen {
    pub use serde;
    pub use serde_json;
}
