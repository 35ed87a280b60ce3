//! The values a caller holds for a spec: credential parts and context parameters, given by
//! name ([`Credentials`]) and checked once against the spec into what the engine reads on
//! every request ([`Held`], by id).

use auth_spec::Spec;
use auth_spec::model::{CredentialId, Id as _, OperationId, ParameterId, PartId};

use crate::Secret;
use crate::error::BuildError;
use crate::format::FormatError;

/// Credential parts (secret) and context values (not secret) for one provider, by the
/// names its spec uses: `credentials.<name>.parts.<part>` and `parameters.<name>`.
///
/// A set is checked against its spec when a client, authenticator or verifier is built:
/// an unknown name or a value that does not fit its format is refused there, never on a
/// request.
#[derive(Clone, Default)]
pub struct Credentials {
    parts: Vec<(String, String, Secret)>,
    params: Vec<(String, String)>,
}

impl Credentials {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Read every credential part and parameter whose environment variable is set.
    ///
    /// Unset variables are simply absent; a request that needs a value reports the missing
    /// one by its variable name.
    pub fn from_env(spec: &Spec) -> Self {
        Self::from_lookup(spec, |var| std::env::var(var).ok())
    }

    /// As [`Credentials::from_env`], with variables looked up by `lookup` (tests, config
    /// files, secret managers).
    pub fn from_lookup(spec: &Spec, mut lookup: impl FnMut(&str) -> Option<String>) -> Self {
        let mut out = Self::new();
        for c in spec.credentials.values() {
            for p in c.parts.values() {
                if let Some(v) = p.env.as_deref().and_then(&mut lookup) {
                    out.set_part(c.name.as_str(), p.name.as_str(), v);
                }
            }
        }
        for p in spec.parameters.values() {
            if let Some(v) = p.env.as_deref().and_then(&mut lookup) {
                out.params.push((p.name.clone(), v));
            }
        }
        out
    }

    /// Set one part of a credential (`("api_credentials", "api_secret", value)`); the value
    /// may be a `String`, a `&str`, a [`Secret`] or a [`secrecy::SecretString`].
    pub fn with_part(
        mut self,
        credential: impl Into<String>,
        part: impl Into<String>,
        value: impl Into<Secret>,
    ) -> Self {
        self.set_part(credential, part, value);
        self
    }

    /// Set the value of a single-part credential (an API key or token).
    pub fn with_key(self, credential: impl Into<String>, value: impl Into<Secret>) -> Self {
        self.with_part(
            credential,
            auth_spec::model::Credential::SHORTHAND_PART,
            value,
        )
    }

