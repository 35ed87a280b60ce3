//! A sandbox server that enforces a provider spec over real HTTP on 127.0.0.1.
//!
//! Every request is verified with [`auth_core::server::Verifier`], exactly as the tower
//! layer does, and refused in the provider's own format. The operations the spec names are
//! served by their `role` (never by provider name):
//!
//! | role | behaviour |
//! | --- | --- |
//! | `login` | checks the login credential; issues the exchanged token with its lifetime and sets the spec's cookies (HttpOnly); failed logins lock the client out of that account (see [`Lockout`]) when the spec documents a `locked` error |
//! | `refresh` | the refresh credential (e.g. the `refresh_token` cookie) yields a fresh token; the refresh token is spent and a new one set (rotation on use) |
//! | `rotate_key` | replaces the key in the path; the old value stops working at once; the new one is returned |
//! | `create_key` | creates a key and returns its plain value once |
//! | `list_keys` | lists keys (ids, names, dates), never their values |
//! | `get_key_permissions` / `put_key_permissions` | reads / replaces a key's permissions |
//! | `issue_user_token` | issues a token for the subject in the path, `expires_in` honoured |
//! | `client_credentials` | the OAuth 2.0 client credentials grant (RFC 6749 §4.4): the client authenticates as the spec places it (Basic or body), the spec's constant fields are checked, and the token (with a refresh token and context values when the response declares them) is written at the `issues` paths; errors are RFC 6749 §5.2 bodies |
//! | `refresh` with a `grant_type` | the refresh token grant (§6): a refresh token is used once when the response hands out a new one, and one presented again revokes its whole grant (RFC 9700 §4.14.2) |
//! | `verify` and any other path | echoes method, path, query and the principal |
//!
//! # State, and what bounds it
//!
//! Keys and tokens live in a [`KeyAdmin`] store: in memory by default, or in Redis (feature
//! `redis`) so that several sandbox processes share them. Tokens and refresh tokens expire
//! and are purged; a refresh token works once. Rate-limit windows and lockouts live in a
//! [`LimitStore`], bounded in memory or shared in Redis.
//!
//! **Rate limits** (when the spec documents them) are counted *after* authentication, per
//! credential (the key or token's id), so that nobody can spend another caller's window;
//! requests that fail authentication are counted per client address. **Lockout** is keyed
//! on the client address *and* the account: failed logins from one address lock that
//! address out of that account, with a backoff, so an attacker elsewhere cannot lock the
//! owner out by guessing (see [`Lockout`]).
//!
//! Tokens are random strings from the operating system's generator, stored by digest like
//! every key; an exchanged token with no prefix rule is JWT-shaped
//! (`header.payload.nonce`, `alg: none`) so clients that read `exp` work, but it is **not a
//! signed JWT**: the sandbox never trusts its contents, only its digest.
//!
//! The server bounds what one client can hold (see [`ServeLimits`]): header, idle and body
//! timeouts, a cap on open connections, 413 at once for a declared body over the limit,
//! and request heads that could be read two ways (a bare LF, `Content-Length` with
//! `Transfer-Encoding`) refused with 400 and a closed connection.

#![warn(missing_docs)]

mod framing;
mod keys;
mod oauth;
mod ops;
mod random;
mod server;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use auth_core::server::limits::{LimitStore, LockoutPolicy, MemoryLimits};
use auth_core::server::{
    KeyAdmin, MemoryKeyStore, Problem, RateLimitStatus, Rejection, StoreError, Verifier,
    rate_limit_headers,
};
use auth_spec::Spec;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};

pub use keys::{KeyEntry, KeysFile, LoadedKey, Lockout, RateLimitConfig, TokenConfig};
pub use server::ServeLimits;

/// Largest request body the sandbox reads by default ([`ServeLimits::max_body_bytes`]).
pub const BODY_LIMIT: usize = 64 * 1024;

/// Why a sandbox could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The keys file is unreadable or does not fit the spec.
    #[error("keys: {0}")]
    Keys(String),
    /// The key store did not take the keys.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Binding or serving failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Where a sandbox keeps its keys, tokens and counters.
#[derive(Clone)]
pub struct Backend {
    /// Keys and tokens.
    pub keys: Arc<dyn KeyAdmin>,
    /// Rate-limit windows and lockouts.
    pub limits: Arc<dyn LimitStore>,
}

impl Backend {
    /// Both in this process's memory (bounded; see [`MemoryLimits`]).
    pub fn memory() -> Self {
        Backend {
            keys: Arc::new(MemoryKeyStore::new()),
            limits: Arc::new(MemoryLimits::default()),
        }
    }

    /// Both in the Redis at `url`, shared with every sandbox using the same Redis and
    /// `namespace` (see [`auth_core::redis`]).
    #[cfg(feature = "redis")]
    pub async fn redis(url: &str, namespace: &str) -> Result<Self, SandboxError> {
        let conn = auth_core::redis::RedisBackend::connect(url, namespace).await?;
        Ok(Backend {
            keys: Arc::new(conn.key_store()),
            limits: Arc::new(conn.limits()),
        })
    }
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backend").finish_non_exhaustive()
    }
}

