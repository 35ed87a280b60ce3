//! Credentials: their parts, placements, and how exchanged ones come to exist.

use super::Findings;
use crate::diag::Rule;
use crate::model::CredentialKind;
use crate::raw::{Credential, Placement, Spec};

pub(super) fn check(spec: &Spec, f: &mut Findings) {
    for (name, c) in &spec.credentials {
        let base = format!("credentials.{name}");
        if !super::policy::is_ident(name) {
            f.at(
                Rule::Naming,
                &base,
                format!("credential name `{name}` must be lowercase letters, digits and `_`"),
            );
        }
        shape(c, &base, f);
        placements(c, &base, f);
        origin(spec, name, c, &base, f);
    }
}

fn shape(c: &Credential, base: &str, f: &mut Findings) {
    let shorthand = c.env.is_some() || c.format.is_some();
    if shorthand && !c.parts.is_empty() {
        f.at(Rule::CredentialShape, base, "use either `env`/`format` on the credential (single-part shorthand) or `parts`, not both");
    }
    let parts = if c.parts.is_empty() { 1 } else { c.parts.len() };
    let wanted = match c.kind {
        CredentialKind::KeyPair => Some((2, "an identifier and a secret")),
        CredentialKind::Password => Some((2, "a login name and a password")),
        _ => None,
    };
    if let Some((n, what)) = wanted
        && parts != n
    {
        f.at(
            Rule::CredentialShape,
            format!("{base}.parts"),
            format!(
                "a {} credential has {n} parts ({what}), not {parts}",
                c.kind
            ),
        );
    }
    if matches!(
        c.kind,
        CredentialKind::ApiKey
            | CredentialKind::BearerToken
            | CredentialKind::AccessToken
            | CredentialKind::RefreshToken
    ) && parts != 1
    {
        f.at(
            Rule::CredentialShape,
            format!("{base}.parts"),
            format!("a {} credential has one part, not {parts}", c.kind),
        );
    }
    match (&c.jwt, c.kind) {
        (None, CredentialKind::Jwt) => f.at(
            Rule::Signing,
            base,
            "a jwt credential needs a `jwt` block: its algorithm, header and claims",
        ),
        (Some(_), k) if k != CredentialKind::Jwt => f.at(
            Rule::Signing,
            format!("{base}.jwt"),
            "only a credential of `kind: jwt` signs JWTs",
        ),
        (Some(j), _) => {
            if j.lifetime_seconds == 0 {
                f.at(
                    Rule::Signing,
                    format!("{base}.jwt.lifetime_seconds"),
                    "a JWT that expires when it is made is never accepted",
                );
            }
            if j.renew_before_seconds
                .is_some_and(|r| r >= j.lifetime_seconds)
            {
                f.at(Rule::Signing, format!("{base}.jwt.renew_before_seconds"), "renewing a JWT this early means renewing it on every request: make it shorter than the lifetime");
            }
            for reserved in ["alg", "typ"] {
                if j.header.contains_key(reserved) {
                    f.at(
                        Rule::Signing,
                        format!("{base}.jwt.header.{reserved}"),
                        format!("`{reserved}` is written by the signer from `algorithm`"),
                    );
                }
            }
            for reserved in ["iat", "nbf", "exp"] {
                if j.claims.contains_key(reserved) {
                    f.at(Rule::Signing, format!("{base}.jwt.claims.{reserved}"), format!("`{reserved}` is written by the signer (see `issued_at`, `not_before`, `lifetime_seconds`)"));
                }
            }
            if j.mode == crate::model::JwtMode::Cached {
                let request_bound = j
                    .claims
                    .values()
                    .flat_map(|c| match c {
                        crate::raw::ClaimValue::One(t) => vec![t.as_str()],
                        crate::raw::ClaimValue::Many(ts) => ts.iter().map(String::as_str).collect(),
                    })
                    .chain(j.header.values().map(String::as_str))
                    .any(|t| {
                        crate::model::Template::parse(t).is_ok_and(|t| {
                            t.vars()
                                .iter()
                                .any(|v| matches!(*v, "method" | "host" | "path"))
                        })
                    });
                if request_bound {
                    f.at(Rule::Signing, format!("{base}.jwt.mode"), "a JWT that names the request (`{method}`, `{host}`, `{path}`) is signed per request: set `mode: per_request`");
                }
            }
        }
        (None, _) => {}
    }
    if c.default_lifetime_seconds == Some(0) {
        f.at(
            Rule::CredentialShape,
            format!("{base}.default_lifetime_seconds"),
            "a lifetime of 0 seconds means the credential is never usable",
        );
    }
    for (pn, _) in &c.parts {
        if !super::policy::is_ident(pn) {
            f.at(
                Rule::Naming,
                format!("{base}.parts.{pn}"),
                format!("part name `{pn}` must be lowercase letters, digits and `_`"),
            );
        }
    }
}

