//! What [`Authenticator::apply`](super::Authenticator::apply) did: for logs, metering
//! and masking, holding no secret.

use auth_spec::model::{Credential, CredentialId, Placement, PlacementKind};
use http::header::AUTHORIZATION;

/// What an apply did, for interceptors, logs and metering. Holds no secret and borrows
/// from the spec, so producing it allocates nothing.
#[derive(Clone, Copy, PartialEq)]
pub struct Applied<'s> {
    /// The credential placed on the request.
    pub credential: CredentialId,
    /// Its name in the spec.
    pub name: &'s str,
    /// Where it went.
    pub placement: PlacementKind,
    pub(super) cred: &'s Credential,
    pub(super) slot: &'s Placement,
}

impl<'s> Applied<'s> {
    /// Wire names that carry secrets (header, query or body fields), so a printer can mask
    /// them. Header names are as the spec spells them; Basic gives `authorization`.
    pub fn secret_fields(self) -> impl Iterator<Item = &'s str> {
        let cred = self.cred;
        let (header, fields) = match self.slot {
            Placement::Header { name, .. } => (Some(name.as_str()), None),
            Placement::Basic { .. } => (Some(AUTHORIZATION.as_str()), None),
            Placement::Fields { fields, .. } => (None, Some(fields)),
        };
        header.into_iter().chain(
            fields
                .into_iter()
                .flatten()
                .filter(move |(_, part)| cred.parts[*part].secret)
                .map(|(wire, _)| wire.as_str()),
        )
    }
}

impl std::fmt::Debug for Applied<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Applied")
            .field("credential", &self.name)
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
