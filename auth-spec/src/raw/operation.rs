use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{
    BodyEncoding, FieldType, Format, HttpMethod, OperationRole, ParamLocation, ResetFormat,
};

/// An operation the documentation names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// What the operation does.
    pub description: String,
    /// The auth role the operation plays, if any; example requests have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<OperationRole>,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path below the base URL; `{name}` segments are path parameters, and one `{+name}`
    /// may span several segments (its value's `/`s are kept: `/project/{+project_slug}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// An absolute URL instead of `path`, for an operation on another host (a token
    /// endpoint); a template over the context parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Credentials the operation accepts, in order of preference; defaults to `default_auth`.
    /// An entry that is a list means all of them at once; `anonymous` means none. An empty
    /// list means the call carries no credential of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<Vec<super::AuthItem>>,
    /// Scopes a key needs for this operation: all of a list, or `{any: [...]}` for any one.
    #[serde(default, skip_serializing_if = "Scopes::is_empty")]
    pub scopes: Scopes,
    /// Key restrictions that apply to this operation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restrictions: Vec<String>,
    /// Path, query and header parameters of this operation (not the context parameters).
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub parameters: IndexMap<String, OperationParam>,
    /// The request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Payload>,
    /// The success response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
    /// When the operation hands out a credential: where it is in the response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issues: Option<Exchange>,
    /// Credentials this operation invalidates at once (rotation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalidates: Vec<String>,
    /// For an operation on a key named in its path (rotate it, read or replace its
    /// permissions): which callers may act on which key. Required for those roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_access: Option<KeyAccess>,
}

/// Who may act on the key an operation names in its path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyAccess {
    /// The path parameter that names the key acted on (`key_id`).
    pub param: String,
    /// Who may, any one rule sufficing: `self` (a key acts only on itself), `any` (any
    /// key the provider accepts), `{scope: name}` (a key holding that scope),
    /// `{restriction: name}` (a key satisfying an `org_wide` restriction).
    pub allow: Vec<KeyRule>,
    /// What the documentation says, or that it is silent and which reading was taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One rule of a [`KeyAccess`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    untagged,
    expecting = "expected `self`, `any`, `{scope: name}` or `{restriction: name}`"
)]
pub enum KeyRule {
    /// `self` or `any`.
    Who(KeyWho),
    /// A key holding this scope may act on any key.
    Scope {
        /// The scope.
        scope: String,
    },
    /// A key satisfying this (`org_wide`) restriction may act on any key.
    Restriction {
        /// The restriction.
        restriction: String,
    },
}

/// The callers a [`KeyRule`] names by word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyWho {
    /// The key itself: the path names the caller's own key.
    #[serde(rename = "self")]
    Own,
    /// Any key the provider accepts for the operation.
    Any,
}

/// The scopes an operation needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Scopes {
    /// Every one of these.
    All(Vec<String>),
    /// Any one of these.
    Any {
        /// The scopes, any one of which suffices.
        any: Vec<String>,
    },
}

impl Default for Scopes {
    fn default() -> Self {
        Self::All(Vec::new())
    }
}

impl Scopes {
    /// Whether no scope is needed.
    pub fn is_empty(&self) -> bool {
        self.names().is_empty()
    }

    /// The scope names, and the YAML path suffix each is written at.
    pub fn names(&self) -> &[String] {
        match self {
            Self::All(v) | Self::Any { any: v } => v,
        }
    }
}

/// A parameter of one operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OperationParam {
    /// Where the parameter goes.
    #[serde(rename = "in")]
    pub location: ParamLocation,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether it must be given (path parameters always must).
    #[serde(default)]
    pub required: bool,
    /// A value from the documentation's example.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Rules the value must satisfy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
}

/// A JSON request or response body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Payload {
    /// What the body is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Documented fields of the JSON object.
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub fields: IndexMap<String, PayloadField>,
    /// Fields beyond the documented ones may be sent (e.g. Weavy profile fields).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub additional_fields: bool,
    /// How a request body is encoded: `json` (the default) or `form`
    /// (`application/x-www-form-urlencoded`, as OAuth 2.0 token endpoints take).
    #[serde(default, skip_serializing_if = "BodyEncoding::is_json")]
    pub encoding: BodyEncoding,
}

/// A success response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// HTTP status of success, when documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The JSON body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Payload>,
    /// Cookies the response sets: cookie name -> credential it carries.
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub sets_cookies: IndexMap<String, String>,
}

/// One field of a JSON body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PayloadField {
    /// The field's JSON type; `string` when left out.
    #[serde(rename = "type", default = "string_type")]
    pub ty: FieldType,
    /// What it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether it is always present (response) or must be sent (request).
    #[serde(default)]
    pub required: bool,
    /// The value is a secret (a plain key, a token): masked like a credential.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub secret: bool,
    /// For a field that fills a credential part: `credential` or `credential.part`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// For a request field the engine always sends: its value, constant
    /// (`client_credentials`) or a template over the context parameters
    /// (`"{enterprise_id}"`). A template whose parameter has no value leaves the field out
    /// unless it is `required`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// For an array of objects: the fields of each element.
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub items: IndexMap<String, PayloadField>,
}

/// Where a credential-issuing operation's response carries the credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// The credential the operation issues.
    pub credential: String,
    /// Response JSON field holding the new secret.
    pub token_field: String,
    /// Response JSON field holding the lifetime in seconds; the credential's
    /// `default_lifetime_seconds` applies when it is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_field: Option<String>,
    /// Request JSON field that asks for a custom lifetime in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime_request_field: Option<String>,
    /// Response field holding when the token expires, as a time (see
    /// `expires_at_format`); read relative to the response's `Date` so a server clock
    /// ahead of ours does not shorten it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at_field: Option<String>,
    /// How `expires_at_field` is written: `unix_seconds` (the default), `unix_millis` or
    /// `rfc3339`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at_format: Option<ResetFormat>,
    /// Renew the token this many seconds before it expires (the engine's margin, 30
    /// seconds, when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renew_before_seconds: Option<u64>,
    /// Response field holding the token type (`bearer`), kept with the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type_field: Option<String>,
    /// The response also carries a refresh token: kept with the access token (in the
    /// same store entry) and replaced whenever a response brings a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<super::oauth::IssuedRefreshToken>,
    /// Context parameters the response sets: parameter name -> response field (an
    /// instance URL that the base URL template names).
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub parameters: IndexMap<String, String>,
}

fn string_type() -> FieldType {
    FieldType::String
}
