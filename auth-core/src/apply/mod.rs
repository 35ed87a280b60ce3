//! Applying credentials and context values to an outgoing request, exactly where the spec
//! says the provider expects them.

mod body;
mod target;

use std::sync::Arc;

use auth_spec::Spec;
use auth_spec::model::{Credential, Operation, OperationRole, Placement, PlacementKind};
use base64::Engine as _;
use http::header::{AUTHORIZATION, COOKIE, HeaderName, HeaderValue};
use indexmap::IndexMap;

pub use target::{BufferBody, Target};

use crate::Credentials;
use body::Encoding;

/// Why credentials could not be applied. Nothing was sent; no message holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// None of the credentials the request accepts is held.
    #[error("{provider}: no credential for this request; it accepts {}", describe_accepted(.accepted))]
    MissingCredential {
        /// The provider.
        provider: String,
        /// `(credential, environment variables)` for each accepted credential.
        accepted: Vec<(String, Vec<String>)>,
    },
    /// A credential is held only in part (an API ID without its secret).
    #[error("{provider}: credential `{credential}` lacks its `{part}` part{}", env_hint(.env))]
    MissingPart {
        /// The provider.
        provider: String,
        /// The credential held in part.
        credential: String,
        /// The part that is missing.
        part: String,
        /// The environment variable the part is read from.
        env: Option<String>,
    },
    /// A required context value is missing; the provider would refuse the request.
    #[error("{provider}: `{wire}` is required on every request{}", env_hint(.env))]
    MissingParameter {
        /// The provider.
        provider: String,
        /// The parameter's name in the spec (`team_id`).
        parameter: String,
        /// Its name on the wire (`teamID`).
        wire: String,
        /// The environment variable it is read from.
        env: Option<String>,
    },
    /// A credential would go over plain HTTP to a host that is not loopback.
    #[error(
        "refusing to send credentials over plain HTTP to {host}; use https (plain http is allowed only to loopback)"
    )]
    Cleartext {
        /// The host the request was for.
        host: String,
    },
    /// The caller chose a placement the spec does not offer.
    #[error("`{name}` cannot be placed in {kind}; the spec allows {}", .allowed.join(", "))]
    NoSuchPlacement {
        /// The credential or parameter.
        name: String,
        /// The placement asked for.
        kind: PlacementKind,
        /// The placements the spec offers.
        allowed: Vec<String>,
    },
    /// The named operation is not in the spec.
    #[error("no operation `{0}` in the spec")]
    UnknownOperation(String),
    /// A credential value cannot be written into an HTTP header (control characters).
    #[error("credential `{0}` holds characters that are not allowed in an HTTP header")]
    InvalidHeaderValue(String),
    /// The request body is a stream, so body fields cannot be merged into it.
    #[error("this request's body is a stream; credentials placed in the body need a buffered body")]
    StreamingBody,
    /// The request body is not a form or JSON object that fields can be merged into.
    #[error(
        "the request body is not a form or JSON object, so credential fields cannot be merged into it"
    )]
    BodyConflict,
    /// The request URI could not be rebuilt with the query appended.
    #[error("the request URI cannot carry the query parameters")]
    InvalidUri,
    /// The spec itself is inconsistent (it was not linted).
    #[error("the spec is inconsistent: {0}; run `authspec lint`")]
    Spec(String),
}

