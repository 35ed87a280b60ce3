//! Finding the credential and context values in an incoming request, wherever the spec
//! allows them, and refusing anything that is not exactly one clean value.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt;

use auth_spec::Spec;
use auth_spec::model::{
    AuthOption, Credential, CredentialId, Id as _, OperationId, Parameter, Part, PartId, Place,
    Placement, PlacementKind,
};
use base64::Engine as _;
use http::{HeaderMap, Uri};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use smallvec::SmallVec;

use super::keystore::{DigestPrefix, KeyDigest};
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
}

/// What a signing credential presents instead of its secret (a JWT, a signature, a
/// Digest answer).
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
#[derive(Clone, Copy)]
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

/// What a request carries, each part parsed once and only when first read (a request
/// whose credential is in a header never has its query, body or cookies parsed).
pub(crate) struct RequestView<'a> {
    headers: &'a HeaderMap,
    uri: &'a Uri,
    body: &'a [u8],
    /// Headers read in one pass over the request's (see [`RequestView::scan`]), and what
    /// it found for each.
    scanned: &'a [http::HeaderName],
    found: [Slot<'a>; SCAN_NAMES],
    query: OnceCell<Vec<(String, String)>>,
    fields: OnceCell<Box<BodyFields>>,
    cookies: OnceCell<Result<Vec<(String, String)>, ()>>,
}

/// A request with at most this many header values has the headers a verification reads
/// found in one pass over its headers, comparing names (mostly by length alone), rather
/// than by a hashed lookup each (hashing a custom name costs more, byte by byte).
const SCAN_HEADERS: usize = 16;
/// At most this many names are read by one pass; others are looked up.
const SCAN_NAMES: usize = 4;

/// The body's fields, as its content type says (and as JSON whatever it says).
struct BodyFields {
    form: Option<Vec<(String, Value)>>,
    json: Option<Vec<(String, Value)>>,
    /// The body's top-level JSON fields whatever its content type says, for checks that
    /// must see what a lenient server would read (a workspace named in a `text/plain`
    /// body that holds JSON).
    json_any: Option<Vec<(String, Value)>>,
}

impl BodyFields {
    fn parse(headers: &HeaderMap, body: &[u8]) -> Self {
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
        BodyFields {
            form,
            json,
            json_any,
        }
    }
}

impl<'a> RequestView<'a> {
    pub(crate) fn new(headers: &'a HeaderMap, uri: &'a Uri, body: &'a [u8]) -> Self {
        RequestView {
            headers,
            uri,
            body,
            scanned: &[],
            found: [Slot::Absent; SCAN_NAMES],
            query: OnceCell::new(),
            fields: OnceCell::new(),
            cookies: OnceCell::new(),
        }
    }

