//! A spec compiled for sending: for every credential the placement it will use (the
//! caller's choice or the preferred one) with its header name and scheme ready, for every
//! context parameter where it goes, and the router. Built once when a client or an
//! authenticator is built; it holds no secret.

use std::sync::Arc;

use auth_spec::Spec;
use auth_spec::model::{
    AuthOption, CredentialId, FieldLocation, Id as _, OperationId, OperationRole, ParameterId,
    PartId, Place, Placement, PlacementKind, Template,
};
use http::{HeaderName, HeaderValue};

use crate::credentials::{Choice, Context, Ready};

use crate::error::BuildError;
use crate::route::Router;

/// How one credential is written.
#[derive(Debug, Clone)]
pub(crate) enum Writer {
    /// A header whose value is a template over the parts.
    Header { name: HeaderName, value: Template },
    /// HTTP Basic, each side a template over the parts.
    Basic { user: Template, pass: Template },
    /// Named fields in the query, the body or cookies.
    Fields {
        location: FieldLocation,
        fields: Box<[(Box<str>, PartId)]>,
    },
    /// An HMAC signature or a Digest answer, written after everything else (it covers
    /// the request as sent).
    Signed,
}

/// How one context parameter is written.
#[derive(Debug, Clone)]
pub(crate) enum ParamWriter {
    Header(HeaderName),
    Field(FieldLocation, Box<str>),
    /// Nowhere on the request: the parameter only fills URL templates (Azure's
    /// `{resource}` in the base URL).
    UrlOnly,
}

#[derive(Debug, Clone)]
pub(crate) struct CredentialPlan {
    /// Index of the chosen placement in the spec's list.
    pub(crate) placement: usize,
    pub(crate) writer: Writer,
}

#[derive(Debug, Clone)]
pub(crate) struct ParamPlan {
    pub(crate) placement: usize,
    pub(crate) writer: ParamWriter,
}

/// A spec compiled for sending (see the module docs).
#[derive(Debug)]
pub struct Plan {
    pub(crate) spec: Arc<Spec>,
    pub(crate) router: Router,
    pub(crate) credentials: Box<[CredentialPlan]>,
    /// Each credential's id, so a single credential can be lent as an option (`&[id]`).
    pub(crate) singles: Box<[CredentialId]>,
    pub(crate) params: Box<[ParamPlan]>,
    /// By operation: whether its request has constant or templated fields (`value:`).
    constants: Box<[bool]>,
    /// Where signers read the time (given to every set of credentials held).
    pub(crate) clock: crate::signing::SigningClock,
}

