//! The keys file: which keys, users and limits a sandbox starts with.
//!
//! ```yaml
//! keys:
//!   - id: key_live_all            # optional; generated when absent
//!     credential: api_key         # a credential of the spec
//!     secret: pm_live_sandbox_1   # a single-part credential's value
//!     scopes: [products:read]     # absent: not limited by scope
//!   - credential: login           # multi-part: name every part
//!     parts: { email: you@example.com, password: sandbox-password }
//!     workspaces: [ws_1]          # absent: org-wide
//!     context: { team_id: T1 }    # bound context values
//! lockout: { after_failures: 5, seconds: 900, max_seconds: 14400 }
//! rate_limit: { limit: 100, window_seconds: 60 }
//! tokens: { refresh_seconds: 86400 }
//! ```

use std::collections::BTreeMap;

use auth_core::format::check as check_format;
use auth_core::server::limits::LockoutPolicy;
use auth_core::server::{KeyDigest, KeyRecord};
use auth_spec::Spec;
use auth_spec::model::CredentialKind;
use indexmap::IndexMap;
use serde::Deserialize;

use crate::SandboxError;

/// The contents of a keys file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeysFile {
    /// Keys, users (password credentials) and static tokens.
    #[serde(default)]
    pub keys: Vec<KeyEntry>,
    /// When failed logins lock an account.
    #[serde(default)]
    pub lockout: Lockout,
    /// The rate-limit window (used when the spec documents rate limiting).
    #[serde(default)]
    pub rate_limit: RateLimitConfig,
    /// Lifetime of the tokens the OAuth 2.0 token endpoints issue, in seconds; else the
    /// credential's `default_lifetime_seconds`, else an hour.
    #[serde(default)]
    pub token_lifetime_seconds: Option<u64>,
    /// How far the sandbox's clock runs ahead of the real one (negative: behind), in
    /// seconds, as its `Date` headers and expiry times show: for testing clients against
    /// a server whose clock is off.
    #[serde(default)]
    pub clock_skew_seconds: i64,
    /// Lifetimes the spec leaves to the server.
    #[serde(default)]
    pub tokens: TokenConfig,
}

/// One key in a keys file. Its secret is hashed on load and then dropped.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyEntry {
    /// Identifier; generated (`key_1`, …) when absent.
    #[serde(default)]
    pub id: Option<String>,
    /// The spec credential it is an instance of.
    pub credential: String,
    /// The value of a single-part credential.
    #[serde(default)]
    pub secret: Option<String>,
    /// Part values of a multi-part credential.
    #[serde(default)]
    pub parts: IndexMap<String, String>,
    /// A descriptive name.
    #[serde(default)]
    pub name: Option<String>,
    /// Scopes; absent means not limited by scope.
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    /// Workspaces of a workspace-scoped key; absent means org-wide.
    #[serde(default)]
    pub workspaces: Option<Vec<String>>,
    /// Environment; taken from the key's prefix when absent.
    #[serde(default)]
    pub environment: Option<String>,
    /// Context parameter values the key is bound to.
    #[serde(default)]
    pub context: BTreeMap<String, String>,
}

impl std::fmt::Debug for KeyEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyEntry")
            .field("id", &self.id)
            .field("credential", &self.credential)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Lockout after failed logins. The provider docs that mention lockout (Pixee's 423) give
/// no threshold, so it is a sandbox setting.
///
/// A lock is keyed on the **client address and the account** together: failures from one
/// address lock that address out of that account (its logins, and its refreshes for that
/// account, get the provider's `locked` answer), while the owner logging in from elsewhere
/// is not affected. Keyed on the account alone, anyone could lock anyone out by guessing
/// wrong five times, and keep them out by guessing again. The lock backs off: each failure
/// after a lock has passed doubles the next one, up to `max_seconds`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lockout {
    /// Failed logins in a row that lock.
    pub after_failures: u32,
    /// How long the first lock lasts.
    pub seconds: u64,
    /// The longest a lock lasts (16 × `seconds` when absent).
    #[serde(default)]
    pub max_seconds: Option<u64>,
}

impl Lockout {
    /// As the counters take it.
    pub fn policy(&self) -> LockoutPolicy {
        LockoutPolicy {
            after_failures: self.after_failures,
            base: std::time::Duration::from_secs(self.seconds),
            max: std::time::Duration::from_secs(
                self.max_seconds.unwrap_or(self.seconds.saturating_mul(16)),
            ),
        }
    }
}

impl Default for Lockout {
    fn default() -> Self {
        Lockout {
            after_failures: 5,
            seconds: 900,
            max_seconds: None,
        }
    }
}

/// Lifetimes of what the sandbox issues where the spec gives none.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenConfig {
    /// How long a refresh token (a refresh cookie) is valid; the provider docs give no
    /// figure, so this is the sandbox's choice. Each refresh token works once.
    #[serde(default = "TokenConfig::default_refresh")]
    pub refresh_seconds: u64,
    /// How long the sandbox keeps a token whose lifetime neither the spec nor the request
    /// gives (not announced to the client), so that no issued token is kept forever.
    #[serde(default = "TokenConfig::default_access")]
    pub access_seconds: u64,
}

