use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    BodyEncoding, CredentialId, Format, IssuedRefresh, ParameterId, PartId, PathTemplate,
    ResetFormat, RestrictionId, ScopeId, Template,
};

/// An operation the documentation names.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Operation {
    /// Its name in the spec (`list_products`).
    pub name: String,
    /// What the operation does.
    pub description: String,
    /// The auth role it plays, if any; example requests have none.
    pub role: Option<OperationRole>,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path below the base URL, parsed.
    pub path: PathTemplate,
    /// An absolute URL instead of a path below the base URL (a token endpoint on another
    /// host), a template over the context parameters.
    pub url: Option<Template>,
    /// The ways it may be authenticated, in order of preference (its own `auth`, else the
    /// spec's `default_auth`). Empty: the call carries no credential of its own.
    pub auth: Vec<AuthOption>,
    /// Scopes a key needs for it: all of them, or any one when `any_scope`.
    pub scopes: Vec<ScopeId>,
    /// Whether any one of `scopes` suffices.
    pub any_scope: bool,
    /// Key restrictions that apply to it.
    pub restrictions: Vec<RestrictionId>,
    /// Its path, query and header parameters (not the context parameters).
    pub parameters: Vec<OperationParam>,
    /// The request body.
    pub request: Option<Payload>,
    /// The success response.
    pub response: Option<Response>,
    /// The credential it hands out, and where it is in the response.
    pub issues: Option<Exchange>,
    /// Credentials it invalidates at once (rotation).
    pub invalidates: Vec<CredentialId>,
    /// For an operation on a key named in its path: who may act on which key.
    pub key_access: Option<super::KeyAccess>,
}

impl Operation {
    /// A parameter by name.
    pub fn parameter(&self, name: &str) -> Option<&OperationParam> {
        self.parameters.iter().find(|p| p.name == name)
    }
}

/// One way to authenticate a call: every credential listed, sent together; none for an
/// anonymous call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthOption {
    /// The credentials, in the author's order.
    pub credentials: Vec<CredentialId>,
}

impl AuthOption {
    /// Whether the call carries no credential.
    pub fn is_anonymous(&self) -> bool {
        self.credentials.is_empty()
    }

    /// The option of the one credential `c`.
    pub fn single(&self) -> Option<CredentialId> {
        match self.credentials.as_slice() {
            [c] => Some(*c),
            _ => None,
        }
    }
}

/// The auth role of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OperationRole {
    /// Exchange a user's login for a token.
    Login,
    /// Exchange a refresh credential for a fresh token.
    Refresh,
    /// Replace a key: a new key is returned, the old one stops working.
    RotateKey,
    /// Create a key.
    CreateKey,
    /// List keys.
    ListKeys,
    /// Read a key's permissions.
    GetKeyPermissions,
    /// Replace a key's permissions.
    PutKeyPermissions,
    /// Issue an access token for a user.
    IssueUserToken,
    /// Obtain an access token with the client's own credentials (OAuth 2.0 client
    /// credentials grant, RFC 6749 §4.4).
    ClientCredentials,
    /// Exchange a self-signed JWT for an access token (the JWT bearer grant, RFC 7523
    /// §2.1): the operation's `auth` names the `jwt` credential, whose JWT is sent in a
    /// request field written `"{jwt}"` (`assertion`), never by the credential's placement.
    JwtBearer,
    /// A cheap call that confirms a credential works.
    Verify,
}

impl OperationRole {
    /// The `grant_type` of the JWT bearer grant (RFC 7523 §2.1), which a `jwt_bearer`
    /// operation sends.
    pub const JWT_BEARER_GRANT: &'static str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// Whether the operation obtains a token the client caches (login, refresh, issuance).
    pub fn is_exchange(self) -> bool {
        matches!(
            self,
            Self::Login
                | Self::Refresh
                | Self::IssueUserToken
                | Self::ClientCredentials
                | Self::JwtBearer
        )
    }

