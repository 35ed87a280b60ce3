//! From the raw serde form to the resolved [`Spec`]: every name an author wrote as a
//! reference (a credential in an `auth` list, a scope, an error, a credential's part) is
//! looked up here, once, and becomes an id. A name that does not resolve is reported at
//! its YAML path, like every other lint finding; the engine never looks a name up again.

use crate::lint::{Findings, list};
use crate::model::{
    self, Audience, CredentialId, CredentialRef, ErrorId, Id, ParameterPlacement, PartId,
    PathTemplate, Place, Placement, RestrictionId, ScopeId, Spec, Table,
};
use crate::raw;

/// Resolve `spec`, reporting every reference that does not resolve into `f`. The result is
/// only meaningful when `f` stays empty (with lint's findings, the loader checks that).
pub(crate) fn resolve(spec: &raw::Spec, f: &mut Findings) -> Spec {
    let r = Resolver { spec };
    let credentials = Table::new(
        spec.credentials
            .iter()
            .map(|(name, c)| r.credential(name, c, f))
            .collect(),
    );
    let default_auth = r.auth_list(&spec.default_auth, "default_auth", f);
    let parameters = Table::new(
        spec.parameters
            .iter()
            .map(|(name, p)| r.parameter(name, p, f))
            .collect(),
    );
    let scopes = Table::new(
        spec.scopes
            .iter()
            .map(|(name, s)| model::Scope {
                name: name.clone(),
                description: s.description.clone(),
            })
            .collect(),
    );
    let restrictions = Table::new(
        spec.restrictions
            .iter()
            .map(|(name, x)| model::Restriction {
                name: name.clone(),
                description: x.description.clone(),
                kind: x.kind,
                error: x
                    .error
                    .as_ref()
                    .and_then(|e| r.error(e, &format!("restrictions.{name}.error"), f)),
            })
            .collect(),
    );
    let operations = Table::new(
        spec.operations
            .iter()
            .map(|(name, op)| r.operation(name, op, &default_auth, f))
            .collect(),
    );
    let catalogue = Table::new(
        spec.errors
            .catalogue
            .iter()
            .map(|(name, e)| model::ErrorEntry {
                name: name.clone(),
                status: e.status,
                code: e.code.clone(),
                message: e.message.clone(),
                description: e.description.clone(),
                kind: e.kind,
                action: e.action,
            })
            .collect(),
    );
    let rate_limit = spec.rate_limit.as_ref().map(|x| model::RateLimit {
        status: x.status,
        error: x
            .error
            .as_ref()
            .and_then(|e| r.error(e, "rate_limit.error", f)),
        limit_header: x.limit_header.clone(),
        remaining_header: x.remaining_header.clone(),
        reset: x.reset_header.clone().zip(x.reset_format),
        on_every_response: x.on_every_response,
        description: x.description.clone(),
    });
    Spec {
        name: spec.name.clone(),
        title: spec.title.clone(),
        description: spec.description.clone(),
        base_url: model::BaseUrl {
            url: spec.base_url.url.clone(),
            env: spec.base_url.env.clone(),
            user_supplied: spec.base_url.user_supplied,
            description: spec.base_url.description.clone(),
        },
        transport: spec.transport.clone(),
        metering: spec.metering.clone(),
        credentials,
        default_auth,
        parameters,
        scopes,
        restrictions,
        operations,
        errors: model::Errors {
            body: spec.errors.body.clone(),
            catalogue,
        },
        rate_limit,
        retry: spec.retry.clone(),
        undocumented: spec.undocumented.clone(),
    }
}

struct Resolver<'a> {
    spec: &'a raw::Spec,
}

fn id<I: Id>(i: usize) -> I {
    I::from_index(i)
}

