use super::{ErrorId, FieldLocation, Format, PlacementKind};

/// A context value that travels with every request (Weevio `teamID`, Pixee `X-Tenant-ID`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Parameter {
    /// Its name in the spec (`team_id`).
    pub name: String,
    /// What the value is.
    pub description: String,
    /// Whether every request must carry it.
    pub required: bool,
    /// Environment variable it is read from by default.
    pub env: Option<String>,
    /// Where it goes: alternatives; none when it is used only in a URL template.
    pub placements: Vec<ParameterPlacement>,
    /// The value sent when the caller gives none.
    pub default: Option<String>,
    /// The placement used unless the caller picks another.
    pub preferred: usize,
    /// The error the provider answers with when a required value is missing.
    pub missing_error: Option<ErrorId>,
    /// Rules the value must satisfy.
    pub format: Option<Format>,
}

/// Where a context parameter goes: a header, or a field.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParameterPlacement {
    /// The wire name as the spec spells it (header, query parameter, body field, cookie).
    pub name: String,
    /// A header (its name parsed), or a field.
    pub place: Place,
}

/// A header, or a named field in the query, the body or cookies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A header.
    Header(http::HeaderName),
    /// A field.
    Field(FieldLocation),
}

impl ParameterPlacement {
    /// The placement kind, as a caller names it when choosing an alternative.
    pub fn kind(&self) -> PlacementKind {
        match &self.place {
            Place::Header(_) => PlacementKind::Header,
            Place::Field(f) => f.kind(),
        }
    }
}
