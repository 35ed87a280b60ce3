//! The client face of the engine: applying a spec to outgoing requests, classifying the
//! answers, retrying, and keeping tokens fresh.
//!
//! [`apply`] works on any request type (`http::Request`, `reqwest::Request`); the rest
//! (feature `reqwest`) is an HTTP client that follows a spec. Its loop, per attempt:
//! choose the credential → resolve its identity (held, or a token from the cache handle
//! the client keeps per credential and subject) → apply → send → classify → retry policy.
//!
//! Security properties the client keeps, each tested over loopback HTTP:
//! - credentials never follow a redirect to another origin (scheme, host or port), so an
//!   https-to-http downgrade is never followed either; the 3xx comes back to the caller;
//! - no `Referer` header is sent, so a query string never leaks to the next hop;
//! - plain HTTP is refused except to loopback, and an absolute URL outside the base URL's
//!   origin is refused before anything is sent;
//! - errors carry the URL without its query (where credentials may sit), never
//!   `reqwest::Error`'s own rendering with the full URL;
//! - every request is bounded in time (connect, attempt, overall: [`ClientBuilder`]), a
//!   token exchange included, and a timed-out exchange fails its waiters without
//!   blocking the next try;
//! - error, token and inspected bodies are read once, up to a bound ([`limits`]); a
//!   success body reaches the caller unread, to stream;
//! - a failure that would repeat (a redirect loop, an unparsable response head) is not
//!   retried, and a token longer than [`limits::TOKEN_LENGTH_LIMIT`] or with a byte a
//!   header cannot carry is refused before it is sent.

pub mod apply;
pub mod classify;
pub mod ratelimit;
pub mod retry;

#[cfg(feature = "reqwest")]
mod builder;
#[cfg(feature = "reqwest")]
mod deadline;
#[cfg(feature = "reqwest")]
mod error;
#[cfg(feature = "reqwest")]
mod exchange;
#[cfg(feature = "reqwest")]
mod identity;
#[cfg(feature = "reqwest")]
mod interceptor;
#[cfg(feature = "reqwest")]
pub mod limits;
#[cfg(feature = "reqwest")]
mod read_mostly;
#[cfg(feature = "reqwest")]
mod request;
#[cfg(feature = "reqwest")]
pub mod tokens;

#[cfg(feature = "reqwest")]
pub use builder::ClientBuilder;
#[cfg(feature = "reqwest")]
pub use deadline::TimeoutKind;
#[cfg(feature = "reqwest")]
pub use error::{ExchangeError, RequestError};
#[cfg(feature = "reqwest")]
pub use interceptor::{Call, Counts, Interceptor, Meter};
#[cfg(feature = "reqwest")]
pub use request::{RequestBuilder, SendOptions};

#[cfg(feature = "reqwest")]
mod engine;
#[cfg(feature = "reqwest")]
pub use engine::Client;
