//! From the raw serde form to the resolved [`Spec`]: every name an author wrote as a
//! reference (a credential in an `auth` list, a scope, an error, a credential's part) is
//! looked up here, once, and becomes an id. A name that does not resolve is reported at
//! its YAML path, like every other lint finding; the engine never looks a name up again.

use crate::diag::Rule;
use crate::lint::{Findings, list};
use crate::model::{
    self, Audience, AuthOption, CredentialId, CredentialRef, ErrorId, Id, ParameterId,
    ParameterPlacement, PartId, PathTemplate, Place, Placement, RestrictionId, ScopeId, Spec,
    Table, Template,
};
use crate::raw;

/// The `auth` entry that means no credential.
const ANONYMOUS: &str = "anonymous";

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
                named_in: r.workspace_naming(name, x, f),
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
                message_contains: e.message_contains.clone(),
                header: e
                    .header
                    .as_ref()
                    .map(|h| (h.name.clone(), h.equals.clone())),
                when: e.when.as_ref().map(|w| (w.field.clone(), w.equals.clone())),
            })
            .collect(),
    );
    let rate_limit = spec.rate_limit.as_ref().map(|x| {
        let mut limits: Vec<model::Limit> = Vec::new();
        if x.limit_header.is_some() || x.remaining_header.is_some() || x.reset_header.is_some() {
            limits.push(model::Limit {
                name: "default".to_owned(),
                limit_header: x.limit_header.clone(),
                remaining_header: x.remaining_header.clone(),
                reset: x.reset_header.clone().zip(x.reset_format),
            });
        }
        limits.extend(x.limits.iter().map(|l| model::Limit {
            name: l.name.clone(),
            limit_header: l.limit_header.clone(),
            remaining_header: l.remaining_header.clone(),
            reset: l.reset_header.clone().zip(l.reset_format),
        }));
        let retry_after = match &x.retry_after {
            Some(raw::RetryAfter {
                field: Some(field),
                format,
                ..
            }) => model::RetryAfter::Field(
                field.clone(),
                format.unwrap_or(model::ResetFormat::DeltaSeconds),
            ),
            Some(raw::RetryAfter {
                header: Some(h),
                format,
                ..
            }) => model::RetryAfter::Header(h.clone(), *format),
            _ => model::RetryAfter::Header("Retry-After".to_owned(), None),
        };
        model::RateLimit {
            statuses: x
                .status
                .as_ref()
                .map(raw::Statuses::list)
                .unwrap_or_default(),
            error: x
                .error
                .as_ref()
                .and_then(|e| r.error(e, "rate_limit.error", f)),
            limits,
            retry_after,
            ietf_headers: x.ietf_headers,
            on_every_response: x.on_every_response,
            description: x.description.clone(),
        }
    });
    Spec {
        name: spec.name.clone(),
        title: spec.title.clone(),
        description: spec.description.clone(),
        base_url: r.base_url(f),
        transport: spec.transport.clone(),
        metering: spec.metering.clone(),
        credentials,
        default_auth,
        parameters,
        scopes,
        restrictions,
        operations,
        unknown_routes: spec.unknown_routes.unwrap_or_default(),
        errors: {
            // Lint refuses a spec with neither `body` nor `bodies`.
            let bodies: Vec<model::ErrorBody> = spec
                .errors
                .body
                .iter()
                .chain(&spec.errors.bodies)
                .cloned()
                .collect();
            model::Errors {
                body: bodies.first().cloned().unwrap_or(model::ErrorBody {
                    format: model::BodyFormat::Unspecified,
                    message_field: None,
                    code_field: None,
                    details_field: None,
                    description: None,
                }),
                bodies,
                catalogue,
            }
        },
        rate_limit,
        retry: spec.retry.as_ref().map(raw::RetryPolicy::filled),
        undocumented: spec.undocumented.clone(),
        sources: spec.sources.clone(),
        examples: spec
            .examples
            .iter()
            .enumerate()
            .filter_map(|(i, e)| r.example(e, &format!("examples[{i}]"), f))
            .collect(),
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
                f.at(Rule::UnknownReference, path, self.unknown_credential(name));
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
                    Rule::UnknownReference,
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
    /// An `auth` list: each entry a credential the API accepts, all of several at once,
    /// or `anonymous`.
    fn auth_list(&self, items: &[raw::AuthItem], base: &str, f: &mut Findings) -> Vec<AuthOption> {
        let mut out: Vec<AuthOption> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("{base}[{i}]");
            let names: Vec<(String, &str)> = match item {
                raw::AuthItem::One(n) if n == ANONYMOUS => Vec::new(),
                raw::AuthItem::One(n) => vec![(path.clone(), n.as_str())],
                raw::AuthItem::All(ns) => {
                    if ns.len() < 2 {
                        f.at(Rule::Placement, &path, "a list in `auth` names the credentials sent together: give two or more, or write the one credential alone");
                    }
                    ns.iter()
                        .enumerate()
                        .map(|(j, n)| (format!("{path}[{j}]"), n.as_str()))
                        .collect()
                }
            };
            let mut option = Vec::new();
            for (npath, name) in names {
                if name == ANONYMOUS {
                    f.at(
                        Rule::Placement,
                        &npath,
                        "`anonymous` stands alone: it means no credential at all",
                    );
                    continue;
                }
                let Some(cid) = self.credential_id(name, &npath, f) else {
                    continue;
                };
                let c = &self.spec.credentials[cid.index()];
                if !c.is_api() {
                    f.at(
                        Rule::UnknownReference, &npath,
                        format!(
                            "credential `{name}` is for `{}`, not this API, so no operation accepts it",
                            c.audience
                        ),
                    );
                } else if option.contains(&cid) {
                    f.at(
                        Rule::Duplicate,
                        &npath,
                        format!("credential `{name}` is listed twice"),
                    );
                } else {
                    option.push(cid);
                }
            }
            let option = AuthOption {
                credentials: option,
            };
            if out.contains(&option) {
                let what = match option.credentials.len() {
                    0 => "`anonymous`".to_owned(),
                    _ => format!(
                        "credential `{}`",
                        option
                            .credentials
                            .iter()
                            .map(|c| self
                                .spec
                                .credentials
                                .get_index(c.index())
                                .map_or("", |(n, _)| n.as_str()))
                            .collect::<Vec<_>>()
                            .join("` + `")
                    ),
                };
                f.at(Rule::Duplicate, &path, format!("{what} is listed twice"));
            } else {
                out.push(option);
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
                    Rule::UnknownReference,
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
        let jwt = c
            .jwt
            .as_ref()
            .and_then(|j| self.jwt(j, &names, &format!("{base}.jwt"), f));
        // A JWT credential's placements send the signed JWT as `{jwt}`.
        let mut placement_names = names.clone();
        if jwt.is_some() {
            placement_names.push(model::Jwt::VAR);
        }
        let names_for_templates = placement_names;
        let mut placements = Vec::new();
        for (i, p) in c.placements.iter().enumerate() {
            let pbase = format!("{base}.placements[{i}]");
            let resolved = match p {
                raw::Placement::Header {
                    name,
                    scheme,
                    part: p,
                    value,
                    ..
                } => {
                    // A name that does not parse is reported by lint (`wire`).
                    let header = model::header_name(name);
                    let template = match value {
                        Some(v) => {
                            self.template(v, &names_for_templates, &format!("{pbase}.value"), f)
                        }
                        None => {
                            let part = match p {
                                Some(p) => part(p, format!("{pbase}.part"), f),
                                // Lint reports a multi-part credential's header without `part`.
                                None => sole,
                            };
                            part.map(|id| {
                                let var = &names[id.index()];
                                match scheme {
                                    Some(s) => Template::parse(&format!("{s} {{{var}}}"))
                                        .unwrap_or_else(|_| Template::var(var)),
                                    None => Template::var(var),
                                }
                            })
                        }
                    };
                    header.zip(template).map(|(header, value)| {
                        let (scheme, part) = scheme_and_part(&value, &names);
                        Placement::Header {
                            name: name.clone(),
                            header,
                            value,
                            scheme,
                            part,
                        }
                    })
                }
                raw::Placement::Basic {
                    username,
                    password,
                    username_value,
                    password_value,
                    ..
                } => {
                    let mut side = |name: &str, p: &Option<String>, v: &Option<String>| match (p, v)
                    {
                        (Some(p), _) => part(p, format!("{pbase}.{name}"), f)
                            .map(|id| Template::var(names[id.index()])),
                        (None, Some(v)) => {
                            self.template(v, &names, &format!("{pbase}.{name}_value"), f)
                        }
                        // Lint reports a side with neither.
                        (None, None) => None,
                    };
                    let u = side("username", username, username_value);
                    let p = side("password", password, password_value);
                    u.zip(p)
                        .map(|(username, password)| Placement::Basic { username, password })
                }
                raw::Placement::Hmac(h) => self
                    .hmac(h, &names, &pbase, f)
                    .map(|h| Placement::Hmac(Box::new(h))),
                raw::Placement::Digest(d) => {
                    let u = part(&d.username, format!("{pbase}.username"), f);
                    let p = part(&d.password, format!("{pbase}.password"), f);
                    u.zip(p).map(|(username, password)| {
                        Placement::Digest(model::DigestAuth {
                            username,
                            password,
                            algorithms: if d.algorithms.is_empty() {
                                vec![model::DigestAlgorithm::Sha256, model::DigestAlgorithm::Md5]
                            } else {
                                d.algorithms.clone()
                            },
                            realm: d.realm.clone(),
                        })
                    })
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
            jwt: jwt.map(Box::new),
        }
    }

    /// A credential's `jwt` block: its key part and templates resolved.
    fn jwt(
        &self,
        j: &raw::Jwt,
        parts: &[&str],
        base: &str,
        f: &mut Findings,
    ) -> Option<model::Jwt> {
        let key = self.part_of(&j.key, parts, &format!("{base}.key"), f)?;
        let mut allowed: Vec<&str> = parts.iter().copied().filter(|p| *p != j.key).collect();
        allowed.extend(self.spec.parameters.keys().map(String::as_str));
        allowed.extend(["random_hex", "public_key_sha256"]);
        if j.mode == model::JwtMode::PerRequest {
            allowed.extend(["method", "host", "path"]);
        }
        let mut header = Vec::new();
        for (name, v) in &j.header {
            header.push((
                name.clone(),
                self.named_template(v, &allowed, &format!("{base}.header.{name}"), f)?,
            ));
        }
        let mut claims = Vec::new();
        for (name, v) in &j.claims {
            let path = format!("{base}.claims.{name}");
            let claim = match v {
                raw::ClaimValue::One(t) => {
                    model::Claim::One(self.named_template(t, &allowed, &path, f)?)
                }
                raw::ClaimValue::Many(ts) => {
                    let mut out = Vec::new();
                    for (i, t) in ts.iter().enumerate() {
                        out.push(self.named_template(t, &allowed, &format!("{path}[{i}]"), f)?);
                    }
                    model::Claim::Many(out)
                }
            };
            claims.push((name.clone(), claim));
        }
        Some(model::Jwt {
            algorithm: j.algorithm,
            key,
            key_encoding: j.key_encoding,
            header,
            claims,
            lifetime_seconds: j.lifetime_seconds,
            issued_at: j.issued_at,
            not_before: j.not_before,
            mode: j.mode,
            renew_before_seconds: j
                .renew_before_seconds
                .unwrap_or((j.lifetime_seconds / 10).min(300)),
        })
    }

    /// An `hmac` placement: its key part, message and headers resolved.
    fn hmac(
        &self,
        h: &raw::HmacPlacement,
        parts: &[&str],
        base: &str,
        f: &mut Findings,
    ) -> Option<model::HmacSigning> {
        let key = self.part_of(&h.key, parts, &format!("{base}.key"), f)?;
        let others: Vec<&str> = parts.iter().copied().filter(|p| *p != h.key).collect();
        let mut allowed = others.clone();
        allowed.extend(model::HmacSigning::BUILTINS);
        let message = self.named_template(&h.message, &allowed, &format!("{base}.message"), f)?;
        let signature = match (&h.header, &h.query) {
            (Some(name), None) => {
                // A name that does not parse is reported by lint (`wire`).
                let header = model::header_name(name)?;
                let value = match &h.value {
                    Some(v) => {
                        self.named_template(v, &["signature"], &format!("{base}.value"), f)?
                    }
                    None => Template::var("signature"),
                };
                model::SignatureTarget::Header(header, value)
            }
            (None, Some(q)) => model::SignatureTarget::Query(q.clone()),
            // Lint reports neither or both.
            _ => return None,
        };
        let mut headers = Vec::new();
        for (name, v) in &h.headers {
            let header = model::header_name(name)?;
            let t = self.named_template(v, &others, &format!("{base}.headers.{name}"), f)?;
            headers.push((name.clone(), header, t));
        }
        let value = |name: &Option<String>| name.clone().unwrap_or_default();
        Some(model::HmacSigning {
            algorithm: h.algorithm,
            key,
            key_encoding: h.key_encoding,
            message,
            encoding: h.encoding,
            signature,
            headers,
            nonce: h.nonce.as_ref().map(|n| model::SigningValue {
                kind: n.kind,
                location: n.location,
                name: value(&n.name),
            }),
            timestamp: h.timestamp.as_ref().map(|t| model::SigningValue {
                kind: t.format,
                location: t.location,
                name: value(&t.name),
            }),
            max_skew_seconds: h.max_skew_seconds.unwrap_or(300),
        })
    }

    /// The id of part `name` among `parts`, or a finding.
    fn part_of(&self, name: &str, parts: &[&str], path: &str, f: &mut Findings) -> Option<PartId> {
        let found = parts.iter().position(|n| *n == name).map(id);
        if found.is_none() {
            f.at(
                Rule::Signing,
                path,
                format!(
                    "unknown part `{name}`; this credential's parts are {}",
                    list(parts.iter().copied())
                ),
            );
        }
        found
    }

    /// Parse a template whose names must be among `allowed` (a signing template).
    fn named_template(
        &self,
        text: &str,
        allowed: &[&str],
        path: &str,
        f: &mut Findings,
    ) -> Option<Template> {
        let unknown = |v: &str| {
            format!(
                "`{{{v}}}` is not a name this template may use; it may use {}",
                list(allowed.iter().copied())
            )
        };
        checked_template(
            text,
            allowed,
            path,
            f,
            (Rule::Signing, Rule::Signing),
            unknown,
        )
    }

    fn base_url(&self, f: &mut Findings) -> model::BaseUrl {
        let b = &self.spec.base_url;
        // A placeholder that is not a parameter is reported by lint (`policy`).
        let url = b.default_url();
        let template = (!b.user_supplied && url.contains('{'))
            .then(|| Template::parse(url).ok())
            .flatten()
            .filter(|t| {
                t.vars()
                    .iter()
                    .all(|v| self.spec.parameters.contains_key(*v))
            });
        for (name, url) in &b.environments {
            if url.contains('{') {
                self.context_template(url, &format!("base_url.environments.{name}"), f);
            }
        }
        let default_environment = match &b.default_environment {
            None => 0,
            Some(d) => match b.environments.get_index_of(d) {
                Some(i) => i,
                None => {
                    f.at(
                        Rule::UnknownReference,
                        "base_url.default_environment",
                        format!(
                            "unknown environment `{d}`; `environments` names {}",
                            list(b.environments.keys())
                        ),
                    );
                    0
                }
            },
        };
        model::BaseUrl {
            url: url.to_owned(),
            env: b.env.clone(),
            user_supplied: b.user_supplied,
            description: b.description.clone(),
            template,
            environments: b
                .environments
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            default_environment,
        }
    }

    /// A conformance vector, its names resolved.
    fn example(&self, e: &raw::Example, base: &str, f: &mut Findings) -> Option<model::Example> {
        let request = match (&e.request, &e.wire) {
            (Some(req), Some(wire)) => {
                let rbase = format!("{base}.request");
                let operation = match self.spec.operations.get_index_of(&req.operation) {
                    Some(i) => id(i),
                    None => {
                        f.at(
                            Rule::UnknownReference,
                            format!("{rbase}.operation"),
                            format!(
                                "unknown operation `{}`; declared operations are {}",
                                req.operation,
                                list(self.spec.operations.keys())
                            ),
                        );
                        return None;
                    }
                };
                let mut credentials = Vec::new();
                for (cname, parts) in &req.credentials {
                    let cpath = format!("{rbase}.credentials.{cname}");
                    let cid = self.credential_id(cname, &cpath, f)?;
                    let names = self.spec.credentials[cid.index()].part_names();
                    for (pname, value) in parts {
                        match names.iter().position(|n| n == pname) {
                            Some(i) => credentials.push((cid, id::<PartId>(i), value.clone())),
                            None => {
                                f.at(
                                    Rule::UnknownReference, format!("{cpath}.{pname}"),
                                    format!(
                                        "credential `{cname}` has no part `{pname}`; its parts are {}",
                                        list(names.iter().copied())
                                    ),
                                );
                                return None;
                            }
                        }
                    }
                }
                let mut parameters = Vec::new();
                for (pname, value) in &req.parameters {
                    match self.spec.parameters.get_index_of(pname) {
                        Some(i) => parameters.push((id::<ParameterId>(i), value.clone())),
                        None => {
                            f.at(
                                Rule::UnknownReference,
                                format!("{rbase}.parameters.{pname}"),
                                format!(
                                    "unknown parameter `{pname}`; declared parameters are {}",
                                    list(self.spec.parameters.keys())
                                ),
                            );
                            return None;
                        }
                    }
                }
                let pairs = |m: &indexmap::IndexMap<String, String>| {
                    m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
                };
                Some((
                    model::ExampleRequest {
                        operation,
                        credentials,
                        parameters,
                        path: pairs(&req.path),
                        query: pairs(&req.query),
                        json: req.json.clone(),
                        form: pairs(&req.form),
                        environment: req.environment.clone(),
                        clock_millis: req.clock_millis,
                    },
                    model::Wire {
                        method: wire.method,
                        url: wire.url.clone(),
                        headers: pairs(&wire.headers),
                        absent_headers: wire.absent_headers.clone(),
                        body: wire.body.clone(),
                    },
                ))
            }
            (None, None) => None,
            _ => {
                f.at(
                    Rule::Example,
                    base,
                    "a request example needs both `request` and `wire`",
                );
                return None;
            }
        };
        let response = match (&e.response, &e.classified) {
            (Some(resp), Some(c)) => {
                let error = c
                    .error
                    .as_ref()
                    .and_then(|n| self.error(n, &format!("{base}.classified.error"), f));
                if c.error.is_some() && error.is_none() {
                    return None;
                }
                Some((
                    model::ExampleResponse {
                        status: resp.status,
                        headers: resp
                            .headers
                            .iter()
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                        body: resp.body.clone(),
                    },
                    model::Classified {
                        error,
                        kind: c.kind,
                        action: c.action,
                        message: c.message.clone(),
                        code: c.code.clone(),
                        retry_after_seconds: c.retry_after_seconds,
                    },
                ))
            }
            (None, None) => None,
            _ => {
                f.at(
                    Rule::Example,
                    base,
                    "a response example needs both `response` and `classified`",
                );
                return None;
            }
        };
        if request.is_none() && response.is_none() {
            f.at(
                Rule::Example,
                base,
                "an example needs a `request` (with `wire`) or a `response` (with `classified`)",
            );
            return None;
        }
        Some(model::Example {
            description: e.description.clone(),
            source: e.source.clone(),
            request,
            response,
        })
    }

    /// Parse a template whose names are the spec's context parameters.
    fn context_template(&self, text: &str, path: &str, f: &mut Findings) -> Option<Template> {
        self.context_template_with(text, path, &[], f)
    }

    /// As [`Self::context_template`], with `extra` names allowed besides the parameters.
    fn context_template_with(
        &self,
        text: &str,
        path: &str,
        extra: &[&str],
        f: &mut Findings,
    ) -> Option<Template> {
        let names: Vec<&str> = self.spec.parameters.keys().map(String::as_str).collect();
        let t = match Template::parse(text) {
            Ok(t) => t,
            Err(e) => {
                f.at(Rule::TemplateSyntax, path, e.to_string());
                return None;
            }
        };
        for v in t.vars() {
            if !names.contains(&v) && !extra.contains(&v) {
                f.at(
                    Rule::UndefinedTemplateVariable,
                    path,
                    format!(
                        "`{{{v}}}` is not a context parameter; declared parameters are {}",
                        list(names.iter().copied())
                    ),
                );
                return None;
            }
        }
        Some(t)
    }

    /// Parse a template whose names are `names` (a credential's parts).
    fn template(
        &self,
        text: &str,
        names: &[&str],
        path: &str,
        f: &mut Findings,
    ) -> Option<Template> {
        let unknown = |v: &str| {
            format!(
                "`{{{v}}}` is not a part of this credential; its parts are {}",
                list(names.iter().copied())
            )
        };
        let rules = (Rule::TemplateSyntax, Rule::UndefinedTemplateVariable);
        checked_template(text, names, path, f, rules, unknown)
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
                            Place::Header(model::header_name(&pl.name)?)
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
            default: p.default.clone(),
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
        default_auth: &[AuthOption],
        f: &mut Findings,
    ) -> model::Operation {
        let base = format!("operations.{name}");
        let (path, url) = match (&op.path, &op.url) {
            (Some(p), None) => match PathTemplate::parse(p) {
                Ok(t) => {
                    self.path_params(&t, op, &base, f);
                    (t, None)
                }
                Err(e) => {
                    f.at(Rule::Operation, format!("{base}.path"), e.to_string());
                    // Never used: the spec is refused.
                    (PathTemplate::root(), None)
                }
            },
            (None, Some(u)) => {
                let t = self.context_template(u, &format!("{base}.url"), f);
                // Matched by its path when the same server serves it (a sandbox).
                let path = u
                    .split_once("://")
                    .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
                    .and_then(|p| PathTemplate::parse(p.split('?').next().unwrap_or(p)).ok())
                    .unwrap_or_else(PathTemplate::root);
                (path, t)
            }
            (Some(_), Some(_)) => {
                f.at(
                    Rule::Operation,
                    &base,
                    "give either `path` (below the base URL) or `url` (absolute), not both",
                );
                (PathTemplate::root(), None)
            }
            (None, None) => {
                f.at(
                    Rule::Operation,
                    &base,
                    "an operation needs `path` (below the base URL) or `url` (absolute)",
                );
                (PathTemplate::root(), None)
            }
        };
        let auth = match &op.auth {
            Some(a) => self.auth_list(a, &format!("{base}.auth"), f),
            None => default_auth.to_vec(),
        };
        let any_scope = matches!(op.scopes, raw::Scopes::Any { .. });
        let scopes_at = if any_scope { ".any" } else { "" };
        let scopes = op
            .scopes
            .names()
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match self.spec.scopes.get_index_of(s) {
                Some(x) => Some(id::<ScopeId>(x)),
                None => {
                    f.at(
                        Rule::UnknownReference,
                        format!("{base}.scopes{scopes_at}[{i}]"),
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
                        Rule::UnknownReference,
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
            .map(|p| self.payload(p, &format!("{base}.request"), true, f));
        let response = op.response.as_ref().map(|r| model::Response {
            status: r.status,
            body: r
                .body
                .as_ref()
                .map(|p| self.payload(p, &format!("{base}.response.body"), false, f)),
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
                    Rule::Exchange,
                    path,
                    format!(
                        "`{}` is supplied by the user, not issued by an operation",
                        x.credential
                    ),
                );
            }
            Some(self.exchange(cid, x, &format!("{base}.issues"), f))
        });
        model::Operation {
            name: name.to_owned(),
            description: op.description.clone(),
            role: op.role,
            method: op.method,
            path,
            auth,
            scopes,
            any_scope,
            url,
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
            key_access: self.key_access(op, &base, f),
        }
    }

    /// Where a request names its workspace: required for a `workspace` restriction (the
    /// verifier never guesses it), meaningless for another kind.
    fn workspace_naming(
        &self,
        name: &str,
        x: &raw::Restriction,
        f: &mut Findings,
    ) -> Option<model::WorkspaceNaming> {
        let base = format!("restrictions.{name}");
        let Some(n) = &x.named_in else {
            if x.kind == model::RestrictionKind::Workspace {
                f.at(
                    Rule::Access,
                    &base,
                    "a workspace restriction must say where a request names its workspace \
                     (`named_in`: paths, query, json, form); the verifier does not guess",
                );
            }
            return None;
        };
        if x.kind != model::RestrictionKind::Workspace {
            f.at(
                Rule::Access,
                format!("{base}.named_in"),
                "`named_in` applies to a `workspace` restriction only",
            );
        }
        if n.paths.is_empty() && n.query.is_empty() && n.json.is_empty() && n.form.is_empty() {
            f.at(
                Rule::Access,
                format!("{base}.named_in"),
                "name at least one place (paths, query, json, form)",
            );
        }
        let paths = n
            .paths
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let at = format!("{base}.named_in.paths[{i}]");
                match PathTemplate::parse(p) {
                    Err(e) => {
                        f.at(Rule::Access, at, e.to_string());
                        None
                    }
                    Ok(t) => {
                        let last = matches!(t.segments().last(), Some(model::Segment::Param(_)));
                        if t.names().count() != 1 || !last {
                            f.at(
                                Rule::Access,
                                at,
                                format!(
                                    "`{p}` must end in the one `{{param}}` that names the workspace"
                                ),
                            );
                        }
                        Some(t)
                    }
                }
            })
            .collect();
        Some(model::WorkspaceNaming {
            paths,
            query: n.query.clone(),
            json: n.json.clone(),
            form: n.form.clone(),
        })
    }

    /// Who may act on the key the path names: required for the roles that act on one.
    fn key_access(
        &self,
        op: &raw::Operation,
        base: &str,
        f: &mut Findings,
    ) -> Option<model::KeyAccess> {
        let Some(k) = &op.key_access else {
            if op.role.is_some_and(model::OperationRole::acts_on_a_key) {
                f.at(
                    Rule::Access,
                    base,
                    "an operation on a key named in its path must say who may act on which key \
                     (`key_access`: `param` and `allow`, e.g. `[self]` where the docs are silent)",
                );
            }
            return None;
        };
        let at = format!("{base}.key_access");
        let is_path_param = op
            .parameters
            .get(&k.param)
            .is_some_and(|p| p.location == model::ParamLocation::Path);
        if !is_path_param {
            f.at(
                Rule::Access,
                format!("{at}.param"),
                format!("`{}` is not a path parameter of the operation", k.param),
            );
        }
        if k.allow.is_empty() {
            f.at(
                Rule::Access,
                format!("{at}.allow"),
                "name at least one rule (`self`, `any`, `{scope: ..}`, `{restriction: ..}`)",
            );
        }
        let allow = k
            .allow
            .iter()
            .enumerate()
            .filter_map(|(i, rule)| {
                let path = format!("{at}.allow[{i}]");
                match rule {
                    raw::KeyRule::Who(raw::KeyWho::Own) => Some(model::KeyRule::Own),
                    raw::KeyRule::Who(raw::KeyWho::Any) => Some(model::KeyRule::Any),
                    raw::KeyRule::Scope { scope } => match self.spec.scopes.get_index_of(scope) {
                        Some(x) => Some(model::KeyRule::Scope(id::<ScopeId>(x))),
                        None => {
                            f.at(Rule::Access,
                                format!("{path}.scope"),
                                format!(
                                    "unknown scope `{scope}`; declared scopes are {}",
                                    list(self.spec.scopes.keys())
                                ),
                            );
                            None
                        }
                    },
                    raw::KeyRule::Restriction { restriction } => {
                        match self.spec.restrictions.get_full(restriction) {
                            Some((x, _, r)) if r.kind == model::RestrictionKind::OrgWide => {
                                Some(model::KeyRule::Restriction(id::<RestrictionId>(x)))
                            }
                            Some(_) => {
                                f.at(Rule::Access,
                                    format!("{path}.restriction"),
                                    format!("`{restriction}` is not an `org_wide` restriction"),
                                );
                                None
                            }
                            None => {
                                f.at(Rule::Access,
                                    format!("{path}.restriction"),
                                    format!(
                                        "unknown restriction `{restriction}`; declared restrictions are {}",
                                        list(self.spec.restrictions.keys())
                                    ),
                                );
                                None
                            }
                        }
                    }
                }
            })
            .collect();
        Some(model::KeyAccess {
            param: k.param.clone(),
            allow,
            description: k.description.clone(),
        })
    }

    /// Every `{name}` in the path is a path parameter, and every path parameter is in it.
    fn path_params(&self, t: &PathTemplate, op: &raw::Operation, base: &str, f: &mut Findings) {
        for name in t.names() {
            match op.parameters.get(name) {
                None => f.at(
                    Rule::Operation, format!("{base}.path"),
                    format!("path parameter `{{{name}}}` is not defined; add `parameters.{name}: {{in: path}}`"),
                ),
                Some(p) if p.location != model::ParamLocation::Path => f.at(
                    Rule::Operation, format!("{base}.parameters.{name}.in"),
                    format!("`{name}` appears in the path but is declared `in: {}`", p.location.as_str()),
                ),
                Some(_) => {}
            }
        }
        for (pn, p) in &op.parameters {
            if p.location == model::ParamLocation::Path && !t.names().any(|n| n == pn) {
                f.at(
                    Rule::Operation,
                    format!("{base}.parameters.{pn}"),
                    format!("path parameter `{pn}` does not appear in `{}`", t.as_str()),
                );
            }
        }
    }

    fn payload(
        &self,
        p: &raw::Payload,
        base: &str,
        request: bool,
        f: &mut Findings,
    ) -> model::Payload {
        if !request && !p.encoding.is_json() {
            f.at(
                Rule::Exchange,
                format!("{base}.encoding"),
                "`encoding` describes a request body; a response body is read as JSON",
            );
        }
        model::Payload {
            description: p.description.clone(),
            fields: p
                .fields
                .iter()
                .map(|(wire, pf)| (wire.clone(), self.field(wire, pf, base, request, f)))
                .collect(),
            additional_fields: p.additional_fields,
            encoding: p.encoding,
        }
    }

    fn field(
        &self,
        wire: &str,
        pf: &raw::PayloadField,
        base: &str,
        request: bool,
        f: &mut Findings,
    ) -> model::PayloadField {
        let from = pf
            .from
            .as_ref()
            .and_then(|from| self.from(wire, from, pf.secret, base, f));
        let at = format!("{base}.fields.{wire}.value");
        let value = match &pf.value {
            None => None,
            Some(_) if !request => {
                f.at(
                    Rule::Exchange,
                    &at,
                    "`value` is what a request sends; a response field has none",
                );
                None
            }
            Some(_) if pf.from.is_some() => {
                f.at(
                    Rule::Exchange,
                    &at,
                    "give either `from` or `value`, not both",
                );
                None
            }
            // A JWT bearer grant's `assertion: {value: "{jwt}"}`; lint checks where.
            Some(v) => self.context_template_with(v, &at, &[model::Jwt::VAR], f),
        };
        model::PayloadField {
            ty: pf.ty,
            description: pf.description.clone(),
            required: pf.required,
            secret: pf.secret,
            from,
            value,
            items: pf
                .items
                .iter()
                .map(|(w, item)| (w.clone(), self.field(w, item, base, request, f)))
                .collect(),
        }
    }

    /// What an operation's response hands out: the token, and what comes with it.
    fn exchange(
        &self,
        credential: CredentialId,
        x: &raw::Exchange,
        base: &str,
        f: &mut Findings,
    ) -> model::Exchange {
        let refresh_token = x.refresh_token.as_ref().and_then(|r| {
            let path = format!("{base}.refresh_token.credential");
            let cid = self.credential_id(&r.credential, &path, f)?;
            let kind = self.spec.credentials[cid.index()].kind;
            if kind != model::CredentialKind::RefreshToken {
                f.at(
                    Rule::CredentialShape,
                    path,
                    format!(
                        "`{}` is a `{kind}` credential, not a `refresh_token`",
                        r.credential
                    ),
                );
            }
            Some(model::IssuedRefresh {
                credential: cid,
                field: r.field.clone(),
            })
        });
        let parameters = x
            .parameters
            .iter()
            .filter_map(
                |(name, field)| match self.spec.parameters.get_index_of(name) {
                    Some(i) => Some((id::<ParameterId>(i), field.clone())),
                    None => {
                        f.at(
                            Rule::UnknownReference,
                            format!("{base}.parameters.{name}"),
                            format!(
                                "unknown parameter `{name}`; declared parameters are {}",
                                list(self.spec.parameters.keys())
                            ),
                        );
                        None
                    }
                },
            )
            .collect();
        let expires_at = x.expires_at_field.clone().map(|field| {
            (
                field,
                x.expires_at_format
                    .unwrap_or(model::ResetFormat::UnixSeconds),
            )
        });
        if let Some(format) = x.expires_at_format
            && !matches!(
                format,
                model::ResetFormat::UnixSeconds
                    | model::ResetFormat::UnixMillis
                    | model::ResetFormat::Rfc3339
                    | model::ResetFormat::HttpDate
            )
        {
            f.at(
                Rule::Exchange,
                format!("{base}.expires_at_format"),
                "an expiry time is `unix_seconds`, `unix_millis`, `rfc3339` or `http_date`; a lifetime in seconds goes in `expires_in_field`",
            );
        }
        if x.expires_at_format.is_some() && x.expires_at_field.is_none() {
            f.at(
                Rule::Exchange,
                format!("{base}.expires_at_format"),
                "`expires_at_format` says how `expires_at_field` is written; add the field",
            );
        }
        model::Exchange {
            credential,
            token_field: x.token_field.clone(),
            expires_in_field: x.expires_in_field.clone(),
            lifetime_request_field: x.lifetime_request_field.clone(),
            expires_at,
            token_type_field: x.token_type_field.clone(),
            renew_before_seconds: x.renew_before_seconds,
            refresh_token,
            parameters,
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
                        Rule::UnknownReference,
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
                Rule::UnmarkedSecret,
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

/// The auth scheme and the part a header template sends, when it is `Scheme {part}` or
/// `{part}` (what a verifier reads back, and what `WWW-Authenticate` names).
fn scheme_and_part(t: &Template, names: &[&str]) -> (Option<String>, Option<PartId>) {
    use crate::model::Piece;
    let part_of = |n: &str| names.iter().position(|x| *x == n).map(id::<PartId>);
    match t.pieces() {
        [Piece::Var(v)] => (None, part_of(v)),
        [Piece::Text(text), Piece::Var(v)] => match text.strip_suffix(' ') {
            Some(s) if !s.is_empty() && !s.contains(' ') => (Some(s.to_owned()), part_of(v)),
            _ => (None, None),
        },
        [Piece::Text(text), Piece::Call(..)] => match text.strip_suffix(' ') {
            Some(s) if !s.is_empty() && !s.contains(' ') => (Some(s.to_owned()), None),
            _ => (None, None),
        },
        _ => (None, None),
    }
}

/// Parse `text` as a template whose names must be among `allowed`: a syntax error is
/// reported under `rules.0`, the first unknown name under `rules.1` with `unknown`'s text.
fn checked_template(
    text: &str,
    allowed: &[&str],
    path: &str,
    f: &mut Findings,
    rules: (Rule, Rule),
    unknown: impl Fn(&str) -> String,
) -> Option<Template> {
    let t = match Template::parse(text) {
        Ok(t) => t,
        Err(e) => {
            f.at(rules.0, path, e.to_string());
            return None;
        }
    };
    if let Some(v) = t.vars().into_iter().find(|v| !allowed.contains(v)) {
        f.at(rules.1, path, unknown(v));
        return None;
    }
    Some(t)
}