fn describe_accepted(accepted: &[(String, Vec<String>)]) -> String {
    accepted
        .iter()
        .map(|(c, envs)| {
            if envs.is_empty() {
                format!("`{c}`")
            } else {
                format!("`{c}` (set {})", envs.join(" and "))
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

fn env_hint(env: &Option<String>) -> String {
    env.as_ref()
        .map(|e| format!(" (set {e})"))
        .unwrap_or_default()
}

/// What [`Authenticator::apply`] did, for logs and metering. Holds no secret.
///
/// Borrows from the authenticator's spec (and the caller's options), so producing it
/// allocates nothing; call [`Applied::secret_fields`] for the wire names to mask.
#[derive(Clone, Copy, PartialEq)]
pub struct Applied<'s> {
    /// The credential placed on the request.
    pub credential: &'s str,
    /// Where it went.
    pub placement: PlacementKind,
    cred: &'s Credential,
    slot: &'s Placement,
}

impl<'s> Applied<'s> {
    /// Wire names that carry secrets (header, query or body fields), so a printer can
    /// mask them. Header names are as the spec spells them; Basic gives `authorization`.
    pub fn secret_fields(self) -> impl Iterator<Item = &'s str> {
        let header = match self.slot {
            Placement::Header { name, .. } => Some(name.as_str()),
            Placement::Basic { .. } => Some(AUTHORIZATION.as_str()),
            _ => None,
        };
        let fields = match self.slot {
            Placement::Query(f)
            | Placement::Form(f)
            | Placement::Json(f)
            | Placement::Body(f)
            | Placement::Cookie(f) => Some(f),
            _ => None,
        };
        let cred = self.cred;
        let sole = cred.sole_part();
        header.into_iter().chain(
            fields
                .into_iter()
                .flat_map(move |f| field_slots(f, sole))
                .filter(move |(_, part)| {
                    cred.parts
                        .get(part.unwrap_or_default())
                        .is_none_or(|p| p.secret)
                })
                .map(|(wire, _)| wire),
        )
    }
}

impl std::fmt::Debug for Applied<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Applied")
            .field("credential", &self.credential)
            .field("placement", &self.placement)
            .field("secret_fields", &DebugIter(*self))
            .finish()
    }
}

struct DebugIter<'s>(Applied<'s>);

impl std::fmt::Debug for DebugIter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.secret_fields()).finish()
    }
}

/// `(wire name, credential part)` of each field a field placement writes (what
/// `Placement::slots` gives, without collecting into a `Vec`).
fn field_slots<'a>(
    f: &'a auth_spec::model::FieldPlacement,
    sole_part: Option<&'a str>,
) -> impl Iterator<Item = (&'a str, Option<&'a str>)> {
    f.name
        .iter()
        .map(move |n| (n.as_str(), sole_part))
        .chain(f.fields.iter().map(|(w, p)| (w.as_str(), Some(p.as_str()))))
}

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

/// A default request's credential header, resolved ahead: which credential and placement,
/// the parsed name, the scheme, and where the value sits in the credentials held. It
/// holds no copy of the secret.
#[derive(Clone, Debug)]
struct HeaderPlan {
    credential: usize,
    placement: usize,
    name: HeaderName,
    scheme: Option<Box<str>>,
    value: (usize, usize),
}

/// The header names the spec writes to, parsed (names that do not parse are left out and
/// reported when a request would use them).
fn header_names(spec: &Spec) -> Arc<[(Box<str>, HeaderName)]> {
    let creds = spec
        .credentials
        .values()
        .flat_map(|c| c.placements.iter())
        .filter_map(|p| match p {
            Placement::Header { name, .. } => Some(name.as_str()),
            _ => None,
        });
    let params = spec
        .parameters
        .values()
        .flat_map(|p| p.placements.iter())
        .filter(|p| p.location == PlacementKind::Header)
        .map(|p| p.name.as_str());
    let mut out: Vec<(Box<str>, HeaderName)> = Vec::new();
    for n in creds.chain(params) {
        if let Ok(h) = HeaderName::from_bytes(n.as_bytes())
            && !out.iter().any(|(s, _)| **s == *n)
        {
            out.push((n.into(), h));
        }
    }
    out.into()
}

