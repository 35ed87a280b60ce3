//! What generated provider crates are made of: a client, builder, error, validator and
//! credential types that are the same for every provider, parametrised by the provider's
//! marker type. A generated crate names them (`pub type ApiKey = Key<Pixee, 0>;`) and adds
//! only what differs: its scopes, environments, catalogue, placements and one method per
//! operation.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use auth_spec::Spec;
use auth_spec::model::{
    CredentialId, ErrorAction, ErrorId, ErrorKind, Id, OperationId, PartId, PlacementKind,
};
use serde::de::DeserializeOwned;

use crate::client::tokens::Token;
use crate::format::FormatError;
use crate::scopes::{ScopeName, ScopeSet};
use crate::server::{KeyStore, Principal, Rejection, Verified, Verifier};
use crate::{BuildError, Credentials, EnvError, ProviderError, RequestError, Secret};

/// A provider known at compile time: what `auth_derive::provider!` implements for the
/// marker type it generates.
pub trait Provider: Sized + Send + Sync + 'static {
    /// The spec's name.
    const NAME: &'static str;
    /// The error catalogue, one variant per documented error.
    type ErrorCode: Catalogue;
    /// The environments the spec's key prefixes name.
    type Environment: Environment;
    /// The scopes the spec declares.
    type Scope: ScopeName;
    /// The crate's client, which adds one method per operation.
    type Client: From<Client<Self>>;
    /// The spec, compiled in.
    fn spec() -> &'static Arc<Spec>;
}

/// A provider's error catalogue as an enum.
pub trait Catalogue: Copy + Eq + fmt::Debug + Send + Sync + 'static {
    /// The variant for a catalogue entry.
    fn from_error(id: ErrorId) -> Option<Self>;
}

/// A provider's environments as an enum (`Production`, `Test`): those its key prefixes
/// and its base URL name.
pub trait Environment: Copy + Eq + fmt::Debug + Send + Sync + 'static {
    /// The variant for an environment named in the spec.
    fn from_name(name: &str) -> Option<Self>;
    /// Its name in the spec.
    fn name(self) -> &'static str;
}

/// A typed credential of provider `P`, handed to a [`ClientBuilder`].
pub trait Credential<P: Provider> {
    /// Put the values where the engine looks for them.
    fn store(self, creds: &mut Credentials);
}

/// A typed choice among a credential's or parameter's alternative placements.
pub trait PlacementChoice<P: Provider> {
    /// The credential or parameter, and the kind of placement chosen.
    fn choice(self) -> (&'static str, PlacementKind);
}

/// A provider's context parameters as an enum.
pub trait ContextParam<P: Provider> {
    /// The parameter's name in the spec.
    fn name(self) -> &'static str;
}

/// The id of `P`'s `c`th credential. `P` is not read: it names, at each call, whose spec
/// the index belongs to.
#[allow(clippy::extra_unused_type_parameters)]
fn credential_id<P: Provider>(c: u32) -> CredentialId {
    CredentialId::from_index(c as usize)
}

/// Check a value offered as part `part` of credential `c` of `P`.
fn check<P: Provider>(c: u32, part: usize, value: &str) -> Result<(), FormatError> {
    crate::format::check_credential(
        P::spec(),
        credential_id::<P>(c),
        PartId::from_index(part),
        value,
    )
    .map(|_| ())
}

/// A single-part credential of `P` (an API key, a token): the `C`th credential of its
/// spec. Its format is checked when it is made; it never prints its secret.
pub struct Key<P, const C: u32>(Secret, PhantomData<fn() -> P>);

impl<P: Provider, const C: u32> Key<P, C> {
    fn spec_credential() -> &'static auth_spec::model::Credential {
        &P::spec().credentials[credential_id::<P>(C)]
    }

    /// Check `value` against the spec's format for this credential. It may be a
    /// `String`, a `&str`, a [`Secret`] or a [`secrecy::SecretString`].
    pub fn parse(value: impl Into<Secret>) -> Result<Self, FormatError> {
        let value = value.into();
        check::<P>(C, 0, value.expose())?;
        Ok(Self(value, PhantomData))
    }

    /// Read it from the environment variable the spec names, checking its format.
    pub fn from_env() -> Result<Self, EnvError> {
        let var = Self::spec_credential()
            .parts
            .values()
            .next()
            .and_then(|p| p.env.clone());
        let var = var.unwrap_or_default();
        let value = crate::env_secret(&var)?;
        Self::parse(value).map_err(|reason| EnvError::Invalid {
            var,
            reason: Box::new(reason),
        })
    }

