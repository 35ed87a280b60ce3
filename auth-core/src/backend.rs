//! What every store behind the engine shares: the boxed future its methods return and the
//! error a remote store (Redis) answers with when it cannot be reached in time.
//!
//! An in-memory store never fails; a shared one can. The verifier turns a [`StoreError`]
//! into the provider's 5xx-class answer (it never lets a request through on a failure),
//! and the client's token cache goes on serving what it holds locally.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A boxed future, so store traits stay object-safe (`Arc<dyn KeyStore>`).
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why a shared store did not answer. Holds no secret, key or token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The store did not answer within its deadline.
    #[error("the {store} did not answer within {after:?}")]
    Timeout {
        /// Which store (`key store`, `limit store`, `token store`).
        store: &'static str,
        /// The deadline that passed.
        after: Duration,
    },
    /// The store could not be reached or refused the command.
    #[error("the {store} is unavailable: {reason}")]
    Unavailable {
        /// Which store.
        store: &'static str,
        /// What the connection reported (no credentials: connection URLs are never
        /// included).
        reason: String,
    },
    /// The store answered with something that is not what this crate writes there.
    #[error("the {store} holds a malformed entry: {reason}")]
    Corrupt {
        /// Which store.
        store: &'static str,
        /// What did not parse.
        reason: String,
    },
}