    /// Set a context parameter (`("team_id", "T-1")`).
    pub fn with_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        let value = value.into();
        match self.params.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => *v = value,
            None => self.params.push((name, value)),
        }
        self
    }

    /// Set one part in place.
    pub fn set_part(
        &mut self,
        credential: impl Into<String>,
        part: impl Into<String>,
        value: impl Into<Secret>,
    ) {
        let (credential, part, value) = (credential.into(), part.into(), value.into());
        match self
            .parts
            .iter_mut()
            .find(|(c, p, _)| *c == credential && *p == part)
        {
            Some((.., v)) => *v = value,
            None => self.parts.push((credential, part, value)),
        }
    }

    /// Forget a credential.
    pub fn remove(&mut self, credential: &str) {
        self.parts.retain(|(c, ..)| c != credential);
    }

    /// One part's value.
    pub fn part(&self, credential: &str, part: &str) -> Option<&Secret> {
        self.parts
            .iter()
            .find(|(c, p, _)| c == credential && p == part)
            .map(|(.., v)| v)
    }

    /// Whether any part of `credential` is held.
    pub fn has(&self, credential: &str) -> bool {
        self.parts.iter().any(|(c, ..)| c == credential)
    }

    /// A context value.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every `(credential, part, value)` set.
    #[cfg(feature = "reqwest")]
    pub(crate) fn iter_parts(&self) -> impl Iterator<Item = (&str, &str, &Secret)> {
        self.parts
            .iter()
            .map(|(c, p, v)| (c.as_str(), p.as_str(), v))
    }

    /// Every secret held, for a redactor.
    pub fn secrets(&self) -> impl Iterator<Item = &Secret> {
        self.parts.iter().map(|(.., v)| v)
    }

    /// Check every name and value against `spec`: the compiled form the engine reads.
    pub(crate) fn compile(&self, spec: &Spec) -> Result<Held, BuildError> {
        let mut parts: Vec<Vec<Option<Secret>>> = spec
            .credentials
            .values()
            .map(|c| vec![None; c.parts.len()])
            .collect();
        for (cname, pname, value) in &self.parts {
            let cid = spec
                .credentials
                .id(cname)
                .ok_or_else(|| BuildError::UnknownCredential {
                    provider: spec.name.clone(),
                    name: cname.clone(),
                    declared: spec.credentials.names().map(str::to_owned).collect(),
                })?;
            let cred = &spec.credentials[cid];
            let pid = cred
                .parts
                .id(pname)
                .ok_or_else(|| BuildError::UnknownPart {
                    provider: spec.name.clone(),
                    credential: cname.clone(),
                    part: pname.clone(),
                    parts: cred.parts.names().map(str::to_owned).collect(),
                })?;
            if let Err(reason) = crate::format::check_credential(spec, cid, pid, value.expose()) {
                return Err(BuildError::from(InvalidCredential {
                    provider: spec.name.clone(),
                    credential: cname.clone(),
                    part: pname.clone(),
                    env: cred.parts[pid].env.clone(),
                    reason,
                }));
            }
            parts[cid.index()][pid.index()] = Some(value.clone());
        }
        let mut params: Vec<Option<String>> = vec![None; spec.parameters.len()];
        for (name, value) in &self.params {
            let id = spec
                .parameters
                .id(name)
                .ok_or_else(|| BuildError::UnknownParameter {
                    provider: spec.name.clone(),
                    name: name.clone(),
                })?;
            params[id.index()] = Some(value.clone());
        }
        Ok(Held {
            signers: vec![None; parts.len()].into_boxed_slice(),
            clock: crate::signing::SigningClock::system(),
            wire: vec![None; parts.len()].into_boxed_slice(),
            usable: vec![false; parts.len()].into_boxed_slice(),
            context: Context::General,
            choices: Box::new([]),
            ready: Box::new([]),
            parts: parts.into_iter().map(Vec::into_boxed_slice).collect(),
            params: params.into_boxed_slice(),
        })
    }
}

/// The context values a request carries, worked out once from what is held and the
/// parameters' defaults (by `Plan::wire`).
#[derive(Clone, Debug, Default)]
pub(crate) enum Context {
    /// None: a request's only write is its credentials.
    #[default]
    Nothing,
    /// Values that go only in headers and the query, ready to write in spec order.
    Ready {
        headers: Box<[(http::HeaderName, http::HeaderValue)]>,
        /// Query pairs, unencoded (`("teamID", "T-1")`): appended as a caller would,
        /// which costs less than re-parsing an encoded string into the URL.
        query: Box<[(Box<str>, Box<str>)]>,
    },
    /// Written per request by the general path: a body field or a cookie, a value that
    /// is required and missing (the request is refused), one a header cannot carry.
    General,
}

/// The auth option a request for an operation carries: the first accepted one whose
/// every credential is held or obtainable.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Choice {
    /// Its index among the operation's accepted options.
    pub(crate) option: usize,
    /// Whether every credential in it is held (else one is obtained first).
    pub(crate) held: bool,
}

/// A request's whole write when it is one header built once (and the context values):
/// kept together so the common request reads it in one place.
#[derive(Clone, Debug)]
pub(crate) struct Ready {
    /// The credential it carries.
    pub(crate) credential: CredentialId,
    /// Its header's name and value (see `Held::wire`).
    pub(crate) name: http::HeaderName,
    pub(crate) value: http::HeaderValue,
}