    /// The environment this key belongs to, as its prefix says.
    pub fn environment(&self) -> Option<P::Environment> {
        let m = crate::format::check_credential(
            P::spec(),
            credential_id::<P>(C),
            PartId::from_index(0),
            self.0.expose(),
        )
        .ok()?;
        P::Environment::from_name(m.environment()?)
    }

    /// The secret itself, for the moment it must be handed on.
    pub fn expose_secret(&self) -> &str {
        self.0.expose()
    }
}

impl<P: Provider, const C: u32> Credential<P> for Key<P, C> {
    fn store(self, creds: &mut Credentials) {
        let c = Self::spec_credential();
        let part = c.parts.values().next().map_or("key", |p| p.name.as_str());
        creds.set_part(c.name.as_str(), part, self.0);
    }
}

impl<P, const C: u32> Clone for Key<P, C> {
    fn clone(&self) -> Self {
        Self(self.0.clone(), PhantomData)
    }
}

impl<P, const C: u32> PartialEq for Key<P, C> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<P, const C: u32> Eq for Key<P, C> {}

impl<P: Provider, const C: u32> fmt::Debug for Key<P, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The prefix is not secret and tells a reader which kind of key it is.
        let c = Self::spec_credential();
        let prefix = crate::format::check_credential(
            P::spec(),
            credential_id::<P>(C),
            PartId::from_index(0),
            self.0.expose(),
        )
        .ok()
        .and_then(|m| m.prefix)
        .map_or("", |p| p.prefix.as_str());
        write!(f, "{}({prefix}***)", auth_spec::naming::camel(&c.name))
    }
}

impl<P: Provider, const C: u32> std::str::FromStr for Key<P, C> {
    type Err = FormatError;
    fn from_str(s: &str) -> Result<Self, FormatError> {
        Self::parse(s)
    }
}

impl<'de, P: Provider, const C: u32> serde::Deserialize<'de> for Key<P, C> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Secret::deserialize(d)?;
        Self::parse(value).map_err(serde::de::Error::custom)
    }
}

/// The parts of a multi-part credential of `P` (an id and a secret, a login): the `C`th
/// credential of its spec. Generated types wrap it with named constructors and accessors.
pub struct Parts<P, const C: u32>(Vec<Secret>, PhantomData<fn() -> P>);

impl<P: Provider, const C: u32> Parts<P, C> {
    fn spec_credential() -> &'static auth_spec::model::Credential {
        &P::spec().credentials[credential_id::<P>(C)]
    }

    /// The parts in the spec's order, each checked against its format.
    pub fn new(values: Vec<Secret>) -> Result<Self, FormatError> {
        for (i, v) in values.iter().enumerate() {
            check::<P>(C, i, v.expose())?;
        }
        Ok(Self(values, PhantomData))
    }

    /// Read every part from its environment variable, checking formats.
    pub fn from_env() -> Result<Self, EnvError> {
        let mut values = Vec::new();
        for (i, p) in Self::spec_credential().parts.values().enumerate() {
            let var = p.env.clone().unwrap_or_default();
            let v = crate::env_secret(&var)?;
            check::<P>(C, i, v.expose()).map_err(|reason| EnvError::Invalid {
                var,
                reason: Box::new(reason),
            })?;
            values.push(v);
        }
        Ok(Self(values, PhantomData))
    }

    /// The `i`th part's value.
    pub fn expose(&self, i: usize) -> &str {
        self.0.get(i).map_or("", Secret::expose)
    }

    /// Put the values where the engine looks for them.
    pub fn store(self, creds: &mut Credentials) {
        let c = Self::spec_credential();
        for (p, v) in c.parts.values().zip(self.0) {
            creds.set_part(c.name.as_str(), p.name.as_str(), v);
        }
    }
}

impl<P, const C: u32> Clone for Parts<P, C> {
    fn clone(&self) -> Self {
        Self(self.0.clone(), PhantomData)
    }
}

impl<P, const C: u32> PartialEq for Parts<P, C> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<P, const C: u32> Eq for Parts<P, C> {}

impl<P: Provider, const C: u32> fmt::Debug for Parts<P, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}(***)",
            auth_spec::naming::camel(&Self::spec_credential().name)
        )
    }
}