fn placements(c: &Credential, base: &str, f: &mut Findings) {
    if c.placements.is_empty() {
        f.at(
            Rule::Placement,
            base,
            "a credential needs at least one placement, or the engine cannot send it",
        );
        return;
    }
    if c.placements.iter().filter(|p| p.preferred()).count() > 1 {
        f.at(
            Rule::Placement,
            format!("{base}.placements"),
            "only one placement may be `preferred`",
        );
    }
    // Unknown part names are reported where they are resolved (`crate::resolve`).
    let part_names = c.part_names();
    let single = part_names.len() == 1;
    for (i, p) in c.placements.iter().enumerate() {
        let pbase = format!("{base}.placements[{i}]");
        let mut used: Vec<&str> = Vec::new();
        // Template syntax and names are reported where templates are resolved.
        let vars = |t: &str| -> Vec<String> {
            crate::model::Template::parse(t)
                .map(|t| t.vars().into_iter().map(str::to_owned).collect())
                .unwrap_or_default()
        };
        let mut from_templates: Vec<String> = Vec::new();
        match p {
            Placement::Header {
                value: Some(v),
                scheme,
                part,
                ..
            } => {
                if scheme.is_some() || part.is_some() {
                    f.at(
                        Rule::Placement,
                        &pbase,
                        "give either `value` (a template) or `scheme`/`part`, not both",
                    );
                }
                from_templates.extend(vars(v));
            }
            Placement::Header { part, .. } => match part {
                Some(part) => used.push(part),
                None if !single => f.at(
                    Rule::Placement,
                    &pbase,
                    "a header placement of a multi-part credential must name its `part`",
                ),
                None => used.push(part_names[0]),
            },
            Placement::Basic {
                username,
                password,
                username_value,
                password_value,
                ..
            } => {
                for (side, part, value) in [
                    ("username", username, username_value),
                    ("password", password, password_value),
                ] {
                    match (part, value) {
                        (Some(_), Some(_)) => f.at(
                            Rule::Placement, format!("{pbase}.{side}_value"),
                            format!("give either `{side}` (a part) or `{side}_value` (a template), not both"),
                        ),
                        (None, None) => f.at(
                            Rule::Placement, &pbase,
                            format!("Basic needs `{side}` (a part) or `{side}_value` (a template)"),
                        ),
                        (Some(p), None) => used.push(p),
                        (None, Some(v)) => from_templates.extend(vars(v)),
                    }
                }
                if username.is_some() && username == password {
                    f.at(
                        Rule::Placement,
                        format!("{pbase}.password"),
                        "Basic needs two different parts for user name and password",
                    );
                }
            }
            Placement::Query(fp)
            | Placement::Form(fp)
            | Placement::Json(fp)
            | Placement::Body(fp)
            | Placement::Cookie(fp) => match (&fp.name, fp.fields.is_empty()) {
                (Some(_), false) => f.at(
                    Rule::Placement,
                    &pbase,
                    "give either `name` (single-part) or `fields` (multi-part), not both",
                ),
                (None, true) => f.at(
                    Rule::Placement,
                    &pbase,
                    format!("a {} placement needs `name` or `fields`", p.kind()),
                ),
                (Some(_), true) if !single => f.at(
                    Rule::Placement,
                    format!("{pbase}.name"),
                    "a multi-part credential maps each wire field to a part with `fields`",
                ),
                (Some(_), true) => used.push(part_names[0]),
                (None, false) => used.extend(fp.fields.values().map(String::as_str)),
            },
            Placement::Hmac(h) => {
                used.push(&h.key);
                for v in h.headers.values() {
                    from_templates.extend(vars(v));
                }
                from_templates.extend(vars(&h.message));
                if h.headers.values().all(|v| vars(v).is_empty()) {
                    f.at(Rule::Signing,
                        format!("{pbase}.headers"),
                        "no header names the key: a verifier could not tell whose secret signed the request",
                    );
                }
                if vars(&h.message).contains(&h.key)
                    || h.headers.values().any(|v| vars(v).contains(&h.key))
                {
                    f.at(
                        Rule::Signing,
                        &pbase,
                        format!(
                            "part `{}` is the signing key and is never sent or signed as text",
                            h.key
                        ),
                    );
                }
            }
            Placement::Digest(d) => {
                used.push(&d.username);
                used.push(&d.password);
                if d.username == d.password {
                    f.at(
                        Rule::Signing,
                        format!("{pbase}.password"),
                        "Digest needs two different parts for user name and password",
                    );
                }
            }
        }
        if c.jwt.is_some() {
            // The JWT carries the parts; the placement sends the JWT.
            if !from_templates.iter().any(|v| v == crate::model::Jwt::VAR) {
                f.at(Rule::Signing, &pbase, "a jwt credential's placement sends the signed JWT: write `{jwt}` in its `value`");
            }
            continue;
        }
        used.extend(from_templates.iter().map(String::as_str));
        let all_known = used.iter().all(|u| part_names.contains(u));
        if let Some(missing) = part_names.iter().find(|n| !used.contains(n))
            && !used.is_empty()
            && all_known
        {
            f.at(
                Rule::Placement,
                &pbase,
                format!("this placement does not send part `{missing}`"),
            );
        }
    }
}

