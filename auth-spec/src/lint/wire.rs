//! What goes on the wire: header names and schemes must be valid HTTP, and no two things
//! may be written to one place.

use crate::diag::Rule;
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
/// form, JSON and unspecified body fields share one namespace). Two header values with
/// different auth schemes (`Token …` and `Bearer …`) are told apart by the scheme; a value
/// without one could be anything, so it shares its header with every other.
#[derive(Clone)]
struct Slot {
    family: &'static str,
    name: String,
    scheme: Option<String>,
}

impl PartialEq for Slot {
    fn eq(&self, other: &Self) -> bool {
        self.family == other.family
            && self.name == other.name
            && (self.scheme.is_none() || other.scheme.is_none() || self.scheme == other.scheme)
    }
}

impl std::fmt::Display for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} `{}`", self.family, self.name)
    }
}

fn slot(kind: PlacementKind, name: &str) -> Slot {
    match kind {
        PlacementKind::Header
        | PlacementKind::Basic
        | PlacementKind::Hmac
        | PlacementKind::Digest => Slot {
            family: "header",
            name: name.to_ascii_lowercase(),
            scheme: None,
        },
        PlacementKind::Query => Slot {
            family: "query parameter",
            name: name.to_owned(),
            scheme: None,
        },
        PlacementKind::Form | PlacementKind::Json | PlacementKind::Body => Slot {
            family: "body field",
            name: name.to_owned(),
            scheme: None,
        },
        PlacementKind::Cookie => Slot {
            family: "cookie",
            name: name.to_owned(),
            scheme: None,
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
            let scheme = match p {
                Placement::Basic { .. } => Some("basic".to_owned()),
                _ => header_scheme(p),
            };
            let names: Vec<String> = match p {
                Placement::Header { name, .. } => vec![name.clone()],
                Placement::Basic { .. } | Placement::Digest(_) => vec!["Authorization".to_owned()],
                // The signature's query parameter is a field, not a header: its own slot
                // below would need a kind; headers are what collide in practice.
                Placement::Hmac(h) => h.headers.keys().chain(h.header.iter()).cloned().collect(),
                Placement::Query(fp)
                | Placement::Form(fp)
                | Placement::Json(fp)
                | Placement::Body(fp)
                | Placement::Cookie(fp) => {
                    fp.name.iter().chain(fp.fields.keys()).cloned().collect()
                }
            };
            for n in names {
                let mut s = slot(p.kind(), &n);
                s.scheme = scheme.clone();
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
                f.at(Rule::Placement, &path, "a field name may not be empty");
            }
            param_slots.push((slot(pl.location, &pl.name), pn, path));
        }
    }
    // A context parameter may not share a place with a credential or another parameter.
    for (i, (s, owner, path)) in param_slots.iter().enumerate() {
        if let Some((_, c, _)) = cred_slots.iter().find(|(s2, ..)| s2 == s) {
            f.at(
                Rule::PlaceCollision,
                path,
                format!("parameter `{owner}` and credential `{c}` both write {s}"),
            );
        }
        if let Some((_, o, _)) = param_slots[..i]
            .iter()
            .find(|(s2, o2, _)| s2 == s && o2 != owner)
        {
            f.at(
                Rule::PlaceCollision,
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
                            Rule::PlaceCollision,
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
                        Rule::PlaceCollision, format!("{lpath}[{i}]"),
                        format!("credentials `{b}` and `{a}` both go in {s} and neither has a prefix that tells them apart"),
                    );
                }
            }
        }
    }
    operation_params(spec, &cred_slots, &param_slots, f);
    rate_limit_headers(spec, f);
    header_values(spec, f);
}

/// Why `text` cannot stand in a header value, if it cannot: a control character (a line
/// break would end the header and start another) or a character outside visible ASCII.
fn breaks_header(text: &str) -> Option<&'static str> {
    if text
        .chars()
        .any(|c| (c.is_control() && c != '\t') || c == '\u{7f}')
    {
        Some("holds a control character (a line break would end the header)")
    } else if !text.is_ascii() {
        Some("is not ASCII, which HTTP headers cannot carry as text")
    } else {
        None
    }
}

