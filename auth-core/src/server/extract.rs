//! Finding the credential and context values in an incoming request, wherever the spec
//! allows them, and refusing anything that is not exactly one clean value.

use std::fmt;

use auth_spec::Spec;
use auth_spec::model::{AuthOption, Credential, CredentialId, Parameter, Placement, PlacementKind};
use base64::Engine as _;
use http::{HeaderMap, Uri};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use smallvec::SmallVec;

use super::reject::Problem;
use crate::Secret;

/// Longest credential part accepted, in bytes; longer values are refused unread.
pub const MAX_PART_LEN: usize = 4096;

/// A credential as presented in a request, not yet looked up.
#[derive(Clone)]
pub struct Presented {
    /// The spec credential it was recognised as.
    pub id: CredentialId,
    /// Its name.
    pub credential: String,
    /// Where it was found, e.g. `header authorization` or `query apiID+apiSecret`.
    pub location: String,
    /// The environment its prefix names (`production`, `test`).
    pub environment: Option<String>,
    parts: Vec<(String, Secret)>,
    /// What a signing credential proves itself with (a JWT, a signature, a Digest answer).
    pub(crate) proof: Option<Proof>,
}

/// What a signing credential presents instead of its secret.
#[derive(Clone)]
pub(crate) enum Proof {
    /// A JWT.
    Jwt(Secret),
    /// An HMAC signature, and the key's id as its header names it.
    Signature { signature: String, identity: String },
    /// A Digest answer.
    Digest(crate::signing::digest::Answer),
}

impl Presented {
    /// The value of one part.
    pub fn part(&self, name: &str) -> Option<&Secret> {
        self.parts.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Every `(part, value)`.
    pub fn parts(&self) -> impl Iterator<Item = (&str, &Secret)> {
        self.parts.iter().map(|(n, v)| (n.as_str(), v))
    }
}

impl fmt::Debug for Presented {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Presented")
            .field("credential", &self.credential)
            .field("location", &self.location)
            .field("environment", &self.environment)
            .field(
                "parts",
                &self.parts.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// One header's content, borrowed from the request.
enum Slot<'a> {
    Absent,
    One(&'a str),
    Many,
    Invalid,
}

/// One wire slot's content.
#[derive(Clone)]
pub(crate) enum Value {
    Absent,
    One(String),
    /// The same name twice (two headers, `?a=1&a=2`, a repeated JSON key).
    Many,
    /// Present but unreadable (not UTF-8, not a string).
    Invalid,
}

/// What a request carries, parsed once.
pub(crate) struct RequestView<'a> {
    headers: &'a HeaderMap,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) form: Option<Vec<(String, Value)>>,
    json: Option<Vec<(String, Value)>>,
    /// The body's top-level JSON fields whatever its content type says, for checks that
    /// must see what a lenient server would read (a workspace named in a `text/plain`
    /// body that holds JSON).
    pub(crate) json_any: Option<Vec<(String, Value)>>,
    cookies: Result<Vec<(String, String)>, ()>,
}

impl<'a> RequestView<'a> {
    pub(crate) fn new(headers: &'a HeaderMap, uri: &Uri, body: &[u8]) -> Self {
        let query = uri
            .query()
            .map(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let content_type = headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        let (mut form, mut json, mut json_any) = (None, None, None);
        if content_type == "application/x-www-form-urlencoded" {
            form = Some(
                form_urlencoded::parse(body)
                    .map(|(k, v)| (k.into_owned(), Value::One(v.into_owned())))
                    .collect(),
            );
        }
        let json_type = content_type == "application/json" || content_type.ends_with("+json");
        if json_type || body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            json_any = serde_json::from_slice::<Pairs>(body).ok().map(|p| p.0);
            if json_type {
                json.clone_from(&json_any);
            }
        }
        let mut cookies = Ok(Vec::new());
        for v in headers.get_all(http::header::COOKIE) {
            match (v.to_str(), &mut cookies) {
                (Ok(s), Ok(list)) => list.extend(s.split(';').filter_map(|c| {
                    let (k, v) = c.trim().split_once('=')?;
                    let v = v.trim();
                    let v = v
                        .strip_prefix('"')
                        .and_then(|v| v.strip_suffix('"'))
                        .unwrap_or(v);
                    Some((k.trim().to_owned(), v.to_owned()))
                })),
                _ => cookies = Err(()),
            }
        }
        RequestView {
            headers,
            query,
            form,
            json,
            json_any,
            cookies,
        }
    }

