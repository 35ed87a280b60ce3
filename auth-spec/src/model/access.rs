use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ErrorId;

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
