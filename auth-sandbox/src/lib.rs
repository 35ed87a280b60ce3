//! A sandbox server that enforces a provider spec over real HTTP on 127.0.0.1.
//!
//! Every request is verified with [`auth_core::server::Verifier`], exactly as the tower
//! layer does, and refused in the provider's own format. The operations the spec names are
//! served by their `role` (never by provider name):
//!
//! | role | behaviour |
//! | --- | --- |
//! | `login` | checks the login credential; issues the exchanged token with its lifetime and sets the spec's cookies (HttpOnly); failed logins lock the account (see [`Lockout`]) when the spec documents a `locked` error |
//! | `refresh` | the refresh credential (e.g. the `refresh_token` cookie) yields a fresh token |
//! | `rotate_key` | replaces the key in the path; the old value stops working at once; the new one is returned |
//! | `create_key` | creates a key and returns its plain value once |
//! | `list_keys` | lists keys (ids, names, dates), never their values |
//! | `get_key_permissions` / `put_key_permissions` | reads / replaces a key's permissions |
//! | `issue_user_token` | issues a token for the subject in the path, `expires_in` honoured |
//! | `verify` and any other path | echoes method, path, query and the principal |
//!
//! Rate limiting (when the spec documents it) uses one fixed window per sandbox and sends
//! the spec's headers. Tokens are random strings, stored by digest like every key; an
//! exchanged token with no prefix rule is JWT-shaped (`header.payload.nonce`, `alg: none`)
//! so clients that read `exp` work, but it is **not a signed JWT**: the sandbox never
//! trusts its contents, only its digest. Randomness comes from `fastrand`, which is not a
//! cryptographic generator: fine for a sandbox, not for production keys.
//!
//! The server bounds what one client can hold (see [`ServeLimits`]): header, idle and body
//! timeouts, a cap on open connections, 413 at once for a declared body over the limit,
//! and request heads that could be read two ways (a bare LF, `Content-Length` with
//! `Transfer-Encoding`) refused with 400 and a closed connection.

#![warn(missing_docs)]

mod framing;
mod keys;
mod ops;
mod server;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use auth_core::server::{MemoryKeyStore, Problem, RateLimitStatus, Verifier, rate_limit_headers};
use auth_spec::Spec;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

pub use keys::{KeyEntry, KeysFile, LoadedKey, Lockout, RateLimitConfig};
pub use server::ServeLimits;

/// Largest request body the sandbox reads by default ([`ServeLimits::max_body_bytes`]).
pub const BODY_LIMIT: usize = 64 * 1024;

/// Why a sandbox could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The keys file is unreadable or does not fit the spec.
    #[error("keys: {0}")]
    Keys(String),
    /// Binding or serving failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
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
    pub(crate) store: Arc<MemoryKeyStore>,
    keys: Vec<LoadedKey>,
    lockout: Lockout,
    rate: RateLimitConfig,
    window: Mutex<(SystemTime, Instant, u64)>,
    failures: Mutex<HashMap<String, (u32, Option<Instant>)>>,
}

impl Sandbox {
    /// A sandbox for `spec` with the keys in `keys`. The spec may be shared (a generated
    /// crate's `spec()` is an `Arc<Spec>`): the sandbox keeps it as one, like the
    /// [`Verifier`] it serves with, so nothing is copied.
    pub fn new(spec: impl Into<Arc<Spec>>, keys: &KeysFile) -> Result<Self, SandboxError> {
        let spec = spec.into();
        let store = Arc::new(MemoryKeyStore::new());
        let loaded = keys::load(&spec, keys, &store)?;
        let verifier = Verifier::new(spec.clone(), store.clone());
        Ok(Sandbox {
            inner: Arc::new(Inner {
                spec,
                verifier,
                store,
                keys: loaded,
                lockout: keys.lockout,
                rate: keys.rate_limit,
                window: Mutex::new((SystemTime::now(), Instant::now(), 0)),
                failures: Mutex::new(HashMap::new()),
            }),
        })
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
    pub fn store(&self) -> &Arc<MemoryKeyStore> {
        &self.inner.store
    }

    /// The axum app: one handler for every path.
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
    /// Count a request in the window; `(status, over the limit)`.
    fn hit(&self) -> (RateLimitStatus, bool) {
        let mut w = self.window.lock().unwrap_or_else(|e| e.into_inner());
        let len = Duration::from_secs(self.rate.window_seconds.max(1));
        if w.1.elapsed() >= len {
            *w = (SystemTime::now(), Instant::now(), 0);
        }
        w.2 = w.2.saturating_add(1);
        let status = RateLimitStatus {
            limit: self.rate.limit,
            remaining: self.rate.limit.saturating_sub(w.2),
            reset: w.0 + len,
        };
        (status, w.2 > self.rate.limit)
    }

    /// Whether `account` is locked now.
    pub(crate) fn locked(&self, account: &str) -> bool {
        let f = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        f.get(account)
            .and_then(|(_, until)| *until)
            .is_some_and(|until| Instant::now() < until)
    }

    /// Record a login outcome for `account`.
    pub(crate) fn login_result(&self, account: &str, ok: bool) {
        let mut f = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if ok {
            f.remove(account);
            return;
        }
        let entry = f.entry(account.to_owned()).or_insert((0, None));
        if entry.1.is_some_and(|until| Instant::now() >= until) {
            *entry = (0, None);
        }
        entry.0 = entry.0.saturating_add(1);
        if entry.0 >= self.lockout.after_failures.max(1) {
            entry.1 = Some(Instant::now() + Duration::from_secs(self.lockout.seconds));
        }
    }
}

async fn handle(State(inner): State<Arc<Inner>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let limited = inner.spec.rate_limit.as_ref().map(|_| inner.hit());
    let mut res = match limited {
        Some((_, true)) => inner
            .verifier
            .reject(Problem::RateLimited)
            .to_response::<axum::body::Body>(),
        _ => match server::read_body(&inner.verifier, &parts, body).await {
            Ok(bytes) => ops::dispatch(&inner, &parts, &bytes),
            Err(refused) => refused,
        },
    };
    if let (Some(rl), Some((status, _))) = (&inner.spec.rate_limit, limited)
        && (rl.on_every_response || rl.is_limited(res.status().as_u16()))
    {
        res.headers_mut()
            .extend(rate_limit_headers(&inner.spec, &status));
    }
    res.into_response()
}
