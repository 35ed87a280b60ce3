//! Configuring a [`Client`]: credentials, base URL, placements, observers, retry policy,
//! token cache, and the safe settings of the reqwest client underneath.

use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use auth_spec::Spec;
use auth_spec::model::PlacementKind;
use reqwest::Url;

use super::{Client, ClientError, Inner, Inspector, Observer};
use crate::Credentials;
use crate::apply::Authenticator;
use crate::retry::default_policy;
use crate::tokens::TokenCache;

/// Builds a [`Client`].
pub struct ClientBuilder {
    spec: Arc<Spec>,
    creds: Credentials,
    base_url: Option<String>,
    choices: Vec<(String, PlacementKind)>,
    http: reqwest::ClientBuilder,
    observers: Vec<Arc<dyn Observer>>,
    inspector: Option<Inspector>,
    retry: Option<auth_spec::model::RetryPolicy>,
    tokens: Option<Arc<TokenCache>>,
    token_lifetime: Option<Duration>,
}

impl ClientBuilder {
    pub(super) fn new(spec: Arc<Spec>) -> Self {
        ClientBuilder {
            spec,
            creds: Credentials::new(),
            base_url: None,
            choices: Vec::new(),
            http: reqwest::Client::builder(),
            observers: Vec::new(),
            inspector: None,
            retry: None,
            tokens: None,
            token_lifetime: None,
        }
    }

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

    /// Tell `observer` about every authenticated call (see [`Meter`](super::Meter)).
    pub fn observer(mut self, observer: Arc<dyn Observer>) -> Self {
        self.observers.push(observer);
        self
    }

    /// Show `inspector` every attempt as it is about to be sent, credentials applied: the
    /// caller's requests and the ones the engine makes itself (a login, a refresh). For
    /// `-v` output; mask what it prints (see [`describe_request`](super::describe_request)).
    pub fn inspector(mut self, inspector: Inspector) -> Self {
        self.inspector = Some(inspector);
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
                inspector: self.inspector,
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