    /// The query's `(name, value)` pairs, decoded.
    pub(crate) fn query(&self) -> &[(String, String)] {
        self.query.get_or_init(|| {
            self.uri
                .query()
                .map(|q| {
                    form_urlencoded::parse(q.as_bytes())
                        .map(|(k, v)| (k.into_owned(), v.into_owned()))
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    fn body_fields(&self) -> &BodyFields {
        self.fields
            .get_or_init(|| Box::new(BodyFields::parse(self.headers, self.body)))
    }

    /// The form body's fields, when the body is a form.
    pub(crate) fn form(&self) -> Option<&[(String, Value)]> {
        self.body_fields().form.as_deref()
    }

    fn json(&self) -> Option<&[(String, Value)]> {
        self.body_fields().json.as_deref()
    }

    /// The body's top-level JSON fields, whatever its content type says.
    pub(crate) fn json_any(&self) -> Option<&[(String, Value)]> {
        self.body_fields().json_any.as_deref()
    }

    fn cookies(&self) -> Result<&[(String, String)], ()> {
        let cookies = self.cookies.get_or_init(|| {
            let mut cookies = Ok(Vec::new());
            for v in self.headers.get_all(http::header::COOKIE) {
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
            cookies
        });
        cookies.as_deref().map_err(|&()| ())
    }

    /// Read the headers `names` (the first [`SCAN_NAMES`]) in one pass over the request's,
    /// when it has few: later reads of them are answered from what the pass found.
    pub(crate) fn scan(&mut self, names: &'a [http::HeaderName]) {
        if self.headers.len() > SCAN_HEADERS {
            return;
        }
        let names = &names[..names.len().min(SCAN_NAMES)];
        for (name, value) in self.headers {
            for (wanted, slot) in names.iter().zip(&mut self.found) {
                if wanted == name {
                    *slot = match slot {
                        Slot::Absent => value.to_str().map_or(Slot::Invalid, Slot::One),
                        _ => Slot::Many,
                    };
                }
            }
        }
        self.scanned = names;
    }

    /// The one value of the `i`th header [`RequestView::scan`] was given (`name`).
    fn header_at(&self, i: usize, name: &http::HeaderName) -> Slot<'a> {
        match self.found.get(i) {
            Some(&slot) if i < self.scanned.len() => slot,
            _ => self.header_ref(name),
        }
    }

    /// The one value of header `name`, borrowed (the credential path reads it without a
    /// copy).
    fn header_ref(&self, name: &http::HeaderName) -> Slot<'a> {
        if let Some(i) = self.scanned.iter().position(|n| n == name) {
            return self.found[i];
        }
        let mut all = self.headers.get_all(name).iter();
        match (all.next(), all.next()) {
            (None, _) => Slot::Absent,
            (Some(_), Some(_)) => Slot::Many,
            (Some(v), None) => v.to_str().map_or(Slot::Invalid, Slot::One),
        }
    }

    /// As [`RequestView::header`], for the `i`th header [`RequestView::scan`] was given
    /// (`name`).
    fn header_named(&self, i: usize, name: &http::HeaderName) -> Value {
        match self.header_at(i, name) {
            Slot::Absent => Value::Absent,
            Slot::Many => Value::Many,
            Slot::Invalid => Value::Invalid,
            Slot::One(v) => Value::One(v.to_owned()),
        }
    }

    fn header<K: http::header::AsHeaderName>(&self, name: K) -> Value {
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
            PlacementKind::Query => pick(self.query().iter().map(|(k, v)| (k, Some(v))), name),
            PlacementKind::Cookie => match self.cookies() {
                Ok(c) => pick(c.iter().map(|(k, v)| (k, Some(v))), name),
                Err(()) => Value::Invalid,
            },
            PlacementKind::Form => body_field(self.form(), name),
            PlacementKind::Json => body_field(self.json(), name),
            PlacementKind::Body => match (self.form(), self.json()) {
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

/// A part's value: borrowed from the request where it stands as sent (a header), else a
/// secret copy (decoded, or read from a query, body or cookie).
pub(crate) enum PartValue<'a> {
    Borrowed(&'a str),
    Owned(Secret),
}

impl PartValue<'_> {
    pub(crate) fn expose(&self) -> &str {
        match self {
            PartValue::Borrowed(v) => v,
            PartValue::Owned(s) => s.expose(),
        }
    }

    fn into_secret(self) -> Secret {
        match self {
            PartValue::Borrowed(v) => Secret::copy_of(v),
            PartValue::Owned(s) => s,
        }
    }
}

/// A credential's `(part, value)` pairs; the names are the spec's where it names them.
type Parts<'a> = SmallVec<[(Cow<'a, str>, PartValue<'a>); 1]>;

/// A credential found in a request, borrowing from the request and the spec: what
/// verification needs, with no copy of the secret. [`Presented`] is its owned form.
pub(crate) struct Offered<'a> {
    pub(crate) id: CredentialId,
    /// (A `String`'s address, not a `&str`: eight bytes, keeping the whole small enough
    /// to be copied in line.)
    pub(crate) location: &'a String,
    pub(crate) environment: Option<&'a str>,
    /// The same, kept for the process (see [`super::environment`]), when it is.
    pub(crate) shared_environment: Option<&'static str>,
    parts: Parts<'a>,
    pub(crate) proof: Option<Box<Proof>>,
    /// The start of its digest input, when its one part was read by the simple reading.
    prefix: Option<&'a DigestPrefix>,
}

impl<'a> Offered<'a> {
    /// Every `(part, value)`.
    pub(crate) fn parts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.parts.iter().map(|(n, v)| (n.as_ref(), v.expose()))
    }

    /// The digest it is looked up by.
    pub(crate) fn digest(&self, spec: &Spec) -> KeyDigest {
        match (self.prefix, self.parts.first()) {
            (Some(prefix), Some((_, value))) if self.parts.len() == 1 => {
                prefix.digest(value.expose())
            }
            _ => KeyDigest::of(&spec.credentials[self.id].name, self.parts()),
        }
    }

    /// The value of one part.
    pub(crate) fn part(&self, name: &str) -> Option<&str> {
        self.parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.expose())
    }

    /// The owned form, for callers that keep it.
    pub(crate) fn into_presented(self, spec: &Spec) -> Presented {
        Presented {
            id: self.id,
            credential: spec.credentials[self.id].name.clone(),
            location: self.location.clone(),
            environment: self.environment.map(str::to_owned),
            parts: self
                .parts
                .into_iter()
                .map(|(n, v)| (n.into_owned(), v.into_secret()))
                .collect(),
        }
    }
}

/// What extraction needs that depends only on the spec, worked out once per verifier:
/// where each placement of each credential is (`header x-api-key`), by credential and
/// placement index; and, per operation (and for the default credentials), the simple
/// reading when its credentials allow it.
#[derive(Debug)]
pub(crate) struct Plan {
    locations: Vec<Vec<String>>,
    /// By operation index.
    simple: Vec<Option<Vec<Simple>>>,
    default_simple: Option<Vec<Simple>>,
    /// The headers a verification reads in the common case, to be read in one pass (see
    /// [`RequestView::scan`]): the context parameters' headers (each placement, in the
    /// spec's order), then those of the simple reading; by operation index, then for the
    /// default credentials.
    reads: Vec<Vec<http::HeaderName>>,
    default_reads: Vec<http::HeaderName>,
}

/// One header a simple set of credentials is read from (see [`simple_credentials`]).
#[derive(Debug)]
struct Simple {
    id: CredentialId,
    part: PartId,
    header: http::HeaderName,
    /// Where `header` stands in its operation's [`Plan::reads`].
    read: usize,
    /// The environments its part's prefixes name, kept for the process.
    environments: Vec<&'static str>,
    scheme: Option<String>,
    location: String,
    prefix: DigestPrefix,
}

impl Plan {
    pub(crate) fn new(spec: &Spec) -> Self {
        let locations: Vec<Vec<String>> = spec
            .credentials
            .values()
            .map(|c| c.placements.iter().map(location).collect())
            .collect();
        let simple = |options: &[AuthOption]| simple_set(spec, &locations, options);
        let mut simple_ops: Vec<Option<Vec<Simple>>> =
            spec.operations.values().map(|o| simple(&o.auth)).collect();
        let mut default_simple = simple(&spec.default_auth);
        let params: Vec<http::HeaderName> = spec
            .parameters
            .values()
            .flat_map(|p| &p.placements)
            .filter_map(|p| match &p.place {
                Place::Header(h) => Some(h.clone()),
                Place::Field(_) => None,
            })
            .collect();
        let reads = |simple: &mut Option<Vec<Simple>>| {
            let mut names = params.clone();
            for item in simple.iter_mut().flatten() {
                item.read = match names.iter().position(|n| *n == item.header) {
                    Some(i) => i,
                    None => {
                        names.push(item.header.clone());
                        names.len() - 1
                    }
                };
            }
            names
        };
        Plan {
            reads: simple_ops.iter_mut().map(reads).collect(),
            default_reads: reads(&mut default_simple),
            simple: simple_ops,
            default_simple,
            locations,
        }
    }

    /// The headers a verification of `operation` reads in the common case.
    pub(crate) fn reads(&self, operation: Option<OperationId>) -> &[http::HeaderName] {
        match operation {
            Some(op) => self.reads.get(op.index()).map_or(&[], Vec::as_slice),
            None => &self.default_reads,
        }
    }
}

/// The headers of `options`' credentials in the order the general reading visits them,
/// when each credential is one part, every placement a header holding that part as is
/// (`{key}` or `Scheme {key}`), and no header serves two placements; else `None`.
fn simple_set(
    spec: &Spec,
    locations: &[Vec<String>],
    options: &[AuthOption],
) -> Option<Vec<Simple>> {
    let mut items: Vec<Simple> = Vec::new();
    let mut seen: Vec<CredentialId> = Vec::new();
    for &id in options.iter().flat_map(|o| &o.credentials) {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let cred = &spec.credentials[id];
        if cred.parts.len() != 1 {
            return None;
        }
        for (p, location) in cred.placements.iter().zip(&locations[id.index()]) {
            let Placement::Header {
                header,
                scheme,
                part: Some(part),
                ..
            } = p
            else {
                return None;
            };
            if items.iter().any(|i| i.header == *header) {
                return None;
            }
            items.push(Simple {
                id,
                part: *part,
                header: header.clone(),
                read: usize::MAX,
                environments: cred.parts[*part]
                    .format
                    .iter()
                    .flat_map(|f| &f.prefixes)
                    .filter_map(|p| p.environment.as_deref())
                    .filter_map(super::environment::shared)
                    .collect(),
                scheme: scheme.clone(),
                location: location.clone(),
                prefix: DigestPrefix::new(&cred.name, &cred.parts[*part].name),
            });
        }
    }
    Some(items)
}

/// Where a placement reads its credential, as [`Presented::location`] says it.
fn location(p: &Placement) -> String {
    match p {
        Placement::Header { header, .. } => format!("header {}", header.as_str()),
        Placement::Basic { .. } | Placement::Digest(_) => "header authorization".to_owned(),
        Placement::Hmac(h) => match h.identity() {
            Some((id_header, _)) => format!("hmac {}", id_header.as_str()),
            None => "hmac".to_owned(),
        },
        Placement::Fields { fields, .. } => {
            let names: Vec<&str> = fields.iter().map(|(w, _)| w.as_str()).collect();
            format!("{} {}", p.kind(), names.join("+"))
        }
    }
}

/// A credential found at a location: `(location, credential, parts, proof)`.
type Entry<'a> = (&'a String, CredentialId, Parts<'a>, Option<Box<Proof>>);

/// What one placement yields.
enum Seen<'a> {
    Absent,
    /// Something is there, but in another credential's form (`Basic` where `Bearer` goes).
    Foreign,
    Present(Parts<'a>),
    /// A signing credential: the parts it names (its id), and its proof.
    Signed(Parts<'a>, Box<Proof>),
    Invalid(&'static str),
}

/// A part named by the spec, with its value.
fn named<'a>(
    cred: &'a Credential,
    part: PartId,
    value: PartValue<'a>,
) -> (Cow<'a, str>, PartValue<'a>) {
    (Cow::Borrowed(cred.parts[part].name.as_str()), value)
}

fn from_placement<'a>(view: &RequestView<'a>, cred: &'a Credential, p: &'a Placement) -> Seen<'a> {
    match p {
        Placement::Header {
            header,
            value,
            scheme,
            part,
            ..
        } => {
            // The common case, `{part}` or `Scheme {part}`: read in place, no copy.
            if let Some(part) = part {
                let raw = match view.header_ref(header) {
                    Slot::Absent => return Seen::Absent,
                    Slot::Many => return Seen::Invalid("the credential header is repeated"),
                    Slot::Invalid => {
                        return Seen::Invalid("the credential header is not valid text");
                    }
                    Slot::One(v) => v,
                };
                let v = match scheme {
                    Some(s) => match split_scheme(raw, s) {
                        Some(v) => v,
                        None => return Seen::Foreign,
                    },
                    None => raw.trim(),
                };
                if v.is_empty() {
                    return Seen::Invalid("the credential is empty");
                }
                if cred.parts.len() != 1 {
                    return Seen::Invalid("only some parts of the credential are present");
                }
                let mut parts = Parts::new();
                parts.push(named(cred, *part, PartValue::Borrowed(v)));
                return Seen::Present(parts);
            }
            let raw = match view.header(header) {
                Value::Absent => return Seen::Absent,
                Value::Many => return Seen::Invalid("the credential header is repeated"),
                Value::Invalid => return Seen::Invalid("the credential header is not valid text"),
                Value::One(v) => v,
            };
            // The scheme compares without regard to case (RFC 9110 §11.1); the rest must
            // have the template's shape.
            let canonical = match scheme {
                Some(s) => match split_scheme(&raw, s) {
                    Some(v) => format!("{s} {v}"),
                    None => return Seen::Foreign,
                },
                None => raw.trim().to_owned(),
            };
            let Some(values) = value.extract(&canonical) else {
                return Seen::Foreign;
            };
            if cred.jwt.is_some() {
                // The JWT is the credential; who signed it is read from the JWT itself.
                return match values
                    .into_iter()
                    .find(|(n, _)| n == auth_spec::model::Jwt::VAR)
                {
                    Some((_, jwt)) if !jwt.is_empty() => {
                        Seen::Signed(Parts::new(), Box::new(Proof::Jwt(Secret::new(jwt))))
                    }
                    _ => Seen::Invalid("the credential is empty"),
                };
            }
            match parts_of(cred, values) {
                Ok(parts) => Seen::Present(parts),
                Err(why) => Seen::Invalid(why),
            }
        }
        Placement::Basic { username, password } => {
            let raw = match view.header(&http::header::AUTHORIZATION) {
                Value::Absent => return Seen::Absent,
                Value::Many => return Seen::Invalid("the Authorization header is repeated"),
                Value::Invalid => {
                    return Seen::Invalid("the Authorization header is not valid text");
                }
                Value::One(v) => v,
            };
            let Some(b64) = split_scheme(&raw, "Basic") else {
                return Seen::Foreign;
            };
            let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(b64) else {
                return Seen::Invalid("the Basic credentials are not base64");
            };
            let Ok(text) = String::from_utf8(bytes) else {
                return Seen::Invalid("the Basic credentials are not UTF-8");
            };
            let Some((user, pass)) = text.split_once(':') else {
                return Seen::Invalid("the Basic credentials lack a `:`");
            };
            let (Some(mut values), Some(more)) = (username.extract(user), password.extract(pass))
            else {
                return Seen::Invalid("the Basic credentials do not have the expected form");
            };
            values.extend(more);
            match parts_of(cred, values) {
                Ok(parts) => Seen::Present(parts),
                Err(why) => Seen::Invalid(why),
            }
        }
        Placement::Hmac(h) => {
            let Some((id_header, id_template)) = h.identity() else {
                return Seen::Absent;
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
                                return Seen::Invalid(
                                    "the signature header does not have the expected form",
                                );
                            }
                        },
                        _ => return Seen::Invalid("the signature header is repeated or not text"),
                    }
                }
                auth_spec::model::SignatureTarget::Query(name) => {
                    match view.field(PlacementKind::Query, name) {
                        Value::Absent => None,
                        Value::One(v) => Some(v),
                        _ => {
                            return Seen::Invalid(
                                "the signature parameter is repeated or not text",
                            );
                        }
                    }
                }
            };
            let identity = match view.header(id_header) {
                Value::Absent => None,
                Value::One(v) => Some(v),
                _ => return Seen::Invalid("the key id header is repeated or not text"),
            };
            match (signature, identity) {
                (None, None) => Seen::Absent,
                (Some(signature), Some(identity))
                    if !signature.is_empty() && !identity.is_empty() =>
                {
                    let Some(values) = id_template.extract(identity.trim()) else {
                        return Seen::Invalid("the key id header does not have the expected form");
                    };
                    let parts = values
                        .into_iter()
                        .map(|(n, v)| (Cow::Owned(n), PartValue::Owned(Secret::new(v))))
                        .collect();
                    Seen::Signed(
                        parts,
                        Box::new(Proof::Signature {
                            signature,
                            identity: identity.trim().to_owned(),
                        }),
                    )
                }
                _ => Seen::Invalid("a signed request needs both its signature and its key id"),
            }
        }
        Placement::Digest(d) => {
            let raw = match view.header(&http::header::AUTHORIZATION) {
                Value::Absent => return Seen::Absent,
                Value::Many => return Seen::Invalid("the Authorization header is repeated"),
                Value::Invalid => {
                    return Seen::Invalid("the Authorization header is not valid text");
                }
                Value::One(v) => v,
            };
            if split_scheme(&raw, "Digest").is_none() {
                return Seen::Foreign;
            }
            match crate::signing::digest::Answer::parse(&raw) {
                Some(answer) => {
                    let user = PartValue::Owned(Secret::new(answer.username.clone()));
                    let mut parts = Parts::new();
                    parts.push(named(cred, d.username, user));
                    Seen::Signed(parts, Box::new(Proof::Digest(answer)))
                }
                None => Seen::Invalid("the Digest answer is incomplete or not qop=auth"),
            }
        }
        Placement::Fields { fields, .. } => {
            let kind = p.kind();
            let mut parts = Parts::new();
            let mut absent = 0;
            for (wire, part) in fields {
                match view.field(kind, wire) {
                    Value::Absent => absent += 1,
                    Value::Many => return Seen::Invalid("a credential field is repeated"),
                    Value::Invalid => {
                        return Seen::Invalid("a credential field is not valid text");
                    }
                    Value::One(v) if v.is_empty() => {
                        return Seen::Invalid("a credential field is empty");
                    }
                    Value::One(v) => {
                        parts.push(named(cred, *part, PartValue::Owned(Secret::new(v))));
                    }
                }
            }
            if absent == fields.len() {
                return Seen::Absent;
            }
            if absent > 0 {
                return Seen::Invalid("only some parts of the credential are present");
            }
            Seen::Present(parts)
        }
    }
}

