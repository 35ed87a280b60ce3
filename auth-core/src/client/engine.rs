//! [`Client`]: the request loop.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwap;
use auth_spec::Spec;
use auth_spec::model::{CredentialId, ErrorAction, ErrorKind, Id as _, OperationId, RetryPolicy};
use http::Method;
use reqwest::Url;

use super::apply::{Applied, ApplyError, Authenticator, Plan};
use super::deadline::{self, Deadlines, TimeoutKind};
use super::error::{RequestError, bare_url, error_of, transport_error};
use super::identity::Tokens;
use super::interceptor::{Call, Interceptor};
use super::ratelimit::RateLimitInfo;
use super::read_mostly::ReadMostly;
use super::request::{RequestBuilder, SendOptions};
use super::retry::{Backoff, Failure, is_retryable};
use super::tokens::Token;
use crate::credentials::Held;
use crate::{BuildError, Credentials};

/// A client for one provider. Cheap to clone; clones share credentials and tokens, so a
/// rotation through one is seen by all.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) http: reqwest::Client,
    pub(super) plan: Arc<Plan>,
    /// The credentials held; replaced whole (a rotated key, a refresh cookie).
    pub(super) held: ReadMostly<Arc<Held>>,
    /// The base URL; replaced when a token response sets a parameter it names (an
    /// instance URL). Until then it may be [`PENDING_HOST`]'s.
    pub(super) base_url: ArcSwap<Url>,
    /// Whether the base URL follows the spec's template (not a URL the caller gave).
    pub(super) base_from_spec: bool,
    /// Whether the base URL was [`PENDING_HOST`]'s when the client was built (else no
    /// request can be, and none is checked).
    pub(super) may_pend: bool,
    /// The environment the caller chose, for re-rendering the base URL.
    pub(super) environment: Option<String>,
    /// Origins whose requests go elsewhere instead: `(from, to)` (see
    /// [`super::ClientBuilder::reroute`]).
    pub(super) reroutes: Vec<(Url, Url)>,
    pub(super) retry: RetryPolicy,
    pub(super) deadlines: Deadlines,
    pub(super) interceptors: Vec<Arc<dyn Interceptor>>,
    pub(super) tokens: Tokens,
    pub(super) token_lifetime: Option<Duration>,
    /// Held for writing while a key rotation is under way.
    pub(super) rotation: tokio::sync::RwLock<()>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("provider", &self.spec().name)
            .field("base_url", &bare_url(&self.inner.base_url.load()))
            .finish_non_exhaustive()
    }
}

/// How an attempt's credential was obtained, so a rejection can drop the right token.
enum Ticket {
    Held,
    Cached(u64),
    Fresh(Arc<Token>),
}

/// How a credential found without waiting was found: a [`Ticket`] with no token of its
/// own, so the common attempt's result has nothing to drop (and is not read to check).
#[derive(Clone, Copy)]
enum Found {
    Held,
    Cached(u64),
}

/// Why an attempt could not be prepared, boxed: the preparation's result is returned on
/// every attempt, and with the error inline (over 100 bytes) each success copied the
/// error's whole width, read back from where the header insert had just written it (a
/// store-forwarding stall, found with `perf annotate`).
type Refusal = Box<RequestError>;

/// `e` as a [`Refusal`], out of the way of the path that succeeds.
#[cold]
#[inline(never)]
fn refusal(e: impl Into<RequestError>) -> Refusal {
    Box::new(e.into())
}

impl From<Found> for Ticket {
    fn from(found: Found) -> Self {
        match found {
            Found::Held => Ticket::Held,
            Found::Cached(generation) => Ticket::Cached(generation),
        }
    }
}

impl Client {
    /// Start building a client for `spec`.
    pub fn builder(spec: Arc<Spec>) -> super::ClientBuilder {
        super::ClientBuilder::new(spec)
    }

    /// The spec this client follows.
    pub fn spec(&self) -> &Arc<Spec> {
        &self.inner.plan.spec
    }

    /// The base URL requests are resolved against (it changes when a token response
    /// sets a parameter the spec's base URL names, such as an instance URL).
    pub fn base_url(&self) -> Url {
        (**self.inner.base_url.load()).clone()
    }

    /// The current credentials and placements, to apply them to a request built elsewhere.
    pub fn authenticator(&self) -> Authenticator {
        Authenticator::from_parts(self.inner.plan.clone(), (*self.inner.held.load()).clone())
    }

