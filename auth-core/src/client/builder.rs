//! Configuring a [`Client`]: credentials, base URL, placements, interceptors, retry
//! policy, timeouts, token cache, and the safe settings of the reqwest client underneath.

use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use auth_spec::Spec;
use auth_spec::model::{PlacementKind, RetryPolicy};
use reqwest::Url;

use super::apply::Plan;
use super::deadline::Deadlines;
use super::engine::{Client, Inner};
use super::identity::Tokens;
use super::interceptor::Interceptor;
use super::read_mostly::ReadMostly;
use super::retry::default_policy;
use super::tokens::TokenCache;
use crate::{BuildError, Credentials};

/// Builds a [`Client`].
pub struct ClientBuilder {
    spec: Arc<Spec>,
    creds: Credentials,
    base_url: Option<String>,
    choices: Vec<(String, PlacementKind)>,
    http: reqwest::ClientBuilder,
    interceptors: Vec<Arc<dyn Interceptor>>,
    retry: Option<RetryPolicy>,
    tokens: Option<Arc<TokenCache>>,
    token_lifetime: Option<Duration>,
    environment: Option<String>,
    reroutes: Vec<(String, String)>,
    clock: Option<crate::signing::SigningClock>,
    deadlines: Deadlines,
}

impl ClientBuilder {
    pub(super) fn new(spec: Arc<Spec>) -> Self {
        ClientBuilder {
            deadlines: Deadlines::of(&spec),
            spec,
            creds: Credentials::new(),
            base_url: None,
            choices: Vec::new(),
            http: reqwest::Client::builder(),
            interceptors: Vec::new(),
            retry: None,
            tokens: None,
            token_lifetime: None,
            environment: None,
            reroutes: Vec::new(),
            clock: None,
        }
    }

    /// Read the time for signing (JWT `iat`/`exp`, timestamps, nonces) from `clock`:
    /// tests pass the token cache's manual [`Clock`](super::tokens::Clock).
    pub fn signing_clock(mut self, clock: impl Into<crate::signing::SigningClock>) -> Self {
        self.clock = Some(clock.into());
        self
    }

    /// Keep tokens in this cache (with its store, margin and clock). Clients sharing a
    /// cache share its store; each keeps its own handles.
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

    /// The credentials and context values set so far, to add to them.
    pub fn credentials_mut(&mut self) -> &mut Credentials {
        &mut self.creds
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

    /// Send requests to the spec's base URL for environment `name` (`sandbox`,
    /// `production`) rather than the one the key's prefix names or the default.
    pub fn environment(mut self, name: impl Into<String>) -> Self {
        self.environment = Some(name.into());
        self
    }

    /// Use another base URL (self-hosted server, sandbox, test server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Send the requests of operations on their own host (`url:` in the spec, e.g. a
    /// token endpoint) whose origin is `from` to the origin of `to` instead: a sandbox or
    /// test server standing in for that host, as [`ClientBuilder::base_url`] does for the
    /// API itself. Both are absolute http(s) URLs; only their scheme, host and port count.
    pub fn reroute(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.reroutes.push((from.into(), to.into()));
        self
    }

    /// Place credential or parameter `name` in `kind` rather than its preferred place.
    pub fn prefer(mut self, name: impl Into<String>, kind: PlacementKind) -> Self {
        self.choices.push((name.into(), kind));
        self
    }

    /// Tell `interceptor` about every attempt (metering, logging, `-v` output).
    pub fn interceptor(mut self, interceptor: Arc<dyn Interceptor>) -> Self {
        self.interceptors.push(interceptor);
        self
    }

    /// Override the spec's retry policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Give up on a connection not made within `timeout` (TCP and TLS); default: the
    /// spec's `transport.timeouts.connect_ms`, else 10 s. A connection that failed is
    /// tried again as the retry policy allows.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.deadlines.connect = timeout;
        self
    }

