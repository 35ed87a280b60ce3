use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ErrorId, PathTemplate, RestrictionId, ScopeId};

/// A declared scope.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Scope {
    /// The scope as the provider writes it (`products:read`).
    pub name: String,
    /// What the scope grants.
    pub description: String,
}

/// A restriction on keys beyond scopes.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Restriction {
    /// Its name in the spec.
    pub name: String,
    /// What the restriction means, in the provider's words.
    pub description: String,
    /// How the restriction is checked.
    pub kind: RestrictionKind,
    /// The error a violating request receives, when the documentation says.
    pub error: Option<ErrorId>,
    /// For a workspace restriction: where a request names the workspace it acts on.
    pub named_in: Option<WorkspaceNaming>,
}

/// Where a request names the workspace it acts on (see [`Restriction::named_in`]).
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct WorkspaceNaming {
    /// Templates whose last segment, a parameter, names the workspace; each matches its
    /// path and every path below it.
    pub paths: Vec<PathTemplate>,
    /// Query parameters naming it.
    pub query: Vec<String>,
    /// Top-level JSON body fields naming it.
    pub json: Vec<String>,
    /// Form body fields naming it.
    pub form: Vec<String>,
}

impl WorkspaceNaming {
    /// Every field name (query, JSON, form) that names the workspace.
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.query
            .iter()
            .chain(&self.json)
            .chain(&self.form)
            .map(String::as_str)
    }
}

/// Who may act on the key an operation names in its path.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct KeyAccess {
    /// The path parameter naming the key acted on.
    pub param: String,
    /// Who may: any one rule suffices.
    pub allow: Vec<KeyRule>,
    /// What the documentation says, or the reading taken where it is silent.
    pub description: Option<String>,
}

/// One rule of a [`KeyAccess`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRule {
    /// The key acts on itself.
    Own,
    /// Any key accepted for the operation.
    Any,
    /// A key holding this scope (or not limited by scope).
    Scope(ScopeId),
    /// A key satisfying this `org_wide` restriction.
    Restriction(RestrictionId),
}

/// How a key restriction is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RestrictionKind {
    /// The operation needs a key that is not limited to some workspaces.
    OrgWide,
    /// The operation touches a workspace's resources; a workspace-scoped key must have it.
    Workspace,
}
