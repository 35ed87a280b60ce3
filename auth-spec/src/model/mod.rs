//! A resolved provider spec: what the engine, the verifier and the generator work from.
//!
//! [`crate::load_str`] reads the YAML into its raw serde form, lints it, and resolves every
//! name an author wrote (a credential in an `auth` list, a scope, an error, a part of a
//! credential) into a typed id. What comes out can be trusted: every id points at an
//! entry, every credential has its parts, every path is a parsed [`PathTemplate`]. The
//! types are `#[non_exhaustive]`: a spec is only ever made by the loader.

mod access;
mod context;
mod credential;
mod errors;
mod example;
mod field_path;
mod limits;
mod oauth;
mod operation;
mod path;
mod placement;
mod provider;
pub(crate) use provider::yes;
mod signing;
mod table;
mod template;

pub use access::{KeyAccess, KeyRule, Restriction, RestrictionKind, Scope, WorkspaceNaming};
pub use context::{Parameter, ParameterPlacement, Place};
pub use credential::{Audience, Charset, Credential, CredentialKind, Format, Part, Prefix};
pub use errors::{BodyFormat, ErrorAction, ErrorBody, ErrorEntry, ErrorKind, Errors};
pub use example::{Classified, Example, ExampleRequest, ExampleResponse, Wire};
pub use field_path::{is_field_path, json_field, xml_element};
pub use limits::{Limit, RateLimit, ResetFormat, RetryAfter, RetryPolicy};
pub use oauth::{BodyEncoding, IssuedRefresh};
pub use operation::{
    AuthOption, CredentialRef, Exchange, FieldType, HttpMethod, Operation, OperationParam,
    OperationRole, ParamLocation, Payload, PayloadField, Response,
};
pub use path::{PathMatch, PathTemplate, Segment, TemplateError};
pub use placement::{FieldLocation, KEPT_NAMES, Placement, PlacementKind, header_name, kept};
pub use provider::{BaseUrl, Metering, MeteringUnit, Timeouts, Transport};
pub use signing::{
    Claim, DigestAlgorithm, DigestAuth, HmacAlgorithm, HmacSigning, Jwt, JwtAlgorithm, JwtMode,
    KeyEncoding, NonceKind, OutputEncoding, SignatureTarget, SigningValue, TimestampFormat,
    ValueLocation,
};
pub use table::{
    CredentialId, ErrorId, Id, Named, OperationId, ParameterId, PartId, RestrictionId, ScopeId,
    Table,
};
pub use template::{Func, Piece, Template, TemplateSyntaxError};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The newest spec language version this crate reads (it reads every earlier one too:
/// version 2 only adds fields).
pub const SPEC_VERSION: u32 = 2;

/// A provider's authentication, resolved from its `<provider>.yaml`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Spec {
    /// Short identifier: names the crate and the CLI argument.
    pub name: String,
    /// Human-readable provider name.
    pub title: String,
    /// What the provider is.
    pub description: Option<String>,
    /// Where the API lives.
    pub base_url: BaseUrl,
    /// Transport rules (HTTPS only, loopback exceptions).
    pub transport: Transport,
    /// Whether and how the provider bills authenticated calls.
    pub metering: Option<Metering>,
    /// Every credential the provider issues or accepts.
    pub credentials: Table<CredentialId, Credential>,
    /// The auth options of operations that do not name their own, in order of preference.
    pub default_auth: Vec<AuthOption>,
    /// Context values that travel with every request (tenant, team).
    pub parameters: Table<ParameterId, Parameter>,
    /// Declared scopes.
    pub scopes: Table<ScopeId, Scope>,
    /// Key restrictions beyond scopes.
    pub restrictions: Table<RestrictionId, Restriction>,
    /// Operations the documentation names.
    pub operations: Table<OperationId, Operation>,
    /// What a request that matches no operation gets.
    pub unknown_routes: UnknownRoutes,
    /// The error catalogue and the shape of error bodies.
    pub errors: Errors,
    /// Rate-limit signalling.
    pub rate_limit: Option<RateLimit>,
    /// How a caller should retry; `None` means the engine's conservative default.
    pub retry: Option<RetryPolicy>,
    /// Topics the provider's documentation is silent on.
    pub undocumented: Vec<Topic>,
    /// Where the spec's facts come from.
    pub sources: Vec<String>,
    /// The documentation's own examples (conformance vectors).
    pub examples: Vec<Example>,
}

impl Spec {
    /// The error entry a status and body code map to, most specific first: an entry with a
    /// matching `code` wins over one that only matches the status.
    pub fn error_for(&self, status: u16, code: Option<&str>) -> Option<ErrorId> {
        let by_status = || {
            self.errors
                .catalogue
                .iter()
                .filter(move |(_, e)| e.status == status)
        };
        code.and_then(|c| by_status().find(|(_, e)| e.code.as_deref() == Some(c)))
            .or_else(|| by_status().find(|(_, e)| e.code.is_none()))
            .or_else(|| {
                if code.is_none() {
                    by_status().next()
                } else {
                    None
                }
            })
            .map(|(id, _)| id)
    }

    /// The operation that refreshes `credential` (sends a refresh credential, issues this).
    pub fn refresh_for(&self, credential: CredentialId) -> Option<OperationId> {
        self.issuers(credential)
            .find(|&op| self.operations[op].role == Some(OperationRole::Refresh))
    }

    /// Whether a token response sets context parameter `param` (an instance URL).
    pub fn set_by_response(&self, param: ParameterId) -> bool {
        self.operations.values().any(|op| {
            op.issues
                .as_ref()
                .is_some_and(|x| x.parameters.iter().any(|(p, _)| *p == param))
        })
    }

    /// Operations that issue `credential`, in the author's order.
    pub fn issuers(&self, credential: CredentialId) -> impl Iterator<Item = OperationId> + '_ {
        self.operations
            .iter()
            .filter(move |(_, op)| {
                op.issues
                    .as_ref()
                    .is_some_and(|x| x.credential == credential)
            })
            .map(|(id, _)| id)
    }
}

/// What the verifier does with a request that matches no operation of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnknownRoutes {
    /// It needs one of the default credentials, and no scope (spec language v1).
    #[default]
    DefaultAuth,
    /// It is refused with 404 in the provider's format, before any credential is read.
    Deny,
}

/// Something a provider's documentation may be silent on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// The shape of error bodies.
    ErrorBody,
    /// Which scopes each operation needs.
    OperationScopes,
    /// Rate limits and their headers.
    RateLimit,
    /// How to retry.
    RetryPolicy,
    /// Key formats (prefixes, lengths).
    KeyFormat,
    /// How long credentials live.
    CredentialLifetime,
    /// Which callers may act on which key (rotate it, change its permissions).
    KeyAccess,
}

/// `impl Named` for the structs that carry a `name: String` field.
macro_rules! named {
    ($($t:ty),*) => {$(
        impl Named for $t {
            fn name(&self) -> &str {
                &self.name
            }
        }
    )*};
}
named!(
    Credential,
    Part,
    Parameter,
    Scope,
    Restriction,
    Operation,
    ErrorEntry
);
