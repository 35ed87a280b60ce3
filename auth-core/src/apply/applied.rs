//! What [`Authenticator::apply`](super::Authenticator::apply) did: for logs, metering
//! and masking, holding no secret.

use auth_spec::model::{Credential, Placement, PlacementKind};
use http::header::AUTHORIZATION;

/// What [`Authenticator::apply`](super::Authenticator::apply) did, for logs and metering. Holds no secret.
///
/// Borrows from the authenticator's spec (and the caller's options), so producing it
/// allocates nothing; call [`Applied::secret_fields`] for the wire names to mask.
#[derive(Clone, Copy, PartialEq)]
pub struct Applied<'s> {
    /// The credential placed on the request.
    pub credential: &'s str,
    /// Where it went.
    pub placement: PlacementKind,
    pub(super) cred: &'s Credential,
    pub(super) slot: &'s Placement,
}

impl<'s> Applied<'s> {
    /// Wire names that carry secrets (header, query or body fields), so a printer can
    /// mask them. Header names are as the spec spells them; Basic gives `authorization`.
    pub fn secret_fields(self) -> impl Iterator<Item = &'s str> {
        let header = match self.slot {
            Placement::Header { name, .. } => Some(name.as_str()),
            Placement::Basic { .. } => Some(AUTHORIZATION.as_str()),
            _ => None,
        };
        let fields = match self.slot {
            Placement::Query(f)
            | Placement::Form(f)
            | Placement::Json(f)
            | Placement::Body(f)
            | Placement::Cookie(f) => Some(f),
            _ => None,
        };
        let cred = self.cred;
        let sole = cred.sole_part();
        header.into_iter().chain(
            fields
                .into_iter()
                .flat_map(move |f| field_slots(f, sole))
                .filter(move |(_, part)| {
                    cred.parts
                        .get(part.unwrap_or_default())
                        .is_none_or(|p| p.secret)
                })
                .map(|(wire, _)| wire),
        )
    }
}

impl std::fmt::Debug for Applied<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Applied")
            .field("credential", &self.credential)
            .field("placement", &self.placement)
            .field("secret_fields", &DebugIter(*self))
            .finish()
    }
}

struct DebugIter<'s>(Applied<'s>);

impl std::fmt::Debug for DebugIter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.secret_fields()).finish()
    }
}

/// `(wire name, credential part)` of each field a field placement writes (what
/// `Placement::slots` gives, without collecting into a `Vec`).
pub(super) fn field_slots<'a>(
    f: &'a auth_spec::model::FieldPlacement,
    sole_part: Option<&'a str>,
) -> impl Iterator<Item = (&'a str, Option<&'a str>)> {
    f.name
        .iter()
        .map(move |n| (n.as_str(), sole_part))
        .chain(f.fields.iter().map(|(w, p)| (w.as_str(), Some(p.as_str()))))
}
