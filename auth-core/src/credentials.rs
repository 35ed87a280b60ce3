//! The values a caller holds for a spec: credential parts and context parameters.

use crate::Secret;
use auth_spec::Spec;

/// Credential parts (secret) and context values (not secret) for one provider.
///
/// Keyed by the names the spec uses: `credentials.<name>.parts.<part>` and
/// `parameters.<name>`. Cheap to clone: a client swaps in a new set to rotate a key.
#[derive(Clone, Default)]
pub struct Credentials {
    parts: Small<Small<Secret>>,
    params: Small<String>,
}

/// A map for a handful of entries: a provider has a few credentials of a few parts each,
/// and a linear scan of them is cheaper than hashing a name on every request.
#[derive(Clone)]
struct Small<V>(Vec<(String, V)>);

impl<V> Default for Small<V> {
    fn default() -> Self {
        Small(Vec::new())
    }
}

impl<V> Small<V> {
    fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn get_mut_or_insert(&mut self, key: String, default: impl FnOnce() -> V) -> &mut V {
        let i = match self.0.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                self.0.push((key, default()));
                self.0.len() - 1
            }
        };
        &mut self.0[i].1
    }

    fn insert(&mut self, key: String, value: V) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key, value)),
        }
    }

    fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl Credentials {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Read every credential part and parameter whose environment variable is set.
    ///
    /// Unset variables are simply absent; [`crate::apply::Authenticator`] reports a missing
    /// required value by its variable name when a request needs it.
    pub fn from_env(spec: &Spec) -> Self {
        Self::from_lookup(spec, |var| std::env::var(var).ok())
    }

    /// As [`Credentials::from_env`], with variables looked up by `lookup` (tests, config
    /// files, secret managers).
    pub fn from_lookup(spec: &Spec, mut lookup: impl FnMut(&str) -> Option<String>) -> Self {
        let mut out = Self::new();
        for (cred, c) in &spec.credentials {
            for (part, p) in &c.parts {
                if let Some(v) = p.env.as_deref().and_then(&mut lookup) {
                    out = out.with_part(cred, part, v);
                }
            }
        }
        for (name, p) in &spec.parameters {
            if let Some(v) = p.env.as_deref().and_then(&mut lookup) {
                out = out.with_param(name, v);
            }
        }
        out
    }

    /// Set one part of a credential (`("api_credentials", "api_secret", value)`).
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
        self.params.insert(name.into(), value.into());
        self
    }

    /// Set one part in place.
    pub fn set_part(
        &mut self,
        credential: impl Into<String>,
        part: impl Into<String>,
        value: impl Into<Secret>,
    ) {
        self.parts
            .get_mut_or_insert(credential.into(), Small::default)
            .insert(part.into(), value.into());
    }

    /// Forget a credential (e.g. a token that was invalidated).
    pub fn remove(&mut self, credential: &str) {
        self.parts.remove(credential);
    }

    /// One part's value.
    pub fn part(&self, credential: &str, part: &str) -> Option<&Secret> {
        self.parts.get(credential)?.get(part)
    }

    /// Where a part sits, for [`Credentials::part_at`]: stable while this set is not
    /// changed (an authenticator's set never is; it is replaced whole).
    pub(crate) fn position(&self, credential: &str, part: &str) -> Option<(usize, usize)> {
        let i = self.parts.0.iter().position(|(k, _)| k == credential)?;
        let j = self.parts.0[i].1.0.iter().position(|(k, _)| k == part)?;
        Some((i, j))
    }

    /// The part at a position from [`Credentials::position`].
    pub(crate) fn part_at(&self, (i, j): (usize, usize)) -> Option<&Secret> {
        self.parts.0.get(i)?.1.0.get(j).map(|(_, v)| v)
    }

    /// Every part held for `credential`, as `(part, value)`.
    pub fn parts(&self, credential: &str) -> impl Iterator<Item = (&str, &Secret)> {
        self.parts.get(credential).into_iter().flat_map(Small::iter)
    }

    /// Whether any part of `credential` is held.
    pub fn has(&self, credential: &str) -> bool {
        self.parts.get(credential).is_some_and(|p| !p.0.is_empty())
    }

    /// A context value.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }

    /// Every secret held, for a redactor.
    pub fn secrets(&self) -> impl Iterator<Item = &Secret> {
        self.parts
            .0
            .iter()
            .flat_map(|(_, p)| p.0.iter().map(|(_, v)| v))
    }
}

/// A credential part held for a spec whose value does not fit the spec's format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {source}", self.origin())]
pub struct InvalidCredential {
    /// The provider.
    pub provider: String,
    /// The credential.
    pub credential: String,
    /// The part.
    pub part: String,
    /// The environment variable the spec reads it from, if any.
    pub env: Option<String>,
    /// What is wrong (never the value).
    #[source]
    pub source: Box<crate::format::FormatError>,
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

impl Credentials {
    /// Check every part held against `spec`'s format for it (prefixes, lengths, and that
    /// it is not another credential of the spec, such as a Weavz MCP token offered as the
    /// API key).
    pub fn check(&self, spec: &Spec) -> Result<(), InvalidCredential> {
        for (name, parts) in self.parts.iter() {
            let Some(cred) = spec.credentials.get(name) else {
                continue;
            };
            for (part, value) in parts.iter() {
                if let Err(e) =
                    crate::format::check_credential(spec, name, Some(part), value.expose())
                {
                    return Err(InvalidCredential {
                        provider: spec.name.clone(),
                        credential: name.to_owned(),
                        part: part.to_owned(),
                        env: cred.parts.get(part).and_then(|p| p.env.clone()),
                        source: Box::new(e),
                    });
                }
            }
        }
        Ok(())
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
    #[error("{var}: {source}")]
    Invalid {
        /// The variable.
        var: String,
        /// What is wrong with its value.
        #[source]
        source: Box<crate::format::FormatError>,
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
            .flat_map(|(c, ps)| ps.iter().map(move |(p, _)| format!("{c}.{p}")))
            .collect();
        f.debug_struct("Credentials")
            .field("parts", &held)
            .field("params", &self.params.0)
            .finish()
    }
}