/// A sandbox for one provider spec, ready to serve.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("provider", &self.inner.spec.name)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    pub(crate) spec: Arc<Spec>,
    pub(crate) verifier: Verifier,
    pub(crate) store: Arc<dyn KeyAdmin>,
    pub(crate) limits: Arc<dyn LimitStore>,
    keys: Vec<LoadedKey>,
    pub(crate) lockout: LockoutPolicy,
    rate: RateLimitConfig,
    pub(crate) tokens: TokenConfig,
    /// Refresh-token grants of the OAuth 2.0 token endpoints, for rotation and replay
    /// detection.
    pub(crate) families: tokio::sync::Mutex<oauth::Families>,
    /// Lifetime of the tokens the token endpoints issue, when the keys file sets one.
    pub(crate) token_lifetime: Option<u64>,
    /// How far this server's clock is ahead of the real one (negative: behind), in
    /// seconds: what its `Date` headers and expiry times say.
    clock_skew: i64,
}

impl Sandbox {
    /// A sandbox for `spec` with the keys in `keys`, in memory. The spec may be shared (a
    /// generated crate's `spec()` is an `Arc<Spec>`): the sandbox keeps it as one, like
    /// the [`Verifier`] it serves with, so nothing is copied.
    pub fn new(spec: impl Into<Arc<Spec>>, keys: &KeysFile) -> Result<Self, SandboxError> {
        Self::with_clock(spec, keys, auth_core::signing::SigningClock::system())
    }

    /// As [`Sandbox::new`], reading the time for signed requests (JWT expiry, timestamps,
    /// Digest nonces) from `clock`: tests move a manual one.
    pub fn with_clock(
        spec: impl Into<Arc<Spec>>,
        keys: &KeysFile,
        clock: auth_core::signing::SigningClock,
    ) -> Result<Self, SandboxError> {
        let spec = spec.into();
        let store = Arc::new(MemoryKeyStore::new());
        let (loaded, records) = keys::load(&spec, keys)?;
        for d in records {
            match d.signing {
                Some((identity, key)) => store.insert_signing(d.record, &identity, key),
                None => store.insert_digest(d.record, d.digest),
            }
        }
        let backend = Backend {
            keys: store,
            limits: Arc::new(MemoryLimits::default()),
        };
        Ok(Self::assemble(spec, keys, loaded, backend, clock))
    }

    /// A sandbox on `backend` (a shared Redis, say). The keys file's keys are added where
    /// no key with their id exists yet: a sandbox joining others keeps the keys they
    /// rotated. Signing credentials (HMAC, JWT, Digest) need their keys in memory: use
    /// [`Sandbox::new`] for them.
    pub async fn with_backend(
        spec: impl Into<Arc<Spec>>,
        keys: &KeysFile,
        backend: Backend,
    ) -> Result<Self, SandboxError> {
        let spec = spec.into();
        let (loaded, records) = keys::load(&spec, keys)?;
        for d in records {
            if d.signing.is_some() {
                return Err(SandboxError::Keys(format!(
                    "key `{}`: a signing credential's key is checked in memory; a shared backend cannot hold it",
                    d.record.id
                )));
            }
            if backend.keys.record(&d.record.id).await?.is_none() {
                backend.keys.add(d.record, d.digest).await?;
            }
        }
        let clock = auth_core::signing::SigningClock::system();
        Ok(Self::assemble(spec, keys, loaded, backend, clock))
    }

    fn assemble(
        spec: Arc<Spec>,
        keys: &KeysFile,
        loaded: Vec<LoadedKey>,
        b: Backend,
        clock: auth_core::signing::SigningClock,
    ) -> Self {
        let verifier = Verifier::new(spec.clone(), b.keys.clone()).with_clock(clock);
        Sandbox {
            inner: Arc::new(Inner {
                spec,
                verifier,
                store: b.keys,
                limits: b.limits,
                keys: loaded,
                lockout: keys.lockout.policy(),
                rate: keys.rate_limit,
                tokens: keys.tokens,
                families: tokio::sync::Mutex::new(oauth::Families::default()),
                token_lifetime: keys.token_lifetime_seconds,
                clock_skew: keys.clock_skew_seconds,
            }),
        }
    }

    /// A sandbox with the provider's default keys ([`KeysFile::default_for`]).
    pub fn with_default_keys(spec: impl Into<Arc<Spec>>) -> Result<Self, SandboxError> {
        let spec = spec.into();
        let keys = KeysFile::default_for(&spec)?;
        Self::new(spec, &keys)
    }

    /// The keys it accepts at start.
    pub fn keys(&self) -> &[LoadedKey] {
        &self.inner.keys
    }

    /// The spec it enforces.
    pub fn spec(&self) -> &Spec {
        &self.inner.spec
    }

    /// The path prefix it serves under (the base URL's path).
    pub fn base_path(&self) -> &str {
        self.inner.verifier.base_path()
    }

    /// The key store (to inspect or add keys while serving).
    pub fn store(&self) -> &Arc<dyn KeyAdmin> {
        &self.inner.store
    }