    /// Swap in new credentials (a rotated key) for every request from now on. Requests
    /// already sent keep the credentials they were sent with.
    pub fn set_credentials(&self, creds: &Credentials) -> Result<(), BuildError> {
        let held = self.inner.plan.hold(creds)?;
        self.inner.held.store(Arc::new(held));
        Ok(())
    }

    /// Replace the credentials `creds` holds (a rotated key), keeping every other one.
    /// The values are checked against the spec first; nothing changes on error.
    pub fn replace_credentials(&self, creds: &Credentials) -> Result<(), BuildError> {
        let spec = self.spec();
        // The values and any signing key in them are checked before anything changes.
        self.inner.plan.hold(creds)?;
        let mut values = Vec::new();
        for (c, p, v) in creds.iter_parts() {
            if let Some(cid) = spec.credentials.id(c)
                && let Some(pid) = spec.credentials[cid].parts.id(p)
            {
                values.push((cid, pid, v.clone()));
            }
        }
        self.update_held(|held| {
            for (c, p, v) in &values {
                held.set(*c, *p, v.clone());
            }
        });
        Ok(())
    }

    /// Change the held credentials in place, atomically with respect to other updates.
    pub(super) fn update_held(&self, f: impl Fn(&mut Held)) {
        self.inner.held.update(|current| {
            let mut held = (**current).clone();
            f(&mut held);
            self.inner.plan.wire(&mut held);
            Arc::new(held)
        });
    }

    /// Rotate a key without losing requests: `rotate` performs the rotation (e.g. calls
    /// the provider's rotate operation through this client) and returns the credentials
    /// to use from now on. Requests that the provider refuses with the old key while the
    /// rotation is under way wait for it and are resent once with the new key.
    pub async fn rotate<F, Fut, E>(&self, rotate: F) -> Result<(), E>
    where
        F: FnOnce(Client) -> Fut,
        Fut: std::future::Future<Output = Result<Credentials, E>>,
        E: From<BuildError>,
    {
        let _rotating = self.inner.rotation.write().await;
        let creds = rotate(self.clone()).await?;
        self.set_credentials(&creds)?;
        Ok(())
    }

    /// A request to `path_or_url`: a path is appended to the base URL (keeping its path
    /// prefix); an absolute URL must share the base URL's origin. The operation it is for
    /// is found by its method and path, as the provider's server would.
    pub fn request(&self, method: Method, path_or_url: &str) -> RequestBuilder {
        let url = self.resolve(path_or_url);
        let operation = url.as_ref().ok().and_then(|u| {
            self.inner
                .plan
                .router
                .route(self.spec(), &method, u.path())
                .map(|r| r.operation)
        });
        RequestBuilder::new(self.clone(), method, url, operation)
    }

    /// A request for the spec operation named `name`, its `{param}`s filled from
    /// `path_params` (percent-encoded: a value cannot change the route).
    pub fn operation(&self, name: &str, path_params: &[(&str, &str)]) -> RequestBuilder {
        match self.spec().operations.id(name) {
            Some(id) => self.operation_id(id, path_params),
            None => RequestBuilder::failed(
                self.clone(),
                RequestError::UnknownOperation {
                    provider: self.spec().name.clone(),
                    name: name.to_owned(),
                },
            ),
        }
    }

    /// As [`Client::operation`], by id (what generated crates call).
    pub fn operation_id(&self, id: OperationId, path_params: &[(&str, &str)]) -> RequestBuilder {
        let op = &self.spec().operations[id];
        if let Some(template) = &op.url {
            let url = self.operation_url(&op.name, template);
            return RequestBuilder::new(self.clone(), op.method.to_http(), url, Some(id));
        }
        let path = match op.path.fill(path_params) {
            Ok(p) => p,
            Err(e) => {
                let param = match e {
                    auth_spec::model::TemplateError::Missing(p) => p,
                    other => other.to_string(),
                };
                return RequestBuilder::failed(
                    self.clone(),
                    RequestError::MissingPathParam {
                        operation: op.name.clone(),
                        param,
                    },
                );
            }
        };
        let url = self.resolve(&path);
        RequestBuilder::new(self.clone(), op.method.to_http(), url, Some(id))
    }

