//! An HTTP client (reqwest, rustls) that follows a spec: it applies credentials, refuses
//! what the provider would refuse before sending, retries what is safe to retry, turns
//! error responses into [`ProviderError`](crate::ProviderError)s and tells observers about every call.
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
mod builder;
mod error;
mod exchange;
mod observe;
mod request;
mod show;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwap;
use auth_spec::Spec;
use http::Method;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use reqwest::Url;

pub use builder::{ClientBuilder, may_follow};
pub use error::ClientError;
pub use observe::{Call, Counts, Meter, Observer};
pub use request::{Prepared, RequestBuilder};
pub use show::{bare_url, describe_request, mask_url};

use error::{error_of, transport_error};

use crate::apply::{Applied, ApplyError, ApplyOptions, Authenticator};
use crate::retry::{Backoff, Failure, is_retryable};
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

/// `template` with each `{name}` replaced by its value from `params`, percent-encoded as
/// a path segment (a `/` or `?` in a value cannot change the route).
pub fn fill_path(template: &str, params: &[(&str, &str)]) -> String {
    let mut path = template.to_owned();
    for (k, v) in params {
        let encoded = utf8_percent_encode(v, PATH_SEGMENT).to_string();
        path = path.replace(&format!("{{{k}}}"), &encoded);
    }
    path
}

/// Sees every attempt a client sends, as sent (see [`ClientBuilder::inspector`]).
pub type Inspector = Arc<dyn Fn(&reqwest::Request, &Applied<'_>) + Send + Sync>;

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
    inspector: Option<Inspector>,
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
        ClientBuilder::new(spec)
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
        let path = fill_path(&op.path, path_params);
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
            if let Some(i) = &self.inner.inspector {
                i(&attempt, &applied);
            }
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
        if let Some(i) = &self.inner.inspector {
            i(&req, &applied);
        }
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

/// Rate-limit information of a successful response, for callers that pace themselves.
pub fn rate_limit_of(spec: &Spec, resp: &reqwest::Response) -> RateLimitInfo {
    RateLimitInfo::parse(spec.rate_limit.as_ref(), resp.headers(), SystemTime::now())
}
