//! Applying credentials and context values to an outgoing request, exactly where the spec
//! says the provider expects them.

mod applied;
mod body;
mod error;
mod plan;
mod target;
mod write;

use std::sync::Arc;

use auth_spec::Spec;
use auth_spec::model::{Credential, Operation, OperationRole, Placement, PlacementKind};
use http::header::HeaderName;
use indexmap::IndexMap;

pub use applied::Applied;
pub use error::ApplyError;
pub use target::{BufferBody, Target};

use crate::Credentials;
use applied::field_slots;
use plan::HeaderPlan;
use write::{Small, Write, header_names};

/// Per-request choices.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApplyOptions<'a> {
    /// The spec operation being called; decides which credentials are accepted.
    pub operation: Option<&'a str>,
    /// Use this credential rather than the first one held that the request accepts.
    pub credential: Option<&'a str>,
    /// The value of a single-part credential that is not held but was obtained for this
    /// request (a cached access token).
    pub token: Option<&'a crate::Secret>,
    /// The subject a per-user token is for (Weavy's `uid`).
    pub subject: Option<&'a str>,
}

/// Puts a provider's credentials and context values on requests, as its spec says.
///
/// Holds the spec, the caller's [`Credentials`], and the caller's choice among
/// alternative placements. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Authenticator {
    spec: Arc<Spec>,
    creds: Credentials,
    choices: IndexMap<String, PlacementKind>,
    /// Every header name the spec places something in, parsed once: cloning a parsed
    /// custom name only bumps a reference count, parsing it again allocates.
    headers: Arc<[(Box<str>, HeaderName)]>,
    /// Index in `spec.credentials` of the credential a request carries when neither the
    /// operation nor the caller picks one (fixed: spec and credentials never change here).
    default_credential: Option<usize>,
    /// The whole of a default request's work, worked out once, when it is one header and
    /// no context value (most providers): see [`Authenticator::fast_path`].
    plan: Option<HeaderPlan>,
}

impl Authenticator {
    /// An authenticator for `spec` holding `creds`.
    pub fn new(spec: Arc<Spec>, creds: Credentials) -> Self {
        let mut auth = Self {
            headers: header_names(&spec),
            spec,
            creds,
            choices: IndexMap::new(),
            default_credential: None,
            plan: None,
        };
        auth.default_credential = auth.find_default_credential();
        auth.plan = auth.header_plan();
        auth
    }

    fn find_default_credential(&self) -> Option<usize> {
        let name = self.credential_for(&ApplyOptions::default()).ok()?;
        self.spec.credentials.get_index_of(name)
    }

    /// Place credential or parameter `name` in `kind` instead of its preferred placement
    /// (Weevio allows Basic, query or body for its API credentials).
    pub fn prefer(mut self, name: &str, kind: PlacementKind) -> Result<Self, ApplyError> {
        let allowed: Vec<PlacementKind> = if let Some(c) = self.spec.credentials.get(name) {
            c.placements.iter().map(Placement::kind).collect()
        } else if let Some(p) = self.spec.parameters.get(name) {
            p.placements.iter().map(|p| p.location).collect()
        } else {
            Vec::new()
        };
        if !allowed.contains(&kind) {
            return Err(ApplyError::NoSuchPlacement {
                name: name.to_owned(),
                kind,
                allowed: allowed.iter().map(|k| k.to_string()).collect(),
            });
        }
        self.choices.insert(name.to_owned(), kind);
        self.plan = self.header_plan();
        Ok(self)
    }

    /// The spec this authenticator follows.
    pub fn spec(&self) -> &Arc<Spec> {
        &self.spec
    }

    /// The credentials it holds.
    pub fn credentials(&self) -> &Credentials {
        &self.creds
    }

    /// A copy holding `creds` instead, keeping the placement choices (key rotation).
    pub fn with_credentials(&self, creds: Credentials) -> Self {
        let mut auth = Self {
            spec: self.spec.clone(),
            creds,
            choices: self.choices.clone(),
            headers: self.headers.clone(),
            default_credential: None,
            plan: None,
        };
        auth.default_credential = auth.find_default_credential();
        auth.plan = auth.header_plan();
        auth
    }

    /// The credential a request would carry: the caller's pick, else the first accepted
    /// one that is held.
    pub fn credential_for<'s>(&'s self, opts: &ApplyOptions<'s>) -> Result<&'s str, ApplyError> {
        let op = self.operation(opts.operation)?;
        let accepted: &[String] = match op {
            Some(op) => self.spec.auth_for(op),
            None => &self.spec.default_auth,
        };
        if let Some(c) = opts.credential {
            return Ok(c);
        }
        accepted
            .iter()
            .find(|c| self.creds.has(c) || self.exchange_for(c).is_some())
            .map(String::as_str)
            .ok_or_else(|| ApplyError::MissingCredential {
                provider: self.spec.name.clone(),
                accepted: accepted
                    .iter()
                    .map(|c| (c.clone(), self.env_vars(c)))
                    .collect(),
            })
    }

    /// The operation that issues `credential` (login, user-token issuance), if the
    /// credentials it needs are held. Refresh operations are found by
    /// [`Authenticator::refresh_for`].
    pub fn exchange_for(&self, credential: &str) -> Option<(&str, &Operation)> {
        self.issuer(credential, false)
    }

    /// The refresh operation for `credential`, if what it needs (a refresh cookie) is held.
    pub fn refresh_for(&self, credential: &str) -> Option<(&str, &Operation)> {
        self.issuer(credential, true)
    }