/// Exchanged credentials must come from somewhere: an operation that issues them, or a
/// cookie an operation sets.
fn origin(spec: &Spec, name: &str, c: &Credential, base: &str, f: &mut Findings) {
    let issued = spec
        .operations
        .values()
        .any(|op| op.issues.as_ref().is_some_and(|x| x.credential == name));
    let set_as_cookie = spec.operations.values().any(|op| {
        op.response
            .as_ref()
            .is_some_and(|r| r.sets_cookies.values().any(|v| v == name))
    });
    // A refresh token may come in a token response beside the access token, or from the
    // user (obtained outside the API, by a browser authorization): then it has `env`.
    let with_access = spec.operations.values().any(|op| {
        op.issues
            .as_ref()
            .and_then(|x| x.refresh_token.as_ref())
            .is_some_and(|r| r.credential == name)
    });
    let supplied = c.env.is_some() || c.parts.values().any(|p| p.env.is_some());
    let needs_origin = match c.kind {
        CredentialKind::AccessToken => c.is_api(),
        CredentialKind::RefreshToken => !with_access && !supplied,
        _ => false,
    };
    if needs_origin && !issued && !set_as_cookie {
        f.at(
            Rule::CredentialShape, format!("{base}.kind"),
            format!("no operation issues `{name}`: add `issues:` or `sets_cookies:` to the operation that hands it out{}", if c.kind == CredentialKind::RefreshToken { ", `issues.refresh_token` to the one whose response carries it, or `env` if the user obtains it outside the API" } else { "" }),
        );
    }
    if let Some(subject) = &c.subject {
        let found = spec.operations.values().any(|op| {
            op.issues.as_ref().is_some_and(|x| x.credential == name)
                && op.parameters.contains_key(subject)
        });
        if !found {
            f.at(
                Rule::CredentialShape,
                format!("{base}.subject"),
                format!(
                    "subject `{subject}` is not a parameter of an operation that issues `{name}`"
                ),
            );
        }
    }
}