    /// The one value of header `name`, borrowed (the credential path reads it without a
    /// copy).
    fn header_ref(&self, name: &http::HeaderName) -> Slot<'a> {
        let mut all = self.headers.get_all(name).iter();
        match (all.next(), all.next()) {
            (None, _) => Slot::Absent,
            (Some(_), Some(_)) => Slot::Many,
            (Some(v), None) => v.to_str().map_or(Slot::Invalid, Slot::One),
        }
    }

    fn header(&self, name: &str) -> Value {
        let mut all = self.headers.get_all(name).iter();
        match (all.next(), all.next()) {
            (None, _) => Value::Absent,
            (Some(_), Some(_)) => Value::Many,
            (Some(v), None) => v
                .to_str()
                .map_or(Value::Invalid, |s| Value::One(s.to_owned())),
        }
    }

    /// The one value of a field, if present exactly once.
    pub(crate) fn one(&self, kind: PlacementKind, name: &str) -> Option<String> {
        match self.field(kind, name) {
            Value::One(v) => Some(v),
            _ => None,
        }
    }

    fn field(&self, kind: PlacementKind, name: &str) -> Value {
        match kind {
            PlacementKind::Header
            | PlacementKind::Basic
            | PlacementKind::Hmac
            | PlacementKind::Digest => self.header(name),
            PlacementKind::Query => pick(self.query.iter().map(|(k, v)| (k, Some(v))), name),
            PlacementKind::Cookie => match &self.cookies {
                Ok(c) => pick(c.iter().map(|(k, v)| (k, Some(v))), name),
                Err(()) => Value::Invalid,
            },
            PlacementKind::Form => body_field(self.form.as_deref(), name),
            PlacementKind::Json => body_field(self.json.as_deref(), name),
            PlacementKind::Body => match (&self.form, &self.json) {
                (Some(f), _) => body_field(Some(f), name),
                (_, Some(j)) => body_field(Some(j), name),
                _ => Value::Absent,
            },
        }
    }
}

fn body_field(fields: Option<&[(String, Value)]>, name: &str) -> Value {
    let Some(fields) = fields else {
        return Value::Absent;
    };
    let mut hits = fields.iter().filter(|(k, _)| k == name);
    match (hits.next(), hits.next()) {
        (None, _) => Value::Absent,
        (Some(_), Some(_)) => Value::Many,
        (Some((_, Value::One(v))), None) => Value::One(v.clone()),
        (Some((_, Value::Many)), None) => Value::Many,
        (Some(_), None) => Value::Invalid,
    }
}

fn pick<'s>(
    mut pairs: impl Iterator<Item = (&'s String, Option<&'s String>)>,
    name: &str,
) -> Value {
    let mut found = None;
    for (k, v) in pairs.by_ref() {
        if k == name {
            if found.is_some() {
                return Value::Many;
            }
            found = Some(v);
        }
    }
    match found {
        None => Value::Absent,
        Some(Some(v)) => Value::One(v.clone()),
        Some(None) => Value::Invalid,
    }
}