impl TokenConfig {
    fn default_refresh() -> u64 {
        86_400
    }
    fn default_access() -> u64 {
        86_400
    }
}

impl Default for TokenConfig {
    fn default() -> Self {
        TokenConfig {
            refresh_seconds: Self::default_refresh(),
            access_seconds: Self::default_access(),
        }
    }
}

/// A fixed rate-limit window, counted per credential (and per client address for requests
/// that fail authentication).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitConfig {
    /// Requests allowed per window.
    pub limit: u64,
    /// Window length.
    pub window_seconds: u64,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        RateLimitConfig {
            limit: 100,
            window_seconds: 60,
        }
    }
}

/// The example keys files shipped for the built-in providers.
const BUILT_IN: &[(&str, &str)] = &[
    ("pixee", include_str!("../keys/pixee.yaml")),
    ("weavy", include_str!("../keys/weavy.yaml")),
    ("weavz", include_str!("../keys/weavz.yaml")),
    ("weevio", include_str!("../keys/weevio.yaml")),
    ("weshape", include_str!("../keys/weshape.yaml")),
];

impl KeysFile {
    /// Parse a keys file.
    pub fn parse(file: &str, text: &str) -> Result<Self, SandboxError> {
        serde_yaml_ng::from_str(text).map_err(|e| SandboxError::Keys(format!("{file}: {e}")))
    }

    /// Read a keys file.
    pub fn read(path: &std::path::Path) -> Result<Self, SandboxError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SandboxError::Keys(format!("{}: {e}", path.display())))?;
        Self::parse(&path.display().to_string(), &text)
    }

    /// The default keys for `spec`: the shipped example file for a built-in provider,
    /// else one generated key per user-supplied credential (see [`Self::generated`]).
    pub fn default_for(spec: &Spec) -> Result<Self, SandboxError> {
        match BUILT_IN.iter().find(|(n, _)| *n == spec.name) {
            Some((name, text)) => Self::parse(&format!("keys/{name}.yaml"), text),
            None => Ok(Self::generated(spec)),
        }
    }

    /// One sandbox key per credential the user supplies (keys, key pairs, static tokens,
    /// logins) for the provider's own API, one per prefix; plus a workspace-scoped copy when
    /// the spec restricts keys by workspace.
    pub fn generated(spec: &Spec) -> Self {
        let mut keys = Vec::new();
        for cred in spec.credentials.values() {
            // A refresh token the user obtains outside the API is one too. A JWT
            // credential's key is a private key the sandbox cannot make up: give it in a
            // keys file.
            if !cred.held_by_user() || !cred.is_api() || cred.jwt.is_some() {
                continue;
            }
            let name = &cred.name;
            let prefixes: Vec<String> = cred
                .parts
                .values()
                .find_map(|p| p.format.as_ref())
                .map(|f| f.prefixes.iter().map(|p| p.prefix.clone()).collect())
                .filter(|v: &Vec<String>| !v.is_empty())
                .unwrap_or_else(|| vec![String::new()]);
            for (i, prefix) in prefixes.iter().enumerate() {
                let parts: IndexMap<String, String> = cred
                    .parts
                    .values()
                    .map(|p| {
                        let part = &p.name;
                        let base64 = p.format.as_ref().and_then(|f| f.charset)
                            == Some(auth_spec::model::Charset::Base64);
                        let v = match (cred.kind, p.secret) {
                            (CredentialKind::Password, false) => "user@example.com".to_owned(),
                            (CredentialKind::Password, true) => "sandbox-password".to_owned(),
                            // A base64 key (an HMAC secret) must decode.
                            _ if base64 => {
                                use base64::Engine as _;
                                base64::engine::general_purpose::STANDARD
                                    .encode(format!("sandbox {part} {:04}", i + 1))
                            }
                            _ => format!("{prefix}sandbox_{part}_{:04}", i + 1),
                        };
                        // A readable value unless the format wants another shape (a
                        // character set without `_`, an exact length): then one that fits,
                        // with this key's prefix.
                        let v = match &p.format {
                            Some(f) if check_format(f, &v).is_err() => {
                                let mut f = f.clone();
                                f.prefixes.retain(|x| x.prefix == *prefix);
                                auth_core::format::example(&f, i as u64 + 1).unwrap_or(v)
                            }
                            _ => v,
                        };
                        (part.clone(), v)
                    })
                    .collect();
                keys.push(KeyEntry {
                    id: Some(format!("{name}_{}", i + 1)),
                    credential: name.clone(),
                    secret: None,
                    parts,
                    name: None,
                    scopes: None,
                    workspaces: None,
                    environment: None,
                    context: BTreeMap::new(),
                });
            }
        }
        let ws = spec
            .restrictions
            .values()
            .any(|r| r.kind == auth_spec::model::RestrictionKind::Workspace);
        if ws && let Some(first) = keys.first().cloned() {
            let mut k = first;
            k.id = Some("workspace_key".to_owned());
            k.workspaces = Some(vec!["ws_1".to_owned()]);
            for v in k.parts.values_mut() {
                v.push_str("_ws1");
            }
            keys.push(k);
        }
        KeysFile {
            keys,
            ..Default::default()
        }
    }
}