/// Credentials checked against a spec, addressed by id: what a request reads.
#[derive(Clone)]
pub(crate) struct Held {
    parts: Box<[Box<[Option<Secret>]>]>,
    params: Box<[Option<String>]>,
    /// Per credential, its header value as sent (`Bearer …`, `Basic …`) when its chosen
    /// placement is one header and every part is held: built once (see
    /// [`crate::client::apply::Plan::wire`]), cloned per request (a reference count).
    /// Its buffer is zeroed when the last clone drops, unlike a value built per request.
    wire: Box<[Option<http::HeaderValue>]>,
    /// Per credential, whether a request can carry it: held, or obtainable by an exchange
    /// from what is held (worked out with `wire`, not on every request).
    usable: Box<[bool]>,
    /// What a request carries besides its credentials (worked out with `wire`).
    context: Context,
    /// The auth option a request carries, per operation: index 0 for requests naming
    /// none, then each operation's index + 1 (worked out with `wire`).
    choices: Box<[Option<Choice>]>,
    /// Per operation, indexed as `choices`: the one credential a request carries when
    /// its whole write is ready (held, its header built, no constant fields, context
    /// values ready), so the common request skips choosing and the general path.
    ready: Box<[Option<Ready>]>,
    /// Per credential, how it signs (a JWT key, an HMAC secret, a Digest challenge), when
    /// it does: built once, shared by clones.
    signers: Box<[Option<std::sync::Arc<crate::signing::Signer>>]>,
    /// Where signers read the time.
    clock: crate::signing::SigningClock,
}

impl Held {
    /// One part, if held.
    pub(crate) fn part(&self, c: CredentialId, p: PartId) -> Option<&Secret> {
        self.parts.get(c.index())?.get(p.index())?.as_ref()
    }

    /// A context value by parameter name, if held.
    #[cfg(feature = "reqwest")]
    pub(crate) fn param_named(&self, spec: &Spec, name: &str) -> Option<&str> {
        self.param(spec.parameters.id(name)?)
    }

    /// Set a context value (one a token response gave, such as an instance URL).
    #[cfg(feature = "reqwest")]
    pub(crate) fn set_param(&mut self, p: ParameterId, value: String) {
        if let Some(slot) = self.params.get_mut(p.index()) {
            *slot = Some(value);
        }
    }

    /// Whether any part of the credential is held.
    pub(crate) fn has(&self, c: CredentialId) -> bool {
        self.parts
            .get(c.index())
            .is_some_and(|ps| ps.iter().any(Option::is_some))
    }

    /// A context value, if held.
    pub(crate) fn param(&self, p: ParameterId) -> Option<&str> {
        self.params.get(p.index())?.as_deref()
    }

    /// The credential's header value, ready to send, if one was built.
    pub(crate) fn wire(&self, c: CredentialId) -> Option<&http::HeaderValue> {
        self.wire.get(c.index())?.as_ref()
    }

    /// What a request carries besides its credentials (see [`Context`]).
    pub(crate) fn context(&self) -> &Context {
        &self.context
    }

    /// The auth option a request for `operation` carries, if any can be carried.
    #[inline]
    pub(crate) fn choice(&self, operation: Option<OperationId>) -> Option<Choice> {
        let i = operation.map_or(0, |o| o.index() + 1);
        self.choices.get(i).copied().flatten()
    }

    /// Set the auth option requests carry, per operation (see the field).
    pub(crate) fn set_choices(&mut self, choices: Box<[Option<Choice>]>) {
        self.choices = choices;
    }

    /// The credential whose whole write is ready for a request for `operation` (see the
    /// field).
    #[inline]
    pub(crate) fn ready(&self, operation: Option<OperationId>) -> Option<&Ready> {
        let i = operation.map_or(0, |o| o.index() + 1);
        self.ready.get(i)?.as_ref()
    }

    /// Set the ready credential per operation (see the field).
    pub(crate) fn set_ready(&mut self, ready: Box<[Option<Ready>]>) {
        self.ready = ready;
    }

    /// Say what a request carries besides its credentials.
    pub(crate) fn set_context(&mut self, context: Context) {
        self.context = context;
    }

