//! Credentials: their parts, placements, and how exchanged ones come to exist.

use super::{Findings, list};
use crate::model::{Credential, CredentialKind, Placement, Spec};

pub(super) fn check(spec: &Spec, f: &mut Findings) {
    for (name, c) in &spec.credentials {
        let base = format!("credentials.{name}");
        if !super::policy::is_ident(name) {
            f.at(
                &base,
                format!("credential name `{name}` must be lowercase letters, digits and `_`"),
            );
        }
        shape(c, &base, f);
        placements(c, &base, f);
        origin(spec, name, c, &base, f);
    }
    for (i, a) in spec.default_auth.iter().enumerate() {
        let path = format!("default_auth[{i}]");
        auth_ref(spec, a, &path, f);
        if spec.default_auth[..i].contains(a) {
            f.at(path, format!("credential `{a}` is listed twice"));
        }
    }
}

/// Check a reference to a credential from an `auth` list.
pub(super) fn auth_ref(spec: &Spec, name: &str, path: &str, f: &mut Findings) {
    match spec.credentials.get(name) {
        None => f.at(path, unknown_credential(spec, name)),
        Some(c) if !c.is_api() => f.at(
            path,
            format!(
                "credential `{name}` is for `{}`, not this API, so no operation accepts it",
                c.audience
            ),
        ),
        Some(_) => {}
    }
}

pub(super) fn unknown_credential(spec: &Spec, name: &str) -> String {
    format!(
        "unknown credential `{name}`; declared credentials are {}",
        list(spec.credentials.keys())
    )
}

fn shape(c: &Credential, base: &str, f: &mut Findings) {
    let shorthand = c.env.is_some() || c.format.is_some();
    if shorthand && !c.parts.is_empty() {
        f.at(base, "use either `env`/`format` on the credential (single-part shorthand) or `parts`, not both");
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
            format!("{base}.parts"),
            format!(
                "a {} credential has {n} parts ({what}), not {parts}",
                kind_name(c.kind)
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
            format!("{base}.parts"),
            format!(
                "a {} credential has one part, not {parts}",
                kind_name(c.kind)
            ),
        );
    }
    if c.default_lifetime_seconds == Some(0) {
        f.at(
            format!("{base}.default_lifetime_seconds"),
            "a lifetime of 0 seconds means the credential is never usable",
        );
    }
    for (pn, _) in &c.parts {
        if !super::policy::is_ident(pn) {
            f.at(
                format!("{base}.parts.{pn}"),
                format!("part name `{pn}` must be lowercase letters, digits and `_`"),
            );
        }
    }
}

fn kind_name(k: CredentialKind) -> &'static str {
    match k {
        CredentialKind::ApiKey => "api_key",
        CredentialKind::KeyPair => "key_pair",
        CredentialKind::BearerToken => "bearer_token",
        CredentialKind::Password => "password",
        CredentialKind::AccessToken => "access_token",
        CredentialKind::RefreshToken => "refresh_token",
    }
}

fn placements(c: &Credential, base: &str, f: &mut Findings) {
    if c.placements.is_empty() {
        f.at(
            base,
            "a credential needs at least one placement, or the engine cannot send it",
        );
        return;
    }
    if c.placements.iter().filter(|p| p.preferred()).count() > 1 {
        f.at(
            format!("{base}.placements"),
            "only one placement may be `preferred`",
        );
    }
    let part_names: Vec<String> = if c.parts.is_empty() {
        vec![Credential::SHORTHAND_PART.to_owned()]
    } else {
        c.parts.keys().cloned().collect()
    };
    let single = part_names.len() == 1;
    for (i, p) in c.placements.iter().enumerate() {
        let pbase = format!("{base}.placements[{i}]");
        let check_part = |field: &str, part: &str, f: &mut Findings| {
            if !part_names.iter().any(|n| n == part) {
                f.at(
                    format!("{pbase}.{field}"),
                    format!(
                        "unknown part `{part}`; this credential's parts are {}",
                        list(&part_names)
                    ),
                );
            }
        };
        let mut used: Vec<&str> = Vec::new();
        match p {
            Placement::Header { part, .. } => match part {
                Some(part) => {
                    check_part("part", part, f);
                    used.push(part);
                }
                None if !single => f.at(
                    &pbase,
                    "a header placement of a multi-part credential must name its `part`",
                ),
                None => used.push(&part_names[0]),
            },
            Placement::Basic {
                username, password, ..
            } => {
                check_part("username", username, f);
                check_part("password", password, f);
                if username == password {
                    f.at(
                        format!("{pbase}.password"),
                        "Basic needs two different parts for user name and password",
                    );
                }
                used.extend([username.as_str(), password.as_str()]);
            }
            Placement::Query(fp)
            | Placement::Form(fp)
            | Placement::Json(fp)
            | Placement::Body(fp)
            | Placement::Cookie(fp) => match (&fp.name, fp.fields.is_empty()) {
                (Some(_), false) => f.at(
                    &pbase,
                    "give either `name` (single-part) or `fields` (multi-part), not both",
                ),
                (None, true) => f.at(
                    &pbase,
                    format!("a {} placement needs `name` or `fields`", p.kind()),
                ),
                (Some(_), true) if !single => f.at(
                    format!("{pbase}.name"),
                    "a multi-part credential maps each wire field to a part with `fields`",
                ),
                (Some(_), true) => used.push(&part_names[0]),
                (None, false) => {
                    for (wire, part) in &fp.fields {
                        check_part(&format!("fields.{wire}"), part, f);
                        used.push(part);
                    }
                }
            },
        }
        let all_known = used.iter().all(|u| part_names.iter().any(|n| n == u));
        if let Some(missing) = part_names.iter().find(|n| !used.contains(&n.as_str()))
            && !used.is_empty()
            && all_known
        {
            f.at(
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
    let needs_origin = match c.kind {
        CredentialKind::AccessToken => c.is_api(),
        CredentialKind::RefreshToken => true,
        _ => false,
    };
    if needs_origin && !issued && !set_as_cookie {
        f.at(
            format!("{base}.kind"),
            format!("no operation issues `{name}`: add `issues:` or `sets_cookies:` to the operation that hands it out"),
        );
    }
    if let Some(subject) = &c.subject {
        let found = spec.operations.values().any(|op| {
            op.issues.as_ref().is_some_and(|x| x.credential == name)
                && op.parameters.contains_key(subject)
        });
        if !found {
            f.at(
                format!("{base}.subject"),
                format!(
                    "subject `{subject}` is not a parameter of an operation that issues `{name}`"
                ),
            );
        }
    }
}