/// A value on its way to the wire, with where it goes.
#[derive(Clone, Copy)]
enum Write<'a> {
    /// Name, scheme, value, and whether the value is secret (a credential) or not (a
    /// context value such as a tenant id, which stays readable in `-v` output).
    Header(&'a str, Option<&'a str>, &'a str, bool),
    Basic(&'a str, &'a str),
    Field(PlacementKind, &'a str, &'a str),
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

    /// The plan for a default request, if it is a single header and nothing else: no
    /// context value is held or required (those take the general path).
    fn header_plan(&self) -> Option<HeaderPlan> {
        let index = self.default_credential?;
        let (name, cred) = self.spec.credentials.get_index(index)?;
        let placement = self.placement_of(name, cred).ok()?;
        let Placement::Header {
            name: header,
            scheme,
            part,
            ..
        } = placement
        else {
            return None;
        };
        let context = self
            .spec
            .parameters
            .iter()
            .any(|(p, param)| param.required || self.creds.param(p).is_some());
        if context {
            return None;
        }
        let part = part.as_deref().or(cred.sole_part())?;
        Some(HeaderPlan {
            credential: index,
            placement: cred
                .placements
                .iter()
                .position(|p| std::ptr::eq(p, placement))?,
            name: self.header_name(header).ok()?,
            scheme: scheme.as_deref().map(Into::into),
            value: self.creds.position(name, part)?,
        })
    }

    /// A default request by its plan: the transport check, one value built, one header
    /// inserted. `None` when the request is not the planned one.
    fn fast_path<'s, T: Target + ?Sized>(
        &'s self,
        target: &mut T,
        opts: &ApplyOptions<'s>,
    ) -> Option<Result<Applied<'s>, ApplyError>> {
        let plan = self.plan.as_ref()?;
        if opts.operation.is_some() || opts.credential.is_some() || opts.token.is_some() {
            return None;
        }
        let (name, cred) = self.spec.credentials.get_index(plan.credential)?;
        let slot = cred.placements.get(plan.placement)?;
        let secret = self.creds.part_at(plan.value)?.expose();
        Some((|| {
            check_transport(target)?;
            let value = match &plan.scheme {
                Some(s) => joined(&[s.as_bytes(), b" ", secret.as_bytes()]),
                None => HeaderValue::from_str(secret).ok(),
            };
            let mut value = value.ok_or_else(|| ApplyError::InvalidHeaderValue(name.clone()))?;
            value.set_sensitive(true);
            target.headers_mut().insert(plan.name.clone(), value);
            Ok(Applied {
                credential: name,
                placement: PlacementKind::Header,
                cred,
                slot,
            })
        })())
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

    /// The parsed header name for `name`: from the cache, else parsed now.
    fn header_name(&self, name: &str) -> Result<HeaderName, ApplyError> {
        if let Some((_, h)) = self.headers.iter().find(|(s, _)| **s == *name) {
            return Ok(h.clone());
        }
        HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| ApplyError::Spec(format!("`{name}` is not a header name")))
    }

    fn write_all<T: Target + ?Sized>(
        &self,
        target: &mut T,
        writes: &[Write<'_>],
        credential: &str,
    ) -> Result<(), ApplyError> {
        let invalid = || ApplyError::InvalidHeaderValue(credential.to_owned());
        let mut has_fields = false;
        for w in writes {
            match *w {
                Write::Header(name, scheme, value, secret) => {
                    let name = self.header_name(name)?;
                    let value = match scheme {
                        Some(s) => joined(&[s.as_bytes(), b" ", value.as_bytes()]),
                        None => HeaderValue::from_str(value).ok(),
                    };
                    let mut value = value.ok_or_else(invalid)?;
                    value.set_sensitive(secret);
                    target.headers_mut().insert(name, value);
                }
                Write::Basic(user, pass) => {
                    let mut value = basic(user, pass).ok_or_else(invalid)?;
                    value.set_sensitive(true);
                    target.headers_mut().insert(AUTHORIZATION, value);
                }
                Write::Field(PlacementKind::Header | PlacementKind::Basic, ..) => {
                    return Err(ApplyError::Spec("a field placement in a header".to_owned()));
                }
                Write::Field(..) => has_fields = true,
            }
        }
        if !has_fields {
            return Ok(());
        }
        let fields = |kind: PlacementKind| {
            let mut out: Small<(&str, &str), 8> = Small::new(("", ""));
            for w in writes {
                if let Write::Field(k, name, value) = *w
                    && k == kind
                {
                    out.push((name, value));
                }
            }
            out
        };
        let query = fields(PlacementKind::Query);
        if !query.as_slice().is_empty() {
            target.append_query(query.as_slice())?;
        }
        body::merge(
            target,
            Encoding::Form,
            fields(PlacementKind::Form).as_slice(),
        )?;
        body::merge(
            target,
            Encoding::Json,
            fields(PlacementKind::Json).as_slice(),
        )?;
        body::merge(
            target,
            Encoding::Either,
            fields(PlacementKind::Body).as_slice(),
        )?;
        let cookies = fields(PlacementKind::Cookie);
        if !cookies.as_slice().is_empty() {
            let headers = target.headers_mut();
            let mut line = headers
                .get(COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
                .unwrap_or_default();
            for (k, v) in cookies.as_slice() {
                if !line.is_empty() {
                    line.push_str("; ");
                }
                line.push_str(k);
                line.push('=');
                line.push_str(v);
            }
            headers.insert(COOKIE, sensitive(&line).ok_or_else(invalid)?);
        }
        Ok(())
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

/// A header value made of `parts`, built in one exactly-sized buffer that the value then
/// owns (one allocation, no copy).
fn joined(parts: &[&[u8]]) -> Option<HeaderValue> {
    let len = parts.iter().map(|p| p.len()).sum();
    let mut buf = Vec::with_capacity(len);
    for p in parts {
        buf.extend_from_slice(p);
    }
    HeaderValue::from_maybe_shared(bytes::Bytes::from(buf)).ok()
}

/// `Basic base64(user:pass)`, encoded straight into the value's own buffer.
fn basic(user: &str, pass: &str) -> Option<HeaderValue> {
    const PREFIX: &[u8] = b"Basic ";
    let engine = &base64::engine::general_purpose::STANDARD;
    let raw_len = user.len() + 1 + pass.len();
    let encoded = base64::encoded_len(raw_len, true)?;
    let mut buf = vec![0u8; PREFIX.len() + encoded];
    buf[..PREFIX.len()].copy_from_slice(PREFIX);
    let out = &mut buf[PREFIX.len()..];
    let written = if raw_len <= 192 {
        // `user:pass` assembled on the stack.
        let mut raw = [0u8; 192];
        raw[..user.len()].copy_from_slice(user.as_bytes());
        raw[user.len()] = b':';
        raw[user.len() + 1..raw_len].copy_from_slice(pass.as_bytes());
        engine.encode_slice(&raw[..raw_len], out).ok()?
    } else {
        let mut raw = Vec::with_capacity(raw_len);
        raw.extend_from_slice(user.as_bytes());
        raw.push(b':');
        raw.extend_from_slice(pass.as_bytes());
        engine.encode_slice(&raw, out).ok()?
    };
    buf.truncate(PREFIX.len() + written);
    HeaderValue::from_maybe_shared(bytes::Bytes::from(buf)).ok()
}

/// A few `Copy` items on the stack, spilling to the heap past `N`.
struct Small<T: Copy, const N: usize> {
    inline: [T; N],
    len: usize,
    spill: Vec<T>,
}

impl<T: Copy, const N: usize> Small<T, N> {
    fn new(fill: T) -> Self {
        Self {
            inline: [fill; N],
            len: 0,
            spill: Vec::new(),
        }
    }

    fn push(&mut self, item: T) {
        if !self.spill.is_empty() {
            self.spill.push(item);
        } else if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = item;
            self.len += 1;
        } else {
            self.spill.extend_from_slice(&self.inline);
            self.spill.push(item);
        }
    }

    fn as_slice(&self) -> &[T] {
        if self.spill.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spill
        }
    }
}

/// A header value marked sensitive, so HTTP/2 HPACK never indexes it and logging layers
/// that honour the flag skip it.
fn sensitive(text: &str) -> Option<HeaderValue> {
    let mut v = HeaderValue::from_str(text).ok()?;
    v.set_sensitive(true);
    Some(v)
}