    fn issuer(&self, credential: &str, refresh: bool) -> Option<(&str, &Operation)> {
        if self.creds.has(credential) {
            return None;
        }
        self.spec
            .operations
            .iter()
            .filter(|(_, op)| {
                op.issues
                    .as_ref()
                    .is_some_and(|i| i.credential == credential)
            })
            .filter(|(_, op)| (op.role == Some(OperationRole::Refresh)) == refresh)
            .find(|(_, op)| self.spec.auth_for(op).iter().any(|c| self.creds.has(c)))
            .map(|(n, op)| (n.as_str(), op))
    }

    fn operation(&self, name: Option<&str>) -> Result<Option<&Operation>, ApplyError> {
        name.map(|n| {
            self.spec
                .operations
                .get(n)
                .ok_or_else(|| ApplyError::UnknownOperation(n.to_owned()))
        })
        .transpose()
    }

    fn env_vars(&self, credential: &str) -> Vec<String> {
        self.spec
            .credentials
            .get(credential)
            .map(|c| c.parts.values().filter_map(|p| p.env.clone()).collect())
            .unwrap_or_default()
    }

    /// Put the chosen credential and every context value on `target`.
    ///
    /// Refuses, before anything is written, a missing credential or required value and a
    /// plain-HTTP URL to a host other than loopback.
    pub fn apply<'s, T: Target + ?Sized>(
        &'s self,
        target: &mut T,
        opts: &ApplyOptions<'s>,
    ) -> Result<Applied<'s>, ApplyError> {
        if let Some(done) = self.fast_path(target, opts) {
            return done;
        }
        check_transport(target)?;
        let default = self
            .default_credential
            .filter(|_| opts.operation.is_none() && opts.credential.is_none())
            .and_then(|i| self.spec.credentials.get_index(i));
        let (name, cred) = match default {
            Some((name, cred)) => (name.as_str(), cred),
            None => {
                let name = self.credential_for(opts)?;
                let cred = self.spec.credentials.get(name).ok_or_else(|| {
                    ApplyError::Spec(format!("credential `{name}` is not declared"))
                })?;
                (name, cred)
            }
        };
        let placement = self.placement_of(name, cred)?;
        // Everything is checked before anything is written; the writes wait on the stack.
        let mut writes: Small<Write<'_>, 4> = Small::new(Write::Basic("", ""));
        let obtained = opts.token.filter(|_| !self.creds.has(name));
        let part_value = |part: &str| {
            self.creds
                .part(name, part)
                .or(obtained.filter(|_| cred.sole_part() == Some(part)))
                .map(|s| s.expose())
                .ok_or_else(|| ApplyError::MissingPart {
                    provider: self.spec.name.clone(),
                    credential: name.to_owned(),
                    part: part.to_owned(),
                    env: cred.parts.get(part).and_then(|p| p.env.clone()),
                })
        };
        match placement {
            Placement::Header {
                name: header,
                scheme,
                part,
                ..
            } => {
                let part = part.as_deref().or(cred.sole_part()).unwrap_or_default();
                writes.push(Write::Header(
                    header,
                    scheme.as_deref(),
                    part_value(part)?,
                    true,
                ));
            }
            Placement::Basic {
                username, password, ..
            } => {
                writes.push(Write::Basic(part_value(username)?, part_value(password)?));
            }
            Placement::Query(f)
            | Placement::Form(f)
            | Placement::Json(f)
            | Placement::Body(f)
            | Placement::Cookie(f) => {
                for (wire, part) in field_slots(f, cred.sole_part()) {
                    let value = part_value(part.unwrap_or_default())?;
                    writes.push(Write::Field(placement.kind(), wire, value));
                }
            }
        }
        for (pname, p) in &self.spec.parameters {
            let chosen = self.choices.get(pname);
            let Some(pl) = chosen
                .and_then(|k| p.placements.iter().find(|pl| pl.location == *k))
                .or_else(|| p.placements.iter().find(|pl| pl.preferred))
                .or_else(|| p.placements.first())
            else {
                continue;
            };
            match self.creds.param(pname) {
                Some(v) => writes.push(match pl.location {
                    PlacementKind::Header => Write::Header(&pl.name, None, v, false),
                    k => Write::Field(k, &pl.name, v),
                }),
                None if p.required => {
                    return Err(ApplyError::MissingParameter {
                        provider: self.spec.name.clone(),
                        parameter: pname.clone(),
                        wire: pl.name.clone(),
                        env: p.env.clone(),
                    });
                }
                None => {}
            }
        }
        self.write_all(target, writes.as_slice(), name)?;
        Ok(Applied {
            credential: name,
            placement: placement.kind(),
            cred,
            slot: placement,
        })
    }

    fn placement_of<'s>(
        &'s self,
        name: &str,
        cred: &'s Credential,
    ) -> Result<&'s Placement, ApplyError> {
        let chosen = self
            .choices
            .get(name)
            .and_then(|k| cred.placements.iter().find(|p| p.kind() == *k));
        chosen
            .or_else(|| cred.preferred_placement())
            .ok_or_else(|| ApplyError::Spec(format!("credential `{name}` has no placement")))
    }
}

/// Refuse plain HTTP except to loopback, where a test server or sandbox runs.
fn check_transport<T: Target + ?Sized>(target: &T) -> Result<(), ApplyError> {
    let (scheme, host) = target.scheme_and_host();
    let host = host.unwrap_or_default();
    match scheme {
        Some(s) if s.eq_ignore_ascii_case("https") => Ok(()),
        None if host.is_empty() => Ok(()), // a relative URI: the sender decides
        _ if is_loopback(host) => Ok(()),
        _ => Err(ApplyError::Cleartext {
            host: host.to_owned(),
        }),
    }
}

/// Whether `host` (as in a URL, IPv6 in brackets) names the loopback interface.
pub fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.eq_ignore_ascii_case("localhost") {
        return true;
    }
    bare.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}