/// The parts a template read back: every part once, none empty, the same value wherever a
/// part appears twice.
fn parts_of<'a>(
    cred: &Credential,
    values: Vec<(String, String)>,
) -> Result<Parts<'a>, &'static str> {
    let mut parts = Parts::new();
    for (name, value) in values {
        if value.is_empty() {
            return Err("the credential is empty");
        }
        match parts.iter().find(|(n, _)| *n == name) {
            Some((_, v)) if v.expose() != value => {
                return Err("a credential part is given twice with different values");
            }
            Some(_) => {}
            None => parts.push((Cow::Owned(name), PartValue::Owned(Secret::new(value)))),
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

/// `s.trim()`, answered at once when `s` starts and ends with a visible ASCII character
/// (a header value almost always does; nothing to trim then).
fn trim(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x7f);
    if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) {
        return s;
    }
    s.trim()
}

/// Whether `s` holds a control character (an ASCII one found without decoding UTF-8).
fn has_control(s: &str) -> bool {
    // Every byte looked at (no early exit), which the compiler turns into vector code.
    let ascii = s.bytes().fold(false, |c, b| c | (b < 0x20) | (b == 0x7f));
    ascii || (!s.is_ascii() && s.chars().any(char::is_control))
}

/// Format check of a whole credential: `Ok((has_prefix_rule, environment))`.
fn credential_format<'a>(
    cred: &'a Credential,
    parts: &Parts<'_>,
) -> Result<(bool, Option<&'a str>), ()> {
    let mut specific = false;
    let mut env = None;
    for (name, value) in parts {
        let (s, e) = part_format(cred.parts.get(name), value.expose())?;
        specific |= s;
        env = e.or(env);
    }
    Ok((specific, env))
}