/// A JSON object's top-level fields in order, keeping repeats so they can be refused
/// (`serde_json::Map` would silently keep the last). Strings and numbers are values.
struct Pairs(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pairs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    let v = match map.next_value::<serde_json::Value>()? {
                        serde_json::Value::String(s) => Value::One(s),
                        serde_json::Value::Number(n) => Value::One(n.to_string()),
                        _ => Value::Invalid,
                    };
                    out.push((k, v));
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A credential's `(part, value)` pairs.
type Parts = Vec<(String, Secret)>;

/// The credentials found in one place (a header two credentials share).
type Candidates = SmallVec<[(CredentialId, Parts, Option<Proof>); 2]>;

/// Add a credential found at `location` to its group (once per credential).
fn push(
    groups: &mut SmallVec<[(String, Candidates); 2]>,
    location: String,
    id: CredentialId,
    parts: Parts,
    proof: Option<Proof>,
) {
    let at = groups.partition_point(|(l, _)| *l < location);
    if groups.get(at).is_none_or(|(l, _)| *l != location) {
        groups.insert(at, (location, SmallVec::new()));
    }
    let group = &mut groups[at].1;
    if !group.iter().any(|(n, ..)| *n == id) {
        group.push((id, parts, proof));
    }
}

/// What one placement yields.
enum Found {
    Absent,
    /// Something is there, but in another credential's form (`Basic` where `Bearer` goes).
    Foreign,
    Present(String, Vec<(String, Secret)>),
    /// A signing credential: where, the parts it names (its id), and its proof.
    Signed(String, Vec<(String, Secret)>, Proof),
    Invalid(&'static str),
}

fn from_placement(view: &RequestView<'_>, cred: &Credential, p: &Placement) -> Found {
    match p {
        Placement::Header {
            name,
            header,
            value,
            scheme,
            part,
        } => {
            // The common case, `{part}` or `Scheme {part}`: read in place, one copy (the
            // secret's own buffer).
            if let Some(part) = part {
                let raw = match view.header_ref(header) {
                    Slot::Absent => return Found::Absent,
                    Slot::Many => return Found::Invalid("the credential header is repeated"),
                    Slot::Invalid => {
                        return Found::Invalid("the credential header is not valid text");
                    }
                    Slot::One(v) => v,
                };
                let v = match scheme {
                    Some(s) => match split_scheme(raw, s) {
                        Some(v) => v,
                        None => return Found::Foreign,
                    },
                    None => raw.trim(),
                };
                if v.is_empty() {
                    return Found::Invalid("the credential is empty");
                }
                if cred.parts.len() != 1 {
                    return Found::Invalid("only some parts of the credential are present");
                }
                let parts = vec![(cred.parts[*part].name.clone(), Secret::copy_of(v))];
                return Found::Present(format!("header {}", header.as_str()), parts);
            }
            let raw = match view.header(name) {
                Value::Absent => return Found::Absent,
                Value::Many => return Found::Invalid("the credential header is repeated"),
                Value::Invalid => return Found::Invalid("the credential header is not valid text"),
                Value::One(v) => v,
            };
            // The scheme compares without regard to case (RFC 9110 §11.1); the rest must
            // have the template's shape.
            let canonical = match scheme {
                Some(s) => match split_scheme(&raw, s) {
                    Some(v) => format!("{s} {v}"),
                    None => return Found::Foreign,
                },
                None => raw.trim().to_owned(),
            };
            let Some(values) = value.extract(&canonical) else {
                return Found::Foreign;
            };
            if cred.jwt.is_some() {
                // The JWT is the credential; who signed it is read from the JWT itself.
                return match values
                    .into_iter()
                    .find(|(n, _)| n == auth_spec::model::Jwt::VAR)
                {
                    Some((_, jwt)) if !jwt.is_empty() => Found::Signed(
                        format!("header {}", name.to_ascii_lowercase()),
                        Vec::new(),
                        Proof::Jwt(Secret::new(jwt)),
                    ),
                    _ => Found::Invalid("the credential is empty"),
                };
            }
            match parts_of(cred, values) {
                Ok(parts) => Found::Present(format!("header {}", name.to_ascii_lowercase()), parts),
                Err(why) => Found::Invalid(why),
            }
        }
        Placement::Basic { username, password } => {
            let raw = match view.header("authorization") {
                Value::Absent => return Found::Absent,
                Value::Many => return Found::Invalid("the Authorization header is repeated"),
                Value::Invalid => {
                    return Found::Invalid("the Authorization header is not valid text");
                }
                Value::One(v) => v,
            };
            let Some(b64) = split_scheme(&raw, "Basic") else {
                return Found::Foreign;
            };
            let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(b64) else {
                return Found::Invalid("the Basic credentials are not base64");
            };
            let Ok(text) = String::from_utf8(bytes) else {
                return Found::Invalid("the Basic credentials are not UTF-8");
            };
            let Some((user, pass)) = text.split_once(':') else {
                return Found::Invalid("the Basic credentials lack a `:`");
            };
            let (Some(mut values), Some(more)) = (username.extract(user), password.extract(pass))
            else {
                return Found::Invalid("the Basic credentials do not have the expected form");
            };
            values.extend(more);
            match parts_of(cred, values) {
                Ok(parts) => Found::Present("header authorization".to_owned(), parts),
                Err(why) => Found::Invalid(why),
            }
        }
        Placement::Hmac(h) => {
            let Some((id_header, id_template)) = h.identity() else {
                return Found::Absent;
            };
            let signature = match &h.signature {
                auth_spec::model::SignatureTarget::Header(name, template) => {
                    match view.header(name.as_str()) {
                        Value::Absent => None,
                        Value::One(v) => match template.extract(v.trim()) {
                            Some(vals) => vals
                                .into_iter()
                                .find(|(n, _)| n == "signature")
                                .map(|(_, v)| v),
                            None => {
                                return Found::Invalid(
                                    "the signature header does not have the expected form",
                                );
                            }
                        },
                        _ => return Found::Invalid("the signature header is repeated or not text"),
                    }
                }
                auth_spec::model::SignatureTarget::Query(name) => {
                    match view.field(PlacementKind::Query, name) {
                        Value::Absent => None,
                        Value::One(v) => Some(v),
                        _ => {
                            return Found::Invalid(
                                "the signature parameter is repeated or not text",
                            );
                        }
                    }
                }
            };
            let identity = match view.header(id_header.as_str()) {
                Value::Absent => None,
                Value::One(v) => Some(v),
                _ => return Found::Invalid("the key id header is repeated or not text"),
            };
            match (signature, identity) {
                (None, None) => Found::Absent,
                (Some(signature), Some(identity))
                    if !signature.is_empty() && !identity.is_empty() =>
                {
                    let Some(values) = id_template.extract(identity.trim()) else {
                        return Found::Invalid("the key id header does not have the expected form");
                    };
                    let parts = values
                        .into_iter()
                        .map(|(n, v)| (n, Secret::new(v)))
                        .collect();
                    Found::Signed(
                        format!("hmac {}", id_header.as_str()),
                        parts,
                        Proof::Signature {
                            signature,
                            identity: identity.trim().to_owned(),
                        },
                    )
                }
                _ => Found::Invalid("a signed request needs both its signature and its key id"),
            }
        }
        Placement::Digest(d) => {
            let raw = match view.header("authorization") {
                Value::Absent => return Found::Absent,
                Value::Many => return Found::Invalid("the Authorization header is repeated"),
                Value::Invalid => {
                    return Found::Invalid("the Authorization header is not valid text");
                }
                Value::One(v) => v,
            };
            if split_scheme(&raw, "Digest").is_none() {
                return Found::Foreign;
            }
            match crate::signing::digest::Answer::parse(&raw) {
                Some(answer) => Found::Signed(
                    "header authorization".to_owned(),
                    vec![(
                        cred.parts[d.username].name.clone(),
                        Secret::new(answer.username.clone()),
                    )],
                    Proof::Digest(answer),
                ),
                None => Found::Invalid("the Digest answer is incomplete or not qop=auth"),
            }
        }
        Placement::Fields { fields, .. } => {
            let kind = p.kind();
            let mut parts = Vec::new();
            let mut absent = 0;
            for (wire, part) in fields {
                match view.field(kind, wire) {
                    Value::Absent => absent += 1,
                    Value::Many => return Found::Invalid("a credential field is repeated"),
                    Value::Invalid => {
                        return Found::Invalid("a credential field is not valid text");
                    }
                    Value::One(v) if v.is_empty() => {
                        return Found::Invalid("a credential field is empty");
                    }
                    Value::One(v) => parts.push((cred.parts[*part].name.clone(), Secret::new(v))),
                }
            }
            if absent == fields.len() {
                return Found::Absent;
            }
            if absent > 0 {
                return Found::Invalid("only some parts of the credential are present");
            }
            let names: Vec<&str> = fields.iter().map(|(w, _)| w.as_str()).collect();
            Found::Present(format!("{kind} {}", names.join("+")), parts)
        }
    }
}

/// The parts a template read back: every part once, none empty, the same value wherever a
/// part appears twice.
fn parts_of(cred: &Credential, values: Vec<(String, String)>) -> Result<Parts, &'static str> {
    let mut parts: Parts = Vec::new();
    for (name, value) in values {
        if value.is_empty() {
            return Err("the credential is empty");
        }
        match parts.iter().find(|(n, _)| *n == name) {
            Some((_, v)) if v.expose() != value => {
                return Err("a credential part is given twice with different values");
            }
            Some(_) => {}
            None => parts.push((name, Secret::new(value))),
        }
    }
    if parts.len() != cred.parts.len() {
        return Err("only some parts of the credential are present");
    }
    Ok(parts)
}

/// The value after `scheme` in `raw`, comparing the scheme without regard to case (RFC 9110
/// §11.1: auth schemes are case-insensitive). `None` when another scheme is used.
fn split_scheme<'r>(raw: &'r str, scheme: &str) -> Option<&'r str> {
    let raw = raw.trim();
    let (s, rest) = raw.split_once([' ', '\t']).unwrap_or((raw, ""));
    s.eq_ignore_ascii_case(scheme).then(|| rest.trim())
}

