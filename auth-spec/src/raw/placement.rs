use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{
    DigestAlgorithm, HmacAlgorithm, KeyEncoding, NonceKind, OutputEncoding, PlacementKind,
    TimestampFormat, ValueLocation,
};

/// Where a credential goes on a request; one alternative of possibly several.
///
/// Single-part credentials name the wire field with `name`; multi-part credentials map
/// wire field names to part names with `fields` (`{apiID: api_id, apiSecret: api_secret}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "in", rename_all = "snake_case", deny_unknown_fields)]
pub enum Placement {
    /// A request header, with an optional auth scheme (`Authorization: Bearer <token>`), or
    /// a value template (`Klaviyo-API-Key {key}`, `ApiKey {base64({id}:{api_key})}`).
    Header {
        /// Header name, e.g. `X-API-Key` or `Authorization`.
        name: String,
        /// Auth scheme written before the value, e.g. `Bearer`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scheme: Option<String>,
        /// Which part of the credential is sent; defaults to the only part.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<String>,
        /// The whole value as a template over the credential's parts, instead of
        /// `scheme`/`part`: `Token {key}`, `ApiKey {base64({id}:{api_key})}`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<String>,
        /// This is the alternative to use unless the caller picks another.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        preferred: bool,
    },
    /// HTTP Basic authentication (`Authorization: Basic base64(user:password)`), each side a
    /// part of the credential or a template (Freshdesk sends the key as user name and `X`
    /// as password).
    Basic {
        /// The part sent as the user name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        username: Option<String>,
        /// The part sent as the password.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        password: Option<String>,
        /// The user name as a template instead of a part (`"{key}"`, a fixed name).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        username_value: Option<String>,
        /// The password as a template instead of a part (`X`, or `""` for none).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        password_value: Option<String>,
        /// This is the alternative to use unless the caller picks another.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        preferred: bool,
    },
    /// Query-string parameters.
    Query(FieldPlacement),
    /// Fields of an `application/x-www-form-urlencoded` body.
    Form(FieldPlacement),
    /// Top-level fields of a JSON object body.
    Json(FieldPlacement),
    /// Body fields whose encoding the documentation does not state: merged into whichever
    /// form or JSON body the request carries (form when it has none).
    Body(FieldPlacement),
    /// Cookies.
    Cookie(FieldPlacement),
    /// An HMAC signature over a canonical string of the request, keyed with a part that is
    /// never sent (Kraken: `API-Sign` = HMAC-SHA512 of `path + SHA256(nonce + body)`).
    Hmac(HmacPlacement),
    /// HTTP Digest authentication (RFC 7616): the password never travels; the client
    /// answers the server's `WWW-Authenticate: Digest` challenge.
    Digest(DigestPlacement),
}

/// An HMAC request signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HmacPlacement {
    /// The hash: `sha256` or `sha512`.
    pub algorithm: HmacAlgorithm,
    /// The part holding the secret key.
    pub key: String,
    /// How the secret is written: `raw` (its bytes are the key), `base64` or `hex`.
    #[serde(default)]
    pub key_encoding: KeyEncoding,
    /// The message signed, a template over the credential's parts and the request:
    /// `{method}`, `{host}`, `{path}`, `{query}` (sorted and encoded), `{body}` (as sent),
    /// `{nonce}`, `{timestamp}`; functions `sha256(..)`, `sha512(..)` (raw digest bytes),
    /// `hex(..)`, `base64(..)`, `upper(..)`, `lower(..)`.
    pub message: String,
    /// How the signature is written: `hex`, `base64` or `base64url`.
    pub encoding: OutputEncoding,
    /// The header the signature goes in (or give `query`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// The header's value as a template around `{signature}` (default: the signature alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The query parameter the signature goes in (instead of `header`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Other headers the signed request carries, as templates over the parts: the key's
    /// public id (`API-Key: "{api_key}"`). The first that names a part identifies the key
    /// to a verifier.
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub headers: IndexMap<String, String>,
    /// The nonce, when the scheme has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<NonceSpec>,
    /// The timestamp, when the scheme has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<TimestampSpec>,
    /// How far a timestamp may be from the server's clock before a verifier refuses it
    /// (seconds; default 300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_skew_seconds: Option<u64>,
    /// This is the alternative to use unless the caller picks another.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub preferred: bool,
}

/// A request nonce: what it is and where it travels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NonceSpec {
    /// `increasing_millis` (default) or `random`.
    #[serde(default)]
    pub kind: NonceKind,
    /// Where it goes: `header`, `query`, `form`, `json`, or `none` (only signed).
    #[serde(rename = "in")]
    pub location: ValueLocation,
    /// Its wire name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A request timestamp: its format and where it travels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimestampSpec {
    /// `unix_seconds` (default) or `unix_millis`.
    #[serde(default)]
    pub format: TimestampFormat,
    /// Where it goes: `header`, `query`, `form`, `json`, or `none` (only signed).
    #[serde(rename = "in")]
    pub location: ValueLocation,
    /// Its wire name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// HTTP Digest authentication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DigestPlacement {
    /// The part sent as the user name.
    pub username: String,
    /// The part that is the password.
    pub password: String,
    /// The algorithms a verifier (the sandbox) offers, preferred first; the client answers
    /// whichever the server's challenge names. Default: `SHA-256`, `MD5`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub algorithms: Vec<DigestAlgorithm>,
    /// The realm a verifier names (default: the spec's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realm: Option<String>,
    /// This is the alternative to use unless the caller picks another.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub preferred: bool,
}

/// A placement that writes named fields (query, body or cookie).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldPlacement {
    /// Wire name of the field for a single-part credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Wire field name -> credential part, for multi-part credentials.
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub fields: IndexMap<String, String>,
    /// This is the alternative to use unless the caller picks another.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub preferred: bool,
}

impl Placement {
    /// The kind of this placement.
    pub fn kind(&self) -> PlacementKind {
        match self {
            Self::Header { .. } => PlacementKind::Header,
            Self::Basic { .. } => PlacementKind::Basic,
            Self::Query(_) => PlacementKind::Query,
            Self::Form(_) => PlacementKind::Form,
            Self::Json(_) => PlacementKind::Json,
            Self::Body(_) => PlacementKind::Body,
            Self::Cookie(_) => PlacementKind::Cookie,
            Self::Hmac(_) => PlacementKind::Hmac,
            Self::Digest(_) => PlacementKind::Digest,
        }
    }

    /// Whether the author marked this alternative as preferred.
    pub fn preferred(&self) -> bool {
        match self {
            Self::Header { preferred, .. } | Self::Basic { preferred, .. } => *preferred,
            Self::Query(f) | Self::Form(f) | Self::Json(f) | Self::Body(f) | Self::Cookie(f) => {
                f.preferred
            }
            Self::Hmac(h) => h.preferred,
            Self::Digest(d) => d.preferred,
        }
    }

    /// The field placement and where it goes, for query, body and cookie placements.
    pub fn fields(&self) -> Option<(crate::model::FieldLocation, &FieldPlacement)> {
        use crate::model::FieldLocation as L;
        match self {
            Self::Header { .. } | Self::Basic { .. } | Self::Hmac(_) | Self::Digest(_) => None,
            Self::Query(f) => Some((L::Query, f)),
            Self::Form(f) => Some((L::Form, f)),
            Self::Json(f) => Some((L::Json, f)),
            Self::Body(f) => Some((L::Body, f)),
            Self::Cookie(f) => Some((L::Cookie, f)),
        }
    }
}