/// Builds a provider's client: typed credentials, context values, placements, base URL.
pub struct ClientBuilder<P> {
    inner: crate::ClientBuilder,
    creds: Credentials,
    _provider: PhantomData<fn() -> P>,
}

impl<P: Provider> Default for ClientBuilder<P> {
    fn default() -> Self {
        Self {
            inner: crate::Client::builder(P::spec().clone()),
            creds: Credentials::new(),
            _provider: PhantomData,
        }
    }
}

impl<P: Provider> ClientBuilder<P> {
    /// A builder with nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Authenticate with this credential.
    pub fn credential(mut self, credential: impl Credential<P>) -> Self {
        credential.store(&mut self.creds);
        self
    }

    /// Set a context value (tenant, team).
    pub fn param(mut self, param: impl ContextParam<P>, value: impl Into<String>) -> Self {
        self.creds = self.creds.with_param(param.name(), value);
        self
    }

    /// Place a credential or context value in another of the places the spec allows.
    pub fn placement(mut self, choice: impl PlacementChoice<P>) -> Self {
        let (name, kind) = choice.choice();
        self.inner = self.inner.prefer(name, kind);
        self
    }

    /// Read every credential and context value whose environment variable is set (and
    /// the base URL, where the spec names a variable for it). A set variable whose value
    /// has the wrong format is refused when the client is built.
    pub fn from_env(mut self) -> Self {
        let spec = P::spec();
        let mut from_env = Credentials::from_env(spec);
        for c in spec.credentials.values() {
            for p in c.parts.values() {
                if let Some(v) = self.creds.part(&c.name, &p.name) {
                    from_env.set_part(c.name.as_str(), p.name.as_str(), v.clone());
                }
            }
        }
        for p in spec.parameters.values() {
            if let Some(v) = self.creds.param(&p.name) {
                from_env = from_env.with_param(p.name.as_str(), v);
            }
        }
        self.creds = from_env;
        if let Some(url) = spec
            .base_url
            .env
            .as_deref()
            .and_then(|v| std::env::var(v).ok())
        {
            self.inner = self.inner.base_url(url);
        }
        self
    }

    /// Send requests to the host of `environment` (Paddle's sandbox, Deepgram's EU
    /// region) rather than the one the key's prefix names or the default. An environment
    /// the spec's base URL does not list is refused when the client is built.
    pub fn environment(mut self, environment: P::Environment) -> Self {
        self.inner = self.inner.environment(environment.name());
        self
    }

    /// Send requests to another base URL (a self-hosted server, a sandbox).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.inner = self.inner.base_url(url);
        self
    }

    /// Tell `interceptor` about every attempt (metering, logging).
    pub fn interceptor(mut self, interceptor: Arc<dyn crate::Interceptor>) -> Self {
        self.inner = self.inner.interceptor(interceptor);
        self
    }

    /// Adjust the run-time client builder (retry policy, token cache, HTTP settings).
    pub fn configure(
        mut self,
        f: impl FnOnce(crate::ClientBuilder) -> crate::ClientBuilder,
    ) -> Self {
        self.inner = f(self.inner);
        self
    }

    /// Build the client.
    pub fn build(self) -> Result<P::Client, BuildError> {
        let inner = self.inner.credentials(self.creds).build()?;
        Ok(Client {
            inner,
            _provider: PhantomData,
        }
        .into())
    }
}

/// A provider's client: applies its authentication to any request. The generated client
/// dereferences to it and adds one method per operation.
pub struct Client<P> {
    inner: crate::Client,
    _provider: PhantomData<fn() -> P>,
}

impl<P> Clone for Client<P> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            _provider: PhantomData,
        }
    }
}

impl<P: Provider> fmt::Debug for Client<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

impl<P: Provider> Client<P> {
    /// A request to a path under the base URL (or an absolute URL on the same origin);
    /// credentials are applied when it is sent.
    pub fn request(&self, method: http::Method, path: &str) -> crate::client::RequestBuilder {
        self.inner.request(method, path)
    }

    /// Use this credential for every request from now on. To rotate under traffic
    /// without losing a request, call the rotation inside [`crate::Client::rotate`].
    pub fn replace(&self, credential: impl Credential<P>) -> Result<(), BuildError> {
        let mut creds = Credentials::new();
        credential.store(&mut creds);
        self.inner.replace_credentials(&creds)
    }

