//! An HTTP client (reqwest, rustls) that follows a spec: it applies credentials, refuses
//! what the provider would refuse before sending, retries what is safe to retry, turns
//! error responses into [`ProviderError`]s and tells observers about every call.
//!
//! Security properties it keeps, each tested over loopback HTTP:
//! - credentials never follow a redirect to another origin (scheme, host or port), so an
//!   https-to-http downgrade is never followed either; the 3xx comes back to the caller;
//! - no `Referer` header is sent, so a query string never leaks to the next hop;
//! - plain HTTP is refused except to loopback, and an absolute URL outside the base URL's
//!   origin is refused before anything is sent;
//! - errors carry the URL without its query (where credentials may sit), never
//!   `reqwest::Error`'s own rendering with the full URL.

mod apply_builder;
mod exchange;
mod observe;
mod show;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwap;
use auth_spec::Spec;
use auth_spec::model::PlacementKind;
use http::Method;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use reqwest::Url;

pub use observe::{Call, Counts, Meter, Observer};
pub use show::{bare_url, describe_request, mask_url};

use crate::apply::{Applied, ApplyError, ApplyOptions, Authenticator};
use crate::classify::{ProviderError, classify_at};
use crate::retry::{Backoff, Failure, default_policy, is_retryable};
use crate::tokens::TokenCache;
use crate::{Credentials, ratelimit::RateLimitInfo};

/// Characters escaped in a path parameter: everything that would end or split a segment.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

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

/// Builds a [`Client`].
pub struct ClientBuilder {
    spec: Arc<Spec>,
    creds: Credentials,
    base_url: Option<String>,
    choices: Vec<(String, PlacementKind)>,
    http: reqwest::ClientBuilder,
    observers: Vec<Arc<dyn Observer>>,
    retry: Option<auth_spec::model::RetryPolicy>,
    tokens: Option<Arc<TokenCache>>,
    token_lifetime: Option<Duration>,
}

impl ClientBuilder {
    /// Share a token cache (and its store) between clients.
    pub fn token_cache(mut self, cache: Arc<TokenCache>) -> Self {
        self.tokens = Some(cache);
        self
    }

    /// Ask for this token lifetime where the exchange lets the caller choose (Weavy's
    /// `expires_in`).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = Some(lifetime);
        self
    }

    /// The credentials and context values to use.
    pub fn credentials(mut self, creds: Credentials) -> Self {
        self.creds = creds;
        self
    }

    /// Read credentials and context values from the spec's environment variables, and the
    /// base URL from its `base_url.env` when set.
    pub fn from_env(mut self) -> Self {
        self.creds = Credentials::from_env(&self.spec);
        if self.base_url.is_none() {
            self.base_url = self
                .spec
                .base_url
                .env
                .as_deref()
                .and_then(|v| std::env::var(v).ok());
        }
        self
    }

    /// Use another base URL (self-hosted server, sandbox, test server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Place credential or parameter `name` in `kind` rather than its preferred place.
    pub fn prefer(mut self, name: impl Into<String>, kind: PlacementKind) -> Self {
        self.choices.push((name.into(), kind));
        self
    }

    /// Tell `observer` about every authenticated call (see [`Meter`]).
    pub fn observer(mut self, observer: Arc<dyn Observer>) -> Self {
        self.observers.push(observer);
        self
    }

    /// Override the spec's retry policy.
    pub fn retry(mut self, policy: auth_spec::model::RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Adjust the underlying reqwest client (timeouts, proxies, extra root certificates).
    /// Its redirect, `Referer` and connection-logging settings are then replaced by safe
    /// ones: verbose connection logging would print request headers, credentials included.
    pub fn http(
        mut self,
        f: impl FnOnce(reqwest::ClientBuilder) -> reqwest::ClientBuilder,
    ) -> Self {
        self.http = f(self.http);
        self
    }

    /// Build the client.
    pub fn build(self) -> Result<Client, ClientError> {
        let base = match self.base_url {
            Some(b) => b,
            None if self.spec.base_url.user_supplied => {
                return Err(ClientError::Config(format!(
                    "{} needs a base URL ({}){}",
                    self.spec.name,
                    self.spec.base_url.url,
                    self.spec
                        .base_url
                        .env
                        .as_ref()
                        .map(|e| format!("; set {e}"))
                        .unwrap_or_default()
                )));
            }
            None => self.spec.base_url.url.clone(),
        };
        let base_url = Url::parse(&base)
            .map_err(|e| ClientError::Config(format!("base URL `{base}` is not a URL: {e}")))?;
        // A malformed key is refused here, before any request could carry it.
        self.creds.check(&self.spec)?;
        let mut auth = Authenticator::new(self.spec.clone(), self.creds);
        for (name, kind) in self.choices {
            auth = auth.prefer(&name, kind)?;
        }
        install_crypto_provider();
        let http = self
            .http
            .redirect(same_origin_redirects())
            .referer(false)
            .connection_verbose(false)
            .build()
            .map_err(|e| ClientError::Config(format!("HTTP client: {}", e.without_url())))?;
        let retry = self
            .retry
            .or_else(|| self.spec.retry.clone())
            .unwrap_or_else(default_policy);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                auth: ArcSwap::from_pointee(auth),
                base_url,
                retry,
                observers: self.observers,
                tokens: self.tokens.unwrap_or_default(),
                token_lifetime: self.token_lifetime,
                rotation: tokio::sync::RwLock::new(()),
            }),
        })
    }
}