impl Resolver<'_> {
    fn credential_id(&self, name: &str, path: &str, f: &mut Findings) -> Option<CredentialId> {
        match self.spec.credentials.get_index_of(name) {
            Some(i) => Some(id(i)),
            None => {
                f.at(path, self.unknown_credential(name));
                None
            }
        }
    }

    fn unknown_credential(&self, name: &str) -> String {
        format!(
            "unknown credential `{name}`; declared credentials are {}",
            list(self.spec.credentials.keys())
        )
    }

    fn error(&self, name: &str, path: &str, f: &mut Findings) -> Option<ErrorId> {
        match self.spec.errors.catalogue.get_index_of(name) {
            Some(i) => Some(id(i)),
            None => {
                f.at(
                    path,
                    format!(
                        "unknown error `{name}`; the catalogue declares {}",
                        list(self.spec.errors.catalogue.keys())
                    ),
                );
                None
            }
        }
    }

    /// An `auth` list: each name a credential the API accepts.
    fn auth_list(&self, names: &[String], base: &str, f: &mut Findings) -> Vec<CredentialId> {
        let mut out = Vec::new();
        for (i, a) in names.iter().enumerate() {
            let path = format!("{base}[{i}]");
            let Some(cid) = self.credential_id(a, &path, f) else {
                continue;
            };
            let c = &self.spec.credentials[cid.index()];
            if !c.is_api() {
                f.at(
                    path,
                    format!(
                        "credential `{a}` is for `{}`, not this API, so no operation accepts it",
                        c.audience
                    ),
                );
            } else if out.contains(&cid) {
                f.at(path, format!("credential `{a}` is listed twice"));
            } else {
                out.push(cid);
            }
        }
        out
    }

    fn credential(&self, name: &str, c: &raw::Credential, f: &mut Findings) -> model::Credential {
        let base = format!("credentials.{name}");
        let parts: Vec<model::Part> = if c.parts.is_empty() {
            vec![model::Part {
                name: model::Credential::SHORTHAND_PART.to_owned(),
                description: None,
                env: c.env.clone(),
                secret: true,
                format: c.format.clone(),
            }]
        } else {
            c.parts
                .iter()
                .map(|(pn, p)| model::Part {
                    name: pn.clone(),
                    description: p.description.clone(),
                    env: p.env.clone(),
                    secret: p.secret,
                    format: p.format.clone(),
                })
                .collect()
        };
        let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
        let part = |name: &str, path: String, f: &mut Findings| -> Option<PartId> {
            let found = names.iter().position(|n| *n == name).map(id);
            if found.is_none() {
                f.at(
                    path,
                    format!(
                        "unknown part `{name}`; this credential's parts are {}",
                        list(names.iter().copied())
                    ),
                );
            }
            found
        };
        let sole = (names.len() == 1).then(|| id::<PartId>(0));
        let mut placements = Vec::new();
        for (i, p) in c.placements.iter().enumerate() {
            let pbase = format!("{base}.placements[{i}]");
            let resolved = match p {
                raw::Placement::Header {
                    name,
                    scheme,
                    part: p,
                    ..
                } => {
                    let part = match p {
                        Some(p) => part(p, format!("{pbase}.part"), f),
                        // Lint reports a multi-part credential's header without `part`.
                        None => sole,
                    };
                    // A name that does not parse is reported by lint (`wire`).
                    let header = http::HeaderName::from_bytes(name.as_bytes()).ok();
                    part.zip(header).map(|(part, header)| Placement::Header {
                        name: name.clone(),
                        header,
                        scheme: scheme.clone(),
                        part,
                    })
                }
                raw::Placement::Basic {
                    username, password, ..
                } => {
                    let u = part(username, format!("{pbase}.username"), f);
                    let p = part(password, format!("{pbase}.password"), f);
                    u.zip(p)
                        .map(|(username, password)| Placement::Basic { username, password })
                }
                other => other.fields().and_then(|(location, fp)| {
                    let mut fields = Vec::new();
                    if let (Some(wire), Some(part)) = (&fp.name, sole) {
                        fields.push((wire.clone(), part));
                    }
                    for (wire, p) in &fp.fields {
                        if let Some(part) = part(p, format!("{pbase}.fields.{wire}"), f) {
                            fields.push((wire.clone(), part));
                        }
                    }
                    (!fields.is_empty()).then_some(Placement::Fields { location, fields })
                }),
            };
            if let Some(resolved) = resolved {
                placements.push(resolved);
            }
        }
        let preferred = c.placements.iter().position(|p| p.preferred()).unwrap_or(0);
        model::Credential {
            name: name.to_owned(),
            description: c.description.clone(),
            kind: c.kind,
            parts: Table::new(parts),
            preferred: preferred.min(placements.len().saturating_sub(1)),
            placements,
            audience: if c.is_api() {
                Audience::Api
            } else {
                Audience::Other(c.audience.clone())
            },
            default_lifetime_seconds: c.default_lifetime_seconds,
            subject: c.subject.clone(),
            shown_once: c.shown_once,
            how_to_obtain: c.how_to_obtain.clone(),
            variants: c
                .variants
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }

    fn parameter(&self, name: &str, p: &raw::Parameter, f: &mut Findings) -> model::Parameter {
        let base = format!("parameters.{name}");
        model::Parameter {
            name: name.to_owned(),
            description: p.description.clone(),
            required: p.required,
            env: p.env.clone(),
            placements: p
                .placements
                .iter()
                .filter_map(|pl| {
                    let place = match pl.location.field() {
                        Some(field) => Place::Field(field),
                        // A name that does not parse, or `basic`, is reported by lint.
                        None if pl.location == model::PlacementKind::Header => {
                            Place::Header(http::HeaderName::from_bytes(pl.name.as_bytes()).ok()?)
                        }
                        None => return None,
                    };
                    Some(ParameterPlacement {
                        name: pl.name.clone(),
                        place,
                    })
                })
                .collect(),
            preferred: p.placements.iter().position(|pl| pl.preferred).unwrap_or(0),
            missing_error: p
                .missing_error
                .as_ref()
                .and_then(|e| self.error(e, &format!("{base}.missing_error"), f)),
            format: p.format.clone(),
        }
    }

    fn operation(
        &self,
        name: &str,
        op: &raw::Operation,
        default_auth: &[CredentialId],
        f: &mut Findings,
    ) -> model::Operation {
        let base = format!("operations.{name}");
        let path = match PathTemplate::parse(&op.path) {
            Ok(t) => {
                self.path_params(&t, op, &base, f);
                t
            }
            Err(e) => {
                f.at(format!("{base}.path"), e.to_string());
                // Never used: the spec is refused.
                PathTemplate::root()
            }
        };
        let auth = match &op.auth {
            Some(a) => self.auth_list(a, &format!("{base}.auth"), f),
            None => default_auth.to_vec(),
        };
        let scopes = op
            .scopes
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match self.spec.scopes.get_index_of(s) {
                Some(x) => Some(id::<ScopeId>(x)),
                None => {
                    f.at(
                        format!("{base}.scopes[{i}]"),
                        format!(
                            "unknown scope `{s}`; declared scopes are {}",
                            list(self.spec.scopes.keys())
                        ),
                    );
                    None
                }
            })
            .collect();
        let restrictions = op
            .restrictions
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match self.spec.restrictions.get_index_of(r) {
                Some(x) => Some(id::<RestrictionId>(x)),
                None => {
                    f.at(
                        format!("{base}.restrictions[{i}]"),
                        format!(
                            "unknown restriction `{r}`; declared restrictions are {}",
                            list(self.spec.restrictions.keys())
                        ),
                    );
                    None
                }
            })
            .collect();
        let invalidates = op
            .invalidates
            .iter()
            .enumerate()
            .filter_map(|(i, c)| self.credential_id(c, &format!("{base}.invalidates[{i}]"), f))
            .collect();
        let request = op
            .request
            .as_ref()
            .map(|p| self.payload(p, &format!("{base}.request"), f));
        let response = op.response.as_ref().map(|r| model::Response {
            status: r.status,
            body: r
                .body
                .as_ref()
                .map(|p| self.payload(p, &format!("{base}.response.body"), f)),
            sets_cookies: r
                .sets_cookies
                .iter()
                .filter_map(|(cookie, cred)| {
                    let path = format!("{base}.response.sets_cookies.{cookie}");
                    self.credential_id(cred, &path, f)
                        .map(|c| (cookie.clone(), c))
                })
                .collect(),
        });
        let issues = op.issues.as_ref().and_then(|x| {
            let path = format!("{base}.issues.credential");
            let cid = self.credential_id(&x.credential, &path, f)?;
            use model::CredentialKind as K;
            let kind = self.spec.credentials[cid.index()].kind;
            if !matches!(kind, K::AccessToken | K::RefreshToken | K::ApiKey) {
                f.at(
                    path,
                    format!(
                        "`{}` is supplied by the user, not issued by an operation",
                        x.credential
                    ),
                );
            }
            Some(model::Exchange {
                credential: cid,
                token_field: x.token_field.clone(),
                expires_in_field: x.expires_in_field.clone(),
                lifetime_request_field: x.lifetime_request_field.clone(),
            })
        });
        model::Operation {
            name: name.to_owned(),
            description: op.description.clone(),
            role: op.role,
            method: op.method,
            path,
            auth,
            scopes,
            restrictions,
            parameters: op
                .parameters
                .iter()
                .map(|(pn, p)| model::OperationParam {
                    name: pn.clone(),
                    location: p.location,
                    description: p.description.clone(),
                    required: p.required || p.location == model::ParamLocation::Path,
                    example: p.example.clone(),
                    format: p.format.clone(),
                })
                .collect(),
            request,
            response,
            issues,
            invalidates,
        }
    }

    /// Every `{name}` in the path is a path parameter, and every path parameter is in it.
    fn path_params(&self, t: &PathTemplate, op: &raw::Operation, base: &str, f: &mut Findings) {
        for name in t.names() {
            match op.parameters.get(name) {
                None => f.at(
                    format!("{base}.path"),
                    format!("path parameter `{{{name}}}` is not defined; add `parameters.{name}: {{in: path}}`"),
                ),
                Some(p) if p.location != model::ParamLocation::Path => f.at(
                    format!("{base}.parameters.{name}.in"),
                    format!("`{name}` appears in the path but is declared `in: {}`", p.location.as_str()),
                ),
                Some(_) => {}
            }
        }
        for (pn, p) in &op.parameters {
            if p.location == model::ParamLocation::Path && !t.names().any(|n| n == pn) {
                f.at(
                    format!("{base}.parameters.{pn}"),
                    format!("path parameter `{pn}` does not appear in `{}`", op.path),
                );
            }
        }
    }

    fn payload(&self, p: &raw::Payload, base: &str, f: &mut Findings) -> model::Payload {
        model::Payload {
            description: p.description.clone(),
            fields: p
                .fields
                .iter()
                .map(|(wire, pf)| (wire.clone(), self.field(wire, pf, base, f)))
                .collect(),
            additional_fields: p.additional_fields,
        }
    }

    fn field(
        &self,
        wire: &str,
        pf: &raw::PayloadField,
        base: &str,
        f: &mut Findings,
    ) -> model::PayloadField {
        let from = pf
            .from
            .as_ref()
            .and_then(|from| self.from(wire, from, pf.secret, base, f));
        model::PayloadField {
            ty: pf.ty,
            description: pf.description.clone(),
            required: pf.required,
            secret: pf.secret,
            from,
            items: pf
                .items
                .iter()
                .map(|(w, item)| (w.clone(), self.field(w, item, base, f)))
                .collect(),
        }
    }

    /// `from:` names a credential, or `credential.part`; a field carrying a secret must
    /// be marked secret itself.
    fn from(
        &self,
        wire: &str,
        from: &str,
        secret: bool,
        base: &str,
        f: &mut Findings,
    ) -> Option<CredentialRef> {
        let (cred, part) = from
            .split_once('.')
            .map_or((from, None), |(c, p)| (c, Some(p)));
        let path = format!("{base}.fields.{wire}.from");
        let cid = self.credential_id(cred, &path, f)?;
        let c = &self.spec.credentials[cid.index()];
        let names = c.part_names();
        let part = match part {
            None => None,
            Some(p) => match names.iter().position(|n| *n == p) {
                Some(i) => Some(id::<PartId>(i)),
                None => {
                    f.at(
                        path,
                        format!(
                            "credential `{cred}` has no part `{p}`; its parts are {}",
                            list(names.iter().copied())
                        ),
                    );
                    return None;
                }
            },
        };
        let carries_secret = match part {
            Some(p) => c.parts.get_index(p.index()).is_none_or(|(_, x)| x.secret),
            None => c.parts.is_empty() || c.parts.values().any(|x| x.secret),
        };
        if carries_secret && !secret {
            f.at(
                format!("{base}.fields.{wire}.secret"),
                format!("`{wire}` carries `{from}`, a secret: mark it `secret: true`"),
            );
        }
        Some(CredentialRef {
            credential: cid,
            part,
        })
    }
}
