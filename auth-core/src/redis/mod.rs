//! Redis as the shared backend of many replicas (feature `redis`): the server's keys, its
//! rate-limit and lockout counters, and the client's tokens with a cross-process lock.
//!
//! ```no_run
//! # async fn run() -> Result<(), auth_core::server::StoreError> {
//! use std::sync::Arc;
//! let redis = auth_core::redis::RedisBackend::connect("redis://127.0.0.1/", "myapp").await?;
//! let keys = Arc::new(redis.key_store()); // a `KeyStore` + `KeyAdmin` for a `Verifier`
//! let limits = Arc::new(redis.limits()); // a `LimitStore`
//! # Ok(()) }
//! ```
//!
//! Every entry lives under `{namespace}:` so that several applications (or tests) can share
//! one Redis. Nothing secret is written: keys by their SHA-256 digest, rate-limit buckets
//! and lockout keys (which name client addresses and accounts) by a digest too. Tokens are
//! the exception by nature: a client's `RedisTokenStore`
//! holds the tokens its replicas share, as any shared token cache must.
//!
//! # Failures
//!
//! Every command has a deadline ([`RedisConfig::timeout`]); the connection reconnects by
//! itself when Redis comes back. A failure is a [`StoreError`]: the verifier then refuses
//! the request with the provider's 5xx-class answer and logs it, and the client's token
//! cache keeps serving the tokens it holds and says so in a `warn` event.
//!
//! # Persistence
//!
//! A restart of Redis loses only what its persistence setting allows. For keys that must
//! survive one, run Redis with the append-only file on and synced on every write
//! (`appendonly yes`, `appendfsync always`), as this crate's restart test does; with the
//! default snapshots alone, keys created since the last snapshot are lost.

mod keys;
mod limits;
#[cfg(feature = "reqwest")]
mod tokens;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

pub use keys::RedisKeyStore;
pub use limits::RedisLimits;
#[cfg(feature = "reqwest")]
pub use tokens::RedisTokenStore;

use crate::backend::StoreError;

/// Deadlines for talking to Redis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedisConfig {
    /// How long one command may take, reconnecting included; past it the command fails.
    pub timeout: Duration,
    /// How long connecting may take.
    pub connect_timeout: Duration,
}

impl Default for RedisConfig {
    /// 500 ms per command and 2 s to connect: a verifier answers (refuses) within half a
    /// second when Redis is down or stalled, rather than holding the request.
    fn default() -> Self {
        RedisConfig {
            timeout: Duration::from_millis(500),
            connect_timeout: Duration::from_secs(2),
        }
    }
}

/// A connection to Redis (reconnecting on its own) and a namespace.
#[derive(Clone)]
pub struct RedisBackend {
    inner: Arc<Shared>,
}

struct Shared {
    conn: ConnectionManager,
    namespace: String,
    config: RedisConfig,
}

impl std::fmt::Debug for RedisBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the URL: it may carry a password.
        f.debug_struct("RedisBackend")
            .field("namespace", &self.inner.namespace)
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// A Redis error as a [`StoreError`] (the text names no URL and no credential).
pub(crate) fn failed(store: &'static str, e: redis::RedisError) -> StoreError {
    if e.is_timeout() {
        StoreError::Timeout {
            store,
            after: Duration::ZERO,
        }
    } else {
        StoreError::Unavailable {
            store,
            reason: format!("{:?}: {}", e.kind(), e.detail().unwrap_or("no detail")),
        }
    }
}

impl RedisBackend {
    /// Connect to the Redis at `url` (`redis://host:port/db`), with [`RedisConfig::default`].
    pub async fn connect(url: &str, namespace: &str) -> Result<Self, StoreError> {
        Self::connect_with(url, namespace, RedisConfig::default()).await
    }

    /// Connect with the given deadlines.
    pub async fn connect_with(
        url: &str,
        namespace: &str,
        config: RedisConfig,
    ) -> Result<Self, StoreError> {
        let store = "redis connection";
        let client = redis::Client::open(url).map_err(|e| StoreError::Unavailable {
            store,
            // The parser's message, not the URL (it may carry a password).
            reason: format!("the URL is not a Redis URL ({:?})", e.kind()),
        })?;
        let manager = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(config.connect_timeout))
            .set_response_timeout(Some(config.timeout))
            .set_number_of_retries(2)
            .set_max_delay(Duration::from_millis(200));
        let conn = tokio::time::timeout(
            config.connect_timeout,
            ConnectionManager::new_with_config(client, manager),
        )
        .await
        .map_err(|_| StoreError::Timeout {
            store,
            after: config.connect_timeout,
        })?
        .map_err(|e| failed(store, e))?;
        Ok(RedisBackend {
            inner: Arc::new(Shared {
                conn,
                namespace: namespace.to_owned(),
                config,
            }),
        })
    }

    /// The key store: keys by digest, with their records.
    pub fn key_store(&self) -> RedisKeyStore {
        RedisKeyStore::new(self.clone())
    }

    /// Rate-limit and lockout counters.
    pub fn limits(&self) -> RedisLimits {
        RedisLimits::new(self.clone())
    }

    /// A client's token store, with the cross-process lock that keeps one exchange per
    /// token across replicas.
    #[cfg(feature = "reqwest")]
    pub fn token_store(&self) -> RedisTokenStore {
        RedisTokenStore::new(self.clone())
    }

    /// The namespace entries are written under.
    pub fn namespace(&self) -> &str {
        &self.inner.namespace
    }

    /// `{namespace}:{kind}:{rest}`.
    pub(crate) fn key(&self, kind: &str, rest: &str) -> String {
        format!("{}:{kind}:{rest}", self.inner.namespace)
    }

    /// Run `f` on a connection within the command deadline.
    pub(crate) async fn run<T, F, Fut>(&self, store: &'static str, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        let after = self.inner.config.timeout;
        match tokio::time::timeout(after, f(self.inner.conn.clone())).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) if e.is_timeout() => Err(StoreError::Timeout { store, after }),
            Ok(Err(e)) => Err(failed(store, e)),
            Err(_) => Err(StoreError::Timeout { store, after }),
        }
    }
}

/// Lower-case hex SHA-256 of `text`: how buckets and lockout keys (client addresses,
/// accounts) are named in Redis.
pub(crate) fn hashed(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let d: [u8; 32] = Sha256::digest(text.as_bytes()).into();
    crate::server::KeyDigest::from_bytes(d).to_hex()
}
