//! The serde model of a provider spec.
//!
//! One YAML file describes one provider's whole authentication story. Every struct here
//! denies unknown fields so a typo is an error at the line it was made, not a silently
//! ignored setting. Maps are [`IndexMap`]s so the order an author wrote is the order
//! generated code and diagnostics follow.

mod credential;
mod errors;
mod operation;
mod placement;
mod policy;
mod unique;

pub use credential::{Credential, CredentialKind, Format, Part, Prefix};
pub use errors::{BodyFormat, ErrorAction, ErrorBody, ErrorEntry, ErrorKind, Errors, FieldPath};
pub use operation::{
    Exchange, FieldType, HttpMethod, Operation, OperationParam, OperationRole, ParamLocation,
    Payload, PayloadField, Response,
};
pub use placement::{FieldPlacement, Placement, PlacementKind};
pub use policy::{
    BaseUrl, Metering, MeteringUnit, Parameter, ParameterPlacement, RateLimit, ResetFormat,
    Restriction, RestrictionKind, RetryPolicy, Scope, Topic, Transport,
};

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The only spec language version this crate reads.
pub const SPEC_VERSION: u32 = 1;

/// A provider's authentication, as written in `<provider>.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// JSON Schema reference for editors; ignored by the loader.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Version of the spec language this file is written in. Must be `1`.
    pub spec_version: u32,
    /// Short identifier: lowercase letters, digits and `_`; names the crate and the CLI argument.
    pub name: String,
    /// Human-readable provider name.
    pub title: String,
    /// What the provider is, and anything a reader of the generated docs should know first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the API lives.
    pub base_url: BaseUrl,
    /// Transport rules (HTTPS only, loopback exceptions).
    #[serde(default)]
    pub transport: Transport,
    /// Whether and how the provider bills authenticated calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metering: Option<Metering>,
    /// Every credential kind the provider issues or accepts, by name.
    #[serde(deserialize_with = "crate::model::unique::unique")]
    pub credentials: IndexMap<String, Credential>,
    /// Credentials accepted by operations that do not name their own `auth`, in order of preference.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub default_auth: Vec<String>,
    /// Context values that travel with every request (tenant, team).
    #[serde(
        default,
        deserialize_with = "crate::model::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub parameters: IndexMap<String, Parameter>,
    /// Declared scopes, with what each one grants.
    #[serde(
        default,
        deserialize_with = "crate::model::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub scopes: IndexMap<String, Scope>,
    /// Key restrictions beyond scopes (org-wide vs workspace-scoped keys).
    #[serde(
        default,
        deserialize_with = "crate::model::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub restrictions: IndexMap<String, Restriction>,
    /// Operations the documentation names: auth operations and example requests.
    #[serde(
        default,
        deserialize_with = "crate::model::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub operations: IndexMap<String, Operation>,
    /// The error catalogue and the shape of error bodies.
    pub errors: Errors,
    /// Rate-limit headers and the status that signals a limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
    /// How a caller should retry; absent means the engine's conservative default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<RetryPolicy>,
    /// Topics the provider's documentation is silent on, stated so nobody guesses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undocumented: Vec<Topic>,
}

impl Spec {
    /// The credentials an operation accepts: its own `auth`, or the spec's `default_auth`.
    pub fn auth_for<'a>(&'a self, op: &'a Operation) -> &'a [String] {
        op.auth.as_deref().unwrap_or(&self.default_auth)
    }

    /// The error entry a given status and body code map to, most specific first.
    ///
    /// An entry with a matching `code` wins over one that only matches the status.
    pub fn error_for(&self, status: u16, code: Option<&str>) -> Option<(&str, &ErrorEntry)> {
        let by_status = || {
            self.errors
                .catalogue
                .iter()
                .filter(|(_, e)| e.status == status)
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
            .map(|(n, e)| (n.as_str(), e))
    }
}