impl Plan {
    /// Compile `spec`, placing each credential or parameter named in `choices` in the kind
    /// of placement given rather than its preferred one.
    pub fn new(spec: Arc<Spec>, choices: &[(String, PlacementKind)]) -> Result<Self, BuildError> {
        for (name, kind) in choices {
            let allowed: Vec<PlacementKind> = if let Some(c) = spec.credentials.get(name) {
                c.placements.iter().map(Placement::kind).collect()
            } else if let Some(p) = spec.parameters.get(name) {
                p.placements.iter().map(|p| p.kind()).collect()
            } else {
                Vec::new()
            };
            if !allowed.contains(kind) {
                return Err(BuildError::NoSuchPlacement {
                    name: name.clone(),
                    kind: *kind,
                    allowed: allowed.iter().map(ToString::to_string).collect(),
                });
            }
        }
        let choice = |name: &str| {
            choices
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, k)| *k)
        };
        let credentials = spec
            .credentials
            .values()
            .map(|c| {
                let placement = choice(&c.name)
                    .and_then(|k| c.placements.iter().position(|p| p.kind() == k))
                    .unwrap_or(c.preferred);
                CredentialPlan {
                    placement,
                    writer: writer(&c.placements[placement]),
                }
            })
            .collect();
        let params = spec
            .parameters
            .values()
            .map(|p| {
                let placement = choice(&p.name)
                    .and_then(|k| p.placements.iter().position(|pl| pl.kind() == k))
                    .unwrap_or(p.preferred);
                let writer = match p.placements.get(placement) {
                    None => ParamWriter::UrlOnly,
                    Some(pl) => match &pl.place {
                        Place::Header(h) => ParamWriter::Header(h.clone()),
                        Place::Field(f) => ParamWriter::Field(*f, pl.name.as_str().into()),
                    },
                };
                ParamPlan { placement, writer }
            })
            .collect::<Box<[ParamPlan]>>();
        Ok(Self {
            singles: (0..spec.credentials.len())
                .map(CredentialId::from_index)
                .collect(),
            router: Router::new(&spec),
            constants: spec
                .operations
                .values()
                .map(|op| {
                    op.request
                        .as_ref()
                        .is_some_and(|r| r.fields.iter().any(|(_, f)| f.value.is_some()))
                })
                .collect(),
            spec,
            credentials,
            params,
            clock: crate::signing::SigningClock::system(),
        })
    }

    /// The spec.
    pub fn spec(&self) -> &Arc<Spec> {
        &self.spec
    }

    /// The router for the spec's operations.
    pub fn router(&self) -> &Router {
        &self.router
    }

    /// Check `creds` against the spec and prepare them for sending (see [`Plan::wire`]).
    pub(crate) fn hold(
        &self,
        creds: &crate::Credentials,
    ) -> Result<crate::credentials::Held, BuildError> {
        let mut held = creds.compile(&self.spec)?;
        held.set_clock(self.clock.clone());
        // A signing key that does not parse is refused here, before any request.
        for (i, cp) in self.credentials.iter().enumerate() {
            let id = CredentialId::from_index(i);
            let cred = &self.spec.credentials[id];
            let signer = crate::signing::Signer::build(cred, &cred.placements[cp.placement], |p| {
                held.part(id, p).cloned()
            })
            .map_err(|reason| BuildError::Signing {
                provider: self.spec.name.clone(),
                reason,
            })?;
            if let Some(s) = signer {
                held.set_signer(id, s);
            }
        }
        self.wire(&mut held);
        Ok(held)
    }

    /// Work out, once, what requests read of `held`: the header value of every held
    /// credential whose chosen placement is a single header (a request clones it instead
    /// of building it), and which credentials a request can carry. Call again after
    /// `held` changes.
    pub(crate) fn wire(&self, held: &mut crate::credentials::Held) {
        for (i, cp) in self.credentials.iter().enumerate() {
            let id = CredentialId::from_index(i);
            let cred = &self.spec.credentials[id];
            if !held.has_signer(id) {
                // A part changed since `hold` checked it (a rotated key): keys that do not
                // parse were refused before they were set.
                if let Ok(Some(s)) =
                    crate::signing::Signer::build(cred, &cred.placements[cp.placement], |p| {
                        held.part(id, p).cloned()
                    })
                {
                    held.set_signer(id, s);
                }
            }
            if held.has_signer(id) {
                // Signed per request (or per JWT lifetime): nothing to build once.
                held.set_wire(id, None);
                continue;
            }
            let held_ref: &crate::credentials::Held = held;
            let render = |t: &Template| super::write::render(t, cred, id, held_ref, None).ok();
            let value = match &cp.writer {
                Writer::Header { value, .. } => {
                    render(value).and_then(|v| super::write::zeroizing(&[v.as_slice()]))
                }
                Writer::Basic { user, pass } => render(user)
                    .zip(render(pass))
                    .and_then(|(u, p)| super::write::basic(&u, &p)),
                Writer::Fields { .. } | Writer::Signed => None,
            };
            held.set_wire(id, value);
        }
        for i in 0..self.credentials.len() {
            let id = CredentialId::from_index(i);
            let has = |c| held.has(c);
            let usable = held.has(id)
                || self.issuer(id, false, has).is_some()
                || self.issuer(id, true, has).is_some();
            held.set_usable(id, usable);
        }
        let context = self.context(held);
        held.set_context(context);
        let operations =
            || std::iter::once(None).chain(self.spec.operations.iter().map(|(op, _)| Some(op)));
        let choices: Box<[Option<Choice>]> = operations()
            .map(|op| {
                let accepted = self.accepted(op);
                let option = accepted
                    .iter()
                    .position(|o| o.credentials.iter().all(|&c| held.usable(c)))?;
                let held = accepted[option].credentials.iter().all(|&c| held.has(c));
                Some(Choice { option, held })
            })
            .collect();
        // What `super::apply_ready` writes: one held credential with its header built,
        // no constant fields, context values ready (else the general path decides).
        let context_ready = !matches!(held.context(), Context::General);
        let ready = operations()
            .zip(&choices)
            .map(|(op, choice)| {
                let choice = choice.filter(|c| c.held && context_ready)?;
                let [credential] = self.accepted(op)[choice.option].credentials.as_slice() else {
                    return None;
                };
                if op.is_some_and(|op| self.sends_constants(op)) {
                    return None;
                }
                let name = match &self.credential(*credential).writer {
                    Writer::Header { name, .. } => name.clone(),
                    _ => http::header::AUTHORIZATION,
                };
                Some(Ready {
                    credential: *credential,
                    name,
                    value: held.wire(*credential)?.clone(),
                })
            })
            .collect();
        held.set_choices(choices);
        held.set_ready(ready);
    }

    /// The context values a request carries with `held`: ready to write when they go only
    /// in headers and the query (what [`super::apply_credentials`] would write, in its
    /// order), else left to the general path.
    fn context(&self, held: &crate::credentials::Held) -> Context {
        let mut any = false;
        let mut headers = Vec::new();
        let mut query = Vec::new();
        for (id, p) in &self.spec.parameters {
            if p.placements.is_empty() {
                continue;
            }
            if p.required || p.default.is_some() || held.param(id).is_some() {
                any = true;
            }
            let Some(v) = held.param(id).or(p.default.as_deref()) else {
                if p.required {
                    // Refused per request, naming the value.
                    return Context::General;
                }
                continue;
            };
            match &self.param(id).writer {
                ParamWriter::Header(h) => match HeaderValue::from_str(v) {
                    Ok(value) => headers.push((h.clone(), value)),
                    Err(_) => return Context::General,
                },
                ParamWriter::Field(FieldLocation::Query, wire) => {
                    query.push(((&**wire).into(), v.into()));
                }
                ParamWriter::Field(..) => return Context::General,
                ParamWriter::UrlOnly => {}
            }
        }
        if !any {
            return Context::Nothing;
        }
        Context::Ready {
            headers: headers.into(),
            query: query.into(),
        }
    }

    #[cfg(feature = "reqwest")]
    /// The base URL requests go to: the environment `chosen`, else the one a held key's
    /// prefix names, else the default; its `{parameter}`s filled from what is held or the
    /// parameters' defaults.
    pub(crate) fn base_url(
        &self,
        held: &crate::credentials::Held,
        chosen: Option<&str>,
    ) -> Result<String, BuildError> {
        let b = &self.spec.base_url;
        let url = match chosen {
            Some(name) => b
                .environment(name)
                .ok_or_else(|| BuildError::UnknownEnvironment {
                    provider: self.spec.name.clone(),
                    name: name.to_owned(),
                    declared: b.environments.iter().map(|(n, _)| n.clone()).collect(),
                })?,
            None => self
                .key_environment(held)
                .and_then(|e| b.environment(e))
                .or_else(|| {
                    b.environments
                        .get(b.default_environment)
                        .map(|(_, u)| u.as_str())
                })
                .unwrap_or(&b.url),
        };
        if !url.contains('{') {
            return Ok(url.to_owned());
        }
        let template = Template::parse(url).map_err(|_| BuildError::BaseUrl {
            url: url.to_owned(),
        })?;
        self.fill_url(&template, held).map_err(|name| {
            let p = self.spec.parameters.get(&name);
            BuildError::MissingUrlParameter {
                provider: self.spec.name.clone(),
                env: p.and_then(|p| p.env.clone()),
                parameter: name,
            }
        })
    }

    #[cfg(feature = "reqwest")]
    /// A URL template (a base URL, an operation's own URL) filled from the context values
    /// held or the parameters' defaults. Each value is percent-encoded but for the
    /// characters of a host name label, so a value can neither change the host
    /// (`evil.example/`, `x@evil.example`) nor add a path or query; `Err` names the first
    /// parameter with no value.
    pub(crate) fn fill_url(
        &self,
        template: &Template,
        held: &crate::credentials::Held,
    ) -> Result<String, String> {
        /// Everything but letters, digits, `-`, `.`, `_` and `~` (RFC 3986 unreserved).
        const VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        let values: Vec<(&str, String)> = self
            .spec
            .parameters
            .iter()
            .filter_map(|(id, p)| {
                let v = held.param(id).or(p.default.as_deref())?;
                // A value the provider's token endpoint gave (an instance URL, scheme and
                // host included) is the URL's start as is; the engine still refuses it
                // over plain HTTP.
                let v = if self.spec.set_by_response(id) {
                    v.to_owned()
                } else {
                    percent_encoding::utf8_percent_encode(v, VALUE).to_string()
                };
                Some((p.name.as_str(), v))
            })
            .collect();
        template
            .render(|name| {
                values
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.as_str())
            })
            .map_err(str::to_owned)
    }

    #[cfg(feature = "reqwest")]
    /// The environment the prefix of a held key names, if any.
    fn key_environment<'s>(&'s self, held: &crate::credentials::Held) -> Option<&'s str> {
        self.spec.credentials.iter().find_map(|(id, c)| {
            c.parts.iter().find_map(|(pid, p)| {
                let format = p.format.as_ref()?;
                let value = held.part(id, pid)?;
                crate::format::check(format, value.expose())
                    .ok()?
                    .environment()
            })
        })
    }

    /// Whether operation `op` sends constant or templated body fields.
    #[inline]
    pub(crate) fn sends_constants(&self, op: OperationId) -> bool {
        self.constants.get(op.index()).copied().unwrap_or(false)
    }

    pub(crate) fn credential(&self, id: CredentialId) -> &CredentialPlan {
        &self.credentials[id.index()]
    }

    pub(crate) fn param(&self, id: ParameterId) -> &ParamPlan {
        &self.params[id.index()]
    }

    /// The auth options `operation` accepts (the spec's defaults when none is named).
    pub fn accepted(&self, operation: Option<OperationId>) -> &[AuthOption] {
        match operation {
            Some(op) => &self.spec.operations[op].auth,
            None => &self.spec.default_auth,
        }
    }

    /// The operation that obtains `credential` from what is held (`has`): a refresh when
    /// `refresh`, else a login or issuance.
    pub fn issuer(
        &self,
        credential: CredentialId,
        refresh: bool,
        has: impl Fn(CredentialId) -> bool,
    ) -> Option<OperationId> {
        self.spec.issuers(credential).find(|&op| {
            let o = &self.spec.operations[op];
            (o.role == Some(OperationRole::Refresh)) == refresh
                && o.auth.iter().any(|a| a.credentials.iter().all(|&c| has(c)))
        })
    }
}

fn writer(p: &Placement) -> Writer {
    match p {
        Placement::Header { header, value, .. } => Writer::Header {
            name: header.clone(),
            value: value.clone(),
        },
        Placement::Basic { username, password } => Writer::Basic {
            user: username.clone(),
            pass: password.clone(),
        },
        Placement::Hmac(_) | Placement::Digest(_) => Writer::Signed,
        Placement::Fields { location, fields } => Writer::Fields {
            location: *location,
            fields: fields
                .iter()
                .map(|(w, p)| (w.as_str().into(), *p))
                .collect(),
        },
    }
}