/// Values the spec fixes that are written into headers as they are: a context parameter's
/// default, and the literal prefix and suffix of a key sent raw in a header (a part inside
/// `base64(...)` or Basic is encoded first, so any character is safe there).
fn header_values(spec: &Spec, f: &mut Findings) {
    for (pn, p) in &spec.parameters {
        let in_header = p
            .placements
            .iter()
            .find(|pl| pl.location == PlacementKind::Header);
        if let (Some(d), Some(pl)) = (&p.default, in_header)
            && let Some(why) = breaks_header(d)
        {
            f.at(
                Rule::HeaderInjection,
                format!("parameters.{pn}.default"),
                format!(
                    "the default value {why}; it is sent in header `{}`",
                    pl.name
                ),
            );
        }
    }
    for (cn, c) in &spec.credentials {
        let single = c.parts.is_empty() || c.parts.len() == 1;
        for p in &c.placements {
            let Placement::Header {
                name, part, value, ..
            } = p
            else {
                continue;
            };
            // The parts written into the header as they are.
            let raw: Vec<String> = match value {
                Some(v) => crate::model::Template::parse(v)
                    .map(|t| {
                        t.pieces()
                            .iter()
                            .filter_map(|piece| match piece {
                                crate::model::Piece::Var(n) => Some(n.clone()),
                                _ => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                None => match part {
                    Some(part) => vec![part.clone()],
                    // A shorthand credential's one part, or a single declared part.
                    None if single => vec![c.part_names()[0].to_owned()],
                    None => Vec::new(),
                },
            };
            for part in raw {
                let (fpath, fm) = match c.parts.get(&part) {
                    Some(pt) => (format!("credentials.{cn}.parts.{part}.format"), &pt.format),
                    None if c.parts.is_empty() => (format!("credentials.{cn}.format"), &c.format),
                    None => continue,
                };
                let Some(fm) = fm else { continue };
                let literals = fm
                    .prefixes
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (format!("{fpath}.prefixes[{i}].prefix"), "prefix", &x.prefix))
                    .chain(
                        fm.suffix
                            .iter()
                            .map(|x| (format!("{fpath}.suffix"), "suffix", x)),
                    );
                for (lpath, what, text) in literals {
                    if let Some(why) = breaks_header(text) {
                        f.at(
                            Rule::HeaderInjection,
                            lpath,
                            format!(
                                "the {what} {why}, and the key is sent as it is in header `{name}`"
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// The auth scheme a header placement writes (lowercase), if any.
fn header_scheme(p: &Placement) -> Option<String> {
    let Placement::Header { scheme, value, .. } = p else {
        return None;
    };
    let text = match (scheme, value) {
        (Some(s), _) => s.clone(),
        (None, Some(v)) => {
            let t = crate::model::Template::parse(v).ok()?;
            match t.pieces().first() {
                Some(crate::model::Piece::Text(t)) => t.split(' ').next()?.to_owned(),
                _ => return None,
            }
        }
        (None, None) => return None,
    };
    (!text.is_empty()).then(|| text.to_ascii_lowercase())
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
                Rule::HeaderInjection,
                path,
                "the template's text holds a control character (a line break would end the header)",
            );
            return;
        }
        if !text.is_ascii() {
            f.at(
                Rule::HeaderInjection,
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
                        Rule::Placement, format!("{path}.username_value"),
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
                    Rule::InvalidHeader,
                    format!("{path}.scheme"),
                    format!("auth scheme `{s}` is not a valid HTTP token"),
                );
            }
        }
        Placement::Digest(_) => {}
        Placement::Hmac(h) => {
            match (&h.header, &h.query) {
                (Some(name), None) => header_name(name, &format!("{path}.header"), f),
                (None, Some(q)) if q.is_empty() => {
                    f.at(
                        Rule::Signing,
                        format!("{path}.query"),
                        "a field name may not be empty",
                    );
                }
                (None, Some(_)) => {}
                _ => f.at(
                    Rule::Signing,
                    path,
                    "an hmac placement writes the signature to one place: give `header` or `query`",
                ),
            }
            if h.value.is_some() && h.header.is_none() {
                f.at(
                    Rule::Signing,
                    format!("{path}.value"),
                    "`value` shapes a signature header: give `header`",
                );
            }
            for (name, v) in &h.headers {
                header_name(name, &format!("{path}.headers.{name}"), f);
                header_text(v, &format!("{path}.headers.{name}"), f);
            }
            for (what, loc, name) in [
                (
                    "nonce",
                    h.nonce.as_ref().map(|n| n.location),
                    h.nonce.as_ref().and_then(|n| n.name.as_ref()),
                ),
                (
                    "timestamp",
                    h.timestamp.as_ref().map(|t| t.location),
                    h.timestamp.as_ref().and_then(|t| t.name.as_ref()),
                ),
            ] {
                match (loc, name) {
                    (None, _) | (Some(crate::model::ValueLocation::None), None) => {}
                    (Some(crate::model::ValueLocation::None), Some(_)) => f.at(
                        Rule::Signing,
                        format!("{path}.{what}.name"),
                        format!("a {what} that is only signed (`in: none`) has no wire name"),
                    ),
                    (Some(_), None) => f.at(
                        Rule::Signing,
                        format!("{path}.{what}"),
                        format!("the {what} needs the `name` it travels under"),
                    ),
                    (Some(crate::model::ValueLocation::Header), Some(n)) => {
                        header_name(n, &format!("{path}.{what}.name"), f);
                    }
                    (Some(_), Some(_)) => {}
                }
            }
            let message = crate::model::Template::parse(&h.message).ok();
            let uses = |n: &str| message.as_ref().is_some_and(|t| t.vars().contains(&n));
            if h.nonce.is_some() && !uses("nonce") {
                f.at(
                    Rule::Signing,
                    format!("{path}.message"),
                    "the nonce is not signed: use `{nonce}` in the message",
                );
            }
            if h.timestamp.is_some() && !uses("timestamp") {
                f.at(
                    Rule::Signing,
                    format!("{path}.message"),
                    "the timestamp is not signed: use `{timestamp}` in the message",
                );
            }
            if uses("nonce") && h.nonce.is_none() {
                f.at(
                    Rule::Signing,
                    format!("{path}.message"),
                    "the message uses `{nonce}` but the placement declares no `nonce`",
                );
            }
            if uses("timestamp") && h.timestamp.is_none() {
                f.at(
                    Rule::Signing,
                    format!("{path}.message"),
                    "the message uses `{timestamp}` but the placement declares no `timestamp`",
                );
            }
            if h.nonce.is_none() && h.timestamp.is_none() {
                f.at(Rule::Signing, path, "a signature with neither `nonce` nor `timestamp` can be replayed forever: declare one");
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
                    f.at(Rule::Placement, npath, "a field name may not be empty");
                } else if p.kind() == PlacementKind::Cookie && !n.bytes().all(is_tchar) {
                    f.at(
                        Rule::InvalidHeader,
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
        f.at(
            Rule::InvalidHeader,
            path,
            format!("`{name}` is not a valid HTTP header name"),
        );
    } else if RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
        f.at(Rule::InvalidHeader, path, format!("header `{name}` describes the message itself and cannot carry a credential or parameter"));
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
                    Rule::PlaceCollision,
                    &path,
                    format!("operation parameter `{pn}` and credential `{c}` both write {s}"),
                );
            }
            if let Some((_, o, _)) = params.iter().find(|(s2, ..)| *s2 == s) {
                f.at(
                    Rule::PlaceCollision,
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
    let mut headers: Vec<(String, &String)> = Vec::new();
    for (field, value) in [
        ("limit_header", &r.limit_header),
        ("remaining_header", &r.remaining_header),
        ("reset_header", &r.reset_header),
    ] {
        if let Some(h) = value {
            headers.push((format!("rate_limit.{field}"), h));
        }
    }
    for (i, l) in r.limits.iter().enumerate() {
        for (field, value) in [
            ("limit_header", &l.limit_header),
            ("remaining_header", &l.remaining_header),
            ("reset_header", &l.reset_header),
        ] {
            if let Some(h) = value {
                headers.push((format!("rate_limit.limits[{i}].{field}"), h));
            }
        }
    }
    if let Some(h) = r.retry_after.as_ref().and_then(|ra| ra.header.as_ref()) {
        headers.push(("rate_limit.retry_after.header".to_owned(), h));
    }
    for (path, h) in headers {
        if http::HeaderName::from_bytes(h.as_bytes()).is_err() {
            f.at(
                Rule::InvalidHeader,
                path,
                format!("`{h}` is not a valid HTTP header name"),
            );
        }
    }
}
