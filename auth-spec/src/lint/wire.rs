//! What goes on the wire: header names and schemes must be valid HTTP, and no two things
//! may be written to one place.

use std::collections::HashMap;

use super::Findings;
use crate::model::{ParamLocation, PlacementKind};
use crate::raw::{Placement, Spec};

/// Headers that describe the message itself; a credential written there would be lost or
/// corrupt the request.
const RESERVED: &[&str] = &[
    "host",
    "content-length",
    "content-type",
    "transfer-encoding",
    "connection",
    "te",
    "upgrade",
];

/// A place on a request, compared the way HTTP compares it (header names ignore case;
/// form, JSON and unspecified body fields share one namespace).
#[derive(Clone, PartialEq, Eq, Hash)]
struct Slot {
    family: &'static str,
    name: String,
}

impl std::fmt::Display for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} `{}`", self.family, self.name)
    }
}

fn slot(kind: PlacementKind, name: &str) -> Slot {
    match kind {
        PlacementKind::Header | PlacementKind::Basic => Slot {
            family: "header",
            name: name.to_ascii_lowercase(),
        },
        PlacementKind::Query => Slot {
            family: "query parameter",
            name: name.to_owned(),
        },
        PlacementKind::Form | PlacementKind::Json | PlacementKind::Body => Slot {
            family: "body field",
            name: name.to_owned(),
        },
        PlacementKind::Cookie => Slot {
            family: "cookie",
            name: name.to_owned(),
        },
    }
}

pub(super) fn check(spec: &Spec, f: &mut Findings) {
    // Where each credential and context parameter may write: (slot, owner, path).
    let mut cred_slots: Vec<(Slot, &str, String)> = Vec::new();
    for (cn, c) in &spec.credentials {
        for (i, p) in c.placements.iter().enumerate() {
            let path = format!("credentials.{cn}.placements[{i}]");
            validate_placement(p, &path, f);
            let names: Vec<&str> = match p {
                Placement::Header { name, .. } => vec![name],
                Placement::Basic { .. } => vec!["Authorization"],
                Placement::Query(fp)
                | Placement::Form(fp)
                | Placement::Json(fp)
                | Placement::Body(fp)
                | Placement::Cookie(fp) => fp
                    .name
                    .iter()
                    .map(String::as_str)
                    .chain(fp.fields.keys().map(String::as_str))
                    .collect(),
            };
            for n in names {
                let s = slot(p.kind(), n);
                if !cred_slots
                    .iter()
                    .any(|(s2, o, _)| *s2 == s && *o == cn.as_str())
                {
                    cred_slots.push((s, cn, path.clone()));
                }
            }
        }
    }
    let mut param_slots: Vec<(Slot, &str, String)> = Vec::new();
    for (pn, p) in &spec.parameters {
        for (i, pl) in p.placements.iter().enumerate() {
            let path = format!("parameters.{pn}.placements[{i}].name");
            if pl.location == PlacementKind::Header {
                header_name(&pl.name, &path, f);
            } else if pl.name.is_empty() {
                f.at(&path, "a field name may not be empty");
            }
            param_slots.push((slot(pl.location, &pl.name), pn, path));
        }
    }
    // A context parameter may not share a place with a credential or another parameter.
    for (i, (s, owner, path)) in param_slots.iter().enumerate() {
        if let Some((_, c, _)) = cred_slots.iter().find(|(s2, ..)| s2 == s) {
            f.at(
                path,
                format!("parameter `{owner}` and credential `{c}` both write {s}"),
            );
        }
        if let Some((_, o, _)) = param_slots[..i]
            .iter()
            .find(|(s2, o2, _)| s2 == s && o2 != owner)
        {
            f.at(
                path,
                format!("parameters `{o}` and `{owner}` both write {s}"),
            );
        }
    }
    // Credentials accepted by one operation are alternatives on the same request: sharing a
    // place is fine only if a prefix tells their values apart.
    let mut lists: Vec<(String, &[super::super::raw::AuthItem])> =
        vec![("default_auth".to_owned(), &spec.default_auth)];
    for (on, op) in &spec.operations {
        if let Some(a) = &op.auth {
            lists.push((format!("operations.{on}.auth"), a));
        }
    }
    let mut reported = HashMap::new();
    for (lpath, items) in &lists {
        // Credentials sent together may not share a place.
        for (i, item) in items.iter().enumerate() {
            let together = item.names();
            for (j, a) in together.iter().enumerate() {
                for b in &together[..j] {
                    let shared = cred_slots
                        .iter()
                        .filter(|(_, o, _)| o == b)
                        .find(|(s, ..)| cred_slots.iter().any(|(s2, o2, _)| o2 == a && s2 == s));
                    if let Some((s, ..)) = shared {
                        f.at(
                            format!("{lpath}[{i}][{j}]"),
                            format!(
                                "credentials `{b}` and `{a}` are sent together but both go in {s}"
                            ),
                        );
                    }
                }
            }
        }
    }
    for (lpath, items) in lists {
        // Alternatives: each option's first credential, as v1 compared single credentials.
        let names: Vec<String> = items
            .iter()
            .map(|i| {
                i.names()
                    .first()
                    .map(|n| (*n).to_owned())
                    .unwrap_or_default()
            })
            .collect();
        for (i, a) in names.iter().enumerate() {
            for b in &names[..i] {
                let shared = cred_slots
                    .iter()
                    .filter(|(_, o, _)| o == b)
                    .find(|(s, ..)| cred_slots.iter().any(|(s2, o2, _)| o2 == a && s2 == s));
                if let Some((s, ..)) = shared
                    && !has_prefixes(spec, a)
                    && !has_prefixes(spec, b)
                    && reported.insert((a.clone(), b.clone()), ()).is_none()
                {
                    f.at(
                        format!("{lpath}[{i}]"),
                        format!("credentials `{b}` and `{a}` both go in {s} and neither has a prefix that tells them apart"),
                    );
                }
            }
        }
    }
    operation_params(spec, &cred_slots, &param_slots, f);
    rate_limit_headers(spec, f);
}