/// Format check of a whole credential: `Ok((has_prefix_rule, environment))`.
fn credential_format(
    cred: &Credential,
    parts: &[(String, Secret)],
) -> Result<(bool, Option<String>), ()> {
    let mut specific = false;
    let mut env = None;
    for (name, value) in parts {
        if value.len() > MAX_PART_LEN || value.expose().chars().any(char::is_control) {
            return Err(());
        }
        if let Some(format) = cred.parts.get(name).and_then(|p| p.format.as_ref()) {
            specific |= !format.prefixes.is_empty();
            if let Some(e) = crate::format::check(format, value.expose())
                .map_err(|_| ())?
                .environment()
            {
                env = Some(e.to_owned());
            }
        }
    }
    Ok((specific, env))
}

/// The credentials the request carries: exactly those of one of `options` (in the option's
/// order; none at all when it carries none), or why not.
///
/// Credentials that share a wire slot (Weavz `wvz_` keys and `mcp_` tokens both go in
/// `Authorization: Bearer`) are told apart by format; a credential with a matching prefix
/// wins over one without prefix rules. Credentials found in places that no single option
/// sends together are refused as ambiguous (see the module docs of [`super`]).
pub(crate) fn credentials(
    spec: &Spec,
    options: &[AuthOption],
    view: &RequestView<'_>,
) -> Result<Vec<Presented>, Problem> {
    let mut all: Vec<CredentialId> = Vec::new();
    for c in options.iter().flat_map(|o| &o.credentials) {
        if !all.contains(c) {
            all.push(*c);
        }
    }
    // location -> [(credential, parts, proof)]
    // Kept in location order (as a map would), inline: a request carries one or two.
    let mut groups: SmallVec<[(String, Candidates); 2]> = SmallVec::new();
    for &id in &all {
        let cred = &spec.credentials[id];
        for p in &cred.placements {
            match from_placement(view, cred, p) {
                Found::Absent | Found::Foreign => {}
                Found::Invalid(why) => return Err(Problem::Malformed(why)),
                Found::Present(location, parts) => {
                    push(&mut groups, location, id, parts, None);
                }
                Found::Signed(location, parts, proof) => {
                    push(&mut groups, location, id, parts, Some(proof));
                }
            }
        }
    }
    let mut found: Vec<Presented> = Vec::new();
    for (location, candidates) in groups {
        // (has a prefix rule, credential, environment, parts, proof)
        type Best = (bool, CredentialId, Option<String>, Parts, Option<Proof>);
        let mut best: Option<Best> = None;
        for (id, parts, proof) in candidates {
            let Ok((specific, env)) = credential_format(&spec.credentials[id], &parts) else {
                continue;
            };
            if best.as_ref().is_none_or(|b| specific && !b.0) {
                best = Some((specific, id, env, parts, proof));
            }
        }
        let (_, id, environment, parts, proof) = best.ok_or(Problem::BadFormat)?;
        if found.iter().any(|p| p.id == id) {
            return Err(Problem::Ambiguous);
        }
        found.push(Presented {
            id,
            credential: spec.credentials[id].name.clone(),
            location,
            environment,
            parts,
            proof,
        });
    }
    if found.is_empty() {
        return Ok(found);
    }
    let option = options.iter().find(|o| {
        o.credentials.len() == found.len()
            && o.credentials
                .iter()
                .all(|c| found.iter().any(|p| p.id == *c))
    });
    match option {
        Some(o) => {
            found.sort_by_key(|p| o.credentials.iter().position(|c| *c == p.id));
            Ok(found)
        }
        // Two credentials no option sends together: which identity is meant?
        None if found.len() > 1 => Err(Problem::Ambiguous),
        // One of several credentials meant to be sent together.
        None => Err(Problem::Missing),
    }
}

/// The value of context parameter `param`, from whichever of its placements carries it.
pub(crate) fn parameter(view: &RequestView<'_>, param: &Parameter) -> Result<Option<String>, ()> {
    let mut found: Option<String> = None;
    for p in &param.placements {
        match view.field(p.kind(), &p.name) {
            Value::Absent => {}
            Value::Many | Value::Invalid => return Err(()),
            Value::One(v) => match &found {
                Some(old) if *old != v => return Err(()),
                _ => found = Some(v),
            },
        }
    }
    if let (Some(v), Some(format)) = (&found, &param.format) {
        crate::format::check(format, v).map_err(|_| ())?;
    }
    if found
        .as_deref()
        .is_some_and(|v| v.is_empty() || v.len() > MAX_PART_LEN)
    {
        return Err(());
    }
    Ok(found)
}