    /// The run-time client underneath, for everything not wrapped here.
    pub fn inner(&self) -> &crate::Client {
        &self.inner
    }

    /// The fresh token for the `C`th credential (generated crates name the accessor after
    /// the credential).
    #[doc(hidden)]
    pub async fn __token(
        &self,
        credential: u32,
        subject: Option<&str>,
    ) -> Result<Arc<Token>, Error<P>> {
        Ok(self
            .inner
            .token_for(credential_id::<P>(credential), subject)
            .await?)
    }

    /// Send operation `operation` with its path parameters, query, headers and body.
    #[doc(hidden)]
    pub async fn __send(
        &self,
        operation: u32,
        path: &[(&str, &str)],
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        body: Option<&(dyn erased::Json + Sync)>,
    ) -> Result<reqwest::Response, Error<P>> {
        let mut rb = self
            .inner
            .operation_id(OperationId::from_index(operation as usize), path);
        if !query.is_empty() {
            rb = rb.query(query);
        }
        for (k, v) in headers {
            rb = rb.header(k, v);
        }
        if let Some(b) = body {
            rb = rb.json(&erased::Body(b));
        }
        Ok(rb.send().await?)
    }

    /// As [`Client::__send`], decoding the documented response body.
    #[doc(hidden)]
    pub async fn __send_json<T: DeserializeOwned>(
        &self,
        operation: u32,
        path: &[(&str, &str)],
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        body: Option<&(dyn erased::Json + Sync)>,
    ) -> Result<T, Error<P>> {
        let resp = self.__send(operation, path, query, headers, body).await?;
        let bytes = resp.bytes().await.map_err(|e| {
            Error::from(RequestError::Build {
                message: e.without_url().to_string(),
            })
        })?;
        serde_json::from_slice(&bytes).map_err(|source| {
            Error::from(RequestError::Decode {
                operation: P::spec().operations[OperationId::from_index(operation as usize)]
                    .name
                    .clone(),
                source,
            })
        })
    }

    /// Run exchange `operation` now (a login, a refresh, a user token) and cache its token.
    #[doc(hidden)]
    pub async fn __exchange(
        &self,
        operation: u32,
        subject: Option<&str>,
        body: Option<&(dyn erased::Json + Sync)>,
    ) -> Result<Arc<Token>, Error<P>> {
        let fields = match body.map(|b| serde_json::to_value(erased::Body(b))) {
            Some(Ok(serde_json::Value::Object(m))) => m,
            _ => serde_json::Map::new(),
        };
        Ok(self
            .inner
            .run_exchange(OperationId::from_index(operation as usize), subject, fields)
            .await?)
    }
}

/// Serialising a caller's body through a trait object, so the send helpers above are
/// compiled once rather than once per body type.
#[doc(hidden)]
pub mod erased {
    /// A body that can be written as JSON.
    pub trait Json {
        /// Its JSON value.
        fn to_json(&self) -> serde_json::Result<serde_json::Value>;
    }

    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> serde_json::Result<serde_json::Value> {
            serde_json::to_value(self)
        }
    }

    pub(super) struct Body<'a>(pub(super) &'a (dyn Json + Sync));

    impl serde::Serialize for Body<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            self.0
                .to_json()
                .map_err(serde::ser::Error::custom)?
                .serialize(s)
        }
    }
}

impl<P: Provider> From<Client<P>> for crate::Client {
    fn from(c: Client<P>) -> Self {
        c.inner
    }
}

/// What can go wrong calling a provider: one of its documented errors, or anything else
/// (refused before sending, transport, an undocumented answer, a token exchange).
#[non_exhaustive]
pub enum Error<P: Provider> {
    /// The provider answered with an error its spec documents.
    Documented(P::ErrorCode, Box<ProviderError>),
    /// Anything else.
    Request(RequestError),
}

impl<P: Provider> From<RequestError> for Error<P> {
    fn from(e: RequestError) -> Self {
        match e {
            RequestError::Provider { error, attempts } => {
                match error.error.and_then(P::ErrorCode::from_error) {
                    Some(code) => Error::Documented(code, error),
                    None => Error::Request(RequestError::Provider { error, attempts }),
                }
            }
            other => Error::Request(other),
        }
    }
}

impl<P: Provider> Error<P> {
    /// The documented error, if that is what this is.
    pub fn code(&self) -> Option<P::ErrorCode> {
        match self {
            Self::Documented(code, _) => Some(*code),
            Self::Request(_) => None,
        }
    }