/// A key as the sandbox lists it on start: id, credential and its part values.
#[derive(Clone)]
pub struct LoadedKey {
    /// Its id.
    pub id: String,
    /// Its credential.
    pub credential: String,
    /// Scopes, workspaces, environment in a line of text.
    pub summary: String,
    /// `(part, value)`; sandbox keys, kept so the CLI can show them.
    pub parts: Vec<(String, String)>,
}

impl std::fmt::Debug for LoadedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedKey")
            .field("id", &self.id)
            .field("credential", &self.credential)
            .finish_non_exhaustive()
    }
}

/// A key's record and digest, ready for a store; for a signing credential, the identity
/// its requests name and the key that checks them.
pub(crate) struct Digested {
    pub(crate) record: KeyRecord,
    pub(crate) digest: KeyDigest,
    pub(crate) signing: Option<(String, auth_core::Secret)>,
}

/// Check every entry against `spec`; the keys as listed, and their records and digests.
pub(crate) fn load(
    spec: &Spec,
    file: &KeysFile,
) -> Result<(Vec<LoadedKey>, Vec<Digested>), SandboxError> {
    let mut out = Vec::new();
    let mut records = Vec::new();
    for (i, k) in file.keys.iter().enumerate() {
        let id = k.id.clone().unwrap_or_else(|| format!("key_{}", i + 1));
        let bad = |m: String| SandboxError::Keys(format!("key `{id}`: {m}"));
        let cid = spec
            .credentials
            .id(&k.credential)
            .ok_or_else(|| bad(format!("no credential `{}` in the spec", k.credential)))?;
        let cred = &spec.credentials[cid];
        let mut parts: Vec<(String, String)> = k.parts.clone().into_iter().collect();
        if let Some(s) = &k.secret {
            let sole = cred.sole_part().ok_or_else(|| {
                bad("`secret` needs a single-part credential; use `parts`".into())
            })?;
            parts.push((cred.parts[sole].name.clone(), s.clone()));
        }
        let mut environment = k.environment.clone();
        for p in cred.parts.values() {
            let part = &p.name;
            let value = parts
                .iter()
                .find(|(n, _)| n == part)
                .map(|(_, v)| v.as_str())
                .ok_or_else(|| bad(format!("part `{part}` has no value")))?;
            if let Some(format) = &p.format {
                let found =
                    check_format(format, value).map_err(|e| bad(format!("part `{part}`: {e}")))?;
                environment = environment.or(found.environment().map(str::to_owned));
            }
        }
        if let Some((extra, _)) = parts.iter().find(|(n, _)| !cred.parts.contains(n)) {
            return Err(bad(format!("the credential has no part `{extra}`")));
        }
        for s in k.scopes.iter().flatten() {
            if !spec.scopes.is_empty() && !spec.scopes.contains(s) {
                return Err(bad(format!("scope `{s}` is not declared in the spec")));
            }
        }
        for p in k.context.keys() {
            if !spec.parameters.contains(p) {
                return Err(bad(format!("no parameter `{p}` in the spec")));
            }
        }
        let mut record = KeyRecord::new(id.clone(), k.credential.clone());
        record.name = k.name.clone();
        record.scopes = k.scopes.clone();
        record.workspaces = k.workspaces.clone();
        record.environment = environment.clone();
        record.context = k.context.clone();
        // A login's subject is its non-secret part (the email).
        record.subject = cred
            .parts
            .values()
            .find(|p| !p.secret)
            .and_then(|p| parts.iter().find(|(pn, _)| *pn == p.name))
            .map(|(_, v)| v.clone());
        // A signing credential is found by the identity its requests name, and checked
        // with its key (which the sandbox must therefore keep).
        let signing = auth_core::server::signing_identity(spec, cid, &parts, &k.context)
            .map_err(|e| bad(e.to_string()))?;
        let digest = match &signing {
            Some((identity, _)) => KeyDigest::of_identity(&record.credential, identity),
            None => KeyDigest::of(
                &record.credential,
                parts.iter().map(|(n, v)| (n.as_str(), v.as_str())),
            ),
        };
        records.push(Digested {
            record,
            digest,
            signing,
        });
        let mut summary = Vec::new();
        if let Some(s) = &k.scopes {
            summary.push(format!("scopes [{}]", s.join(", ")));
        }
        if let Some(w) = &k.workspaces {
            summary.push(format!("workspaces [{}]", w.join(", ")));
        }
        if let Some(e) = &environment {
            summary.push(e.clone());
        }
        for (p, v) in &k.context {
            summary.push(format!("{p}={v}"));
        }
        out.push(LoadedKey {
            id,
            credential: k.credential.clone(),
            summary: summary.join(", "),
            parts,
        });
    }
    Ok((out, records))
}