fn has_prefixes(spec: &Spec, cred: &str) -> bool {
    spec.credentials.get(cred).is_some_and(|c| {
        c.format.as_ref().is_some_and(|fm| !fm.prefixes.is_empty())
            || c.parts
                .values()
                .any(|p| p.format.as_ref().is_some_and(|fm| !fm.prefixes.is_empty()))
    })
}

/// Literal text of a template that would break the header it is written into.
fn header_text(template: &str, path: &str, f: &mut Findings) {
    let Ok(t) = crate::model::Template::parse(template) else {
        return; // reported where templates are resolved
    };
    for text in t.texts() {
        if text
            .chars()
            .any(|c| (c.is_control() && c != '\t') || c == '\u{7f}')
        {
            f.at(
                path,
                "the template's text holds a control character (a line break would end the header)",
            );
            return;
        }
        if !text.is_ascii() {
            f.at(
                path,
                "the template's text is not ASCII, which HTTP headers cannot carry as text",
            );
            return;
        }
    }
}

fn validate_placement(p: &Placement, path: &str, f: &mut Findings) {
    match p {
        Placement::Header { name, value, .. } if value.is_some() => {
            header_name(name, &format!("{path}.name"), f);
            if let Some(v) = value {
                header_text(v, &format!("{path}.value"), f);
            }
        }
        Placement::Basic {
            username_value,
            password_value,
            ..
        } => {
            if let Some(u) = username_value {
                header_text(u, &format!("{path}.username_value"), f);
                let literal_colon = crate::model::Template::parse(u)
                    .is_ok_and(|t| t.texts().iter().any(|x| x.contains(':')));
                if literal_colon {
                    f.at(
                        format!("{path}.username_value"),
                        "a Basic user name may not contain `:` (RFC 7617): the server would split it there",
                    );
                }
            }
            if let Some(p) = password_value {
                header_text(p, &format!("{path}.password_value"), f);
            }
        }
        Placement::Header { name, scheme, .. } => {
            header_name(name, &format!("{path}.name"), f);
            if let Some(s) = scheme
                && (s.is_empty() || !s.bytes().all(is_tchar))
            {
                f.at(
                    format!("{path}.scheme"),
                    format!("auth scheme `{s}` is not a valid HTTP token"),
                );
            }
        }
        Placement::Query(fp)
        | Placement::Form(fp)
        | Placement::Json(fp)
        | Placement::Body(fp)
        | Placement::Cookie(fp) => {
            let names = fp
                .name
                .iter()
                .map(|n| (n, format!("{path}.name")))
                .chain(fp.fields.keys().map(|n| (n, format!("{path}.fields.{n}"))));
            for (n, npath) in names {
                if n.is_empty() {
                    f.at(npath, "a field name may not be empty");
                } else if p.kind() == PlacementKind::Cookie && !n.bytes().all(is_tchar) {
                    f.at(
                        npath,
                        format!("cookie name `{n}` is not a valid HTTP token"),
                    );
                }
            }
        }
    }
}

fn header_name(name: &str, path: &str, f: &mut Findings) {
    if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
        f.at(path, format!("`{name}` is not a valid HTTP header name"));
    } else if RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
        f.at(path, format!("header `{name}` describes the message itself and cannot carry a credential or parameter"));
    }
}

/// RFC 9110 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn operation_params(
    spec: &Spec,
    creds: &[(Slot, &str, String)],
    params: &[(Slot, &str, String)],
    f: &mut Findings,
) {
    for (on, op) in &spec.operations {
        for (pn, p) in &op.parameters {
            let path = format!("operations.{on}.parameters.{pn}");
            let kind = match p.location {
                ParamLocation::Path => continue,
                ParamLocation::Query => PlacementKind::Query,
                ParamLocation::Header => {
                    header_name(pn, &path, f);
                    PlacementKind::Header
                }
            };
            let s = slot(kind, pn);
            let accepted = spec.auth_for(op);
            if let Some((_, c, _)) = creds
                .iter()
                .find(|(s2, c, _)| *s2 == s && accepted.iter().any(|a| a.names().contains(c)))
            {
                f.at(
                    &path,
                    format!("operation parameter `{pn}` and credential `{c}` both write {s}"),
                );
            }
            if let Some((_, o, _)) = params.iter().find(|(s2, ..)| *s2 == s) {
                f.at(
                    &path,
                    format!(
                        "operation parameter `{pn}` and context parameter `{o}` both write {s}"
                    ),
                );
            }
        }
    }
}

fn rate_limit_headers(spec: &Spec, f: &mut Findings) {
    let Some(r) = &spec.rate_limit else { return };
    for (field, value) in [
        ("limit_header", &r.limit_header),
        ("remaining_header", &r.remaining_header),
        ("reset_header", &r.reset_header),
    ] {
        if let Some(h) = value
            && http::HeaderName::from_bytes(h.as_bytes()).is_err()
        {
            f.at(
                format!("rate_limit.{field}"),
                format!("`{h}` is not a valid HTTP header name"),
            );
        }
    }
}
