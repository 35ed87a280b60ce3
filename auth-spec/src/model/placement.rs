use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DigestAuth, HmacSigning, PartId, Template};

/// Where a credential goes on a request: one alternative of possibly several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// A request header whose value is a template over the credential's parts
    /// (`Bearer {key}`, `Klaviyo-API-Key {key}`, `ApiKey {base64({id}:{api_key})}`).
    Header {
        /// Header name as the spec spells it (`X-API-Key`).
        name: String,
        /// The name, parsed.
        header: http::HeaderName,
        /// The value.
        value: Template,
        /// The auth scheme, when the value is `Scheme {part}` (`Bearer`).
        scheme: Option<String>,
        /// The one part the value carries as is, when it is `{part}` or `Scheme {part}`.
        part: Option<PartId>,
    },
    /// HTTP Basic authentication (`Authorization: Basic base64(user:password)`), each side
    /// a template over the parts (`{api_id}`; Freshdesk's password is the text `X`).
    Basic {
        /// The user name.
        username: Template,
        /// The password.
        password: Template,
    },
    /// Named fields in the query, the body or cookies: `(wire name, part)`.
    Fields {
        /// Where the fields go.
        location: FieldLocation,
        /// Wire name and the part it carries, in the author's order.
        fields: Vec<(String, PartId)>,
    },
    /// An HMAC signature of the request, keyed with a part that is never sent (Kraken's
    /// `API-Sign`), with the headers that name the key.
    Hmac(Box<HmacSigning>),
    /// HTTP Digest (RFC 7616): the password is never sent; each request answers the
    /// server's challenge.
    Digest(DigestAuth),
}

impl Placement {
    /// The kind of this placement, as a caller names it when choosing an alternative.
    pub fn kind(&self) -> PlacementKind {
        match self {
            Self::Header { .. } => PlacementKind::Header,
            Self::Basic { .. } => PlacementKind::Basic,
            Self::Fields { location, .. } => location.kind(),
            Self::Hmac(_) => PlacementKind::Hmac,
            Self::Digest(_) => PlacementKind::Digest,
        }
    }

    /// The wire name it writes: the header (`Authorization` for Basic), or each field.
    pub fn wire_names(&self) -> Vec<&str> {
        match self {
            Self::Header { name, .. } => vec![name.as_str()],
            Self::Basic { .. } => vec!["Authorization"],
            Self::Fields { fields, .. } => fields.iter().map(|(w, _)| w.as_str()).collect(),
            Self::Hmac(h) => {
                let mut names: Vec<&str> = h.headers.iter().map(|(n, ..)| n.as_str()).collect();
                match &h.signature {
                    super::SignatureTarget::Header(name, _) => names.push(name.as_str()),
                    super::SignatureTarget::Query(name) => names.push(name),
                }
                names
            }
            Self::Digest(_) => vec!["Authorization"],
        }
    }
}

/// Where named fields go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldLocation {
    /// Query-string parameters.
    Query,
    /// Fields of an `application/x-www-form-urlencoded` body.
    Form,
    /// Top-level fields of a JSON object body.
    Json,
    /// Body fields of an unstated encoding: merged into whichever form or JSON body the
    /// request carries (form when it has none).
    Body,
    /// Cookies.
    Cookie,
}

impl FieldLocation {
    /// The matching placement kind.
    pub fn kind(self) -> PlacementKind {
        match self {
            Self::Query => PlacementKind::Query,
            Self::Form => PlacementKind::Form,
            Self::Json => PlacementKind::Json,
            Self::Body => PlacementKind::Body,
            Self::Cookie => PlacementKind::Cookie,
        }
    }

    /// Whether the fields travel in the request body.
    pub fn in_body(self) -> bool {
        matches!(self, Self::Form | Self::Json | Self::Body)
    }
}

/// The kind of a placement, without its details; used to pick an alternative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlacementKind {
    /// A request header.
    Header,
    /// HTTP Basic.
    Basic,
    /// Query-string parameters.
    Query,
    /// Form body fields.
    Form,
    /// JSON body fields.
    Json,
    /// Body fields of an unstated encoding.
    Body,
    /// Cookies.
    Cookie,
    /// An HMAC request signature.
    Hmac,
    /// HTTP Digest.
    Digest,
}