/// Format check of one part's value: `Ok((has_prefix_rule, environment))`.
fn part_format<'a>(part: Option<&'a Part>, value: &str) -> Result<(bool, Option<&'a str>), ()> {
    if value.len() > MAX_PART_LEN || has_control(value) {
        return Err(());
    }
    let Some(format) = part.and_then(|p| p.format.as_ref()) else {
        return Ok((false, None));
    };
    let env = crate::format::check(format, value)
        .map_err(|_| ())?
        .environment();
    Ok((!format.prefixes.is_empty(), env))
}

/// The credentials the request carries: exactly those of one of `options` (in the option's
/// order; none at all when it carries none), or why not.
///
/// Credentials that share a wire slot (Weavz `wvz_` keys and `mcp_` tokens both go in
/// `Authorization: Bearer`) are told apart by format; a credential with a matching prefix
/// wins over one without prefix rules. Credentials found in places that no single option
/// sends together are refused as ambiguous (see the module docs of [`super`]).
///
/// They are put in `found` (which must be empty), built there rather than moved: on an
/// error, what it holds means nothing.
pub(crate) fn credentials<'a>(
    spec: &'a Spec,
    plan: &'a Plan,
    operation: Option<OperationId>,
    options: &[AuthOption],
    view: &RequestView<'a>,
    found: &mut SmallVec<[Offered<'a>; 1]>,
) -> Result<(), Problem> {
    let simple = match operation {
        Some(op) => plan.simple.get(op.index()),
        None => Some(&plan.default_simple),
    };
    if let Some(Some(items)) = simple {
        return simple_credentials(spec, items, options, view, found);
    }
    *found = general_credentials(spec, plan, options, view)?;
    Ok(())
}