    /// Whether the operation manages keys (rotation, creation).
    pub fn manages_keys(self) -> bool {
        matches!(self, Self::RotateKey | Self::CreateKey)
    }

    /// Whether the operation acts on one key its path names, so the spec must say who may
    /// (`key_access`).
    pub fn acts_on_a_key(self) -> bool {
        matches!(
            self,
            Self::RotateKey | Self::GetKeyPermissions | Self::PutKeyPermissions
        )
    }
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl HttpMethod {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    /// The `http` crate's method.
    pub fn to_http(self) -> http::Method {
        match self {
            Self::Get => http::Method::GET,
            Self::Post => http::Method::POST,
            Self::Put => http::Method::PUT,
            Self::Patch => http::Method::PATCH,
            Self::Delete => http::Method::DELETE,
        }
    }
}

/// A parameter of one operation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OperationParam {
    /// Its name (a `{name}` segment, a query parameter or a header).
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// What it is.
    pub description: Option<String>,
    /// Whether it must be given (path parameters always must).
    pub required: bool,
    /// A value from the documentation's example.
    pub example: Option<String>,
    /// Rules the value must satisfy.
    pub format: Option<Format>,
}

/// Where an operation parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
}

impl ParamLocation {
    /// The name used in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
        }
    }
}

/// A JSON request or response body.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Payload {
    /// What the body is.
    pub description: Option<String>,
    /// Documented fields of the JSON object: `(wire name, field)`.
    pub fields: Vec<(String, PayloadField)>,
    /// Fields beyond the documented ones may be sent.
    pub additional_fields: bool,
    /// How a request body is encoded.
    pub encoding: BodyEncoding,
}

impl Payload {
    /// A field by wire name.
    pub fn field(&self, name: &str) -> Option<&PayloadField> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, f)| f)
    }
}

/// A success response.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Response {
    /// HTTP status of success, when documented.
    pub status: Option<u16>,
    /// The JSON body.
    pub body: Option<Payload>,
    /// Cookies the response sets: `(cookie name, credential it carries)`.
    pub sets_cookies: Vec<(String, CredentialId)>,
}

/// One field of a JSON body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PayloadField {
    /// The field's JSON type.
    pub ty: FieldType,
    /// What it holds.
    pub description: Option<String>,
    /// Always present (response) or must be sent (request).
    pub required: bool,
    /// The value is a secret (a plain key, a token).
    pub secret: bool,
    /// The credential (part) whose value fills the field.
    pub from: Option<CredentialRef>,
    /// A request field's value: constant, or a template over the context parameters.
    pub value: Option<Template>,
    /// For an array of objects: the fields of each element.
    pub items: Vec<(String, PayloadField)>,
}

/// A credential, or one part of it, named by a body field's `from:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialRef {
    /// The credential.
    pub credential: CredentialId,
    /// The part, when one is named (`login.email`).
    pub part: Option<PartId>,
}

/// JSON type of a body field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// A string.
    String,
    /// An integer.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// An object with fields not described further.
    Object,
    /// An array (of `items` when given).
    Array,
    /// A date-time string (RFC 3339).
    DateTime,
}

/// Where a credential-issuing operation's response carries the credential.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Exchange {
    /// The credential issued.
    pub credential: CredentialId,
    /// Response JSON field holding the new secret.
    pub token_field: String,
    /// Response JSON field holding the lifetime in seconds.
    pub expires_in_field: Option<String>,
    /// Request JSON field that asks for a custom lifetime in seconds.
    pub lifetime_request_field: Option<String>,
    /// Response field holding when the token expires, and how it is written.
    pub expires_at: Option<(String, ResetFormat)>,
    /// Response field holding the token type.
    pub token_type_field: Option<String>,
    /// How long before it expires the token is renewed (`None`: the engine's margin).
    pub renew_before_seconds: Option<u64>,
    /// The refresh token the response carries, kept with the token.
    pub refresh_token: Option<IssuedRefresh>,
    /// Context parameters the response sets, each from a response field (an instance URL).
    pub parameters: Vec<(ParameterId, String)>,
}