impl PlacementKind {
    /// Every kind, in the order the YAML documentation lists them.
    pub const ALL: [PlacementKind; 9] = [
        Self::Header,
        Self::Basic,
        Self::Query,
        Self::Form,
        Self::Json,
        Self::Body,
        Self::Cookie,
        Self::Hmac,
        Self::Digest,
    ];

    /// The lowercase name used in YAML and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Header => "header",
            Self::Basic => "basic",
            Self::Query => "query",
            Self::Form => "form",
            Self::Json => "json",
            Self::Body => "body",
            Self::Cookie => "cookie",
            Self::Hmac => "hmac",
            Self::Digest => "digest",
        }
    }

    /// The field location of a field placement kind (`None` for header, Basic and the
    /// signing kinds).
    pub fn field(self) -> Option<FieldLocation> {
        match self {
            Self::Header | Self::Basic | Self::Hmac | Self::Digest => None,
            Self::Query => Some(FieldLocation::Query),
            Self::Form => Some(FieldLocation::Form),
            Self::Json => Some(FieldLocation::Json),
            Self::Body => Some(FieldLocation::Body),
            Self::Cookie => Some(FieldLocation::Cookie),
        }
    }
}

impl std::fmt::Display for PlacementKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for PlacementKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = Self::ALL.iter().map(|k| k.as_str()).collect();
                format!(
                    "unknown placement `{s}`; expected one of {}",
                    all.join(", ")
                )
            })
    }
}

/// The strings [`kept`] keeps.
fn kept_set() -> std::sync::MutexGuard<'static, std::collections::HashSet<&'static str>> {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static KEPT: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    KEPT.get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// How many distinct strings [`kept`] keeps for the life of the process (a few bytes
/// each): far more than the names any catalogue uses.
pub const KEPT_NAMES: usize = 4096;

/// `name`, kept once for the life of the process, so that what refers to it needs no
/// copy and no reference count (a spec's header names, the environments its key prefixes
/// name); `None` once `KEPT_NAMES` (4,096) strings are kept, so a process that loads spec
/// after spec keeps no more.
pub fn kept(name: &str) -> Option<&'static str> {
    let mut set = kept_set();
    if let Some(k) = set.get(name) {
        return Some(k);
    }
    if set.len() >= KEPT_NAMES {
        return None;
    }
    let k: &'static str = Box::leak(name.into());
    set.insert(k);
    Some(k)
}

/// `name` as a header name whose clones cost nothing, or `None` when it is not one.
///
/// A request clones its header names (`HeaderMap::insert` takes them by value), and a
/// name parsed from text is reference-counted, so each clone and drop is an atomic
/// write. Names are [`kept`] once per process instead, as the ones written in code
/// (`HeaderName::from_static`) are; past the bound they are reference-counted as parsed.
pub fn header_name(name: &str) -> Option<http::HeaderName> {
    let parsed = http::HeaderName::from_bytes(name.as_bytes()).ok()?;
    Some(match kept(parsed.as_str()) {
        // The lowercase form of a name that parsed: `from_static` accepts it.
        Some(k) => http::HeaderName::from_static(k),
        None => parsed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A string is kept once; past the bound nothing more is kept, and header names
    /// still come back as the name asked for.
    #[test]
    fn kept_strings_are_bounded() {
        let a = kept("production").expect("kept");
        assert!(std::ptr::eq(
            a,
            kept(&String::from("production")).expect("kept")
        ));
        for i in 0..KEPT_NAMES + 500 {
            let name = format!("X-Bounded-{i}");
            let h = header_name(&name).expect("a valid header name");
            assert_eq!(h.as_str(), name.to_ascii_lowercase());
        }
        assert!(kept_set().len() <= KEPT_NAMES);
        assert_eq!(kept("never-kept-past-the-bound"), None);
        assert_eq!(header_name("bad name"), None);
    }
}