    /// Let `by` pass for the keys and tokens it holds: every expiry comes `by` closer, so
    /// tests see tokens expire without waiting.
    pub async fn advance(&self, by: Duration) -> Result<(), StoreError> {
        for mut record in self.inner.store.records().await? {
            if let Some(at) = record.expires_at {
                record.expires_at = Some(at.checked_sub(by).unwrap_or(SystemTime::UNIX_EPOCH));
                self.inner.store.put(record).await?;
            }
        }
        Ok(())
    }

    /// The rate-limit and lockout counters.
    pub fn limits(&self) -> &Arc<dyn LimitStore> {
        &self.inner.limits
    }

    /// The axum app: one handler for every path. The client's address (for lockouts and
    /// the rate limit of unauthenticated requests) is read from axum's [`ConnectInfo`]
    /// when the server provides it, as [`Sandbox::serve`] does.
    pub fn router(&self) -> axum::Router {
        axum::Router::new()
            .fallback(handle)
            .with_state(self.inner.clone())
    }

    /// Serve on `listener` under [`ServeLimits::default`] until the task is dropped.
    pub async fn serve(self, listener: tokio::net::TcpListener) -> std::io::Result<()> {
        self.serve_with(listener, ServeLimits::default()).await
    }

    /// Serve on `listener` under `limits` until the task is dropped.
    pub async fn serve_with(
        self,
        listener: tokio::net::TcpListener,
        limits: ServeLimits,
    ) -> std::io::Result<()> {
        server::serve(listener, self.router(), limits).await
    }

    /// Bind `127.0.0.1:port` (0: any free port) and serve in a background task.
    pub async fn spawn(self, port: u16) -> Result<(SocketAddr, SandboxHandle), SandboxError> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(self.serve(listener));
        Ok((addr, SandboxHandle { task }))
    }

    /// Serve on an ephemeral loopback port; returns the base URL a client uses (address
    /// and the spec's path prefix, e.g. `http://127.0.0.1:41234/api/v1`).
    pub async fn start(self) -> Result<(String, SandboxHandle), SandboxError> {
        let base = self.base_path().to_owned();
        let (addr, handle) = self.spawn(0).await?;
        Ok((format!("http://{addr}{base}"), handle))
    }
}

/// A running sandbox; dropping it stops the server.
#[derive(Debug)]
pub struct SandboxHandle {
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl SandboxHandle {
    /// Wait until the server stops (it only stops on error).
    pub async fn join(mut self) -> std::io::Result<()> {
        match (&mut self.task).await {
            Ok(r) => r,
            Err(e) => Err(std::io::Error::other(e)),
        }
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Inner {
    /// The time by this server's clock (see `clock_skew`).
    pub(crate) fn server_now(&self) -> SystemTime {
        let now = SystemTime::now();
        let skew = Duration::from_secs(self.clock_skew.unsigned_abs());
        if self.clock_skew >= 0 {
            now + skew
        } else {
            now.checked_sub(skew).unwrap_or(now)
        }
    }
}

/// Who is calling, for the counters that must not be shared between callers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Client(pub(crate) Option<IpAddr>);

impl std::fmt::Display for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(ip) => ip.fmt(f),
            None => f.write_str("unknown"),
        }
    }
}

impl Inner {
    /// The refusal for a failed store, logged: the sandbox fails closed.
    pub(crate) fn unavailable(&self, error: &StoreError) -> Rejection {
        tracing::error!(provider = %self.spec.name, %error, "limit or key store unavailable: request refused");
        self.verifier.reject(Problem::Unavailable)
    }

    /// Count a request in `bucket`'s window; `(status, over the limit)`.
    pub(crate) async fn hit(&self, bucket: &str) -> Result<(RateLimitStatus, bool), Rejection> {
        let len = Duration::from_secs(self.rate.window_seconds.max(1));
        let w = self
            .limits
            .hit(bucket, len, SystemTime::now())
            .await
            .map_err(|e| self.unavailable(&e))?;
        let status = RateLimitStatus {
            limit: self.rate.limit,
            remaining: self.rate.limit.saturating_sub(w.count),
            reset: w.reset,
        };
        Ok((status, w.count > self.rate.limit))
    }

    /// The lockout key of `account` for `client`.
    pub(crate) fn lock_key(client: Client, account: &str) -> String {
        format!("{client} {account}")
    }
}

async fn handle(State(inner): State<Arc<Inner>>, req: Request) -> Response {
    let client = Client(
        req.extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip()),
    );
    let (parts, body) = req.into_parts();
    let bytes = match server::read_body(&inner.verifier, &parts, body).await {
        Ok(bytes) => bytes,
        Err(refused) => return refused,
    };
    let (mut res, limited) = ops::dispatch(&inner, &parts, &bytes, client).await;
    if let (Some(rl), Some(status)) = (&inner.spec.rate_limit, limited)
        && (rl.on_every_response || rl.is_limited(res.status().as_u16()))
    {
        res.headers_mut()
            .extend(rate_limit_headers(&inner.spec, &status));
    }
    res.into_response()
}