    /// The classified provider response behind this error, if there was one (also when
    /// it made a token exchange fail).
    pub fn provider_error(&self) -> Option<&ProviderError> {
        match self {
            Self::Documented(_, e) => Some(e),
            Self::Request(e) => e.provider_error(),
        }
    }

    /// What kind of failure the provider reported.
    pub fn kind(&self) -> Option<ErrorKind> {
        Some(self.provider_error()?.kind)
    }

    /// The provider's message, from the body or the documentation.
    pub fn message(&self) -> Option<&str> {
        self.provider_error()?.message.as_deref()
    }

    /// What the caller should do, as the spec says.
    pub fn action(&self) -> Option<ErrorAction> {
        Some(self.provider_error()?.action)
    }

    /// How long to wait before retrying, when the provider said.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.provider_error()?.retry_after
    }

    /// The HTTP status of the provider's answer.
    pub fn status(&self) -> Option<http::StatusCode> {
        Some(self.provider_error()?.status)
    }

    /// The provider's own code from the body (`SCOPE_DENIED`), as written; [`Error::code`]
    /// is the documented error it was classified as.
    pub fn provider_code(&self) -> Option<&str> {
        self.provider_error()?.code.as_deref()
    }

    /// The details the provider's body carried, when its shape has them.
    pub fn details(&self) -> Option<&serde_json::Value> {
        self.provider_error()?.details.as_ref()
    }

    /// What the response said about the caller's rate limits (every limit it reported).
    pub fn rate_limit(&self) -> Option<&crate::RateLimitInfo> {
        Some(&self.provider_error()?.rate_limit)
    }
}

impl<P: Provider> fmt::Debug for Error<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Documented(code, e) => f.debug_tuple("Documented").field(code).field(e).finish(),
            Self::Request(e) => f.debug_tuple("Request").field(e).finish(),
        }
    }
}

impl<P: Provider> fmt::Display for Error<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Documented(_, e) => e.fmt(f),
            Self::Request(e) => e.fmt(f),
        }
    }
}

impl<P: Provider> std::error::Error for Error<P> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Documented(..) => None,
            Self::Request(e) => e.source(),
        }
    }
}

/// Checks incoming requests the way provider `P` does, and answers refusals in its own
/// error format. Keys live in a [`KeyStore`] that keeps only their digests.
pub struct Validator<P> {
    inner: Arc<Verifier>,
    _provider: PhantomData<fn() -> P>,
}

impl<P> Clone for Validator<P> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            _provider: PhantomData,
        }
    }
}

impl<P: Provider> fmt::Debug for Validator<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator")
            .field("provider", &P::NAME)
            .finish_non_exhaustive()
    }
}

impl<P: Provider> Validator<P> {
    /// A validator that looks keys up in `store`.
    pub fn new(store: Arc<dyn KeyStore>) -> Self {
        Self {
            inner: Arc::new(Verifier::new(P::spec().clone(), store)),
            _provider: PhantomData,
        }
    }

    /// Verify a request: who is calling, with which scopes, for which operation; or the
    /// provider's own refusal, ready to send.
    pub async fn verify<B: AsRef<[u8]>>(
        &self,
        request: &http::Request<B>,
    ) -> Result<Verified, Rejection> {
        self.inner.verify_request(request).await
    }

    /// The scopes a verified caller holds; scopes the spec does not declare are left out.
    pub fn scopes<const W: usize>(principal: &Principal) -> ScopeSet<P::Scope, W> {
        principal
            .scopes()
            .into_iter()
            .flatten()
            .filter_map(|s| P::Scope::from_name(s))
            .collect()
    }

    /// The engine underneath, e.g. for [`crate::server::VerifyLayer`].
    pub fn verifier(&self) -> &Arc<Verifier> {
        &self.inner
    }
}

#[doc(hidden)]
/// For generated code: the spec from its embedded JSON form. The generator checked it
/// when the crate was compiled, so a failure means the crate and the engine disagree.
pub fn spec_from_json(name: &str, json: &str) -> Arc<Spec> {
    match auth_spec::load_json(name, json) {
        Ok(spec) => Arc::new(spec),
        // Not reachable from input: the JSON is the generator's own output, checked at
        // compile time against the same spec language.
        Err(e) => panic!("the compiled-in spec of `{name}` does not load: {e}"),
    }
}