    /// Give up on an attempt whose response head has not come within `timeout` (nor its
    /// error or token body, which are read before the request returns), and on a
    /// response body that sends nothing for that long; default: the spec's
    /// `transport.timeouts.attempt_ms`, else 30 s. A timed-out attempt is retried only
    /// when the method is idempotent: a POST may have taken effect.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.deadlines.attempt = timeout;
        self
    }

    /// Give up on a request not answered within `timeout`, counting everything before
    /// the response is returned: waiting for its token (a login), every attempt and the
    /// waits between them; default: the spec's `transport.timeouts.overall_ms`, else
    /// 2 minutes. Reading a success body afterwards is the caller's (bounded only by
    /// [`ClientBuilder::attempt_timeout`] between chunks). A token exchange has the same
    /// deadlines of its own.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.deadlines.overall = timeout;
        self
    }

    /// Adjust the underlying reqwest client (proxies, extra root certificates). Its
    /// redirect, `Referer` and connection-logging settings are then replaced by safe ones
    /// (verbose connection logging would print request headers, credentials included),
    /// and its connect and read timeouts by this builder's.
    pub fn http(
        mut self,
        f: impl FnOnce(reqwest::ClientBuilder) -> reqwest::ClientBuilder,
    ) -> Self {
        self.http = f(self.http);
        self
    }

    /// Build the client. A malformed key, an unknown name or an impossible placement is
    /// refused here, before any request could carry it.
    pub fn build(self) -> Result<Client, BuildError> {
        let spec = self.spec;
        let mut plan = Plan::new(spec.clone(), &self.choices)?;
        if let Some(clock) = self.clock {
            plan.clock = clock;
        }
        let plan = Arc::new(plan);
        let held = plan.hold(&self.creds)?;
        let base_from_spec = self.base_url.is_none();
        let base = match self.base_url {
            Some(b) => b,
            None if spec.base_url.user_supplied => {
                return Err(BuildError::MissingBaseUrl {
                    provider: spec.name.clone(),
                    template: spec.base_url.url.clone(),
                    env: spec.base_url.env.clone(),
                });
            }
            None => match plan.base_url(&held, self.environment.as_deref()) {
                // A parameter a token response sets (an instance URL): the base URL is
                // known once the first token is.
                Err(BuildError::MissingUrlParameter { parameter, .. })
                    if spec
                        .parameters
                        .id(&parameter)
                        .is_some_and(|p| spec.set_by_response(p)) =>
                {
                    format!("https://{}/", super::engine::PENDING_HOST)
                }
                other => other?,
            },
        };
        let base_url = http_url(&base)?;
        let may_pend = base_url.host_str() == Some(super::engine::PENDING_HOST);
        let reroutes = self
            .reroutes
            .iter()
            .map(|(from, to)| Ok((http_url(from)?, http_url(to)?)))
            .collect::<Result<Vec<_>, BuildError>>()?;
        install_crypto_provider();
        let http = self
            .http
            .redirect(same_origin_redirects())
            .referer(false)
            .connection_verbose(false)
            .connect_timeout(self.deadlines.connect)
            .read_timeout(self.deadlines.attempt)
            .build()
            .map_err(BuildError::Http)?;
        let retry = self
            .retry
            .or_else(|| spec.retry.clone())
            .unwrap_or_else(default_policy);
        let cache = self.tokens.unwrap_or_default();
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                tokens: Tokens::new(&spec, cache),
                plan,
                held: ReadMostly::new(Arc::new(held)),
                base_url: ArcSwap::from_pointee(base_url),
                base_from_spec,
                may_pend,
                environment: self.environment,
                reroutes,
                retry,
                deadlines: self.deadlines,
                interceptors: self.interceptors,
                token_lifetime: self.token_lifetime,
                rotation: tokio::sync::RwLock::new(()),
            }),
        })
    }
}

/// `text` as an absolute http(s) URL with a host.
fn http_url(text: &str) -> Result<Url, BuildError> {
    Url::parse(text)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        .ok_or_else(|| BuildError::BaseUrl {
            url: text.split(['?', '#']).next().unwrap_or_default().to_owned(),
        })
}

/// Make ring the process's TLS crypto provider unless one is installed already.
fn install_crypto_provider() {
    // `Err` means a provider is already installed, which is what we need.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Follow a redirect only within the same origin (scheme, host and port), so neither
/// another host nor an https-to-http downgrade ever receives credentials; stop (returning
/// the 3xx) otherwise.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() >= 10 {
            return attempt.error("too many redirects");
        }
        let same = attempt
            .previous()
            .last()
            .is_some_and(|prev| prev.origin() == attempt.url().origin());
        if same {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}
