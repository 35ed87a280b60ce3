//! The raw serde form of a provider spec: what the YAML says, as written.
//!
//! Private to the loader. Every struct denies unknown fields so a typo is an error at the
//! line it was made, not a silently ignored setting. Maps are [`IndexMap`]s so the order an
//! author wrote is the order generated code and diagnostics follow. Names stay strings
//! here; [`crate::resolve`] turns them into the ids of [`crate::model`]. The enums and the
//! plain value types (formats, retry policy) are the model's own, so each has one home.

mod credential;
mod errors;
mod example;
mod oauth;
mod operation;
mod placement;
mod policy;
mod unique;

pub use credential::{ClaimValue, Credential, Jwt};
pub use errors::Errors;
pub use example::Example;
pub use operation::{Exchange, KeyRule, KeyWho, Operation, Payload, PayloadField, Scopes};
pub use placement::{HmacPlacement, Placement};
pub use policy::{
    BaseUrl, Parameter, RateLimit, Restriction, RetryAfter, RetryPolicy, Scope, Statuses,
};

use crate::model::{Metering, Topic, Transport, UnknownRoutes};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A provider's authentication, as written in `<provider>.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// JSON Schema reference for editors; ignored by the loader.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Version of the spec language this file is written in: `1`, or `2` for a spec that
    /// uses the second version's fields (both are read).
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
    #[serde(deserialize_with = "crate::raw::unique::unique")]
    pub credentials: IndexMap<String, Credential>,
    /// Credentials accepted by operations that do not name their own `auth`, in order of
    /// preference. An entry that is a list means all of those credentials at once;
    /// `anonymous` means no credential at all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub default_auth: Vec<AuthItem>,
    /// Context values that travel with every request (tenant, team).
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub parameters: IndexMap<String, Parameter>,
    /// Declared scopes, with what each one grants.
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub scopes: IndexMap<String, Scope>,
    /// Key restrictions beyond scopes (org-wide vs workspace-scoped keys).
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub restrictions: IndexMap<String, Restriction>,
    /// What a request that matches no operation gets: `default_auth` (the default
    /// credentials, no scope; the default) or `deny` (404 in the provider's format).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown_routes: Option<UnknownRoutes>,
    /// Operations the documentation names: auth operations and example requests.
    #[serde(
        default,
        deserialize_with = "crate::raw::unique::unique",
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
    /// Where the spec's facts come from: the provider's documentation pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The documentation's own examples, as conformance vectors: requests with the exact
    /// wire form they must have, and responses with the meaning they must be given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

/// One entry of an `auth` list: a credential, all of several credentials at once, or
/// `anonymous` (no credential).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AuthItem {
    /// One credential (or `anonymous`).
    One(String),
    /// Every one of these credentials, sent together.
    All(Vec<String>),
}
impl AuthItem {
    /// The credentials named (none for `anonymous`).
    pub fn names(&self) -> Vec<&str> {
        match self {
            Self::One(n) if n == "anonymous" => Vec::new(),
            Self::One(n) => vec![n.as_str()],
            Self::All(ns) => ns.iter().map(String::as_str).collect(),
        }
    }
}

impl Spec {
    /// The auth options an operation accepts: its own `auth`, or the spec's `default_auth`.
    pub fn auth_for<'a>(&'a self, op: &'a Operation) -> &'a [AuthItem] {
        op.auth.as_deref().unwrap_or(&self.default_auth)
    }
}

impl Credential {
    /// The part names, with the shorthand form's single part named `key`.
    pub fn part_names(&self) -> Vec<&str> {
        if self.parts.is_empty() {
            vec![crate::model::Credential::SHORTHAND_PART]
        } else {
            self.parts.keys().map(String::as_str).collect()
        }
    }

    /// Is this credential sent to the provider's own API?
    pub fn is_api(&self) -> bool {
        self.audience == "api"
    }
}