/// [`credentials`], for any placements.
fn general_credentials<'a>(
    spec: &'a Spec,
    plan: &'a Plan,
    options: &[AuthOption],
    view: &RequestView<'a>,
) -> Result<SmallVec<[Offered<'a>; 1]>, Problem> {
    let mut all: SmallVec<[CredentialId; 4]> = SmallVec::new();
    for c in options.iter().flat_map(|o| &o.credentials) {
        if !all.contains(c) {
            all.push(*c);
        }
    }
    // Every (location, credential) once, in the order found: a request carries one or two.
    let mut entries: SmallVec<[Entry<'a>; 2]> = SmallVec::new();
    for &id in &all {
        let cred = &spec.credentials[id];
        let locations = &plan.locations[id.index()];
        for (p, location) in cred.placements.iter().zip(locations) {
            let (parts, proof) = match from_placement(view, cred, p) {
                Seen::Absent | Seen::Foreign => continue,
                Seen::Invalid(why) => return Err(Problem::Malformed(why)),
                Seen::Present(parts) => (parts, None),
                Seen::Signed(parts, proof) => (parts, Some(proof)),
            };
            if !entries.iter().any(|e| e.1 == id && e.0 == location) {
                entries.push((location, id, parts, proof));
            }
        }
    }
    // Location by location, in location order (as a map would keep them): the credential
    // that fits its format best.
    if entries.len() > 1 {
        entries.sort_by(|a, b| a.0.cmp(b.0));
    }
    let mut found: SmallVec<[Offered<'a>; 1]> = SmallVec::new();
    let mut rest = entries.into_iter().peekable();
    while let Some(first) = rest.next() {
        let location = first.0;
        // (has a prefix rule, environment, entry)
        let mut best: Option<(bool, Option<&'a str>, Entry<'a>)> = None;
        let mut consider = |e: Entry<'a>| {
            let Ok((specific, env)) = credential_format(&spec.credentials[e.1], &e.2) else {
                return;
            };
            if best.as_ref().is_none_or(|b| specific && !b.0) {
                best = Some((specific, env, e));
            }
        };
        consider(first);
        while let Some(e) = rest.next_if(|e| e.0 == location) {
            consider(e);
        }
        let (_, environment, (_, id, parts, proof)) = best.ok_or(Problem::BadFormat)?;
        if found.iter().any(|p| p.id == id) {
            return Err(Problem::Ambiguous);
        }
        found.push(Offered {
            id,
            location,
            environment,
            shared_environment: None,
            parts,
            proof,
            prefix: None,
        });
    }
    in_option(options, &mut found)?;
    Ok(found)
}

/// Put `found` in the order of the option that sends exactly these credentials, or say why
/// there is none.
fn in_option(options: &[AuthOption], found: &mut [Offered<'_>]) -> Result<(), Problem> {
    if found.is_empty() {
        return Ok(());
    }
    let option = options.iter().find(|o| {
        o.credentials.len() == found.len()
            && o.credentials
                .iter()
                .all(|c| found.iter().any(|p| p.id == *c))
    });
    match option {
        Some(o) => {
            if found.len() > 1 {
                found.sort_by_key(|p| o.credentials.iter().position(|c| *c == p.id));
            }
            Ok(())
        }
        // Two credentials no option sends together: which identity is meant?
        None if found.len() > 1 => Err(Problem::Ambiguous),
        // One of several credentials meant to be sent together.
        None => Err(Problem::Missing),
    }
}

/// Why a credential header that is there cannot be read.
#[cold]
fn unreadable(slot: Slot<'_>) -> Problem {
    match slot {
        Slot::Many => Problem::Malformed("the credential header is repeated"),
        _ => Problem::Malformed("the credential header is not valid text"),
    }
}

/// [`credentials`] for a set of options whose every credential is one part sent as a
/// header of its own (`X-API-Key: {key}`, `Authorization: Bearer {token}`, no header
/// shared): the same reading, done on borrowed values with nothing to group.
fn simple_credentials<'a>(
    spec: &'a Spec,
    items: &'a [Simple],
    options: &[AuthOption],
    view: &RequestView<'a>,
    found: &mut SmallVec<[Offered<'a>; 1]>,
) -> Result<(), Problem> {
    let mut hits: SmallVec<[(&'a Simple, &'a str); 2]> = SmallVec::new();
    for item in items {
        // Two cases and the rest: compiled as branches, not a jump table (whose target
        // changes from one header to the next, a mispredicted branch per request).
        let raw = match view.header_at(item.read, &item.header) {
            Slot::One(v) => v,
            Slot::Absent => continue,
            bad => return Err(unreadable(bad)),
        };
        let v = match &item.scheme {
            Some(s) => match split_scheme(raw, s) {
                Some(v) => v,
                None => continue,
            },
            None => trim(raw),
        };
        if v.is_empty() {
            return Err(Problem::Malformed("the credential is empty"));
        }
        hits.push((item, v));
    }
    // In location order, as the general reading keeps them.
    if hits.len() > 1 {
        hits.sort_by(|a, b| a.0.location.cmp(&b.0.location));
    }
    for &(item, value) in &hits {
        let part = &spec.credentials[item.id].parts[item.part];
        let (_, environment) = part_format(Some(part), value).map_err(|()| Problem::BadFormat)?;
        if found.iter().any(|p| p.id == item.id) {
            return Err(Problem::Ambiguous);
        }
        let offered = Offered {
            id: item.id,
            location: &item.location,
            environment,
            shared_environment: environment.and_then(|e| {
                item.environments
                    .iter()
                    .copied()
                    .find(|s| crate::short::eq(s.as_bytes(), e.as_bytes()))
            }),
            parts: Parts::from_buf([(
                Cow::Borrowed(part.name.as_str()),
                PartValue::Borrowed(value),
            )]),
            proof: None,
            prefix: Some(&item.prefix),
        };
        if found.is_empty() {
            // Written where it stays (a push built it on the stack and copied it: its
            // fields, written in narrow pieces, read back in wide ones, a stall).
            *found = SmallVec::from_buf([offered]);
        } else {
            found.push(offered);
        }
    }
    in_option(options, found)
}

/// The value of context parameter `param`, from whichever of its placements carries it.
///
/// `read` counts the header placements of the spec's parameters read so far, in order:
/// the place of this one's first among the headers [`Plan::reads`] lists first.
pub(crate) fn parameter(
    view: &RequestView<'_>,
    param: &Parameter,
    read: &mut usize,
) -> Result<Option<String>, ()> {
    let mut found: Option<String> = None;
    for p in &param.placements {
        let value = match &p.place {
            // The parsed name: no parsing per request.
            Place::Header(h) => {
                *read += 1;
                view.header_named(*read - 1, h)
            }
            Place::Field(_) => view.field(p.kind(), &p.name),
        };
        match value {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What a reading gives, comparable.
    /// `(credential, location, environment, parts, digest)` per credential, or the refusal.
    type Reading = Result<Vec<Read>, Problem>;
    type Read = (
        CredentialId,
        String,
        Option<String>,
        Vec<(String, String)>,
        KeyDigest,
    );

    /// [`simple_credentials`], returning what it found.
    fn simple_reading<'a>(
        spec: &'a Spec,
        items: &'a [Simple],
        options: &[AuthOption],
        view: &RequestView<'a>,
    ) -> Result<SmallVec<[Offered<'a>; 1]>, Problem> {
        let mut found = SmallVec::new();
        simple_credentials(spec, items, options, view, &mut found).map(|()| found)
    }

    fn reading(spec: &Spec, r: Result<SmallVec<[Offered<'_>; 1]>, Problem>) -> Reading {
        r.map(|found| {
            found
                .iter()
                .map(|o| {
                    let parts = o
                        .parts()
                        .map(|(n, v)| (n.to_owned(), v.to_owned()))
                        .collect();
                    let env = o.environment.map(str::to_owned);
                    (o.id, o.location.clone(), env, parts, o.digest(spec))
                })
                .collect()
        })
    }

    fn specs() -> Vec<Spec> {
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../providers");
        for dir in [
            "pixee",
            "weavy",
            "weavz",
            "weevio",
            "weshape",
            "catalogue/specs",
        ] {
            for e in std::fs::read_dir(root.join(dir)).expect("providers") {
                let path = e.expect("entry").path();
                if path.extension().is_some_and(|x| x == "yaml") {
                    files.push(path);
                }
            }
        }
        files
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(f).expect("spec");
                auth_spec::load_str(&f.display().to_string(), &text)
                    .unwrap_or_else(|d| panic!("{d}"))
            })
            .collect()
    }

    #[test]
    fn trim_is_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\t",
            "ab c",
            "\u{a0}a",
            "a\u{a0}",
            "\u{2003}x\u{2003}",
            "\u{7f}",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    /// A context parameter read from a scanned view (by its place in the plan's list) is
    /// the one read by name, on every provider, with the header absent, once, twice and
    /// unreadable, among other headers.
    #[test]
    fn scanned_parameters_are_read_by_name() {
        let mut seen = 0;
        for spec in specs() {
            let plan = Plan::new(&spec);
            let params: Vec<&Parameter> = spec
                .parameters
                .values()
                .filter(|p| !p.placements.is_empty())
                .collect();
            let names: Vec<&http::HeaderName> = params
                .iter()
                .flat_map(|p| &p.placements)
                .filter_map(|p| match &p.place {
                    Place::Header(h) => Some(h),
                    Place::Field(_) => None,
                })
                .collect();
            let ops: Vec<Option<OperationId>> = std::iter::once(None)
                .chain(spec.operations.iter().map(|(id, _)| Some(id)))
                .collect();
            let uri: Uri = "/x".parse().expect("uri");
            for (i, name) in names.iter().enumerate() {
                let mut cases = vec![HeaderMap::new()];
                let mut one = HeaderMap::new();
                one.insert(http::header::ACCEPT, "*/*".parse().expect("value"));
                one.insert((*name).clone(), format!("T{i}").parse().expect("value"));
                let mut twice = one.clone();
                twice.append((*name).clone(), "T9".parse().expect("value"));
                let mut binary = HeaderMap::new();
                binary.insert(
                    (*name).clone(),
                    http::HeaderValue::from_bytes(b"\xff").expect("value"),
                );
                cases.extend([one, twice, binary]);
                for headers in &cases {
                    for &op in &ops {
                        let plain = RequestView::new(headers, &uri, &[]);
                        let mut scanned = RequestView::new(headers, &uri, &[]);
                        scanned.scan(plan.reads(op));
                        let (mut a, mut b) = (0, 0);
                        for p in &params {
                            let by_name = parameter(&plain, p, &mut a);
                            let by_place = parameter(&scanned, p, &mut b);
                            assert_eq!(by_place, by_name, "{}: {}", spec.name, p.name);
                            seen += 1;
                        }
                    }
                }
            }
        }
        assert!(seen > 0);
    }

    /// The simple reading gives what the general one gives, on every provider's simple
    /// sets of credentials and on values of every kind (absent, repeated, empty, another
    /// scheme, control characters, too long, with and without each prefix), alone and in
    /// pairs.
    #[test]
    fn the_simple_reading_is_the_general_one() {
        let (mut sets, mut pairs) = (0, 0);
        for spec in specs() {
            let plan = Plan::new(&spec);
            let mut accepted: Vec<(Option<OperationId>, &[AuthOption])> =
                vec![(None, &spec.default_auth)];
            accepted.extend(
                spec.operations
                    .iter()
                    .map(|(id, o)| (Some(id), &o.auth[..])),
            );
            for (op, options) in accepted {
                let items = match op {
                    Some(op) => plan.simple[op.index()].as_ref(),
                    None => plan.default_simple.as_ref(),
                };
                let Some(items) = items else { continue };
                sets += 1;
                pairs += usize::from(items.len() > 1);
                let mut values: Vec<String> = vec![
                    String::new(),
                    "  ".into(),
                    "x".into(),
                    "Basic abc".into(),
                    "bearer".into(),
                    "tok\u{1}en".into(),
                    "k".repeat(MAX_PART_LEN + 1),
                ];
                for item in items {
                    let cred = &spec.credentials[item.id];
                    let prefixes = cred.parts[item.part]
                        .format
                        .iter()
                        .flat_map(|f| &f.prefixes)
                        .map(|p| p.prefix.clone())
                        .chain([String::new()]);
                    for prefix in prefixes {
                        let body = format!("{prefix}AbCdEfGh0123456789abcdefghijkl");
                        values.push(body.clone());
                        if let Some(s) = &item.scheme {
                            values.push(format!("{s} {body}"));
                            values.push(format!("{} {body}", s.to_ascii_uppercase()));
                            values.push(s.clone());
                        }
                    }
                }
                let uri: Uri = "/x".parse().expect("uri");
                let check = |headers: HeaderMap| {
                    let view = RequestView::new(&headers, &uri, &[]);
                    let general = reading(&spec, general_credentials(&spec, &plan, options, &view));
                    let simple = reading(&spec, simple_reading(&spec, items, options, &view));
                    assert_eq!(simple, general, "{}: {headers:?}", spec.name);
                    // The same, with the headers read in one pass first.
                    let mut scanned = RequestView::new(&headers, &uri, &[]);
                    scanned.scan(plan.reads(op));
                    let simple = reading(&spec, simple_reading(&spec, items, options, &scanned));
                    assert_eq!(simple, general, "{} (scanned): {headers:?}", spec.name);
                    let general =
                        reading(&spec, general_credentials(&spec, &plan, options, &scanned));
                    assert_eq!(simple, general, "{} (both scanned): {headers:?}", spec.name);
                };
                for (i, a) in items.iter().enumerate() {
                    for v in &values {
                        let Ok(value) = http::HeaderValue::from_str(v) else {
                            continue;
                        };
                        let mut one = HeaderMap::new();
                        one.insert(a.header.clone(), value.clone());
                        check(one.clone());
                        let mut twice = one.clone();
                        twice.append(a.header.clone(), value.clone());
                        check(twice);
                        for b in &items[i + 1..] {
                            for w in values.iter().step_by(3) {
                                let Ok(other) = http::HeaderValue::from_str(w) else {
                                    continue;
                                };
                                let mut pair = one.clone();
                                pair.insert(b.header.clone(), other);
                                check(pair);
                            }
                        }
                    }
                    let mut binary = HeaderMap::new();
                    binary.insert(
                        a.header.clone(),
                        http::HeaderValue::from_bytes(b"\xff\xfe").expect("value"),
                    );
                    check(binary);
                }
                check(HeaderMap::new());
            }
        }
        assert!(
            sets > 20 && pairs >= 2,
            "only {sets} simple sets, {pairs} with two headers"
        );
    }
}