/// Make ring the process's TLS crypto provider unless one is installed already.
fn install_crypto_provider() {
    // `Err` means a provider is already installed, which is what we need.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Follow a redirect only within the same origin; stop (returning the 3xx) otherwise.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() >= 10 {
            return attempt.error("too many redirects");
        }
        let same = attempt
            .previous()
            .last()
            .is_some_and(|prev| may_follow(prev, attempt.url()));
        if same {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Whether a redirect from `prev` to `next` may carry credentials: only within one origin
/// (scheme, host and port), so neither another host nor an https-to-http downgrade.
pub fn may_follow(prev: &Url, next: &Url) -> bool {
    prev.origin() == next.origin()
}

/// A client for one provider. Cheap to clone; clones share credentials, so a rotation
/// through one is seen by all.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    auth: ArcSwap<Authenticator>,
    base_url: Url,
    retry: auth_spec::model::RetryPolicy,
    observers: Vec<Arc<dyn Observer>>,
    tokens: Arc<TokenCache>,
    token_lifetime: Option<Duration>,
    /// Held for writing while a key rotation is under way.
    rotation: tokio::sync::RwLock<()>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("provider", &self.spec().name)
            .field("base_url", &bare_url(&self.inner.base_url))
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Start building a client for `spec`.
    pub fn builder(spec: Arc<Spec>) -> ClientBuilder {
        ClientBuilder {
            spec,
            creds: Credentials::new(),
            base_url: None,
            choices: Vec::new(),
            http: reqwest::Client::builder(),
            observers: Vec::new(),
            retry: None,
            tokens: None,
            token_lifetime: None,
        }
    }

    /// The spec this client follows.
    pub fn spec(&self) -> Arc<Spec> {
        self.inner.auth.load().spec().clone()
    }

    /// The base URL requests are resolved against.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The current authenticator (credentials and placement choices).
    pub fn authenticator(&self) -> Arc<Authenticator> {
        self.inner.auth.load_full()
    }

    /// Swap in new credentials (a rotated key) for every request from now on. Requests
    /// already sent keep the credentials they were sent with.
    pub fn set_credentials(&self, creds: Credentials) {
        let next = self.inner.auth.load().with_credentials(creds);
        self.inner.auth.store(Arc::new(next));
    }

    /// Rotate a key without losing requests: `rotate` performs the rotation (e.g. calls
    /// the provider's rotate operation through this client) and returns the credentials
    /// to use from now on. Requests that the provider refuses with the old key while the
    /// rotation is under way wait for it and are resent once with the new key.
    pub async fn rotate<F, Fut, E>(&self, rotate: F) -> Result<(), E>
    where
        F: FnOnce(Client) -> Fut,
        Fut: std::future::Future<Output = Result<Credentials, E>>,
    {
        let _rotating = self.inner.rotation.write().await;
        let creds = rotate(self.clone()).await?;
        self.set_credentials(creds);
        Ok(())
    }

    /// Whether the request is itself key management (rotate, create), which must not
    /// wait for a rotation it may be part of.
    fn rotates_keys(&self, auth: &Authenticator, opts: &ApplyOptions<'_>) -> bool {
        use auth_spec::model::OperationRole as R;
        opts.operation
            .and_then(|o| auth.spec().operations.get(o))
            .and_then(|op| op.role)
            .is_some_and(|r| matches!(r, R::RotateKey | R::CreateKey))
    }

    /// Change credentials in place, atomically with respect to other updates.
    pub fn update_credentials(&self, f: impl Fn(&mut Credentials)) {
        self.inner.auth.rcu(|current| {
            let mut creds = current.credentials().clone();
            f(&mut creds);
            Arc::new(current.with_credentials(creds))
        });
    }

    /// A request to `path_or_url`: a path is appended to the base URL (keeping its path
    /// prefix); an absolute URL must share the base URL's origin.
    pub fn request(&self, method: Method, path_or_url: &str) -> RequestBuilder {
        let url = self.resolve(path_or_url);
        let inner = match &url {
            Ok(u) => Some(self.inner.http.request(method, u.clone())),
            Err(_) => None,
        };
        RequestBuilder {
            client: self.clone(),
            inner,
            error: url.err(),
            operation: None,
            credential: None,
            subject: None,
        }
    }

    /// A request for the spec operation `name`, with `{param}`s in its path filled from
    /// `path_params`.
    pub fn operation(&self, name: &str, path_params: &[(&str, &str)]) -> RequestBuilder {
        let spec = self.spec();
        let Some(op) = spec.operations.get(name) else {
            return RequestBuilder {
                client: self.clone(),
                inner: None,
                error: Some(ApplyError::UnknownOperation(name.to_owned()).into()),
                operation: None,
                credential: None,
                subject: None,
            };
        };
        let mut path = op.path.clone();
        for (k, v) in path_params {
            let encoded = utf8_percent_encode(v, PATH_SEGMENT).to_string();
            path = path.replace(&format!("{{{k}}}"), &encoded);
        }
        let method = Method::from_bytes(op.method.as_str().as_bytes()).unwrap_or(Method::GET);
        let mut rb = self.request(method, &path);
        rb.operation = Some(name.to_owned());
        rb
    }

    fn resolve(&self, path_or_url: &str) -> Result<Url, ClientError> {
        let base = &self.inner.base_url;
        let lower = path_or_url
            .get(..8)
            .unwrap_or(path_or_url)
            .to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            let url = Url::parse(path_or_url)
                .map_err(|e| ClientError::Config(format!("bad URL: {e}")))?;
            if url.origin() != base.origin() {
                return Err(ClientError::ForeignOrigin {
                    provider: self.spec().name.clone(),
                    target: bare_url(&url),
                    base: bare_url(base),
                });
            }
            return Ok(url);
        }
        let (path, query) = match path_or_url.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path_or_url, None),
        };
        let mut url = base.clone();
        let joined = format!(
            "{}/{}",
            base.path().trim_end_matches('/'),
            path.trim_start_matches('/')
        );
        url.set_path(&joined);
        url.set_query(query);
        Ok(url)
    }

    /// Apply credentials to `req`, send it, retry what is safe, classify errors.
    pub async fn execute(
        &self,
        req: reqwest::Request,
        opts: &ApplyOptions<'_>,
    ) -> Result<reqwest::Response, ClientError> {
        self.execute_with(req, opts, |_, _| {}).await
    }

    /// As [`Client::execute`], calling `inspect` with each attempt as sent (for `-v`).
    pub async fn execute_with(
        &self,
        req: reqwest::Request,
        opts: &ApplyOptions<'_>,
        mut inspect: impl FnMut(&reqwest::Request, &Applied<'_>),
    ) -> Result<reqwest::Response, ClientError> {
        let method = req.method().clone();
        let mut backoff = Backoff::new(self.inner.retry.clone());
        let mut renewed = false;
        loop {
            // Each attempt starts from the request as the caller built it, so fields are
            // never merged twice and a rotated key is picked up.
            let Some(mut attempt) = req.try_clone() else {
                return self.send_once(req, opts, &mut inspect).await;
            };
            let auth = self.inner.auth.load_full();
            let credential = auth.credential_for(opts)?.to_owned();
            // A credential that is not held but can be obtained comes from the token cache.
            let token = if auth.credentials().has(&credential) {
                None
            } else {
                Some(self.token(&credential, opts.subject).await?)
            };
            let this = ApplyOptions {
                credential: Some(&credential),
                token: token.as_ref().map(|t| &t.value),
                ..*opts
            };
            let applied = auth.apply(&mut attempt, &this)?;
            inspect(&attempt, &applied);
            backoff.record_attempt();
            let spec = auth.spec();
            let path = attempt.url().path().to_owned();
            let result = self.inner.http.execute(attempt).await;
            // The path only: the query may carry credentials.
            tracing::debug!(
                provider = %spec.name,
                credential = applied.credential,
                %method,
                path = %path,
                status = result.as_ref().ok().map(|r| r.status().as_u16()),
                attempt = backoff.attempts(),
                "authenticated call"
            );
            self.notify(
                spec,
                applied.credential,
                &method,
                &path,
                result.as_ref().ok(),
                backoff.attempts(),
            );
            let failure = match result {
                Ok(resp) if resp.status().as_u16() < 400 => return Ok(resp),
                Ok(resp) => {
                    let status = resp.status();
                    let error = error_of(spec, resp).await;
                    // A cached token the provider rejects is dropped and the request sent
                    // once more with a fresh one; a second rejection is reported.
                    // Likewise a request sent with a key that was rotated while it was in
                    // flight is resent once with the new key.
                    if error.kind == auth_spec::model::ErrorKind::Unauthenticated && !renewed {
                        if let Some(t) = &token {
                            renewed = true;
                            self.invalidate(&credential, opts.subject, t).await;
                            continue;
                        }
                        if !self.rotates_keys(&auth, opts) {
                            // Wait out a rotation in progress: its new key is on its way.
                            drop(self.inner.rotation.read().await);
                            if !Arc::ptr_eq(&auth, &self.inner.auth.load()) {
                                renewed = true;
                                continue;
                            }
                        }
                    }
                    if is_retryable(&method, Failure::Status(status))
                        && let Some(d) = backoff.next_delay(error.retry_after)
                    {
                        tracing::debug!(provider = %spec.name, %status, delay_ms = d.as_millis() as u64, "retrying");
                        tokio::time::sleep(d).await;
                        continue;
                    }
                    return Err(ClientError::Provider {
                        error: Box::new(error),
                        attempts: backoff.attempts(),
                    });
                }
                Err(e) => e,
            };
            let kind = if failure.is_connect() {
                Failure::Connect
            } else {
                Failure::Transport
            };
            if is_retryable(&method, kind)
                && let Some(d) = backoff.next_delay(None)
            {
                tokio::time::sleep(d).await;
                continue;
            }
            return Err(transport_error(
                &method,
                req.url(),
                &failure,
                backoff.attempts(),
            ));
        }
    }

    /// One attempt, for a request whose body cannot be cloned (a stream): no retry.
    async fn send_once(
        &self,
        mut req: reqwest::Request,
        opts: &ApplyOptions<'_>,
        inspect: &mut impl FnMut(&reqwest::Request, &Applied<'_>),
    ) -> Result<reqwest::Response, ClientError> {
        let method = req.method().clone();
        let url = req.url().clone();
        let auth = self.inner.auth.load_full();
        let applied = auth.apply(&mut req, opts)?;
        inspect(&req, &applied);
        let result = self.inner.http.execute(req).await;
        self.notify(
            auth.spec(),
            applied.credential,
            &method,
            url.path(),
            result.as_ref().ok(),
            1,
        );
        match result {
            Ok(resp) if resp.status().as_u16() < 400 => Ok(resp),
            Ok(resp) => Err(ClientError::Provider {
                error: Box::new(error_of(auth.spec(), resp).await),
                attempts: 1,
            }),
            Err(e) => Err(transport_error(&method, &url, &e, 1)),
        }
    }

    fn notify(
        &self,
        spec: &Spec,
        credential: &str,
        method: &Method,
        path: &str,
        response: Option<&reqwest::Response>,
        attempt: u32,
    ) {
        if self.inner.observers.is_empty() {
            return;
        }
        let call = Call {
            provider: &spec.name,
            credential,
            method,
            path,
            status: response.map(reqwest::Response::status),
            headers: response.map(reqwest::Response::headers),
            attempt,
            metered: spec.metering.is_some(),
        };
        for o in &self.inner.observers {
            o.on_call(&call);
        }
    }
}

/// Read and classify an error response (status 400 or above).
async fn error_of(spec: &Spec, resp: reqwest::Response) -> ProviderError {
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

fn transport_error(method: &Method, url: &Url, e: &reqwest::Error, attempts: u32) -> ClientError {
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

/// A request built but not yet authenticated, with the choices made for it.
pub struct Prepared {
    /// The client that will send it.
    pub client: Client,
    /// The request, without credentials.
    pub request: reqwest::Request,
    /// The spec operation it calls, if named.
    pub operation: Option<String>,
    /// The credential chosen by the caller, if any.
    pub credential: Option<String>,
    /// The subject of a per-user token, if any.
    pub subject: Option<String>,
}

/// A request being built; [`RequestBuilder::send`] applies credentials and sends it.
pub struct RequestBuilder {
    client: Client,
    inner: Option<reqwest::RequestBuilder>,
    error: Option<ClientError>,
    operation: Option<String>,
    credential: Option<String>,
    subject: Option<String>,
}

impl RequestBuilder {
    /// The subject a per-user token is for (Weavy's `uid`); use with
    /// [`RequestBuilder::credential`] naming the per-user credential.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    fn map(mut self, f: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder) -> Self {
        self.inner = self.inner.map(f);
        self
    }

    /// Add query parameters.
    pub fn query<T: serde::Serialize + ?Sized>(self, query: &T) -> Self {
        self.map(|b| b.query(query))
    }

    /// Set a JSON body (credential fields placed in the body are merged into it).
    pub fn json<T: serde::Serialize + ?Sized>(self, json: &T) -> Self {
        self.map(|b| b.json(json))
    }

    /// Set a form body (credential fields placed in the body are merged into it).
    pub fn form<T: serde::Serialize + ?Sized>(self, form: &T) -> Self {
        self.map(|b| b.form(form))
    }

    /// Set a raw body.
    pub fn body(self, body: impl Into<reqwest::Body>) -> Self {
        self.map(|b| b.body(body))
    }

    /// Add a header.
    pub fn header(self, name: &str, value: &str) -> Self {
        self.map(|b| b.header(name, value))
    }

    /// Say which spec operation this is (decides the accepted credentials).
    pub fn operation(mut self, name: impl Into<String>) -> Self {
        self.operation = Some(name.into());
        self
    }

    /// Authenticate with this credential rather than the first accepted one held.
    pub fn credential(mut self, name: impl Into<String>) -> Self {
        self.credential = Some(name.into());
        self
    }

    /// Build the request without credentials (they are applied per attempt).
    pub fn build(self) -> Result<Prepared, ClientError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let inner = self
            .inner
            .ok_or_else(|| ClientError::Config("no request".into()))?;
        let request = inner
            .build()
            .map_err(|e| ClientError::Config(format!("request: {}", e.without_url())))?;
        Ok(Prepared {
            client: self.client,
            request,
            operation: self.operation,
            credential: self.credential,
            subject: self.subject,
        })
    }

    /// Apply credentials, send, retry what is safe, and classify an error response.
    pub async fn send(self) -> Result<reqwest::Response, ClientError> {
        self.send_with(|_, _| {}).await
    }

    /// As [`RequestBuilder::send`], calling `inspect` with each attempt as sent.
    pub async fn send_with(
        self,
        inspect: impl FnMut(&reqwest::Request, &Applied<'_>),
    ) -> Result<reqwest::Response, ClientError> {
        let p = self.build()?;
        let opts = ApplyOptions {
            operation: p.operation.as_deref(),
            credential: p.credential.as_deref(),
            token: None,
            subject: p.subject.as_deref(),
        };
        p.client.execute_with(p.request, &opts, inspect).await
    }
}

/// Rate-limit information of a successful response, for callers that pace themselves.
pub fn rate_limit_of(spec: &Spec, resp: &reqwest::Response) -> RateLimitInfo {
    RateLimitInfo::parse(spec.rate_limit.as_ref(), resp.headers(), SystemTime::now())
}