    /// The operation a request for `method` and `path` (below the base URL, or absolute)
    /// would be sent as, with its path parameters.
    pub fn match_operation(
        &self,
        method: &Method,
        path: &str,
    ) -> Option<(OperationId, Vec<(String, String)>)> {
        let url = self.resolve(path).ok()?;
        let route = self
            .inner
            .plan
            .router
            .route(self.spec(), method, url.path())?;
        let params = route
            .params
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        Some((route.operation, params))
    }

    /// The URL of an operation on its own host (a token endpoint): its template filled
    /// from the context values held or their defaults (each percent-encoded, so a value
    /// cannot change the host or add a path), then rerouted if the client was told to.
    fn operation_url(
        &self,
        operation: &str,
        template: &auth_spec::model::Template,
    ) -> Result<Url, RequestError> {
        let held = self.inner.held.load();
        let text = self
            .inner
            .plan
            .fill_url(template, &held)
            .map_err(|parameter| RequestError::MissingUrlParameter {
                operation: operation.to_owned(),
                env: self
                    .spec()
                    .parameters
                    .get(&parameter)
                    .and_then(|p| p.env.clone()),
                parameter,
            })?;
        let mut url = Url::parse(&text)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| RequestError::BadUrl {
                url: text.split(['?', '#']).next().unwrap_or_default().to_owned(),
            })?;
        if let Some((_, to)) = self
            .inner
            .reroutes
            .iter()
            .find(|(from, _)| from.origin() == url.origin())
        {
            // Scheme, host and port of `to`; both are checked http(s) URLs with a host.
            let _ = url.set_scheme(to.scheme());
            let _ = url.set_host(to.host_str());
            let _ = url.set_port(to.port());
        }
        Ok(url)
    }

    pub(super) fn resolve(&self, path_or_url: &str) -> Result<Url, RequestError> {
        let base = &**self.inner.base_url.load();
        let lower = path_or_url
            .get(..8)
            .unwrap_or(path_or_url)
            .to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            let url = Url::parse(path_or_url).map_err(|_| RequestError::BadUrl {
                url: path_or_url
                    .split(['?', '#'])
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            })?;
            if url.origin() != base.origin() {
                return Err(RequestError::ForeignOrigin {
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

    /// The credential an attempt carries: the caller's, else the first the operation
    /// accepts that is held or can be obtained.
    fn choose(&self, held: &Held, opts: &SendOptions) -> Result<&[CredentialId], ApplyError> {
        let plan = &self.inner.plan;
        match opts.credential {
            Some(c) => Ok(std::slice::from_ref(&plan.singles[c.index()])),
            None => super::apply::credentials_for(plan, held, opts.operation),
        }
    }

    /// The per-attempt work before sending: choose the credential, resolve its identity
    /// (held, or a token from the cache), apply it. What every attempt of
    /// [`Client::execute`] runs, and what the `apply` and `tokens` benchmarks measure.
    /// `over` replaces the credentials held for this request (an exchange that sends a
    /// refresh token kept with a token).
    async fn prepare<'c>(
        &'c self,
        attempt: &mut reqwest::Request,
        opts: &SendOptions,
        over: Option<&Held>,
    ) -> Result<(Applied<'c>, Ticket), Refusal> {
        if let Some(done) = self.prepare_now(attempt, opts, over) {
            return done.map(|(applied, found)| (applied, found.into()));
        }
        // A miss: one exchange for everyone waiting, then apply what it brought. Only a
        // lone credential is ever obtained (lint refuses exchanged credentials sent with
        // others).
        let guard;
        let held: &Held = match over {
            Some(h) => h,
            None => {
                guard = self.inner.held.load();
                &guard
            }
        };
        let credentials = self.choose(held, opts).map_err(refusal)?;
        let [credential] = credentials else {
            return Err(refusal(ApplyError::MissingCredential {
                provider: self.spec().name.clone(),
                accepted: Vec::new(),
            }));
        };
        let token = self
            .token_for(*credential, opts.subject.as_deref())
            .await
            .map_err(refusal)?;
        self.rebase(attempt, opts).map_err(refusal)?;
        let guard;
        let held: &Held = match over {
            Some(h) => h,
            None => {
                guard = self.inner.held.load();
                &guard
            }
        };
        let applied = apply(
            &self.inner.plan,
            held,
            attempt,
            credentials,
            Some(&token.value),
            opts.operation,
        )
        .map_err(refusal)?;
        Ok((applied, Ticket::Fresh(token)))
    }

    /// The part of [`Client::prepare`] that never waits: a held credential, or a token
    /// the cache holds fresh. `None` when a token must be obtained first.
    #[allow(clippy::type_complexity)]
    #[inline]
    fn prepare_now<'c>(
        &'c self,
        attempt: &mut reqwest::Request,
        opts: &SendOptions,
        over: Option<&Held>,
    ) -> Option<Result<(Applied<'c>, Found), Refusal>> {
        if self.inner.may_pend && is_pending(attempt.url()) && self.rebase(attempt, opts).is_err() {
            // The base URL comes with a token: obtain it first.
            return None;
        }
        let guard;
        let held: &Held = match over {
            Some(held) => held,
            None => {
                guard = self.inner.held.get();
                &guard
            }
        };
        self.prepare_held(held, attempt, opts)
    }

    /// [`Client::prepare_now`] with `held`.
    #[allow(clippy::type_complexity)]
    #[inline]
    fn prepare_held<'c>(
        &'c self,
        held: &Held,
        attempt: &mut reqwest::Request,
        opts: &SendOptions,
    ) -> Option<Result<(Applied<'c>, Found), Refusal>> {
        let plan = &self.inner.plan;
        if opts.credential.is_none()
            && let Some(applied) = super::apply::apply_ready(plan, held, attempt, opts.operation)
        {
            return Some(match applied {
                Ok(a) => Ok((a, Found::Held)),
                Err(e) => Err(refusal(e)),
            });
        }
        let credentials = match self.choose(held, opts) {
            Ok(c) => c,
            Err(e) => return Some(Err(refusal(e))),
        };
        let all_held = match (opts.credential, held.choice(opts.operation)) {
            (None, Some(choice)) => choice.held,
            _ => credentials.iter().all(|&c| held.has(c)),
        };
        if all_held {
            let applied = apply(plan, held, attempt, credentials, None, opts.operation);
            return Some(applied.map(|a| (a, Found::Held)).map_err(refusal));
        }
        let [credential] = credentials else {
            return None;
        };
        self.hit(*credential, opts.subject.as_deref(), |generation, token| {
            apply(
                plan,
                held,
                attempt,
                credentials,
                Some(&token.value),
                opts.operation,
            )
            .map(|a| (a, Found::Cached(generation)))
            .map_err(refusal)
        })
    }

    /// Move a request resolved before the base URL was known onto it (the base URL a
    /// token response gave); an error names the parameter still missing.
    fn rebase(
        &self,
        attempt: &mut reqwest::Request,
        opts: &SendOptions,
    ) -> Result<(), RequestError> {
        if !is_pending(attempt.url()) {
            return Ok(());
        }
        let base = self.inner.base_url.load();
        if is_pending(&base) {
            let spec = self.spec();
            let parameter = spec
                .base_url
                .template
                .as_ref()
                .and_then(|t| {
                    t.vars()
                        .into_iter()
                        .find(|v| self.inner.held.load().param_named(spec, v).is_none())
                })
                .unwrap_or_default()
                .to_owned();
            return Err(RequestError::MissingUrlParameter {
                operation: opts
                    .operation
                    .map_or_else(|| "(none)".to_owned(), |o| spec.operations[o].name.clone()),
                env: spec.parameters.get(&parameter).and_then(|p| p.env.clone()),
                parameter,
            });
        }
        let url = attempt.url();
        let rel = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        *attempt.url_mut() = self.resolve(&rel)?;
        Ok(())
    }

    /// A cache hit: `f` on the fresh cached token for `credential` and `subject`, through
    /// the handle the client keeps (no key built, no lock taken).
    #[inline]
    fn hit<R>(
        &self,
        credential: CredentialId,
        subject: Option<&str>,
        f: impl FnOnce(u64, &Arc<Token>) -> R,
    ) -> Option<R> {
        if subject.is_none()
            && let Some(kept) = self.inner.tokens.kept(credential)
        {
            return kept.with_current(f);
        }
        let name = &self.inner.plan.spec.credentials[credential].name;
        self.inner
            .tokens
            .handle(credential, name, subject)
            .with_current(f)
    }

    /// Benchmarks only: [`Client::prepare`] on `request` when it need not wait (a held
    /// credential or a cached token), the client's real per-attempt work before the send.
    #[doc(hidden)]
    pub fn __prepare(
        &self,
        request: &mut reqwest::Request,
        opts: &SendOptions,
    ) -> Option<Result<(), Box<RequestError>>> {
        self.prepare_now(request, opts, None).map(|r| r.map(|_| ()))
    }

    /// Benchmarks only: the identity step of [`Client::prepare`] for a token credential
    /// (the cache hit through the handle the client keeps), returning the token's length.
    #[doc(hidden)]
    #[inline]
    pub fn __token_hit(&self, credential: CredentialId, subject: Option<&str>) -> Option<usize> {
        self.hit(credential, subject, |_, t| t.value.len())
    }

    /// Apply credentials to `req`, send it, retry what is safe, classify errors.
    pub async fn execute(
        &self,
        req: reqwest::Request,
        opts: &SendOptions,
    ) -> Result<reqwest::Response, RequestError> {
        self.execute_as(req, opts, None).await
    }

    /// As [`Client::execute`], with `over` in place of the credentials held.
    pub(super) async fn execute_as(
        &self,
        req: reqwest::Request,
        opts: &SendOptions,
        over: Option<&Held>,
    ) -> Result<reqwest::Response, RequestError> {
        let deadline = deadline::after(self.inner.deadlines.overall);
        self.execute_until(req, opts, over, deadline).await
    }

    /// As [`Client::execute_as`], giving up at `deadline`: whatever is under way then (a
    /// token wait, an attempt, a wait between attempts) is dropped.
    pub(super) async fn execute_until(
        &self,
        req: reqwest::Request,
        opts: &SendOptions,
        over: Option<&Held>,
        deadline: tokio::time::Instant,
    ) -> Result<reqwest::Response, RequestError> {
        let method = req.method().clone();
        let url = bare_url(req.url());
        let mut backoff = Backoff::new(self.inner.retry.clone());
        let attempts = self.attempts(req, opts, over, deadline, &mut backoff);
        match tokio::time::timeout_at(deadline, attempts).await {
            Ok(result) => result,
            Err(_) => Err(RequestError::Timeout {
                method,
                url,
                kind: TimeoutKind::Overall,
                limit: self.inner.deadlines.overall,
                attempts: backoff.attempts(),
            }),
        }
    }

    /// The request loop: attempts until one succeeds, fails for good, or the retry policy
    /// (or what is left before `deadline`) allows no more.
    async fn attempts(
        &self,
        req: reqwest::Request,
        opts: &SendOptions,
        over: Option<&Held>,
        deadline: tokio::time::Instant,
        backoff: &mut Backoff,
    ) -> Result<reqwest::Response, RequestError> {
        let method = req.method().clone();
        let mut renewed = false;
        // Digest: the first request brings the server's challenge, a stale nonce a new one.
        let mut challenges = 0u8;
        let spec = self.spec();
        let deadlines = self.inner.deadlines;
        let mut original = Some(req);
        loop {
            // Each attempt starts from the request as the caller built it, so fields are
            // never merged twice and a rotated key is picked up. A streaming body cannot
            // be cloned: it gets one attempt (no branch below retries without a clone).
            let (mut attempt, retryable) =
                match original.as_ref().and_then(reqwest::Request::try_clone) {
                    Some(a) => (a, true),
                    None => match original.take() {
                        Some(r) => (r, false),
                        None => {
                            return Err(RequestError::Build {
                                message: "a streaming body cannot be sent twice".to_owned(),
                            });
                        }
                    },
                };
            let held_before = self.inner.held.version();
            let (applied, ticket) = match self.prepare(&mut attempt, opts, over).await {
                Ok(prepared) => prepared,
                Err(refused) => return Err(*refused),
            };
            for i in &self.inner.interceptors {
                i.on_attempt(&attempt, &applied);
            }
            backoff.record_attempt();
            let path = attempt.url().path().to_owned();
            let url = attempt.url().clone();
            // The response head, and an error or inspected body, must come by then.
            let attempt_until = deadline::after(deadlines.attempt);
            let result = match tokio::time::timeout_at(
                attempt_until,
                self.inner.http.execute(attempt),
            )
            .await
            {
                Ok(Ok(resp)) => Ok(resp),
                Ok(Err(e)) => Err(Sent::Failed(e)),
                Err(_) => Err(Sent::TimedOut),
            };
            // The path only: the query may carry credentials.
            tracing::debug!(
                provider = %spec.name,
                credential = applied.name(),
                %method,
                path = %path,
                status = result.as_ref().ok().map(|r| r.status().as_u16()),
                attempt = backoff.attempts(),
                "authenticated call"
            );
            self.notify(
                &applied,
                &method,
                &path,
                result.as_ref().ok(),
                backoff.attempts(),
            );
            let failure = match result {
                Ok(resp)
                    if resp.status().as_u16() < 400
                        && !super::classify::may_report_error(spec, resp.status()) =>
                {
                    return Ok(resp);
                }
                // A success status whose body may report an error (a GraphQL `errors`
                // array, an `ok: false` envelope): read it, then hand it over unchanged
                // unless it does.
                Ok(resp) if resp.status().as_u16() < 400 => {
                    let (resp, error) = inspect_success(spec, resp, attempt_until).await;
                    match error {
                        None => return Ok(resp),
                        Some(error) => {
                            return Err(RequestError::Provider {
                                error: Box::new(error),
                                attempts: backoff.attempts(),
                            });
                        }
                    }
                }
                Ok(resp)
                    if resp.status() == http::StatusCode::UNAUTHORIZED
                        && retryable
                        && challenges < 2
                        && self.digest_challenged(&applied, resp.headers()) =>
                {
                    challenges += 1;
                    continue;
                }
                Ok(resp) => {
                    let status = resp.status();
                    // Read once, up to a bound; classified on that, whatever follows.
                    let error = error_of(spec, resp, attempt_until).await;
                    // A cached token the provider rejects is dropped and the request sent
                    // once more with a fresh one; a second rejection is reported.
                    // Likewise a request sent with a key that was rotated while it was in
                    // flight is resent once with the new key.
                    if error.kind == ErrorKind::Unauthenticated && !renewed && retryable {
                        if let (false, Some(credential)) =
                            (matches!(ticket, Ticket::Held), applied.credential())
                        {
                            renewed = true;
                            self.invalidate(credential, opts.subject.as_deref(), &ticket)
                                .await;
                            continue;
                        }
                        if !self.rotates_keys(opts.operation) {
                            // Wait out a rotation in progress: its new key is on its way.
                            drop(self.inner.rotation.read().await);
                            if held_before != self.inner.held.version() {
                                renewed = true;
                                continue;
                            }
                        }
                    }
                    // A limit the spec says this status signals (403 with a header, say)
                    // was refused before any processing, like a 429: any method retries.
                    let limited = error.kind == ErrorKind::RateLimited
                        && error.action == ErrorAction::Retry
                        && spec
                            .rate_limit
                            .as_ref()
                            .is_some_and(|r| r.is_limited(status.as_u16()));
                    if retryable
                        && (limited || is_retryable(&method, Failure::Status(status)))
                        && let Some(d) = backoff.next_delay(error.retry_after)
                        && deadline::fits(d, deadline)
                    {
                        tracing::debug!(provider = %spec.name, %status, delay_ms = d.as_millis() as u64, "retrying");
                        tokio::time::sleep(d).await;
                        continue;
                    }
                    return Err(RequestError::Provider {
                        error: Box::new(error),
                        attempts: backoff.attempts(),
                    });
                }
                Err(failure) => failure,
            };
            // A failure that would repeat (a redirect loop, an unparsable head) is
            // reported at once; a timed-out attempt may have reached the server.
            let kind = match &failure {
                Sent::Failed(e) if super::limits::is_deterministic(e) => None,
                Sent::Failed(e) if e.is_connect() => Some(Failure::Connect),
                Sent::Failed(_) | Sent::TimedOut => Some(Failure::Transport),
            };
            if retryable
                && kind.is_some_and(|k| is_retryable(&method, k))
                && let Some(d) = backoff.next_delay(None)
                && deadline::fits(d, deadline)
            {
                tokio::time::sleep(d).await;
                continue;
            }
            let timeout = |kind| RequestError::Timeout {
                method: method.clone(),
                url: bare_url(&url),
                kind,
                limit: deadlines.limit(kind),
                attempts: backoff.attempts(),
            };
            return Err(match failure {
                Sent::TimedOut => timeout(TimeoutKind::Attempt),
                // reqwest's own connect and read timeouts.
                Sent::Failed(e) if e.is_timeout() && e.is_connect() => {
                    timeout(TimeoutKind::Connect)
                }
                Sent::Failed(e) if e.is_timeout() => timeout(TimeoutKind::Attempt),
                Sent::Failed(e) => {
                    let url = e.url().cloned().unwrap_or_else(|| url.clone());
                    transport_error(&method, &url, &e, backoff.attempts())
                }
            });
        }
    }

    /// Whether a 401 carries a new Digest challenge for the credential the attempt used
    /// (kept for the next attempt and every request after it).
    fn digest_challenged(&self, applied: &Applied<'_>, headers: &http::HeaderMap) -> bool {
        let held = self.inner.held.load();
        applied.credentials.iter().any(|&c| match held.signer(c) {
            Some(crate::signing::Signer::Digest(d)) => d.challenged(headers),
            _ => false,
        })
    }

    /// Whether the request is itself key management (rotate, create), which must not
    /// wait for a rotation it may be part of.
    fn rotates_keys(&self, operation: Option<OperationId>) -> bool {
        operation
            .and_then(|o| self.spec().operations[o].role)
            .is_some_and(|r| r.manages_keys())
    }

    async fn invalidate(&self, credential: CredentialId, subject: Option<&str>, ticket: &Ticket) {
        let name = &self.spec().credentials[credential].name;
        let handle = self.inner.tokens.handle(credential, name, subject);
        match ticket {
            Ticket::Held => {}
            Ticket::Cached(generation) => handle.invalidate_generation(*generation).await,
            Ticket::Fresh(token) => handle.invalidate(token).await,
        }
    }

    fn notify(
        &self,
        applied: &Applied<'_>,
        method: &Method,
        path: &str,
        response: Option<&reqwest::Response>,
        attempt: u32,
    ) {
        if self.inner.interceptors.is_empty() {
            return;
        }
        let spec = self.spec();
        let call = Call {
            provider: &spec.name,
            credential: applied.name(),
            method,
            path,
            status: response.map(reqwest::Response::status),
            headers: response.map(reqwest::Response::headers),
            attempt,
            metered: spec.metering.is_some(),
        };
        for i in &self.inner.interceptors {
            i.on_response(&call);
        }
    }

    /// Rate-limit information of a response, for callers that pace themselves.
    pub fn rate_limit_of(&self, resp: &reqwest::Response) -> RateLimitInfo {
        RateLimitInfo::parse(
            self.spec().rate_limit.as_ref(),
            resp.headers(),
            SystemTime::now(),
        )
    }
}