    /// Whether a request can carry the credential (see the field).
    pub(crate) fn usable(&self, c: CredentialId) -> bool {
        self.usable.get(c.index()).copied().unwrap_or(false)
    }

    /// Set whether a request can carry the credential.
    pub(crate) fn set_usable(&mut self, c: CredentialId, usable: bool) {
        if let Some(slot) = self.usable.get_mut(c.index()) {
            *slot = usable;
        }
    }

    /// Set the credential's ready header value.
    pub(crate) fn set_wire(&mut self, c: CredentialId, value: Option<http::HeaderValue>) {
        if let Some(slot) = self.wire.get_mut(c.index()) {
            *slot = value;
        }
    }

    /// Set one part (a refresh cookie an exchange handed out). The credential's signer is
    /// rebuilt by the next `Plan::wire`.
    #[cfg(feature = "reqwest")]
    pub(crate) fn set(&mut self, c: CredentialId, p: PartId, value: Secret) {
        if let Some(slot) = self
            .parts
            .get_mut(c.index())
            .and_then(|ps| ps.get_mut(p.index()))
        {
            *slot = Some(value);
        }
        if let Some(slot) = self.signers.get_mut(c.index()) {
            *slot = None;
        }
    }

    /// The credential's signer, if it signs.
    pub(crate) fn signer(&self, c: CredentialId) -> Option<&crate::signing::Signer> {
        self.signers.get(c.index())?.as_deref()
    }

    /// Whether the credential's signer is built.
    pub(crate) fn has_signer(&self, c: CredentialId) -> bool {
        self.signers.get(c.index()).is_some_and(Option::is_some)
    }

    /// Set the credential's signer.
    pub(crate) fn set_signer(&mut self, c: CredentialId, signer: crate::signing::Signer) {
        if let Some(slot) = self.signers.get_mut(c.index()) {
            *slot = Some(std::sync::Arc::new(signer));
        }
    }

    /// Where signers read the time.
    pub(crate) fn clock(&self) -> &crate::signing::SigningClock {
        &self.clock
    }

    /// Read the time from `clock`.
    pub(crate) fn set_clock(&mut self, clock: crate::signing::SigningClock) {
        self.clock = clock;
    }
}

/// A credential part whose value does not fit the spec's format. Its message says what
/// is wrong, never the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {reason}", self.origin())]
pub struct InvalidCredential {
    /// The provider.
    pub provider: String,
    /// The credential.
    pub credential: String,
    /// The part.
    pub part: String,
    /// The environment variable the spec reads it from, if any.
    pub env: Option<String>,
    /// What is wrong.
    pub reason: FormatError,
}

impl InvalidCredential {
    /// `PIXEE_API_KEY (pixee `api_key`)`: where the value came from, as a user set it.
    fn origin(&self) -> String {
        match &self.env {
            Some(var) => format!("{var} ({} `{}`)", self.provider, self.credential),
            None => format!("{} `{}`", self.provider, self.credential),
        }
    }
}

/// Why a credential could not be read from its environment variable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvError {
    /// The variable is not set (or not valid UTF-8).
    #[error("{var} is not set")]
    Missing {
        /// The variable.
        var: String,
    },
    /// The variable is set but its value does not fit the credential's format.
    #[error("{var}: {reason}")]
    Invalid {
        /// The variable.
        var: String,
        /// What is wrong with its value.
        reason: Box<FormatError>,
    },
}

/// Read `var` as a secret.
pub fn env_secret(var: &str) -> Result<Secret, EnvError> {
    std::env::var(var)
        .map(Secret::new)
        .map_err(|_| EnvError::Missing {
            var: var.to_owned(),
        })
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names only: which credentials are held says nothing secret.
        let held: Vec<String> = self
            .parts
            .iter()
            .map(|(c, p, _)| format!("{c}.{p}"))
            .collect();
        f.debug_struct("Credentials")
            .field("parts", &held)
            .field("params", &self.params)
            .finish()
    }
}

impl std::fmt::Debug for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Held(***)")
    }
}