/// The host of the base URL while it is not yet known: a token response will give it.
pub(super) const PENDING_HOST: &str = "base-url.pending.invalid";

/// Whether `url` was resolved against a base URL not yet known.
fn is_pending(url: &Url) -> bool {
    url.host_str() == Some(PENDING_HOST)
}

/// The one apply of the engine (see [`Authenticator::apply_with`]).
fn apply<'p>(
    plan: &'p Plan,
    held: &Held,
    target: &mut reqwest::Request,
    credentials: &'p [CredentialId],
    token: Option<&crate::Secret>,
    operation: Option<OperationId>,
) -> Result<Applied<'p>, ApplyError> {
    super::apply::apply_credentials(plan, held, target, credentials, token, operation)
}

/// How an attempt failed to bring a response.
enum Sent {
    /// The transport failed.
    Failed(reqwest::Error),
    /// The attempt's deadline passed first.
    TimedOut,
}

/// Read a success response's body (up to [`INSPECT_BODY_LIMIT`], before `until`) and
/// classify it; the response is rebuilt from what was read and what was not, so a caller
/// sees it as it came. A body cut short is not inspected: it is handed over whole, its
/// start from memory and the rest still unread.
///
/// [`INSPECT_BODY_LIMIT`]: super::limits::INSPECT_BODY_LIMIT
async fn inspect_success(
    spec: &auth_spec::Spec,
    mut resp: reqwest::Response,
    until: tokio::time::Instant,
) -> (reqwest::Response, Option<super::classify::ProviderError>) {
    use super::limits::{End, INSPECT_BODY_LIMIT, prefixed, read_bounded};
    let read = read_bounded(&mut resp, INSPECT_BODY_LIMIT, until).await;
    let error = match read.end {
        End::Complete => {
            super::classify::classify(spec, resp.status(), resp.headers(), &read.bytes)
        }
        End::TooLarge | End::TimedOut | End::Failed(_) => None,
    };
    (prefixed(resp, read.bytes), error)
}
